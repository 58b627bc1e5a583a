// Webhook endpoints, their per-endpoint event queues and the delivery log.
#include <algorithm>
#include <string>
#include <vector>

#include "crypto/crypto.hpp"
#include "storage/common/rows.hpp"
#include "storage/common/encoding.hpp"
#include "storage/sqlite/sqlite_fetch.hpp"
#include "storage/sqlite/sqlite_repository.hpp"

namespace sk::storage::sqlite {

using namespace sk::domain;

namespace {

long long offset_of(PageRequest p) { return static_cast<long long>(p.page - 1) * p.limit; }

// The endpoint's schedule once its queue changed: due now when it is live and has queued events,
// idle otherwise. Leaves an endpoint whose attempt is in flight (lease_token set) alone.
Status reschedule_idle_endpoint(Database& db, const Id& endpoint_id, Timestamp now) {
  return db.run(
      "UPDATE webhook_endpoints SET next_attempt_at = CASE "
      "  WHEN enabled = 1 AND deleted_at IS NULL AND EXISTS "
      "    (SELECT 1 FROM webhook_events WHERE endpoint_id = ?1 AND done_at IS NULL) THEN ?2 "
      "  ELSE NULL END "
      "WHERE id = ?1 AND lease_token IS NULL",
      endpoint_id, now);
}

}  // namespace

// ---- endpoints ----

Status SqliteRepository::insert_webhook_endpoint(const WebhookEndpoint& e) {
  return db_.run("INSERT INTO webhook_endpoints (" SK_ENDPOINT_COLUMNS
                 ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                 e.id, e.organization_id, e.url, e.name, e.format, e.sealed_secret, join_words(e.events), e.enabled,
                 e.created_at, e.modified_at);
}

Status SqliteRepository::update_webhook_endpoint(const WebhookEndpoint& e, Timestamp now) {
  SK_CHECK(update_one(db_, "webhook endpoint",
                      "UPDATE webhook_endpoints SET url = ?2, name = ?3, format = ?4, sealed_secret = ?5, events = ?6, "
                      "enabled = ?7, modified_at = ?8 WHERE id = ?1 AND deleted_at IS NULL",
                      e.id, e.url, e.name, e.format, e.sealed_secret, join_words(e.events), e.enabled, e.modified_at));
  return reschedule_idle_endpoint(db_, e.id, now);
}

Status SqliteRepository::delete_webhook_endpoint(const Id& id, Timestamp at) {
  SK_CHECK(update_one(db_, "webhook endpoint",
                      "UPDATE webhook_endpoints SET deleted_at = ?2, next_attempt_at = NULL, lease_token = NULL "
                      "WHERE id = ?1 AND deleted_at IS NULL",
                      id, at));
  return db_.run("UPDATE webhook_events SET done_at = ?2, modified_at = ?2 WHERE endpoint_id = ?1 AND done_at IS NULL",
                 id, at);
}

Result<std::optional<WebhookEndpoint>> SqliteRepository::find_webhook_endpoint(const Id& organization_id,
                                                                               const Id& id) {
  return fetch_one(db_,
                   "SELECT " SK_ENDPOINT_COLUMNS " FROM webhook_endpoints "
                   "WHERE id = ?1 AND organization_id = ?2 AND deleted_at IS NULL",
                   read_endpoint, id, organization_id);
}

Result<Page<WebhookEndpoint>> SqliteRepository::list_webhook_endpoints(const Id& organization_id, PageRequest page) {
  Page<WebhookEndpoint> result;
  SK_TRY(total, fetch_count(db_,
                            "SELECT count(*) FROM webhook_endpoints WHERE organization_id = ?1 AND deleted_at IS NULL",
                            organization_id));
  result.total_count = total;
  SK_TRY(items, fetch_all(db_,
                          "SELECT " SK_ENDPOINT_COLUMNS " FROM webhook_endpoints "
                          "WHERE organization_id = ?1 AND deleted_at IS NULL "
                          "ORDER BY created_at, id LIMIT ?2 OFFSET ?3",
                          read_endpoint, organization_id, page.limit, offset_of(page)));
  result.items = std::move(items);
  return result;
}

Result<std::vector<WebhookEndpoint>> SqliteRepository::find_subscribed_webhook_endpoints(
    const Id& organization_id, const std::string& event_type) {
  // An organization has a handful of endpoints: filter the subscription lists here.
  SK_TRY(all, fetch_all(db_,
                        "SELECT " SK_ENDPOINT_COLUMNS " FROM webhook_endpoints "
                        "WHERE organization_id = ?1 AND deleted_at IS NULL ORDER BY created_at, id",
                        read_endpoint, organization_id));
  std::vector<WebhookEndpoint> subscribed;
  for (auto& e : all)
    if (std::ranges::find(e.events, event_type) != e.events.end()) subscribed.push_back(std::move(e));
  return subscribed;
}

// ---- queues ----

Result<std::vector<OutboxMessage>> SqliteRepository::oldest_outbox(const std::string& topic, int limit) {
  // rowid is the insertion order, and the single writer inserts in commit order.
  return fetch_all(db_,
                   "SELECT " SK_OUTBOX_COLUMNS " FROM outbox WHERE topic = ?1 AND delivered_at IS NULL "
                   "ORDER BY rowid LIMIT ?2",
                   read_outbox, topic, limit);
}

Status SqliteRepository::enqueue_webhook_event(const WebhookEvent& e, Timestamp now) {
  const std::optional<Timestamp> done_at = e.done ? std::optional<Timestamp>(now) : std::nullopt;
  SK_CHECK(db_.run(
      "INSERT INTO webhook_events (id, endpoint_id, organization_id, type, payload, created_at, modified_at, "
      "last_http_code, succeeded, skipped, attempts, retry_from, done_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
      e.id, e.endpoint_id, e.organization_id, e.type, e.payload, e.created_at, e.modified_at, e.last_http_code,
      e.succeeded, e.skipped, e.attempts, now, done_at));
  if (e.done) return {};
  return db_.run(
      "UPDATE webhook_endpoints SET next_attempt_at = ?2 "
      "WHERE id = ?1 AND next_attempt_at IS NULL AND lease_token IS NULL AND enabled = 1 AND deleted_at IS NULL",
      e.endpoint_id, now);
}

Result<std::optional<WebhookEvent>> SqliteRepository::find_webhook_event(const Id& organization_id, const Id& id) {
  return fetch_one(db_,
                   "SELECT " SK_EVENT_COLUMNS " FROM webhook_events e JOIN webhook_endpoints p ON p.id = e.endpoint_id "
                   "WHERE e.id = ?1 AND e.organization_id = ?2 AND p.deleted_at IS NULL",
                   read_event, id, organization_id);
}

Status SqliteRepository::requeue_webhook_event(const Id& id, Timestamp now) {
  SK_TRY(endpoint_id, fetch_one(db_, "SELECT endpoint_id FROM webhook_events WHERE id = ?1",
                                [](const Query& q) -> Result<std::string> { return q.text(0); }, id));
  if (!endpoint_id) return fail(ErrorKind::not_found, "ResourceNotFound", "Not found");
  SK_CHECK(db_.run(
      "UPDATE webhook_events SET done_at = NULL, skipped = 0, attempts = 0, retry_from = ?2, modified_at = ?2 "
      "WHERE id = ?1",
      id, now));
  // Due now, even when it was waiting out a back-off; an attempt in flight reschedules on its own.
  return db_.run(
      "UPDATE webhook_endpoints SET next_attempt_at = ?2 "
      "WHERE id = ?1 AND lease_token IS NULL AND enabled = 1 AND deleted_at IS NULL",
      *endpoint_id, now);
}

Result<std::vector<WebhookTicket>> SqliteRepository::claim_webhook_tickets(Timestamp now, int limit,
                                                                           Timestamp lease_until) {
  struct Due {
    Id id;
    std::string url;
    std::string sealed_secret;
    bool live;
  };
  // The single writer makes select-then-update atomic. An expired lease is simply due again.
  SK_TRY(due, fetch_all(db_,
                        "SELECT id, url, sealed_secret, enabled = 1 AND deleted_at IS NULL FROM webhook_endpoints "
                        "WHERE next_attempt_at IS NOT NULL AND next_attempt_at <= ?1 ORDER BY next_attempt_at LIMIT ?2",
                        [](const Query& q) -> Result<Due> {
                          return Due{q.text(0), q.text(1), q.text(2), q.int64(3) != 0};
                        },
                        now, limit));
  std::vector<WebhookTicket> tickets;
  for (auto& endpoint : due) {
    if (!endpoint.live) {  // disabled while its last attempt was in flight, and that attempt never came back
      SK_CHECK(db_.run("UPDATE webhook_endpoints SET next_attempt_at = NULL, lease_token = NULL WHERE id = ?1",
                       endpoint.id));
      continue;
    }
    SK_TRY(head, fetch_one(db_,
                           "SELECT " SK_EVENT_COLUMNS ", e.retry_from FROM webhook_events e "
                           "WHERE e.endpoint_id = ?1 AND e.done_at IS NULL ORDER BY e.seq LIMIT 1",
                           [](const Query& q) -> Result<std::pair<WebhookEvent, Timestamp>> {
                             return std::pair{read_event_at(q, 0), q.timestamp(12)};
                           },
                           endpoint.id));
    if (!head) {
      SK_CHECK(db_.run("UPDATE webhook_endpoints SET next_attempt_at = NULL, lease_token = NULL WHERE id = ?1",
                       endpoint.id));
      continue;
    }
    std::string token = crypto::uuid_v4();
    SK_CHECK(db_.run("UPDATE webhook_endpoints SET next_attempt_at = ?2, lease_token = ?3 WHERE id = ?1", endpoint.id,
                     lease_until, token));
    tickets.push_back(WebhookTicket{std::move(head->first), std::move(endpoint.url), std::move(endpoint.sealed_secret),
                                    std::move(token), head->second});
  }
  return tickets;
}

Status SqliteRepository::record_webhook_attempt(const WebhookAttemptResult& r, Timestamp now) {
  const WebhookDelivery& d = r.delivery;
  SK_CHECK(db_.run(
      "INSERT INTO webhook_deliveries (id, event_id, endpoint_id, organization_id, created_at, succeeded, http_code, "
      "response, duration_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
      d.id, d.event_id, d.endpoint_id, d.organization_id, d.created_at, d.succeeded, d.http_code, d.response,
      d.duration_ms));
  SK_TRY(ours, fetch_count(db_, "SELECT count(*) FROM webhook_endpoints WHERE id = ?1 AND lease_token = ?2",
                           d.endpoint_id, r.lease_token));
  if (ours == 0) return {};  // the lease expired and was taken over: that attempt decides now
  SK_CHECK(db_.run(
      "UPDATE webhook_events SET attempts = attempts + 1, last_http_code = ?2, succeeded = ?3, modified_at = ?4, "
      "done_at = CASE WHEN ?5 THEN ?4 ELSE NULL END WHERE id = ?1",
      d.event_id, d.http_code, d.succeeded, now, r.finished));
  SK_CHECK(db_.run("UPDATE webhook_endpoints SET lease_token = NULL, next_attempt_at = NULL WHERE id = ?1",
                   d.endpoint_id));
  if (r.finished || !r.retry_at) return reschedule_idle_endpoint(db_, d.endpoint_id, now);
  return db_.run(
      "UPDATE webhook_endpoints SET next_attempt_at = ?2 WHERE id = ?1 AND enabled = 1 AND deleted_at IS NULL",
      d.endpoint_id, *r.retry_at);
}

Status SqliteRepository::release_webhook_lease(const Id& endpoint_id, const std::string& lease_token, Timestamp now) {
  SK_CHECK(db_.run("UPDATE webhook_endpoints SET lease_token = NULL WHERE id = ?1 AND lease_token = ?2", endpoint_id,
                   lease_token));
  if (db_.changes() == 0) return {};
  return reschedule_idle_endpoint(db_, endpoint_id, now);
}

// ---- delivery log ----

Result<Page<WebhookDeliveryView>> SqliteRepository::list_webhook_deliveries(const Id& organization_id,
                                                                            const DeliveryFilter& f, PageRequest page) {
#define SK_DELIVERY_FILTER                                                                   \
  " FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id "                   \
  "WHERE d.organization_id = ?1 "                                                            \
  "AND (?2 IS NULL OR d.endpoint_id IN (SELECT value FROM json_each(?2))) "                  \
  "AND (?3 IS NULL OR e.type IN (SELECT value FROM json_each(?3))) "                         \
  "AND (?4 IS NULL OR d.succeeded = ?4) "                                                    \
  "AND (?5 IS NULL OR d.http_code / 100 = ?5) "                                              \
  "AND (?6 IS NULL OR d.created_at >= ?6) AND (?7 IS NULL OR d.created_at <= ?7)"
  const auto endpoints = json_list(f.endpoint_ids);
  const auto types = json_list(f.event_types);
  Page<WebhookDeliveryView> result;
  SK_TRY(total, fetch_count(db_, "SELECT count(*)" SK_DELIVERY_FILTER, organization_id, endpoints, types, f.succeeded,
                            f.http_code_class, f.start, f.end));
  result.total_count = total;
  SK_TRY(items, fetch_all(db_,
                          "SELECT " SK_DELIVERY_COLUMNS ", " SK_EVENT_COLUMNS SK_DELIVERY_FILTER
                          " ORDER BY d.created_at DESC, d.id DESC LIMIT ?8 OFFSET ?9",
                          read_delivery_view, organization_id, endpoints, types, f.succeeded, f.http_code_class,
                          f.start, f.end, page.limit, offset_of(page)));
  result.items = std::move(items);
  return result;
#undef SK_DELIVERY_FILTER
}

}  // namespace sk::storage::sqlite
