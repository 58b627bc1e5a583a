// The statement runners the shared repository (storage/common/sql_repository.hpp) calls on a
// PostgreSQL connection, found there by argument-dependent lookup; SQLite has the same set in
// sqlite_fetch.hpp.
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "storage/postgres/pg_connection.hpp"

namespace sk::storage::postgres {

// `read` maps a Row to Result<T>.
template <class Read>
using RowOf = typename std::invoke_result_t<Read, const Row&>::value_type;

// The first row of `sql` mapped by `read`, or nullopt when there is none.
template <class Read, class... Args>
Result<std::optional<RowOf<Read>>> fetch_one(Connection& db, std::string_view sql, Read read, const Args&... args) {
  SK_TRY(result, db.query(sql, args...));
  if (result.rows() == 0) return std::optional<RowOf<Read>>{};
  SK_TRY(row, read(Row(result, 0)));
  return std::optional<RowOf<Read>>(std::move(row));
}

// Every row of `sql`, in the order the statement returns them.
template <class Read, class... Args>
Result<std::vector<RowOf<Read>>> fetch_all(Connection& db, std::string_view sql, Read read, const Args&... args) {
  SK_TRY(result, db.query(sql, args...));
  std::vector<RowOf<Read>> rows;
  rows.reserve(result.rows());
  for (int i = 0; i < result.rows(); ++i) {
    SK_TRY(row, read(Row(result, i)));
    rows.push_back(std::move(row));
  }
  return rows;
}

// The single number a SELECT count(*) ... returns.
template <class... Args>
Result<long long> fetch_count(Connection& db, std::string_view sql, const Args&... args) {
  SK_TRY(result, db.query(sql, args...));
  return result.rows() == 0 ? 0 : Row(result, 0).int64(0);
}

// Runs one or more parameterless statements (a migration's DDL, a lock) with the simple-query
// protocol.
inline Status run_script(Connection& db, std::string_view sql) {
  SK_CHECK(db.exec(sql));
  return {};
}

// Runs a statement whose rows (if any) are not wanted.
template <class... Args>
Status run_sql(Connection& db, std::string_view sql, const Args&... args) {
  SK_CHECK(db.query(sql, args...));
  return {};
}

// Runs an INSERT/UPDATE/DELETE and says how many rows it touched.
template <class... Args>
Result<long long> affected_rows(Connection& db, std::string_view sql, const Args&... args) {
  SK_TRY(result, db.query(sql, args...));
  return result.affected();
}

// Runs an UPDATE by primary key. Updating a row that is not there is a caller bug, so it is
// reported instead of silently doing nothing (as the SQLite repository does).
template <class... Args>
Status update_one(Connection& db, std::string_view what, std::string_view sql, const Args&... args) {
  SK_TRY(result, db.query(sql, args...));
  if (result.affected() == 0) return fail(ErrorKind::not_found, "ResourceNotFound", std::string(what) + " not found");
  return {};
}

// Runs an INSERT ... ON CONFLICT DO NOTHING. A conflict with any unique constraint (primary key
// included) comes back as ErrorKind::conflict, like SQLite's, but leaves the transaction usable:
// a plain unique violation would abort it, and the domain re-reads after losing such a race.
template <class... Args>
Status insert_unique(Connection& db, std::string_view table, std::string_view sql, const Args&... args) {
  SK_TRY(result, db.query(sql, args...));
  if (result.affected() == 0)
    return conflict_error("duplicate key value violates a unique constraint of " + std::string(table));
  return {};
}

// Runs `fn` (returning Status) inside a savepoint when a transaction is open, so that a statement
// that fails (a unique violation in an UPDATE, say) undoes only itself and leaves the transaction
// usable. Outside a transaction every statement is its own anyway.
template <class Fn>
Status with_savepoint(Connection& db, Fn fn) {
  if (db.transaction_state() != Connection::TxState::in_transaction) return fn();
  SK_CHECK(db.exec("SAVEPOINT sk_statement"));
  Status status = fn();
  SK_CHECK(db.exec(status ? "RELEASE SAVEPOINT sk_statement" : "ROLLBACK TO SAVEPOINT sk_statement; RELEASE SAVEPOINT sk_statement"));
  return status;
}

}  // namespace sk::storage::postgres
