// Seats. One writer at a time, so no statement needs a row lock.
#include <string>
#include <string_view>
#include <vector>

#include "storage/sqlite/sqlite_fetch.hpp"
#include "storage/sqlite/sqlite_repository.hpp"
#include "storage/common/rows.hpp"
#include "storage/common/statements.hpp"

namespace sk::storage::sqlite {

using namespace sk::domain;

Status SqliteRepository::insert_seat(const Seat& s) {
  return db_.run(SK_SQL_INSERT_SEAT, s.id, s.created_at, s.modified_at, subscription_id_of(s), order_id_of(s), s.organization_id,
                 to_string(s.status), s.customer_id, s.member_id, s.email, s.invitation_token_hash,
                 s.invitation_token_expires_at, s.claimed_at, s.revoked_at, s.metadata_json);
}

Status SqliteRepository::update_seat(const Seat& s) {
  return update_one(db_, "seat", SK_SQL_UPDATE_SEAT, s.id, s.created_at, s.modified_at, subscription_id_of(s), order_id_of(s), s.organization_id,
                    to_string(s.status), s.customer_id, s.member_id, s.email, s.invitation_token_hash,
                    s.invitation_token_expires_at, s.claimed_at, s.revoked_at, s.metadata_json);
}

Result<std::optional<Seat>> SqliteRepository::find_seat(const Id& organization_id, const Id& seat_id) {
  return fetch_one(db_, SK_SQL_FIND_SEAT, read_seat, seat_id, organization_id);
}

// list_seats and find_seat_by_token_hash: sqlite_repository_reads.cpp (one statement each with
// the lookup the domain makes next).

Result<int> SqliteRepository::count_occupied_seats(ContainerKind kind, const Id& container_id) {
  SK_TRY(count, fetch_count(db_, is_subscription(kind) ? SK_SQL_COUNT_OCCUPIED_OF_SUBSCRIPTION
                                                        : SK_SQL_COUNT_OCCUPIED_OF_ORDER,
                            container_id));
  return static_cast<int>(count);
}

Result<std::optional<Seat>> SqliteRepository::find_revoked_seat(ContainerKind kind, const Id& container_id) {
  return fetch_one(db_, is_subscription(kind) ? SK_SQL_REVOKED_SEAT_OF_SUBSCRIPTION : SK_SQL_REVOKED_SEAT_OF_ORDER,
                   read_seat, container_id);
}

Result<std::optional<Seat>> SqliteRepository::find_occupied_seat_by_email(ContainerKind kind, const Id& container_id,
                                                                          const std::string& email) {
  // One index seek per occupied status: SQLite runs `status IN ('pending', 'claimed')` over an
  // index by filling a temporary B-tree with the two values on every execution, which cost more
  // than the two seeks. Assignment keeps this to at most one row anyway.
#define SK_SQL_OCCUPIED_SEAT_BY_EMAIL(column, status) \
  "SELECT " SK_SEAT_COLUMNS " FROM customer_seats WHERE " column " = ?1 AND status = '" status "' AND lower(email) = lower(?2)"
#define SK_SQL_OCCUPIED_SEAT_BY_EMAIL_OF(column)                                                     \
  SK_SQL_OCCUPIED_SEAT_BY_EMAIL(column, "pending") " UNION ALL " SK_SQL_OCCUPIED_SEAT_BY_EMAIL(column, "claimed") \
  " LIMIT 1"
  const char* sql = is_subscription(kind) ? SK_SQL_OCCUPIED_SEAT_BY_EMAIL_OF("subscription_id")
                                          : SK_SQL_OCCUPIED_SEAT_BY_EMAIL_OF("order_id");
#undef SK_SQL_OCCUPIED_SEAT_BY_EMAIL_OF
#undef SK_SQL_OCCUPIED_SEAT_BY_EMAIL
  return fetch_one(db_, sql, read_seat, container_id, email);
}

}  // namespace sk::storage::sqlite
