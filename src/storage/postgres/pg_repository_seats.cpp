// Seats.
#include <string>
#include <string_view>
#include <vector>

#include "storage/postgres/pg_fetch.hpp"
#include "storage/postgres/pg_repository.hpp"
#include "storage/common/rows.hpp"
#include "storage/common/statements.hpp"

namespace sk::storage::postgres {

using namespace sk::domain;

Status PgRepository::insert_seat(const Seat& s) {
  return insert_unique(db_, "customer_seats", SK_SQL_INSERT_SEAT " ON CONFLICT DO NOTHING", s.id, s.created_at, s.modified_at, subscription_id_of(s), order_id_of(s), s.organization_id,
                       to_string(s.status), s.customer_id, s.member_id, s.email, s.invitation_token_hash,
                       s.invitation_token_expires_at, s.claimed_at, s.revoked_at, s.metadata_json);
}

Status PgRepository::update_seat(const Seat& s) {
  return update_one(db_, "seat", SK_SQL_UPDATE_SEAT, s.id, s.created_at, s.modified_at, subscription_id_of(s), order_id_of(s), s.organization_id,
                    to_string(s.status), s.customer_id, s.member_id, s.email, s.invitation_token_hash,
                    s.invitation_token_expires_at, s.claimed_at, s.revoked_at, s.metadata_json);
}

// Write jobs lock the seat: revoke, resend and claim of one seat run one after the other.
Result<std::optional<Seat>> PgRepository::find_seat(const Id& organization_id, const Id& seat_id) {
  return fetch_one(db_, lock_rows_ ? SK_SQL_FIND_SEAT " FOR UPDATE" : SK_SQL_FIND_SEAT, read_seat, seat_id,
                   organization_id);
}

// (find_seat_by_token_hash, which also fetches the seat's organization, is in
// pg_repository_lookups.cpp. Under READ COMMITTED a claim that waited for the seat's lock
// re-checks `invitation_token_hash = $1` against the committed row: after the first claim cleared
// the token it finds nothing, so a token is good for one claim only, whichever instance the two
// requests reached.)

// In a write job the seats are locked: ending a subscription or order revokes each seat it
// lists, and a seat revoked (or claimed) meanwhile by another request is then seen as it was
// committed, not as a stale copy, so no seat is revoked (and reported) twice.
Result<std::vector<Seat>> PgRepository::list_seats(ContainerKind kind, const Id& container_id) {
  const bool subscription = is_subscription(kind);
  if (lock_rows_)
    return fetch_all(db_, subscription ? SK_SQL_SEATS_OF_SUBSCRIPTION " FOR UPDATE" : SK_SQL_SEATS_OF_ORDER " FOR UPDATE",
                     read_seat, container_id);
  // Fetched ahead with the bearer's token (expect_seat_list)?
  if (auto kept = seats_.take({kind, container_id}, round_trip())) return std::move(*kept);
  // A read job listing seats shows their members next: both go in one round trip.
  const Statement both[] = {
      statement(subscription ? SK_SQL_SEATS_OF_SUBSCRIPTION : SK_SQL_SEATS_OF_ORDER, container_id),
      statement(subscription ? SK_SQL_SEAT_MEMBERS_OF_SUBSCRIPTION : SK_SQL_SEAT_MEMBERS_OF_ORDER, container_id)};
  SK_TRY(results, db_.pipeline(both));
  std::vector<Seat> seats;
  seats.reserve(results[0].rows());
  for (int i = 0; i < results[0].rows(); ++i) {
    SK_TRY(seat, read_seat(Row(results[0], i)));
    seats.push_back(std::move(seat));
  }
  std::vector<Member> members;
  members.reserve(results[1].rows());
  for (int i = 0; i < results[1].rows(); ++i) {
    SK_TRY(member, read_member(Row(results[1], i)));
    members.push_back(std::move(member));
  }
  seat_members_.keep({kind, container_id}, std::move(members), round_trip());
  return seats;
}

Result<int> PgRepository::count_occupied_seats(ContainerKind kind, const Id& container_id) {
  // find_container read it with the container row, which a write job holds locked.
  if (auto kept = occupied_.take({kind, container_id}, round_trip())) return *kept;
  SK_TRY(count, fetch_count(db_, is_subscription(kind) ? SK_SQL_COUNT_OCCUPIED_OF_SUBSCRIPTION
                                                        : SK_SQL_COUNT_OCCUPIED_OF_ORDER,
                            container_id));
  return static_cast<int>(count);
}

// No lock needed: only assignment turns a revoked seat into something else, and assignment
// already holds the container's lock. Any revoked seat will do, hence no ORDER BY.
Result<std::optional<Seat>> PgRepository::find_revoked_seat(ContainerKind kind, const Id& container_id) {
  return fetch_one(db_, is_subscription(kind) ? SK_SQL_REVOKED_SEAT_OF_SUBSCRIPTION : SK_SQL_REVOKED_SEAT_OF_ORDER,
                   read_seat, container_id);
}

Result<std::optional<Seat>> PgRepository::find_occupied_seat_by_email(ContainerKind kind, const Id& container_id,
                                                                      const std::string& email) {
  const char* sql = is_subscription(kind)
                        ? "SELECT " SK_SEAT_COLUMNS " FROM customer_seats WHERE subscription_id = $1 "
                          "AND status IN ('pending', 'claimed') AND lower(email) = $2 LIMIT 1"
                        : "SELECT " SK_SEAT_COLUMNS " FROM customer_seats WHERE order_id = $1 "
                          "AND status IN ('pending', 'claimed') AND lower(email) = $2 LIMIT 1";
  return fetch_one(db_, sql, read_seat, container_id, lower_ascii(email));
}

}  // namespace sk::storage::postgres
