#include "app/subscription_sweeper.hpp"

#include "common/log.hpp"
#include "domain/idempotency.hpp"
#include "domain/seat_operations.hpp"
#include "domain/subscription_service.hpp"

namespace sk::app {
namespace {

// Runs `one_batch(repo, now, limit)` in write jobs until a batch comes back short, so one pass never
// holds the writer for long, calling `committed_batch` after each batch that committed: how many
// rows all batches touched.
template <typename OneBatch, typename AfterCommit = void (*)()>
Result<int> in_batches(storage::Store& store, int batch, OneBatch one_batch, AfterCommit committed_batch = [] {}) {
  int total = 0;
  for (;;) {
    Result<int> done = 0;
    const Timestamp now = now_utc();
    auto committed = store.write_now([&](domain::Repository& repo) {
      done = one_batch(repo, now, batch);
      return done.has_value();
    });
    if (!committed) return std::unexpected(committed.error());
    if (!done) return std::unexpected(done.error());
    committed_batch();
    total += *done;
    if (*done < batch) return total;
  }
}

}  // namespace

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
    if (auto noticed = record_lapsed_invitations_once(); !noticed)
      log::error("seat_history.lapse_sweep_failed", "invitation lapse sweep failed", {{"error", noticed.error().detail}});
  });
}

void SubscriptionSweeper::stop() { thread_.stop(); }

Result<int> SubscriptionSweeper::sweep_once() {
  bool recorded = false;
  return in_batches(
      store_, 50,
      [&](domain::Repository& repo, Timestamp now, int limit) {
        delivery::OutboxSink sink(repo, outbox_, now);
        auto ended = domain::end_due_subscriptions(repo, sink, context_(now), limit);
        recorded = sink.recorded();
        return ended;
      },
      [&] {
        if (recorded && on_outbox_) on_outbox_();
      });
}

Result<int> SubscriptionSweeper::prune_idempotency_keys_once() {
  return in_batches(store_, 500, [](domain::Repository& repo, Timestamp now, int limit) {
    return domain::prune_idempotency_records(repo, now, limit);
  });
}

Result<int> SubscriptionSweeper::record_lapsed_invitations_once() {
  return in_batches(store_, 200, [&](domain::Repository& repo, Timestamp now, int limit) {
    return domain::record_lapsed_invitations(repo, context_(now), limit);
  });
}

}  // namespace sk::app
