#include "delivery/outbox_worker.hpp"

#include <algorithm>
#include <cstdio>
#include <random>

namespace sk::delivery {

OutboxWorker::OutboxWorker(storage::Store& store, std::string topic, Deliver deliver, WorkerOptions options)
    : store_(store), topic_(std::move(topic)), deliver_(std::move(deliver)), options_(options) {}

OutboxWorker::~OutboxWorker() { stop(); }

void OutboxWorker::start() {
  if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
}

void OutboxWorker::notify() {
  {
    std::lock_guard lock(mutex_);
    pending_ = true;
  }
  wake_.notify_one();
}

void OutboxWorker::stop() {
  stopping_ = true;
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

std::chrono::milliseconds OutboxWorker::backoff(int attempts, std::chrono::seconds cap) {
  using namespace std::chrono;
  const long long base_ms = 1000LL << std::min(attempts, 20);
  const long long capped = std::min<long long>(base_ms, duration_cast<milliseconds>(cap).count());
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::uniform_int_distribution<long long> jitter(0, capped / 4);
  return milliseconds(capped + jitter(rng));
}

void OutboxWorker::run() {
  while (!stopping_) {
    const bool busy = drain_once();
    if (busy) continue;
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, options_.idle_poll, [this] { return pending_ || stopping_.load(); });
    pending_ = false;
  }
}

// Returns true when a full batch was handled, so more may be waiting.
bool OutboxWorker::drain_once() {
  std::vector<domain::OutboxMessage> due;
  // Claim with a lease: if this process dies mid-delivery the messages come back after it.
  const auto claimed = store_.write_now([&](domain::Repository& repo) {
    const Timestamp now = now_utc();
    auto r = repo.claim_outbox(topic_, now, options_.batch, now + options_.lease);
    if (!r) return false;
    due = std::move(*r);
    return true;
  });
  if (!claimed || due.empty()) return false;
  struct Outcome {
    domain::Id id;
    bool delivered;
    std::string error;
    int attempts;
  };
  std::vector<Outcome> outcomes;
  for (const auto& message : due) {
    if (stopping_) break;
    auto sent = deliver_(message);
    outcomes.push_back({message.id, sent.has_value(), sent ? std::string{} : sent.error().detail, message.attempts});
  }
  const auto wrote = store_.write_now([&](domain::Repository& repo) {
    const Timestamp now = now_utc();
    for (const auto& o : outcomes) {
      auto s = o.delivered ? repo.complete_outbox(o.id, now)
                           : repo.reschedule_outbox(o.id, now + backoff(o.attempts, options_.max_backoff), o.error);
      if (!s) return false;
    }
    return true;
  });
  if (!wrote) std::fprintf(stderr, "outbox %s: cannot record delivery: %s\n", topic_.c_str(), wrote.error().detail.c_str());
  return wrote && static_cast<int>(due.size()) == options_.batch;
}

}  // namespace sk::delivery
