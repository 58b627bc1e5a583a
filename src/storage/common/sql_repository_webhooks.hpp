// SqlRepository: webhook endpoints, their per-endpoint event queues and the delivery log, for
// both stores. What makes them safe with several writers (PostgreSQL: several instances) is in
// the statements: due endpoints are claimed FOR UPDATE SKIP LOCKED in a write job (one lease per
// endpoint, hence one event in flight and queue order), and an attempt's result changes the
// endpoint only by a conditional UPDATE on its lease token, so a stale owner's late answer is
// only logged. SQLite's single writer gets the same outcome without the locks. The fan-out's
// read of the outbox (oldest_outbox) is each backend's own.
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "crypto/crypto.hpp"
#include "storage/common/encoding.hpp"
#include "storage/common/rows.hpp"
#include "storage/common/sql_repository.hpp"
#include "storage/common/statements.hpp"

namespace sk::storage {

namespace webhook_sql {

inline long long offset_of(domain::PageRequest p) { return static_cast<long long>(p.page - 1) * p.limit; }

// Due now when it is live and has queued events, idle otherwise; an attempt in flight
// reschedules on its own.
template <class Db>
Status reschedule_idle_endpoint(Db& db, const domain::Id& endpoint_id, Timestamp now) {
  return run_sql(db, SK_SQL_RESCHEDULE_IDLE_ENDPOINT, endpoint_id, now);
}

}  // namespace webhook_sql

// ---- endpoints ----

template <class Db>
Status SqlRepository<Db>::insert_webhook_endpoint(const domain::WebhookEndpoint& e) {
  return insert_unique(db_, "webhook_endpoints", SK_SQL_INSERT_WEBHOOK_ENDPOINT, e.id, e.organization_id, e.url,
                       e.name, e.format, e.sealed_secret, join_words(e.events), e.enabled, e.created_at,
                       e.modified_at);
}

template <class Db>
Status SqlRepository<Db>::update_webhook_endpoint(const domain::WebhookEndpoint& e, Timestamp now) {
  SK_CHECK(update_one(db_, "webhook endpoint", SK_SQL_UPDATE_WEBHOOK_ENDPOINT, e.id, e.url, e.name, e.format,
                      e.sealed_secret, join_words(e.events), e.enabled, e.modified_at));
  return webhook_sql::reschedule_idle_endpoint(db_, e.id, now);
}

template <class Db>
Status SqlRepository<Db>::delete_webhook_endpoint(const domain::Id& id, Timestamp at) {
  SK_CHECK(update_one(db_, "webhook endpoint", SK_SQL_DELETE_WEBHOOK_ENDPOINT, id, at));
  return run_sql(db_, SK_SQL_DROP_QUEUED_WEBHOOK_EVENTS, id, at);
}

template <class Db>
Result<std::optional<domain::WebhookEndpoint>> SqlRepository<Db>::find_webhook_endpoint(
    const domain::Id& organization_id, const domain::Id& id) {
  return fetch_one(db_, SK_SQL_FIND_WEBHOOK_ENDPOINT, read_endpoint, id, organization_id);
}

template <class Db>
Result<domain::Page<domain::WebhookEndpoint>> SqlRepository<Db>::list_webhook_endpoints(
    const domain::Id& organization_id, domain::PageRequest page) {
  domain::Page<domain::WebhookEndpoint> result;
  SK_TRY(total, fetch_count(db_, SK_SQL_COUNT_WEBHOOK_ENDPOINTS, organization_id));
  result.total_count = total;
  SK_TRY(items, fetch_all(db_, SK_SQL_WEBHOOK_ENDPOINTS_PAGE, read_endpoint, organization_id, page.limit,
                          webhook_sql::offset_of(page)));
  result.items = std::move(items);
  return result;
}

template <class Db>
Result<std::vector<domain::WebhookEndpoint>> SqlRepository<Db>::find_subscribed_webhook_endpoints(
    const domain::Id& organization_id, const std::string& event_type) {
  // An organization has a handful of endpoints: filter the subscription lists here.
  SK_TRY(all, fetch_all(db_, SK_SQL_LIVE_WEBHOOK_ENDPOINTS, read_endpoint, organization_id));
  std::vector<domain::WebhookEndpoint> subscribed;
  for (auto& e : all)
    if (std::ranges::find(e.events, event_type) != e.events.end()) subscribed.push_back(std::move(e));
  return subscribed;
}

// ---- queues ----

template <class Db>
Status SqlRepository<Db>::enqueue_webhook_event(const domain::WebhookEvent& e, Timestamp now) {
  const std::optional<Timestamp> done_at = e.done ? std::optional<Timestamp>(now) : std::nullopt;
  SK_CHECK(insert_unique(db_, "webhook_events", SK_SQL_INSERT_WEBHOOK_EVENT, e.id, e.endpoint_id, e.organization_id,
                         e.type, e.payload, e.created_at, e.modified_at, e.last_http_code, e.succeeded, e.skipped,
                         e.attempts, now, done_at));
  if (e.done) return {};
  return run_sql(db_, SK_SQL_WAKE_IDLE_ENDPOINT, e.endpoint_id, now);
}

template <class Db>
Result<std::optional<domain::WebhookEvent>> SqlRepository<Db>::find_webhook_event(const domain::Id& organization_id,
                                                                                  const domain::Id& id) {
  return fetch_one(db_, SK_SQL_FIND_WEBHOOK_EVENT, read_event, id, organization_id);
}

template <class Db>
Status SqlRepository<Db>::requeue_webhook_event(const domain::Id& id, Timestamp now) {
  SK_TRY(endpoint_id, fetch_one(db_, SK_SQL_ENDPOINT_OF_EVENT,
                                [](const auto& r) -> Result<std::string> { return r.text(0); }, id));
  if (!endpoint_id) return fail(ErrorKind::not_found, "ResourceNotFound", "Not found");
  SK_CHECK(run_sql(db_, SK_SQL_REQUEUE_WEBHOOK_EVENT, id, now));
  // Due now, even when it was waiting out a back-off; an attempt in flight reschedules on its own.
  return run_sql(db_, SK_SQL_MAKE_ENDPOINT_DUE, *endpoint_id, now);
}

// SKIP LOCKED (in a write job) passes over endpoints another instance is claiming or settling
// right now; an endpoint whose lease another instance committed meanwhile fails the re-checked
// `next_attempt_at <= $1` (it now holds the lease's expiry). So each endpoint has at most one
// live lease, hence one event in flight, and its events go out in queue order. An expired lease
// is simply due again.
template <class Db>
Result<std::vector<domain::WebhookTicket>> SqlRepository<Db>::claim_webhook_tickets(Timestamp now, int limit,
                                                                                   Timestamp lease_until) {
  struct Due {
    domain::Id id;
    std::string url;
    std::string sealed_secret;
    bool live;
  };
  SK_TRY(due, fetch_all(db_, lock_rows_ ? SK_SQL_DUE_WEBHOOK_ENDPOINTS SK_SQL_SKIP_LOCKED : SK_SQL_DUE_WEBHOOK_ENDPOINTS,
                        [](const auto& r) -> Result<Due> { return Due{r.text(0), r.text(1), r.text(2), r.boolean(3)}; },
                        now, limit));
  std::vector<domain::WebhookTicket> tickets;
  for (auto& endpoint : due) {
    if (!endpoint.live) {  // disabled while its last attempt was in flight, and that attempt never came back
      SK_CHECK(run_sql(db_, SK_SQL_PARK_ENDPOINT, endpoint.id));
      continue;
    }
    SK_TRY(head, fetch_one(db_, SK_SQL_HEAD_WEBHOOK_EVENT,
                           [](const auto& r) -> Result<std::pair<domain::WebhookEvent, Timestamp>> {
                             return std::pair{read_event_at(r, 0), r.timestamp(12)};
                           },
                           endpoint.id));
    if (!head) {
      SK_CHECK(run_sql(db_, SK_SQL_PARK_ENDPOINT, endpoint.id));
      continue;
    }
    std::string token = crypto::uuid_v4();
    SK_CHECK(run_sql(db_, SK_SQL_LEASE_ENDPOINT, endpoint.id, lease_until, token));
    tickets.push_back(domain::WebhookTicket{std::move(head->first), std::move(endpoint.url),
                                            std::move(endpoint.sealed_secret), std::move(token), head->second});
  }
  return tickets;
}

template <class Db>
Status SqlRepository<Db>::record_webhook_attempt(const domain::WebhookAttemptResult& r, Timestamp now) {
  const domain::WebhookDelivery& d = r.delivery;
  SK_CHECK(insert_unique(db_, "webhook_deliveries", SK_SQL_INSERT_WEBHOOK_DELIVERY, d.id, d.event_id, d.endpoint_id,
                         d.organization_id, d.created_at, d.succeeded, d.http_code, d.response, d.duration_ms));
  // Giving the lease back is the check that it is still ours, in one statement: it locks the
  // endpoint row, so a concurrent claim taking over an expired lease either ran first (the token
  // no longer matches: this attempt is only logged) or waits for this job.
  SK_TRY(released, affected_rows(db_, SK_SQL_RETURN_LEASE, d.endpoint_id, r.lease_token));
  if (released == 0) return {};  // the lease expired and was taken over: that attempt decides now
  SK_CHECK(run_sql(db_, SK_SQL_RECORD_WEBHOOK_ATTEMPT, d.event_id, d.http_code, d.succeeded, now, r.finished));
  if (r.finished || !r.retry_at) return webhook_sql::reschedule_idle_endpoint(db_, d.endpoint_id, now);
  return run_sql(db_, SK_SQL_RETRY_ENDPOINT_AT, d.endpoint_id, *r.retry_at);
}

template <class Db>
Status SqlRepository<Db>::release_webhook_lease(const domain::Id& endpoint_id, const std::string& lease_token,
                                                Timestamp now) {
  SK_TRY(released, affected_rows(db_, SK_SQL_RELEASE_LEASE, endpoint_id, lease_token));
  if (released == 0) return {};
  return webhook_sql::reschedule_idle_endpoint(db_, endpoint_id, now);
}

// ---- delivery log ----

template <class Db>
Result<domain::Page<domain::WebhookDeliveryView>> SqlRepository<Db>::list_webhook_deliveries(
    const domain::Id& organization_id, const domain::DeliveryFilter& f, domain::PageRequest page) {
  const auto endpoints = json_list(f.endpoint_ids);
  const auto types = json_list(f.event_types);
  domain::Page<domain::WebhookDeliveryView> result;
  SK_TRY(total, fetch_count(db_, "SELECT count(*)" SK_SQL_DELIVERY_FILTER, organization_id, endpoints, types,
                            f.succeeded, f.http_code_class, f.start, f.end));
  result.total_count = total;
  SK_TRY(items, fetch_all(db_,
                          "SELECT " SK_DELIVERY_COLUMNS ", " SK_EVENT_COLUMNS SK_SQL_DELIVERY_FILTER
                          " ORDER BY d.created_at DESC, d.id DESC LIMIT $8 OFFSET $9",
                          read_delivery_view, organization_id, endpoints, types, f.succeeded, f.http_code_class,
                          f.start, f.end, page.limit, webhook_sql::offset_of(page)));
  result.items = std::move(items);
  return result;
}

}  // namespace sk::storage
