// Delivers webhooks on its own thread, never on a request's. Each turn of its loop is one write
// job that records finished attempts, fans new outbox events out to the subscribed endpoints and
// leases the next event of every due endpoint; the HTTP attempts then run concurrently on a curl
// multi handle (one in flight per endpoint, which keeps each endpoint's events in order).
//
// At-least-once: an event leaves its queue only once a 2xx was recorded (or its retry window
// passed). If the process dies mid-attempt the endpoint's lease expires and the same event, with
// the same webhook-id, is sent again.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "common/backoff.hpp"
#include "delivery/http_poster.hpp"
#include "domain/webhook_model.hpp"
#include "storage/store.hpp"

namespace sk::delivery {

struct WebhookDispatcherOptions {
  RetryPolicy retry{};
  std::chrono::milliseconds idle_poll{250};
  // Longer than one attempt can take (the timeout), so a live attempt never loses its lease; short,
  // so a crashed process's endpoints resume soon after a restart.
  std::chrono::seconds lease{15};
  int max_in_flight = 64;
  // One organization's endpoints hold at most this many of the slots, so a tenant with many slow
  // receivers cannot delay everyone else's deliveries.
  int max_in_flight_per_organization = 16;
  // An endpoint failing this long without a success is disabled (Polar's rule).
  std::chrono::seconds disable_failing_after{std::chrono::hours(24)};
  int fan_out_batch = 256;
  domain::DeliveredOutbox delivered_outbox = domain::DeliveredOutbox::keep;  // the outbox row, once fanned out
  HttpPosterOptions http{};
};

class WebhookDispatcher {
 public:
  WebhookDispatcher(storage::Store& store, std::string sealing_key, WebhookDispatcherOptions options = {});
  ~WebhookDispatcher();
  WebhookDispatcher(const WebhookDispatcher&) = delete;
  WebhookDispatcher& operator=(const WebhookDispatcher&) = delete;

  void start();
  void notify();  // new events were committed
  // Abandons attempts in flight (their leases are given back) and joins the thread.
  void stop();

 private:
  struct InFlight {
    domain::WebhookTicket ticket;
    Timestamp started_at;
  };

  void run();
  bool turn(std::vector<HttpPostResult> finished, bool claim_more);
  void send(domain::WebhookTicket ticket);
  void release_abandoned();

  storage::Store& store_;
  std::string sealing_key_;
  WebhookDispatcherOptions options_;
  CurlMultiPoster poster_;
  std::unordered_map<std::uint64_t, InFlight> in_flight_;
  std::vector<HttpPostResult> failed_to_start_;
  std::uint64_t next_tag_ = 1;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
};

}  // namespace sk::delivery
