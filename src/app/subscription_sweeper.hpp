// Ends subscriptions whose scheduled cancellation (cancel_at_period_end) has come: a thread
// that wakes every `interval`, runs one write job, and so revokes their seats with events.
// The same round deletes expired idempotency keys (their lookups ignore them already).
#pragma once

#include <chrono>
#include <functional>

#include "app/periodic_thread.hpp"
#include "delivery/outbox_sink.hpp"
#include "domain/seat_service.hpp"
#include "storage/store.hpp"

namespace sk::app {

class SubscriptionSweeper {
 public:
  using Context = std::function<domain::SeatContext(Timestamp now)>;

  // `on_outbox` runs after a sweep committed events (wakes the delivery workers).
  SubscriptionSweeper(storage::Store& store, delivery::OutboxSettings outbox, Context context,
                      std::chrono::milliseconds interval, std::function<void()> on_outbox);
  ~SubscriptionSweeper();

  void start();
  void stop();
  // One sweep, now, on the caller's thread (blocking): how many subscriptions ended.
  Result<int> sweep_once();
  // Deletes expired idempotency keys, now, on the caller's thread: how many went.
  Result<int> prune_idempotency_keys_once();

 private:
  storage::Store& store_;
  delivery::OutboxSettings outbox_;
  Context context_;
  std::chrono::milliseconds interval_;
  std::function<void()> on_outbox_;
  PeriodicThread thread_;
};

}  // namespace sk::app
