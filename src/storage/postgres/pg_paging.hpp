// Paging for the list methods: one statement for the page and one for the total, both with
// constant text (the direction picks one of two prepared statements, never string building).
#pragma once

#include <string_view>

#include "domain/commerce.hpp"
#include "storage/postgres/pg_fetch.hpp"

namespace sk::storage::postgres {

struct PagedSql {
  std::string_view newest_first;  // ... ORDER BY created_at DESC, id DESC LIMIT $a OFFSET $b
  std::string_view oldest_first;  // ... ORDER BY created_at ASC, id ASC LIMIT $a OFFSET $b
  std::string_view count;         // SELECT count(*) ... with the same filters
};

// `args` are the filter parameters; LIMIT and OFFSET are bound after them.
template <class Read, class... Args>
Result<domain::Page<RowOf<Read>>> fetch_page(Connection& db, const PagedSql& sql, const domain::PageRequest& page,
                                             Read read, const Args&... args) {
  domain::Page<RowOf<Read>> out;
  SK_TRY(rows, fetch_all(db, page.newest_first ? sql.newest_first : sql.oldest_first, read, args...,
                         static_cast<long long>(page.limit), page.offset()));
  out.items = std::move(rows);
  SK_TRY(count, db.query(sql.count, args...));
  out.total_count = count.rows() > 0 ? Row(count, 0).int64(0) : 0;
  return out;
}

}  // namespace sk::storage::postgres
