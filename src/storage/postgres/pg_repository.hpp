// domain::Repository over one PostgreSQL connection. Like the SQLite repository it runs no
// transactions of its own: the store wraps every job in one. Most methods are the shared
// SqlRepository (storage/common/sql_repository.hpp, instantiated in pg_repository.cpp); this
// class adds what PostgreSQL does its own way, in pg_repository_<area>.cpp files.
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
#include "storage/common/sql_repository.hpp"
#include "storage/postgres/pg_connection.hpp"

namespace sk::storage {
extern template class SqlRepository<postgres::Connection>;
extern template class SqlUpkeep<postgres::Connection>;
}  // namespace sk::storage

namespace sk::storage::postgres {

class PgRepository final : public SqlRepository<Connection> {
 public:
  // lock_rows: the repository serves a write job (SELECT ... FOR UPDATE where noted above).
  PgRepository(Connection& connection, bool lock_rows) : SqlRepository(connection, lock_rows) {}

  // The connection underneath (the job's transaction), for storage/upkeep.hpp.
  Connection& connection() { return db_; }

  SK_BACKEND_REPOSITORY_OVERRIDES
};

}  // namespace sk::storage::postgres
