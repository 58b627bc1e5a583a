// What seatkeeper's seat pages and invitation policies read, written once for both stores: a
// backend passes its connection (fetch_one / fetch_page find its helpers by argument-dependent
// lookup, as in paging.hpp) and, for the e-mail filter, the name of its substring function.
#pragma once

#include "domain/invitation_policy.hpp"
#include "domain/seat_page.hpp"
#include "storage/common/encoding.hpp"
#include "storage/common/paging.hpp"
#include "storage/common/rows.hpp"
#include "storage/common/statements.hpp"

// A filtered page of a container's seats, for fetch_page: $2 status bits (pending 1, claimed 2,
// revoked 4; 0 = any), $3 an e-mail substring or NULL, matched with `contains` (SQLite's instr,
// PostgreSQL's strpos: both take haystack, needle, so % and _ stay literal). The container's
// (created_at, id) index yields rows in order, so a page stops after offset + limit matches.
#define SK_SQL_SEAT_PAGE_FILTER(contains)                                                                 \
  " AND (CAST($2 AS INTEGER) = 0 OR (CAST($2 AS INTEGER) & CASE status WHEN 'pending' THEN 1"             \
  " WHEN 'claimed' THEN 2 ELSE 4 END) <> 0)"                                                              \
  " AND (CAST($3 AS TEXT) IS NULL OR " contains "(lower(email), lower(CAST($3 AS TEXT))) > 0)"
#define SK_SQL_SEAT_PAGE(column, contains)                                                                \
  "SELECT " SK_SEAT_COLUMNS " FROM customer_seats WHERE " column " = $1" SK_SQL_SEAT_PAGE_FILTER(contains) \
  " ORDER BY created_at, id LIMIT $4 OFFSET $5"
#define SK_SQL_SEAT_PAGE_COUNT(column, contains) \
  "SELECT count(*) FROM customer_seats WHERE " column " = $1" SK_SQL_SEAT_PAGE_FILTER(contains)

namespace sk::storage {

struct SeatPageSql {
  PagedSql of_subscription;
  PagedSql of_order;
};

// SeatPageSql for a backend whose substring function (haystack, needle) is `contains`.
#define SK_SEAT_PAGE_SQL(contains)                                                                         \
  ::sk::storage::SeatPageSql {                                                                             \
    {SK_SQL_SEAT_PAGE("subscription_id", contains), SK_SQL_SEAT_PAGE("subscription_id", contains),          \
     SK_SQL_SEAT_PAGE_COUNT("subscription_id", contains)},                                                 \
        {SK_SQL_SEAT_PAGE("order_id", contains), SK_SQL_SEAT_PAGE("order_id", contains),                   \
         SK_SQL_SEAT_PAGE_COUNT("order_id", contains)}                                                     \
  }

template <class Db>
Result<domain::Page<domain::Seat>> fetch_seat_page(Db& db, const SeatPageSql& sql, domain::ContainerKind kind,
                                                   const domain::Id& container_id, const domain::SeatFilter& filter,
                                                   const domain::PageRequest& page) {
  return fetch_page(db, is_subscription(kind) ? sql.of_subscription : sql.of_order, page, read_seat, container_id,
                    static_cast<long long>(filter.statuses), filter.email_contains);
}

// The organization's policy, or the defaults when it never set one.
template <class Db>
Result<domain::InvitationPolicy> fetch_invitation_policy(Db& db, const domain::Id& organization_id) {
  SK_TRY(found, fetch_one(db, SK_SQL_FIND_INVITATION_POLICY, read_invitation_policy, organization_id));
  return found.value_or(domain::InvitationPolicy{});
}

}  // namespace sk::storage
