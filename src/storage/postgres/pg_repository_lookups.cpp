// Lookups the domain makes one after the other, answered in one round trip (see pg_repository.hpp).
#include <string>
#include <utility>
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
constexpr int kOrganizationColumns = column_count(SK_ORGANIZATION_COLUMNS);
constexpr int kProductColumns = column_count(SK_PRODUCT_COLUMNS);

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

// A read job's whole seat list, asked for ahead (expect_seat_list): the container of the token's
// organization with its product ($1 container, $2 token hash), then the seats and their members
// ($1 container), all in the round trip of the token lookup.
#define SK_PG_CONTAINER_OF_TOKEN_WITH_PRODUCT(table, lock)                                                   \
  "SELECT * FROM (SELECT " SK_CONTAINER_COLUMNS ", occupied_seats FROM " table " WHERE id = $1 AND "          \
  "organization_id = (SELECT organization_id FROM (" SK_SQL_FIND_ACCESS_TOKEN_BY_SECOND_PARAM ") t)" lock ") c " \
  "LEFT JOIN LATERAL (SELECT " SK_PRODUCT_COLUMNS " FROM products WHERE id = c.product_id AND "              \
  "organization_id = c.organization_id) p ON true"
#define SK_SQL_FIND_ACCESS_TOKEN_BY_SECOND_PARAM \
  "SELECT organization_id FROM access_tokens WHERE token_hash = $2 AND revoked_at IS NULL"

// What an announced assignment reads after the container's lock ($1 container; the e-mail, lowered,
// $2): statements sent after the locking one in the same pipeline run after it took the lock,
// each with a snapshot of its own, so they see what the transactions before it committed.
#define SK_PG_MEMBER_BY_EMAIL_OF_CONTAINER(table)                                               \
  "SELECT " SK_MEMBER_COLUMNS " FROM members WHERE customer_id = (SELECT customer_id FROM " table \
  " WHERE id = $1) AND email_lower = $2 AND deleted_at IS NULL"
#define SK_PG_INVITATION_POLICY_OF_CONTAINER(table)                                                            \
  "SELECT send_email, lifetime_seconds FROM invitation_policies WHERE organization_id = (SELECT organization_id " \
  "FROM " table " WHERE id = $1)"
#define SK_PG_CUSTOMER_OF_CONTAINER(table)                                                                   \
  "SELECT " SK_CUSTOMER_COLUMNS " FROM customers WHERE (id, organization_id) = (SELECT customer_id, "         \
  "organization_id FROM " table " WHERE id = $1) AND deleted_at IS NULL"

// Claim info in one statement: the seat holding an invitation token, its organization, its
// container (subscription or order, with the occupied count), the container's product and the
// seat's member, each NULL when missing. Read jobs only (a write job locks the seat instead).
#define SK_PG_LATERAL_CONTAINER(table, column, alias)                                                        \
  " LEFT JOIN LATERAL (SELECT " SK_CONTAINER_COLUMNS ", occupied_seats FROM " table " WHERE id = s." column \
  " AND organization_id = s.organization_id) " alias " ON true"
constexpr const char* kSeatForClaimInfo =
    "SELECT * FROM (" SK_SQL_FIND_SEAT_BY_TOKEN_HASH ") s LEFT JOIN LATERAL (SELECT " SK_ORGANIZATION_COLUMNS
    " FROM organizations WHERE id = s.organization_id) o ON true" SK_PG_LATERAL_CONTAINER("subscriptions", "subscription_id", "sc")
    SK_PG_LATERAL_CONTAINER("orders", "order_id", "oc") " LEFT JOIN LATERAL (SELECT " SK_PRODUCT_COLUMNS
    " FROM products WHERE id = COALESCE(sc.product_id, oc.product_id) AND organization_id = "
    "s.organization_id) p ON true LEFT JOIN LATERAL (SELECT " SK_MEMBER_COLUMNS
    " FROM members WHERE id = s.member_id AND deleted_at IS NULL) m ON true";
constexpr int kClaimInfoOrganization = kSeatColumns;
constexpr int kClaimInfoSubscription = kClaimInfoOrganization + kOrganizationColumns;
constexpr int kClaimInfoOrder = kClaimInfoSubscription + kContainerColumns + 1;
constexpr int kClaimInfoProduct = kClaimInfoOrder + kContainerColumns + 1;
constexpr int kClaimInfoMember = kClaimInfoProduct + kProductColumns;

// Deferred appends fail on a clash instead of reporting "nothing inserted": nobody waits to read
// that, and the failure rolls the job back.
constexpr const char* kInsertOutboxOrFail =
    "INSERT INTO outbox (" SK_OUTBOX_COLUMNS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";

// Appends deferred by one job before they are sent on their own; a cap keeps a pipeline's answers
// well inside the socket buffers.
constexpr std::size_t kMaxDeferredAppends = 32;

// What a LEFT JOIN LATERAL put from `first_column` on in the first row: read by `reader`, or
// nothing when the join found no row (its first column is NULL).
template <class Reader>
auto read_joined(const PgResult& result, int first_column, Reader reader)
    -> Result<std::optional<typename decltype(reader(std::declval<const Row&>()))::value_type>> {
  using Value = typename decltype(reader(std::declval<const Row&>()))::value_type;
  const Row row(result, 0, first_column);
  if (row.is_null(0)) return std::optional<Value>{};
  SK_TRY(found, reader(row));
  return std::optional<Value>(std::move(found));
}

}  // namespace

Result<std::optional<AccessToken>> PgRepository::read_token_with_organization(const PgResult& result) {
  if (result.rows() == 0) return std::optional<AccessToken>{};
  SK_TRY(token, read_access_token(Row(result, 0)));
  SK_TRY(organization, read_joined(result, kTokenColumns, read_organization));
  organization_.keep(token.organization_id, std::move(organization), round_trip());
  return std::optional<AccessToken>(std::move(token));
}

Result<std::optional<AccessToken>> PgRepository::find_access_token(const std::string& token_hash) {
  if (auto list = std::exchange(expected_list_, std::nullopt); list && !lock_rows_)
    return find_token_and_seat_list(token_hash, std::move(*list));
  if (auto assignment = std::exchange(expected_assignment_, std::nullopt); assignment && lock_rows_)
    return find_token_and_assignment(token_hash, std::move(*assignment));
  SK_TRY(result, db_.query(kTokenWithOrganization, token_hash));
  return read_token_with_organization(result);
}

void PgRepository::expect_seat_list(ContainerKind kind, const Id& container_id) { expected_list_.emplace(kind, container_id); }

Result<std::optional<AccessToken>> PgRepository::find_token_and_seat_list(const std::string& token_hash, ContainerKey list) {
  const auto& [kind, container_id] = list;
  const bool subscription = is_subscription(kind);
  const Statement all[] = {
      statement(kTokenWithOrganization, token_hash),
      statement(subscription ? SK_PG_CONTAINER_OF_TOKEN_WITH_PRODUCT("subscriptions", "")
                             : SK_PG_CONTAINER_OF_TOKEN_WITH_PRODUCT("orders", ""),
                container_id, token_hash),
      statement(subscription ? SK_SQL_SEATS_OF_SUBSCRIPTION : SK_SQL_SEATS_OF_ORDER, container_id),
      statement(subscription ? SK_SQL_SEAT_MEMBERS_OF_SUBSCRIPTION : SK_SQL_SEAT_MEMBERS_OF_ORDER, container_id)};
  SK_TRY(results, db_.pipeline(all));
  SK_TRY(token, read_token_with_organization(results[0]));
  if (!token) return token;
  // The container is kept under the token's organization: it is what the domain asks for next.
  SK_TRY(container, read_container_with_product(kind, token->organization_id, results[1], 0, kContainerColumns + 1));
  container_.keep({kind, token->organization_id, container_id}, std::move(container), round_trip());
  std::vector<Seat> seats;
  seats.reserve(results[2].rows());
  for (int i = 0; i < results[2].rows(); ++i) {
    SK_TRY(seat, read_seat(Row(results[2], i)));
    seats.push_back(std::move(seat));
  }
  seats_.keep(list, std::move(seats), round_trip());
  std::vector<Member> members;
  members.reserve(results[3].rows());
  for (int i = 0; i < results[3].rows(); ++i) {
    SK_TRY(member, read_member(Row(results[3], i)));
    members.push_back(std::move(member));
  }
  seat_members_.keep(std::move(list), std::move(members), round_trip());
  return token;
}

void PgRepository::expect_seat_assignment(ContainerKind kind, const Id& container_id, const std::string& email) {
  expected_assignment_.emplace(ExpectedAssignment{kind, container_id, lower_ascii(email)});
}

Result<std::optional<AccessToken>> PgRepository::find_token_and_assignment(const std::string& token_hash,
                                                                           ExpectedAssignment expected) {
  const auto& [kind, container_id, email] = expected;
  const bool subscription = is_subscription(kind);
  const Statement all[] = {
      statement(kTokenWithOrganization, token_hash),
      statement(subscription ? SK_PG_CONTAINER_OF_TOKEN_WITH_PRODUCT("subscriptions", " FOR UPDATE")
                             : SK_PG_CONTAINER_OF_TOKEN_WITH_PRODUCT("orders", " FOR UPDATE"),
                container_id, token_hash),
      statement(subscription ? SK_PG_MEMBER_BY_EMAIL_OF_CONTAINER("subscriptions")
                             : SK_PG_MEMBER_BY_EMAIL_OF_CONTAINER("orders"),
                container_id, email),
      statement(subscription ? SK_PG_OCCUPIED_SEAT_BY_EMAIL("subscription_id") : SK_PG_OCCUPIED_SEAT_BY_EMAIL("order_id"),
                container_id, email),
      statement(subscription ? SK_SQL_REVOKED_SEAT_OF_SUBSCRIPTION : SK_SQL_REVOKED_SEAT_OF_ORDER, container_id),
      statement(subscription ? SK_PG_INVITATION_POLICY_OF_CONTAINER("subscriptions")
                             : SK_PG_INVITATION_POLICY_OF_CONTAINER("orders"),
                container_id),
      statement(subscription ? SK_PG_CUSTOMER_OF_CONTAINER("subscriptions") : SK_PG_CUSTOMER_OF_CONTAINER("orders"),
                container_id)};
  SK_TRY(results, db_.pipeline(all));
  SK_TRY(token, read_token_with_organization(results[0]));
  if (!token) return token;
  // Everything is kept under the token's organization, which the container was looked up under.
  SK_TRY(container, read_container_with_product(kind, token->organization_id, results[1], 0, kContainerColumns + 1));
  if (!container) {
    container_.keep({kind, token->organization_id, container_id}, std::nullopt, round_trip());
    return token;
  }
  const SeatContainer found = *container;
  container_.keep({kind, token->organization_id, container_id}, std::move(container), round_trip());
  auto first = [](const PgResult& result, auto reader) -> decltype(read_joined(result, 0, reader)) {
    if (result.rows() == 0) return std::nullopt;
    return read_joined(result, 0, reader);
  };
  SK_TRY(member, first(results[2], read_member));
  member_by_email_.keep({found.customer_id, email}, std::move(member));
  SK_TRY(occupied, first(results[3], read_seat));
  occupied_by_email_.keep({kind, container_id, email}, std::move(occupied));
  SK_TRY(revoked, first(results[4], read_seat));
  revoked_seat_.keep({kind, container_id}, std::move(revoked));
  SK_TRY(policy, first(results[5], read_invitation_policy));
  invitation_policy_.keep(found.organization_id, policy.value_or(InvitationPolicy{}));
  SK_TRY(customer, first(results[6], read_customer));
  customer_.keep({found.organization_id, found.customer_id}, std::move(customer));
  return token;
}

Result<std::optional<Member>> PgRepository::find_member_by_email(const Id& customer_id, const std::string& email) {
  if (auto kept = member_by_email_.take({customer_id, lower_ascii(email)})) return std::move(*kept);
  return SqlRepository::find_member_by_email(customer_id, email);
}

Result<std::optional<Customer>> PgRepository::find_customer(const Id& organization_id, const Id& id) {
  if (auto kept = customer_.take({organization_id, id})) return std::move(*kept);
  return SqlRepository::find_customer(organization_id, id);
}

Result<InvitationPolicy> PgRepository::find_invitation_policy(const Id& organization_id) {
  if (auto kept = invitation_policy_.take(organization_id)) return std::move(*kept);
  return SqlRepository::find_invitation_policy(organization_id);
}

Result<std::optional<Seat>> PgRepository::find_seat_by_token_hash(const std::string& token_hash) {
  if (!lock_rows_) return find_seat_for_claim_info(token_hash);
  SK_TRY(result, db_.query(SK_PG_SEAT_BY_TOKEN_WITH_ORGANIZATION(" FOR UPDATE"), token_hash));
  if (result.rows() == 0) return std::optional<Seat>{};
  SK_TRY(seat, read_seat(Row(result, 0)));
  SK_TRY(organization, read_joined(result, kSeatColumns, read_organization));
  organization_.keep(seat.organization_id, std::move(organization), round_trip());
  return std::optional<Seat>(std::move(seat));
}

Result<std::optional<Seat>> PgRepository::find_seat_for_claim_info(const std::string& token_hash) {
  SK_TRY(result, db_.query(kSeatForClaimInfo, token_hash));
  if (result.rows() == 0) return std::optional<Seat>{};
  SK_TRY(seat, read_seat(Row(result, 0)));
  SK_TRY(organization, read_joined(result, kClaimInfoOrganization, read_organization));
  organization_.keep(seat.organization_id, std::move(organization), round_trip());
  const ContainerKind kind = seat.container_kind;
  SK_TRY(container, read_container_with_product(kind, seat.organization_id, result,
                                                is_subscription(kind) ? kClaimInfoSubscription : kClaimInfoOrder,
                                                kClaimInfoProduct));
  container_.keep({kind, seat.organization_id, seat.container_id}, std::move(container), round_trip());
  if (seat.member_id) {
    SK_TRY(member, read_joined(result, kClaimInfoMember, read_member));
    member_.keep(*seat.member_id, std::move(member), round_trip());
  }
  return std::optional<Seat>(std::move(seat));
}

Result<std::optional<Organization>> PgRepository::find_organization(const Id& id) {
  if (auto kept = organization_.take(id, round_trip())) return std::move(*kept);
  return SqlRepository::find_organization(id);
}

Result<std::optional<Member>> PgRepository::find_member(const Id& id) {
  if (auto kept = member_.take(id, round_trip())) return std::move(*kept);
  return SqlRepository::find_member(id);
}

Result<std::optional<SeatContainer>> PgRepository::read_container_with_product(ContainerKind kind, const Id& organization_id,
                                                                              const PgResult& result, int container_column,
                                                                              int product_column) {
  if (result.rows() == 0 || Row(result, 0, container_column).is_null(0)) return std::optional<SeatContainer>{};
  SK_TRY(container, container_reader(kind)(Row(result, 0, container_column)));
  const long long stamp = round_trip();
  occupied_.keep({kind, container.id}, static_cast<int>(Row(result, 0, container_column).int64(kContainerColumns)), stamp);
  SK_TRY(product, read_joined(result, product_column, read_product));
  product_.keep({organization_id, container.product_id}, std::move(product), stamp);
  return std::optional<SeatContainer>(std::move(container));
}

Result<std::optional<SeatContainer>> PgRepository::find_container(ContainerKind kind, const Id& organization_id,
                                                                 const Id& id) {
  if (auto kept = container_.take({kind, organization_id, id}, round_trip())) return std::move(*kept);
  const bool subscription = is_subscription(kind);
  const char* sql = subscription ? (lock_rows_ ? SK_PG_CONTAINER_WITH_PRODUCT("subscriptions", " FOR UPDATE")
                                               : SK_PG_CONTAINER_WITH_PRODUCT("subscriptions", ""))
                                 : (lock_rows_ ? SK_PG_CONTAINER_WITH_PRODUCT("orders", " FOR UPDATE")
                                               : SK_PG_CONTAINER_WITH_PRODUCT("orders", ""));
  SK_TRY(result, db_.query(sql, id, organization_id));
  return read_container_with_product(kind, organization_id, result, 0, kContainerColumns + 1);
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
