// Paging for the list methods: one statement for the page and one for the total, both with
// constant text (the direction picks one of two prepared statements, never string building).
// Written once for both stores: a backend supplies fetch_all(db, sql, read, args...) and
// fetch_count(db, sql, args...) for its connection type, found here by argument-dependent lookup.
#pragma once

#include <string_view>
#include <utility>

#include "common/error.hpp"
#include "domain/paging.hpp"

namespace sk::storage {

struct PagedSql {
  std::string_view newest_first;  // ... ORDER BY created_at DESC, id DESC LIMIT $a OFFSET $b
  std::string_view oldest_first;  // ... ORDER BY created_at ASC, id ASC LIMIT $a OFFSET $b
  std::string_view count;         // SELECT count(*) ... with the same filters
};

// `args` are the filter parameters; LIMIT and OFFSET are bound after them.
template <class Db, class Read, class... Args>
auto fetch_page(Db& db, const PagedSql& sql, const domain::PageRequest& page, Read read, const Args&... args)
    -> Result<domain::Page<typename decltype(fetch_all(db, sql.count, read, args...))::value_type::value_type>> {
  using Row = typename decltype(fetch_all(db, sql.count, read, args...))::value_type::value_type;
  domain::Page<Row> out;
  SK_TRY(rows, fetch_all(db, page.newest_first ? sql.newest_first : sql.oldest_first, read, args...,
                         static_cast<long long>(page.limit), page.offset()));
  out.items = std::move(rows);
  SK_TRY(total, fetch_count(db, sql.count, args...));
  out.total_count = total;
  return out;
}

}  // namespace sk::storage
