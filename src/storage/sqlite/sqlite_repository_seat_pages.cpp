// A page of a container's seats. The (container, created_at, id) index yields the rows in order,
// so the page stops after offset + limit matches instead of reading the whole container.
#include "storage/sqlite/sqlite_paging.hpp"
#include "storage/sqlite/sqlite_repository.hpp"
#include "storage/sqlite/sqlite_rows.hpp"

namespace sk::storage::sqlite {

using namespace sk::domain;

namespace {

// ?2: status bits (pending 1, claimed 2, revoked 4; 0 = any), ?3: e-mail substring or NULL.
#define SK_SEAT_PAGE_FILTER                                                                                   \
  " AND (?2 = 0 OR (?2 & CASE status WHEN 'pending' THEN 1 WHEN 'claimed' THEN 2 ELSE 4 END) != 0)"        \
  " AND (?3 IS NULL OR instr(lower(email), lower(?3)) > 0)"
#define SK_SEAT_PAGE(column)                                                                                  \
  "SELECT " SK_SEAT_COLUMNS " FROM customer_seats WHERE " column " = ?1" SK_SEAT_PAGE_FILTER                 \
  " ORDER BY created_at, id LIMIT ?4 OFFSET ?5"
#define SK_SEAT_COUNT(column) "SELECT count(*) FROM customer_seats WHERE " column " = ?1" SK_SEAT_PAGE_FILTER

constexpr PagedSql kBySubscription{SK_SEAT_PAGE("subscription_id"), SK_SEAT_PAGE("subscription_id"),
                                   SK_SEAT_COUNT("subscription_id")};
constexpr PagedSql kByOrder{SK_SEAT_PAGE("order_id"), SK_SEAT_PAGE("order_id"), SK_SEAT_COUNT("order_id")};

#undef SK_SEAT_COUNT
#undef SK_SEAT_PAGE
#undef SK_SEAT_PAGE_FILTER

}  // namespace

Result<Page<Seat>> SqliteRepository::list_seat_page(ContainerKind kind, const Id& container_id, const SeatFilter& filter,
                                                     const PageRequest& page) {
  const PagedSql& sql = kind == ContainerKind::subscription ? kBySubscription : kByOrder;
  return fetch_page(db_, sql, page, read_seat, container_id, static_cast<long long>(filter.statuses),
                    filter.email_contains);
}

}  // namespace sk::storage::sqlite
