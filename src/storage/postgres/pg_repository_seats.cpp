// Seats.
#include <string>
#include <string_view>
#include <vector>

#include "storage/postgres/pg_fetch.hpp"
#include "storage/postgres/pg_repository.hpp"
#include "storage/postgres/pg_rows.hpp"

namespace sk::storage::postgres {

using namespace sk::domain;

namespace {

// The container kind picks the column: a seat has exactly one of subscription_id / order_id.
constexpr bool is_subscription(ContainerKind kind) { return kind == ContainerKind::subscription; }

std::optional<Id> subscription_id_of(const Seat& s) {
  if (is_subscription(s.container_kind)) return s.container_id;
  return std::nullopt;
}

std::optional<Id> order_id_of(const Seat& s) {
  if (!is_subscription(s.container_kind)) return s.container_id;
  return std::nullopt;
}

}  // namespace

Status PgRepository::insert_seat(const Seat& s) {
  return insert_unique(db_, "customer_seats",
                       "INSERT INTO customer_seats (" SK_PG_SEAT_COLUMNS
                       ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) "
                       "ON CONFLICT DO NOTHING",
                       s.id, s.created_at, s.modified_at, subscription_id_of(s), order_id_of(s), s.organization_id,
                       to_string(s.status), s.customer_id, s.member_id, s.email, s.invitation_token_hash,
                       s.invitation_token_expires_at, s.claimed_at, s.revoked_at, s.metadata_json);
}

Status PgRepository::update_seat(const Seat& s) {
  return update_one(db_, "seat",
                    "UPDATE customer_seats SET created_at = $2, modified_at = $3, subscription_id = $4, "
                    "order_id = $5, organization_id = $6, status = $7, customer_id = $8, member_id = $9, "
                    "email = $10, invitation_token_hash = $11, invitation_token_expires_at = $12, "
                    "claimed_at = $13, revoked_at = $14, metadata = $15 WHERE id = $1",
                    s.id, s.created_at, s.modified_at, subscription_id_of(s), order_id_of(s), s.organization_id,
                    to_string(s.status), s.customer_id, s.member_id, s.email, s.invitation_token_hash,
                    s.invitation_token_expires_at, s.claimed_at, s.revoked_at, s.metadata_json);
}

// Write jobs lock the seat: revoke, resend and claim of one seat run one after the other.
Result<std::optional<Seat>> PgRepository::find_seat(const Id& organization_id, const Id& seat_id) {
  return fetch_one(db_,
                   lock_rows_ ? "SELECT " SK_PG_SEAT_COLUMNS
                                " FROM customer_seats WHERE id = $1 AND organization_id = $2 FOR UPDATE"
                              : "SELECT " SK_PG_SEAT_COLUMNS " FROM customer_seats WHERE id = $1 AND organization_id = $2",
                   read_seat, seat_id, organization_id);
}

// Under READ COMMITTED a claim that waited for this lock re-checks `invitation_token_hash = $1`
// against the committed row: after the first claim cleared the token it finds nothing, so a
// token is good for one claim only, whichever instance the two requests reached.
Result<std::optional<Seat>> PgRepository::find_seat_by_token_hash(const std::string& token_hash) {
  return fetch_one(db_,
                   lock_rows_ ? "SELECT " SK_PG_SEAT_COLUMNS
                                " FROM customer_seats WHERE invitation_token_hash = $1 LIMIT 1 FOR UPDATE"
                              : "SELECT " SK_PG_SEAT_COLUMNS
                                " FROM customer_seats WHERE invitation_token_hash = $1 LIMIT 1",
                   read_seat, token_hash);
}

// In a write job the seats are locked: ending a subscription or order revokes each seat it
// lists, and a seat revoked (or claimed) meanwhile by another request is then seen as it was
// committed, not as a stale copy, so no seat is revoked (and reported) twice.
Result<std::vector<Seat>> PgRepository::list_seats(ContainerKind kind, const Id& container_id) {
  const char* sql =
      is_subscription(kind)
          ? (lock_rows_ ? "SELECT " SK_PG_SEAT_COLUMNS " FROM customer_seats WHERE subscription_id = $1 "
                          "ORDER BY created_at, id FOR UPDATE"
                        : "SELECT " SK_PG_SEAT_COLUMNS " FROM customer_seats WHERE subscription_id = $1 "
                          "ORDER BY created_at, id")
          : (lock_rows_ ? "SELECT " SK_PG_SEAT_COLUMNS " FROM customer_seats WHERE order_id = $1 "
                          "ORDER BY created_at, id FOR UPDATE"
                        : "SELECT " SK_PG_SEAT_COLUMNS " FROM customer_seats WHERE order_id = $1 ORDER BY created_at, id");
  return fetch_all(db_, sql, read_seat, container_id);
}

Result<int> PgRepository::count_occupied_seats(ContainerKind kind, const Id& container_id) {
  const char* sql = is_subscription(kind)
                        ? "SELECT count(*) FROM customer_seats "
                          "WHERE subscription_id = $1 AND status IN ('pending', 'claimed')"
                        : "SELECT count(*) FROM customer_seats WHERE order_id = $1 AND status IN ('pending', 'claimed')";
  SK_TRY(result, db_.query(sql, container_id));
  return result.rows() > 0 ? static_cast<int>(Row(result, 0).int64(0)) : 0;
}

// No lock needed: only assignment turns a revoked seat into something else, and assignment
// already holds the container's lock. Any revoked seat will do, hence no ORDER BY.
Result<std::optional<Seat>> PgRepository::find_revoked_seat(ContainerKind kind, const Id& container_id) {
  const char* sql = is_subscription(kind)
                        ? "SELECT " SK_PG_SEAT_COLUMNS " FROM customer_seats WHERE subscription_id = $1 "
                          "AND status = 'revoked' LIMIT 1"
                        : "SELECT " SK_PG_SEAT_COLUMNS " FROM customer_seats WHERE order_id = $1 "
                          "AND status = 'revoked' LIMIT 1";
  return fetch_one(db_, sql, read_seat, container_id);
}

Result<std::optional<Seat>> PgRepository::find_occupied_seat_by_email(ContainerKind kind, const Id& container_id,
                                                                      const std::string& email) {
  const char* sql = is_subscription(kind)
                        ? "SELECT " SK_PG_SEAT_COLUMNS " FROM customer_seats WHERE subscription_id = $1 "
                          "AND status IN ('pending', 'claimed') AND lower(email) = $2 LIMIT 1"
                        : "SELECT " SK_PG_SEAT_COLUMNS " FROM customer_seats WHERE order_id = $1 "
                          "AND status IN ('pending', 'claimed') AND lower(email) = $2 LIMIT 1";
  return fetch_one(db_, sql, read_seat, container_id, lower_ascii(email));
}


}  // namespace sk::storage::postgres
