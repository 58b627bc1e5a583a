// The statement runners the shared repository (storage/common/sql_repository.hpp) calls on a
// SQLite connection, found there by argument-dependent lookup; PostgreSQL has the same set in
// pg_fetch.hpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "storage/sqlite/sqlite_db.hpp"

namespace sk::storage::sqlite {

// `read` maps the current row of a Query to Result<Row>.
template <class Read>
using RowOf = typename std::invoke_result_t<Read, const Query&>::value_type;

// The first row of `sql` mapped by `read`, or nullopt when there is none.
template <class Read, class... Args>
Result<std::optional<RowOf<Read>>> fetch_one(Database& db, std::string_view sql, Read read, const Args&... args) {
  SK_TRY(q, db.query(sql, args...));
  SK_TRY(has_row, q.step());
  if (!has_row) return std::optional<RowOf<Read>>{};
  SK_TRY(row, read(q));
  return std::optional<RowOf<Read>>(std::move(row));
}

// Every row of `sql`, in the order the statement returns them.
template <class Read, class... Args>
Result<std::vector<RowOf<Read>>> fetch_all(Database& db, std::string_view sql, Read read, const Args&... args) {
  SK_TRY(q, db.query(sql, args...));
  std::vector<RowOf<Read>> rows;
  for (;;) {
    SK_TRY(has_row, q.step());
    if (!has_row) return rows;
    SK_TRY(row, read(q));
    rows.push_back(std::move(row));
  }
}

// The single number a SELECT count(*) ... returns.
template <class... Args>
Result<long long> fetch_count(Database& db, std::string_view sql, const Args&... args) {
  SK_TRY(q, db.query(sql, args...));
  SK_TRY(has_row, q.step());
  return has_row ? q.int64(0) : 0;
}

// Runs an UPDATE by primary key. Updating a row that is not there is a caller bug, so it is
// reported instead of silently doing nothing.
template <class... Args>
Status update_one(Database& db, std::string_view what, std::string_view sql, const Args&... args) {
  SK_CHECK(db.run(sql, args...));
  if (db.changes() == 0)
    return fail(ErrorKind::not_found, "ResourceNotFound", std::string(what) + " not found");
  return {};
}

// Runs one or more parameterless statements (a migration's DDL).
inline Status run_script(Database& db, std::string_view sql) { return db.exec(sql); }

// Runs a statement whose rows (if any) are not wanted.
template <class... Args>
Status run_sql(Database& db, std::string_view sql, const Args&... args) {
  return db.run(sql, args...);
}

// Runs an INSERT/UPDATE/DELETE and says how many rows it touched.
template <class... Args>
Result<long long> affected_rows(Database& db, std::string_view sql, const Args&... args) {
  SK_CHECK(db.run(sql, args...));
  return static_cast<long long>(db.changes());
}

// Runs an INSERT ... ON CONFLICT DO NOTHING: a row that was not inserted lost to a unique
// constraint (primary key included), reported as ErrorKind::conflict as on PostgreSQL.
template <class... Args>
Status insert_unique(Database& db, std::string_view table, std::string_view sql, const Args&... args) {
  SK_CHECK(db.run(sql, args...));
  if (db.changes() == 0)
    return conflict_error("duplicate key value violates a unique constraint of " + std::string(table));
  return {};
}

// A failed statement undoes only itself on SQLite and leaves the transaction usable, so there is
// nothing to wrap (PostgreSQL needs a savepoint for that).
template <class Fn>
Status with_savepoint(Database&, Fn fn) {
  return fn();
}

}  // namespace sk::storage::sqlite
