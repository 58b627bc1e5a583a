#include "delivery/webhook_dispatcher.hpp"

#include <cstdio>
#include <random>

#include "common/log.hpp"
#include "crypto/crypto.hpp"
#include "crypto/webhook_signature.hpp"
#include "delivery/delivery_metrics.hpp"
#include "domain/webhook_health.hpp"
#include "domain/webhook_queue.hpp"
#include "json/webhook_body.hpp"
#include "storage/upkeep.hpp"

#include <unordered_map>

namespace sk::delivery {

DeliveryMetrics& delivery_metrics() {
  static DeliveryMetrics metrics;
  return metrics;
}

namespace {

double unit_random() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
}

long long unix_seconds(Timestamp t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

// Ids and status only: payloads carry people's e-mail addresses and stay out of the log.
void record_outcome(const domain::WebhookAttemptResult& r, int attempt) {
  const auto& d = r.delivery;
  auto& counted = delivery_metrics();
  if (d.succeeded) {
    counted.webhook_delivered.add();
    return;
  }
  const std::string code = d.http_code ? "HTTP " + std::to_string(*d.http_code) : "no answer";
  const log::Fields ids{{"event_id", d.event_id}, {"endpoint_id", d.endpoint_id}, {"attempt", attempt}, {"answer", code}};
  if (r.finished) {
    counted.webhook_gave_up.add();
    log::error("webhook.gave_up",
               "webhook: giving up event " + d.event_id + " for endpoint " + d.endpoint_id + " after " +
                   std::to_string(attempt) + " attempts (" + code + ")",
               ids);
  } else if (r.retry_at) {
    counted.webhook_retrying.add();
    const double in = std::chrono::duration<double>(*r.retry_at - now_utc()).count();
    char text[64];
    std::snprintf(text, sizeof text, "%.1f", in);
    log::warn("webhook.retry",
              "webhook: event " + d.event_id + " for endpoint " + d.endpoint_id + " failed (" + code + ", attempt " +
                  std::to_string(attempt) + "), retrying in " + text + " s",
              ids);
  }
}

}  // namespace

WebhookDispatcher::WebhookDispatcher(storage::Store& store, std::string sealing_key, WebhookDispatcherOptions options)
    : store_(store), sealing_key_(std::move(sealing_key)), options_(std::move(options)), poster_(options_.http) {}

WebhookDispatcher::~WebhookDispatcher() { stop(); }

void WebhookDispatcher::start() {
  if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
}

void WebhookDispatcher::notify() { poster_.wakeup(); }

void WebhookDispatcher::stop() {
  stopping_ = true;
  poster_.wakeup();
  if (thread_.joinable()) thread_.join();
}

void WebhookDispatcher::run() {
  std::vector<HttpPostResult> finished;
  while (!stopping_) {
    const bool more = turn(std::move(finished), true);
    finished = poster_.run(more ? std::chrono::milliseconds(0) : options_.idle_poll);
    for (auto& r : failed_to_start_) finished.push_back(std::move(r));
    failed_to_start_.clear();
  }
  if (!finished.empty()) turn(std::move(finished), false);  // what did arrive is recorded, not re-sent
  release_abandoned();
}

// One write job: fan out new events, record what finished, lease the next ones; then start them.
// Returns true when there may be more to fan out or claim right away.
bool WebhookDispatcher::turn(std::vector<HttpPostResult> finished, bool claim_more) {
  struct Settled {
    domain::WebhookAttemptResult result;
    int attempt;
  };
  std::vector<Settled> settled;
  std::vector<domain::WebhookTicket> tickets;
  std::vector<domain::Id> disabled;
  int fanned_out = 0;
  std::vector<std::pair<InFlight, HttpPostResult>> done;
  for (auto& r : finished) {
    auto it = in_flight_.find(r.tag);
    if (it == in_flight_.end()) continue;
    if (r.refused)
      log::warn("webhook.refused",
                "webhook: refused event " + it->second.ticket.event.id + " for endpoint " +
                    it->second.ticket.event.endpoint_id + ", nothing was connected (" + r.response + ")",
                {{"event_id", it->second.ticket.event.id},
                 {"endpoint_id", it->second.ticket.event.endpoint_id},
                 {"error", r.response}});
    done.emplace_back(std::move(it->second), std::move(r));
    in_flight_.erase(it);
  }
  const int room = options_.max_in_flight - static_cast<int>(in_flight_.size());
  const auto committed = store_.write_now([&](domain::Repository& repo) -> Status {
    settled.clear();
    tickets.clear();
    disabled.clear();
    const Timestamp now = now_utc();
    // Fan out before settling: the fan-out takes the instances' fan-out lock and then endpoint
    // rows, so every turn that locks endpoint rows holds that lock first, and two instances' turns
    // cannot wait on each other in a cycle.
    if (claim_more) {
      SK_TRY(moved, domain::fan_out_webhook_events(repo, now, options_.fan_out_batch, options_.delivered_outbox));
      fanned_out = moved;
    }
    for (const auto& [flight, r] : done) {
      const domain::AttemptOutcome outcome{flight.started_at, r.status, r.response, r.duration_ms};
      auto result = domain::settle_webhook_attempt(flight.ticket, outcome, crypto::uuid_v4(), now, options_.retry,
                                                   unit_random());
      SK_CHECK(repo.record_webhook_attempt(result, now));
      auto upkeep = storage::upkeep_of(repo);
      if (!upkeep) return internal_error("no upkeep port for this store");
      SK_TRY(now_disabled,
             domain::note_endpoint_health(repo, *upkeep, result.delivery, now, options_.disable_failing_after));
      if (now_disabled) disabled.push_back(result.delivery.endpoint_id);
      settled.push_back({std::move(result), flight.ticket.event.attempts + 1});
    }
    if (claim_more && room > 0) {
      SK_TRY(claimed, repo.claim_webhook_tickets(now, room, now + options_.lease));
      // Beyond its share, an organization's tickets go back to the end of the due line.
      std::unordered_map<std::string, int> held;
      for (const auto& [tag, flight] : in_flight_) ++held[flight.ticket.event.organization_id];
      for (auto& ticket : claimed) {
        int& count = held[ticket.event.organization_id];
        if (count >= options_.max_in_flight_per_organization) {
          SK_CHECK(repo.release_webhook_lease(ticket.event.endpoint_id, ticket.lease_token, now));
          continue;
        }
        ++count;
        tickets.push_back(std::move(ticket));
      }
    }
    return {};
  });
  if (!committed) {
    // Nothing of this turn is durable: the leases of these attempts expire and they are sent
    // again; the claimed tickets were never ours.
    log::error("webhook.queue_failed", "webhook: cannot update the delivery queue", {{"error", committed.error().detail}});
    return false;
  }
  for (const auto& s : settled) record_outcome(s.result, s.attempt);
  for (const auto& id : disabled)
    log::warn("webhook.endpoint_disabled",
              "webhook: endpoint " + id + " disabled: its deliveries have failed for " +
                  std::to_string(options_.disable_failing_after.count()) + " s without a success",
              {{"endpoint_id", id}, {"failing_for_s", static_cast<std::int64_t>(options_.disable_failing_after.count())}});
  for (auto& ticket : tickets) send(std::move(ticket));
  // A full batch may have left more behind; with no room to claim, only a finished attempt helps.
  // (Tickets handed back for fairness do not count: claiming them again at once would only spin.)
  return fanned_out == options_.fan_out_batch || (room > 0 && static_cast<int>(tickets.size()) == room);
}

void WebhookDispatcher::send(domain::WebhookTicket ticket) {
  const std::uint64_t tag = next_tag_++;
  const Timestamp started = now_utc();
  auto secret = crypto::open(sealing_key_, ticket.sealed_secret);
  // Rendered here, on this thread, from the record the write job stored; signed as sent.
  auto body = json::webhook_body(ticket.event.payload);
  if (!secret) {
    failed_to_start_.push_back(
        HttpPostResult{tag, std::nullopt, "cannot open the endpoint's secret (was the server secret changed?)", 0});
  } else if (!body) {
    failed_to_start_.push_back(HttpPostResult{tag, std::nullopt, "the stored event payload does not decode", 0});
  } else {
    const auto& event = ticket.event;
    const long long timestamp = unix_seconds(started);
    HttpPost post;
    post.tag = tag;
    post.url = ticket.url;
    post.headers = {{"content-type", "application/json"},
                    {"webhook-id", event.id},
                    {"webhook-timestamp", std::to_string(timestamp)},
                    {"webhook-signature", crypto::polar_webhook_signature(*secret, event.id, timestamp, *body)}};
    post.body = std::move(*body);
    poster_.start(std::move(post));
  }
  in_flight_.emplace(tag, InFlight{std::move(ticket), started});
}

void WebhookDispatcher::release_abandoned() {
  poster_.abort_all();
  if (in_flight_.empty()) return;
  const auto released = store_.write_now([&](domain::Repository& repo) -> Status {
    const Timestamp now = now_utc();
    for (const auto& [tag, flight] : in_flight_)
      SK_CHECK(repo.release_webhook_lease(flight.ticket.event.endpoint_id, flight.ticket.lease_token, now));
    return {};
  });
  if (!released) log::error("webhook.release_failed", "webhook: cannot release leases", {{"error", released.error().detail}});
  in_flight_.clear();
}

}  // namespace sk::delivery
