#include "app/subscription_sweeper.hpp"

#include <cstdio>

#include "domain/seat_operations.hpp"
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

void SubscriptionSweeper::start() { thread_ = std::thread([this] { run(); }); }

void SubscriptionSweeper::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

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

Result<int> SubscriptionSweeper::record_lapsed_invitations_once() {
  int total = 0;
  for (;;) {
    constexpr int kBatch = 200;
    Result<int> recorded = 0;
    const Timestamp now = now_utc();
    auto committed = store_.write_now([&](domain::Repository& repo) {
      recorded = domain::record_lapsed_invitations(repo, context_(now), kBatch);
      return recorded.has_value();
    });
    if (!committed) return std::unexpected(committed.error());
    if (!recorded) return std::unexpected(recorded.error());
    total += *recorded;
    if (*recorded < kBatch) return total;
  }
}

void SubscriptionSweeper::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    if (auto swept = sweep_once(); !swept) std::fprintf(stderr, "subscription sweep: %s\n", swept.error().detail.c_str());
    if (auto noticed = record_lapsed_invitations_once(); !noticed)
      std::fprintf(stderr, "invitation lapse sweep: %s\n", noticed.error().detail.c_str());
    lock.lock();
    wake_.wait_for(lock, interval_, [this] { return stopping_; });
  }
}

}  // namespace sk::app
