#include "delivery/outbox_worker.hpp"

#include <cstdio>

#include "common/log.hpp"

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
  const auto claimed = store_.write_now([&](domain::Repository& repo) -> Status {
    const Timestamp now = now_utc();
    SK_TRY(taken, repo.claim_outbox(topic_, now, options_.batch, now + options_.lease));
    due = std::move(taken);
    return {};
  });
  if (!claimed) {
    log::error("outbox.claim_failed", "outbox: cannot claim messages", {{"topic", topic_}, {"error", claimed.error().detail}});
    return false;
  }
  if (due.empty()) return false;
  struct Outcome {
    domain::Id id;
    bool delivered;
    std::string error;
    int attempts;
    Timestamp created_at;
  };
  std::vector<Outcome> outcomes;
  for (const auto& message : due) {
    if (stopping_) break;
    auto sent = deliver_(message);
    outcomes.push_back(
        {message.id, sent.has_value(), sent ? std::string{} : sent.error().detail, message.attempts, message.created_at});
  }
  const auto wrote = store_.write_now([&](domain::Repository& repo) -> Status {
    const Timestamp now = now_utc();
    for (const auto& o : outcomes) {
      Status s;
      if (o.delivered) {
        s = domain::finish_outbox(repo, o.id, now, options_.delivered);
      } else if (now - o.created_at >= options_.retry.window) {
        log::error("outbox.gave_up",
                   "outbox " + topic_ + ": giving up message " + o.id + " after " + std::to_string(o.attempts + 1) +
                       " attempts: " + o.error,
                   {{"topic", topic_}, {"outbox_id", o.id}, {"attempt", o.attempts + 1}});
        s = repo.complete_outbox(o.id, now);
      } else {
        const auto delay = std::chrono::duration_cast<std::chrono::microseconds>(
            retry_delay(o.attempts + 1, options_.retry));
        // The error names the failing step only (e-mail bodies and their links never reach it).
        char in[32];
        std::snprintf(in, sizeof in, "%.1f", std::chrono::duration<double>(delay).count());
        log::warn("outbox.retry",
                  "outbox " + topic_ + ": message " + o.id + " failed (attempt " + std::to_string(o.attempts + 1) +
                      "), retrying in " + in + " s: " + o.error,
                  {{"topic", topic_}, {"outbox_id", o.id}, {"attempt", o.attempts + 1}});
        s = repo.reschedule_outbox(o.id, now + delay, o.error);
      }
      SK_CHECK(s);
    }
    return {};
  });
  if (!wrote)
    log::error("outbox.record_failed", "outbox " + topic_ + ": cannot record delivery",
               {{"topic", topic_}, {"error", wrote.error().detail}});
  return wrote && static_cast<int>(due.size()) == options_.batch;
}

}  // namespace sk::delivery
