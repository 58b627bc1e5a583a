// Lookups the domain makes one after the other, answered in one round trip (see pg_repository.hpp).
#include <string>
#include <string_view>
#include <vector>

#include "storage/common/encoding.hpp"
#include "storage/common/rows.hpp"
#include "storage/common/statements.hpp"
#include "storage/postgres/pg_dialect.hpp"
#include "storage/postgres/pg_fetch.hpp"
#include "storage/postgres/pg_repository.hpp"

namespace sk::storage::postgres {

using namespace sk::domain;

namespace {

// How many columns a column list macro names, so a joined row's parts are found without
// counting by hand.
constexpr int column_count(std::string_view columns) {
  int count = 1;
  for (char c : columns) count += c == ',' ? 1 : 0;
  return count;
}

constexpr int kTokenColumns = column_count(SK_ACCESS_TOKEN_COLUMNS);
constexpr int kContainerColumns = column_count(SK_CONTAINER_COLUMNS);
constexpr int kSeatColumns = column_count(SK_SEAT_COLUMNS);

// The token and, in the same row, its organization (NULLs when it has none).
constexpr const char* kTokenWithOrganization =
    "SELECT * FROM (" SK_SQL_FIND_ACCESS_TOKEN ") t LEFT JOIN LATERAL (SELECT " SK_ORGANIZATION_COLUMNS
    " FROM organizations WHERE id = t.organization_id) o ON true";

// The seat holding an invitation token and its organization. Write jobs lock the seat (see
// find_seat_by_token_hash in pg_repository_seats.cpp).
#define SK_PG_SEAT_BY_TOKEN_WITH_ORGANIZATION(lock)                                                       \
  "SELECT * FROM (" SK_SQL_FIND_SEAT_BY_TOKEN_HASH lock ") s LEFT JOIN LATERAL (SELECT " SK_ORGANIZATION_COLUMNS \
  " FROM organizations WHERE id = s.organization_id) o ON true"

// The container, its occupied count (the row is locked in write jobs, so the count holds until
// commit) and its product.
#define SK_PG_CONTAINER_WITH_PRODUCT(table, lock)                                                            \
  "SELECT * FROM (SELECT " SK_CONTAINER_COLUMNS ", occupied_seats FROM " table                               \
  " WHERE id = $1 AND organization_id = $2" lock ") c LEFT JOIN LATERAL (SELECT " SK_PRODUCT_COLUMNS         \
  " FROM products WHERE id = c.product_id AND organization_id = $2) p ON true"

// Deferred appends fail on a clash instead of reporting "nothing inserted": nobody waits to read
// that, and the failure rolls the job back.
constexpr const char* kInsertOutboxOrFail =
    "INSERT INTO outbox (" SK_OUTBOX_COLUMNS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";

// Appends deferred by one job before they are sent on their own; a cap keeps a pipeline's answers
// well inside the socket buffers.
constexpr std::size_t kMaxDeferredAppends = 32;

}  // namespace

Result<std::optional<AccessToken>> PgRepository::find_access_token(const std::string& token_hash) {
  SK_TRY(result, db_.query(kTokenWithOrganization, token_hash));
  if (result.rows() == 0) return std::optional<AccessToken>{};
  const Row token_row(result, 0);
  SK_TRY(token, read_access_token(token_row));
  std::optional<Organization> organization;
  if (const Row org_row(result, 0, kTokenColumns); !org_row.is_null(0)) {
    SK_TRY(found, read_organization(org_row));
    organization = std::move(found);
  }
  organization_.keep(token.organization_id, std::move(organization), round_trip());
  return std::optional<AccessToken>(std::move(token));
}

Result<std::optional<Seat>> PgRepository::find_seat_by_token_hash(const std::string& token_hash) {
  SK_TRY(result, db_.query(lock_rows_ ? SK_PG_SEAT_BY_TOKEN_WITH_ORGANIZATION(" FOR UPDATE")
                                      : SK_PG_SEAT_BY_TOKEN_WITH_ORGANIZATION(""),
                           token_hash));
  if (result.rows() == 0) return std::optional<Seat>{};
  SK_TRY(seat, read_seat(Row(result, 0)));
  std::optional<Organization> organization;
  if (const Row org_row(result, 0, kSeatColumns); !org_row.is_null(0)) {
    SK_TRY(found, read_organization(org_row));
    organization = std::move(found);
  }
  organization_.keep(seat.organization_id, std::move(organization), round_trip());
  return std::optional<Seat>(std::move(seat));
}

Result<std::optional<Organization>> PgRepository::find_organization(const Id& id) {
  if (auto kept = organization_.take(id, round_trip())) return std::move(*kept);
  return SqlRepository::find_organization(id);
}

Result<std::optional<SeatContainer>> PgRepository::find_container(ContainerKind kind, const Id& organization_id,
                                                                 const Id& id) {
  const bool subscription = is_subscription(kind);
  const char* sql = subscription ? (lock_rows_ ? SK_PG_CONTAINER_WITH_PRODUCT("subscriptions", " FOR UPDATE")
                                               : SK_PG_CONTAINER_WITH_PRODUCT("subscriptions", ""))
                                 : (lock_rows_ ? SK_PG_CONTAINER_WITH_PRODUCT("orders", " FOR UPDATE")
                                               : SK_PG_CONTAINER_WITH_PRODUCT("orders", ""));
  SK_TRY(result, db_.query(sql, id, organization_id));
  if (result.rows() == 0) return std::optional<SeatContainer>{};
  SK_TRY(container, container_reader(kind)(Row(result, 0)));
  const long long stamp = round_trip();
  occupied_.keep({kind, id}, static_cast<int>(Row(result, 0).int64(kContainerColumns)), stamp);
  std::optional<Product> product;
  if (const Row product_row(result, 0, kContainerColumns + 1); !product_row.is_null(0)) {
    SK_TRY(found, read_product(product_row));
    product = std::move(found);
  }
  product_.keep({organization_id, container.product_id}, std::move(product), stamp);
  return std::optional<SeatContainer>(std::move(container));
}

Result<std::optional<Product>> PgRepository::find_product(const Id& organization_id, const Id& id) {
  if (auto kept = product_.take({organization_id, id}, round_trip())) return std::move(*kept);
  return SqlRepository::find_product(organization_id, id);
}

Result<std::vector<Member>> PgRepository::find_seat_members(ContainerKind kind, const Id& container_id) {
  if (auto kept = seat_members_.take({kind, container_id}, round_trip())) return std::move(*kept);
  return SqlRepository::find_seat_members(kind, container_id);
}

Status PgRepository::defer_append(std::string_view sql, std::vector<Param> params) {
  if (db_.deferred_count() >= kMaxDeferredAppends) SK_CHECK(db_.pipeline({}));
  db_.defer(sql, std::move(params));
  return {};
}

Status PgRepository::append_outbox(const OutboxMessage& m) {
  if (!defer_appends_) return SqlRepository::append_outbox(m);
  return defer_append(kInsertOutboxOrFail, params_of(m.id, m.topic, m.organization_id, m.event_type, m.payload,
                                                     m.created_at, m.available_at, m.attempts, m.request_id));
}

Status PgRepository::append_seat_event(const SeatHistoryEvent& e) {
  if (!defer_appends_) return SqlRepository::append_seat_event(e);
  const bool of_subscription = is_subscription(e.container_kind);
  const std::optional<Id> subscription_id = of_subscription ? std::optional(e.container_id) : std::nullopt;
  const std::optional<Id> order_id = of_subscription ? std::nullopt : std::optional(e.container_id);
  return defer_append(SK_SQL_INSERT_SEAT_EVENT,
                      params_of(e.id, e.seat_id, e.organization_id, subscription_id, order_id,
                                std::string(to_string(e.kind)), e.at, e.email, e.member_id,
                                std::string(to_string(e.actor.kind)), e.actor.id));
}

}  // namespace sk::storage::postgres
