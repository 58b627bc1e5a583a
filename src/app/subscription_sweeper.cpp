#include "app/subscription_sweeper.hpp"

#include "common/log.hpp"
#include "domain/idempotency.hpp"
#include "domain/subscription_service.hpp"

namespace sk::app {

SubscriptionSweeper::SubscriptionSweeper(storage::Store& store, delivery::OutboxSettings outbox, Context context,
                                         std::chrono::milliseconds interval, std::function<void()> on_outbox)
    : store_(store),
      outbox_(std::move(outbox)),
      context_(std::move(context)),
      interval_(interval),
      on_outbox_(std::move(on_outbox)) {}

SubscriptionSweeper::~SubscriptionSweeper() { stop(); }

void SubscriptionSweeper::start() {
  thread_.start(interval_, [this] {
    if (auto swept = sweep_once(); !swept) log::error("subscription_sweep.failed", "subscription sweep failed", {{"error", swept.error().detail}});
    if (auto pruned = prune_idempotency_keys_once(); !pruned)
      log::error("idempotency.prune_failed", "idempotency key pruning failed", {{"error", pruned.error().detail}});
  });
}

void SubscriptionSweeper::stop() { thread_.stop(); }

Result<int> SubscriptionSweeper::sweep_once() {
  int total = 0;
  for (;;) {  // in batches, so one sweep never holds the writer for long
    constexpr int kBatch = 50;
    Result<int> ended = 0;
    bool recorded = false;
    const Timestamp now = now_utc();
    auto committed = store_.write_now([&](domain::Repository& repo) {
      delivery::OutboxSink sink(repo, outbox_, now);
      ended = domain::end_due_subscriptions(repo, sink, context_(now), kBatch);
      recorded = sink.recorded();
      return ended.has_value();
    });
    if (!committed) return std::unexpected(committed.error());
    if (!ended) return std::unexpected(ended.error());
    if (recorded && on_outbox_) on_outbox_();
    total += *ended;
    if (*ended < kBatch) return total;
  }
}

Result<int> SubscriptionSweeper::prune_idempotency_keys_once() {
  int total = 0;
  for (;;) {  // in batches, like the subscription sweep
    constexpr int kBatch = 500;
    Result<int> pruned = 0;
    auto committed = store_.write_now([&](domain::Repository& repo) {
      pruned = domain::prune_idempotency_records(repo, now_utc(), kBatch);
      return pruned.has_value();
    });
    if (!committed) return std::unexpected(committed.error());
    if (!pruned) return std::unexpected(pruned.error());
    total += *pruned;
    if (*pruned < kBatch) return total;
  }
}

}  // namespace sk::app
