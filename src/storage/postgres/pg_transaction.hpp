// Starting and abandoning a transaction on one connection, for the store's read jobs and its
// group-committing writer.
#pragma once

#include "common/error.hpp"
#include "storage/postgres/pg_connection.hpp"

namespace sk::storage::postgres {

// Ends whatever transaction is open without keeping it.
inline void roll_back(Connection& c) {
  if (c.transaction_state() != Connection::TxState::idle) (void)c.exec("ROLLBACK");
}

// Runs `sql`, which starts a transaction. A connection the server dropped while idle (restart,
// fail-over, a firewall's idle timeout) only shows as dead when used; nothing has run yet at this
// point, so reconnecting and trying once more is safe.
inline Status begin(Connection& c, const char* sql) {
  auto began = c.exec(sql);
  if (began) return {};
  if (c.healthy()) return std::unexpected(began.error());
  SK_CHECK(c.reset());
  SK_CHECK(c.exec(sql));
  return {};
}

}  // namespace sk::storage::postgres
