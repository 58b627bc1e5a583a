// Seats and the outbox.
#include <string>
#include <string_view>
#include <vector>

#include "storage/sqlite/sqlite_fetch.hpp"
#include "storage/sqlite/sqlite_repository.hpp"
#include "storage/sqlite/sqlite_rows.hpp"

namespace sk::storage::sqlite {

using namespace sk::domain;

namespace {

#define SK_OUTBOX_COLUMNS "id, topic, organization_id, event_type, payload, created_at, available_at, attempts"

// The container kind picks the column: a seat has exactly one of subscription_id / order_id.
constexpr bool is_subscription(ContainerKind kind) { return kind == ContainerKind::subscription; }

Result<OutboxMessage> read_outbox(const Query& q) {
  return OutboxMessage{q.text(0),      q.text(1),      q.text(2),
                       q.text(3),      q.text(4),      q.timestamp(5),
                       q.timestamp(6), static_cast<int>(q.int64(7))};
}

std::optional<Id> subscription_id_of(const Seat& s) {
  if (is_subscription(s.container_kind)) return s.container_id;
  return std::nullopt;
}

std::optional<Id> order_id_of(const Seat& s) {
  if (!is_subscription(s.container_kind)) return s.container_id;
  return std::nullopt;
}

}  // namespace

Status SqliteRepository::insert_seat(const Seat& s) {
  return db_.run("INSERT INTO customer_seats (" SK_SEAT_COLUMNS
                 ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
                 s.id, s.created_at, s.modified_at, subscription_id_of(s), order_id_of(s), s.organization_id,
                 to_string(s.status), s.customer_id, s.member_id, s.email, s.invitation_token_hash,
                 s.invitation_token_expires_at, s.claimed_at, s.revoked_at, s.metadata_json);
}

Status SqliteRepository::update_seat(const Seat& s) {
  return update_one(db_, "seat",
                    "UPDATE customer_seats SET created_at = ?2, modified_at = ?3, subscription_id = ?4, "
                    "order_id = ?5, organization_id = ?6, status = ?7, customer_id = ?8, member_id = ?9, "
                    "email = ?10, invitation_token_hash = ?11, invitation_token_expires_at = ?12, "
                    "claimed_at = ?13, revoked_at = ?14, metadata = ?15 WHERE id = ?1",
                    s.id, s.created_at, s.modified_at, subscription_id_of(s), order_id_of(s), s.organization_id,
                    to_string(s.status), s.customer_id, s.member_id, s.email, s.invitation_token_hash,
                    s.invitation_token_expires_at, s.claimed_at, s.revoked_at, s.metadata_json);
}

Result<std::optional<Seat>> SqliteRepository::find_seat(const Id& organization_id, const Id& seat_id) {
  return fetch_one(db_, "SELECT " SK_SEAT_COLUMNS " FROM customer_seats WHERE id = ?1 AND organization_id = ?2",
                   read_seat, seat_id, organization_id);
}

Result<std::optional<Seat>> SqliteRepository::find_seat_by_token_hash(const std::string& token_hash) {
  return fetch_one(db_, "SELECT " SK_SEAT_COLUMNS " FROM customer_seats WHERE invitation_token_hash = ?1 LIMIT 1",
                   read_seat, token_hash);
}

Result<std::vector<Seat>> SqliteRepository::list_seats(ContainerKind kind, const Id& container_id) {
  const char* sql = is_subscription(kind)
                        ? "SELECT " SK_SEAT_COLUMNS " FROM customer_seats WHERE subscription_id = ?1 "
                          "ORDER BY created_at, id"
                        : "SELECT " SK_SEAT_COLUMNS " FROM customer_seats WHERE order_id = ?1 ORDER BY created_at, id";
  return fetch_all(db_, sql, read_seat, container_id);
}

Result<int> SqliteRepository::count_occupied_seats(ContainerKind kind, const Id& container_id) {
  const char* sql = is_subscription(kind)
                        ? "SELECT count(*) FROM customer_seats "
                          "WHERE subscription_id = ?1 AND status IN ('pending', 'claimed')"
                        : "SELECT count(*) FROM customer_seats WHERE order_id = ?1 AND status IN ('pending', 'claimed')";
  SK_TRY(q, db_.query(sql, container_id));
  SK_TRY(has_row, q.step());
  return has_row ? static_cast<int>(q.int64(0)) : 0;
}

Result<std::optional<Seat>> SqliteRepository::find_revoked_seat(ContainerKind kind, const Id& container_id) {
  // No ORDER BY: any revoked seat will do, and sorting would steer the planner away from the
  // occupancy index onto a scan of every seat in the container.
  const char* sql = is_subscription(kind)
                        ? "SELECT " SK_SEAT_COLUMNS " FROM customer_seats WHERE subscription_id = ?1 "
                          "AND status = 'revoked' LIMIT 1"
                        : "SELECT " SK_SEAT_COLUMNS " FROM customer_seats WHERE order_id = ?1 "
                          "AND status = 'revoked' LIMIT 1";
  return fetch_one(db_, sql, read_seat, container_id);
}

Result<std::optional<Seat>> SqliteRepository::find_occupied_seat_by_email(ContainerKind kind, const Id& container_id,
                                                                          const std::string& email) {
  // Same index reasoning as find_revoked_seat; assignment keeps this to at most one row anyway.
  const char* sql = is_subscription(kind)
                        ? "SELECT " SK_SEAT_COLUMNS " FROM customer_seats WHERE subscription_id = ?1 "
                          "AND status IN ('pending', 'claimed') AND lower(email) = lower(?2) LIMIT 1"
                        : "SELECT " SK_SEAT_COLUMNS " FROM customer_seats WHERE order_id = ?1 "
                          "AND status IN ('pending', 'claimed') AND lower(email) = lower(?2) LIMIT 1";
  return fetch_one(db_, sql, read_seat, container_id, email);
}

// ---- outbox ----

Status SqliteRepository::append_outbox(const OutboxMessage& m) {
  return db_.run("INSERT INTO outbox (" SK_OUTBOX_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", m.id, m.topic,
                 m.organization_id, m.event_type, m.payload, m.created_at, m.available_at, m.attempts);
}

Result<std::vector<OutboxMessage>> SqliteRepository::due_outbox(const std::string& topic, Timestamp now, int limit) {
  return fetch_all(db_,
                   "SELECT " SK_OUTBOX_COLUMNS " FROM outbox "
                   "WHERE topic = ?1 AND delivered_at IS NULL AND available_at <= ?2 "
                   "ORDER BY created_at, id LIMIT ?3",
                   read_outbox, topic, now, limit);
}

Result<std::vector<OutboxMessage>> SqliteRepository::claim_outbox(const std::string& topic, Timestamp now, int limit,
                                                                  Timestamp lease_until) {
  // The single writer makes select-then-update atomic; no other worker can interleave.
  SK_TRY(due, due_outbox(topic, now, limit));
  for (auto& message : due) {
    SK_CHECK(db_.run("UPDATE outbox SET available_at = ?2 WHERE id = ?1", message.id, lease_until));
    message.available_at = lease_until;
  }
  return due;
}

Status SqliteRepository::complete_outbox(const Id& id, Timestamp at) {
  return update_one(db_, "outbox message", "UPDATE outbox SET delivered_at = ?2 WHERE id = ?1", id, at);
}

Status SqliteRepository::reschedule_outbox(const Id& id, Timestamp next_attempt_at, const std::string& last_error) {
  return update_one(db_, "outbox message",
                    "UPDATE outbox SET attempts = attempts + 1, available_at = ?2, last_error = ?3 WHERE id = ?1", id,
                    next_attempt_at, last_error);
}

#undef SK_OUTBOX_COLUMNS

}  // namespace sk::storage::sqlite
