// Row-fetching helpers shared by the repository's translation units.
#pragma once

#include <optional>
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

}  // namespace sk::storage::sqlite
