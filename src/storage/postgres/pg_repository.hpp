// domain::Repository over one PostgreSQL connection. Like the SQLite repository it runs no
// transactions of its own: the store wraps every job in one. Split by area into
// pg_repository_<area>.cpp files; new Repository methods go into a new file for their area.
//
// Races between instances: the domain reads, decides, then writes. In write jobs (lock_rows)
// the reads that a decision rests on take row locks so concurrent jobs on other connections (or
// other instances) serialise on them under READ COMMITTED:
//  - find_container locks the subscription/order row: capacity checks of one container run one
//    at a time, and each sees the seats the previous one committed;
//  - find_seat and find_seat_by_token_hash lock the seat row: a claim waiting behind another
//    re-evaluates its WHERE clause once the first commits, no longer finds the (cleared) token,
//    and fails, so an invitation is claimed once; revoke and resend serialise the same way.
// Inserts that may hit a unique constraint use ON CONFLICT DO NOTHING and report a lost race as
// ErrorKind::conflict without aborting the transaction, so the domain can re-read and go on.
#pragma once

#include "domain/repository.hpp"
#include "storage/common/repository_overrides.hpp"
#include "storage/postgres/pg_connection.hpp"

namespace sk::storage::postgres {

class PgRepository final : public domain::Repository {
 public:
  // lock_rows: the repository serves a write job (SELECT ... FOR UPDATE where noted above).
  PgRepository(Connection& connection, bool lock_rows) : db_(connection), lock_rows_(lock_rows) {}

  // The connection underneath (the job's transaction), for storage/upkeep.hpp.
  Connection& connection() { return db_; }

  SK_REPOSITORY_OVERRIDES

 private:
  Connection& db_;
  bool lock_rows_;
};

}  // namespace sk::storage::postgres
