#include "storage/postgres/pg_writer.hpp"

#include <algorithm>
#include <utility>

#include "common/log.hpp"
#include "storage/postgres/pg_repository.hpp"
#include "storage/postgres/pg_transaction.hpp"

namespace sk::storage::postgres {
namespace {

// Attempts per job caught in a deadlock or serialization failure, and per transaction whose
// COMMIT failed for such a reason. Bounded, so a pathological workload fails visibly.
constexpr int kMaxAttempts = 3;

// Every job's savepoint has one name: a kept job's is released just before the next job opens
// its own (one round trip for both), an undone job's is rolled back to and then serves the next
// job as it is, and COMMIT releases the last one.
constexpr const char* kBeginFirstJob = "BEGIN; SAVEPOINT sk_job";
constexpr const char* kNextJob = "RELEASE SAVEPOINT sk_job; SAVEPOINT sk_job";
constexpr const char* kUndoJob = "ROLLBACK TO SAVEPOINT sk_job";

class BatchRun {
 public:
  BatchRun(Connection& c, std::vector<PendingWrite>& batch, std::vector<Status>& results)
      : c_(c), batch_(batch), results_(results), attempts_(batch.size(), 0) {
    results_.assign(batch_.size(), Status{});
  }

  void run() {
    while (next_ < batch_.size()) {
      if (!run_transaction()) return;
    }
  }

 private:
  enum class JobEnd {
    finished,          // kept (its savepoint still open) or undone (back at its savepoint)
    retry,             // undone after a deadlock or serialization failure: run it again in a new transaction
    transaction_lost,  // the transaction, or the connection, is gone
  };

  // Runs jobs from next_ in one transaction until the batch ends, a job must be retried, or the
  // transaction is lost. False when no transaction can be started (the rest have failed).
  bool run_transaction() {
    const std::size_t first = next_;
    if (Status began = begin(c_, kBeginFirstJob); !began) {
      roll_back(c_);
      fail(first, batch_.size(), began.error());
      return false;
    }
    bool holding = false;  // the open savepoint holds a kept job's work
    for (; next_ < batch_.size(); ++next_) {
      if (holding) {
        if (auto opened = c_.exec(kNextJob); !opened) return lose(first, next_, opened.error());
        holding = false;
      }
      ++attempts_[next_];
      switch (run_job(next_, holding)) {
        case JobEnd::finished: continue;
        case JobEnd::retry:
          if (attempts_[next_] >= kMaxAttempts) continue;  // it keeps the error run_job gave it
          // Commit the jobs before it (their locks may be what the other transaction waits for);
          // it runs again first in the next transaction.
          if (next_ == first) {
            roll_back(c_);
            return true;
          }
          return commit(first, next_);
        case JobEnd::transaction_lost: {
          const Error lost = results_[next_] ? internal_error("postgresql: the transaction was lost").error()
                                             : results_[next_].error();
          return lose(first, next_ + 1, lost);
        }
      }
    }
    return commit(first, next_);
  }

  JobEnd run_job(std::size_t i, bool& holding) {
    c_.forget_last_error();
    PgRepository repo(c_, /*lock_rows=*/true, /*defer_appends=*/true);
    auto call = [&] { return batch_[i].job(repo); };
    const WriteOutcome outcome = run_guarded(call);
    bool keep = outcome && *outcome;
    results_[i] = outcome ? Status{} : std::unexpected(outcome.error());
    if (!keep) c_.discard_deferred();  // appends of a job that is undone anyway
    const auto state = c_.transaction_state();
    if (state != Connection::TxState::in_transaction && state != Connection::TxState::failed)
      return JobEnd::transaction_lost;
    if (c_.last_error_retryable()) return retry_or_lose(i);
    if (keep && state == Connection::TxState::failed) {
      // The job ignored a failed statement; committing it would keep less than it thinks.
      results_[i] = internal_error("postgresql: the job's transaction was aborted by an earlier error");
      c_.discard_deferred();
      keep = false;
    }
    if (keep && c_.has_deferred()) {
      // The job's deferred appends go in one round trip with the release of its savepoint and
      // the opening of the next job's. If one fails, the release was skipped (the pipeline stops
      // at the failure), so the job can still be undone alone.
      static const Statement kReleaseAndNext[] = {{"RELEASE SAVEPOINT sk_job", {}}, {"SAVEPOINT sk_job", {}}};
      if (auto sent = c_.pipeline(kReleaseAndNext); !sent) {
        results_[i] = std::unexpected(sent.error());
        if (c_.transaction_state() != Connection::TxState::failed) return JobEnd::transaction_lost;
        if (c_.last_error_retryable()) return retry_or_lose(i);
        return undo(i) ? JobEnd::finished : JobEnd::transaction_lost;
      }
      return JobEnd::finished;  // the next job's savepoint is open already
    }
    if (keep) {
      holding = true;
      return JobEnd::finished;
    }
    return undo(i) ? JobEnd::finished : JobEnd::transaction_lost;  // a job returning false is not an error
  }

  JobEnd retry_or_lose(std::size_t i) {
    results_[i] = internal_error("postgresql: the job was aborted by a deadlock or serialization failure");
    return undo(i) ? JobEnd::retry : JobEnd::transaction_lost;
  }

  bool undo(std::size_t i) {
    auto undone = c_.exec(kUndoJob);
    if (undone) return true;
    if (results_[i]) results_[i] = std::unexpected(undone.error());
    return false;
  }

  // COMMITs jobs [from, to). On a retryable failure they run again (nothing of them was kept).
  bool commit(std::size_t from, std::size_t to) {
    auto committed = c_.exec("COMMIT");
    if (committed) {
      store_metrics().commit_batch_size.observe(static_cast<double>(to - from));
      return true;
    }
    const bool retryable = c_.last_error_retryable();
    roll_back(c_);
    if (retryable && ++commit_attempts_ < kMaxAttempts) {
      std::fill(results_.begin() + static_cast<std::ptrdiff_t>(from), results_.begin() + static_cast<std::ptrdiff_t>(to),
                Status{});
      next_ = from;
      return true;
    }
    // Every job in the transaction is lost, including ones that had chosen to roll back: they
    // still learn that the store failed.
    for (std::size_t i = from; i < to; ++i) results_[i] = std::unexpected(committed.error());
    return true;
  }

  // The transaction is gone: jobs [from, to) ran in it and lose their work; the rest of the batch
  // goes on in a new one.
  bool lose(std::size_t from, std::size_t to, const Error& error) {
    roll_back(c_);
    fail(from, to, error);
    next_ = to;
    return true;
  }

  void fail(std::size_t from, std::size_t to, const Error& error) {
    for (std::size_t i = from; i < to; ++i)
      if (results_[i]) results_[i] = std::unexpected(error);
  }

  Connection& c_;
  std::vector<PendingWrite>& batch_;
  std::vector<Status>& results_;
  std::vector<int> attempts_;
  std::size_t next_ = 0;
  int commit_attempts_ = 0;
};

}  // namespace

void run_write_batch(Connection& c, std::vector<PendingWrite>& batch, std::vector<Status>& results) {
  BatchRun(c, batch, results).run();
}

Writer::Writer(Connection connection, std::size_t max_batch)
    : connection_(std::move(connection)), max_batch_(std::max<std::size_t>(1, max_batch)) {
  thread_ = std::thread([this] { loop(); });
}

Writer::~Writer() { close(); }

void Writer::close() {
  std::lock_guard lock(close_mutex_);
  queue_.close();
  if (thread_.joinable()) thread_.join();
}

void Writer::loop() {
  std::vector<PendingWrite> batch;
  std::vector<Status> results;
  while (queue_.pop_batch(batch, max_batch_)) {
    // A server restart or network cut leaves the connection dead; reconnect before the batch. If
    // that fails too, the batch runs anyway and its jobs get the error.
    if (!connection_.healthy()) {
      if (auto reset = connection_.reset(); !reset)
        log::error("postgres.reconnect_failed", "postgresql writer: cannot reconnect", {{"error", reset.error().detail}});
    }
    run_write_batch(connection_, batch, results);
    for (std::size_t i = 0; i < batch.size(); ++i) Store::notify(batch[i].done, std::move(results[i]));
    batch.clear();
  }
}

}  // namespace sk::storage::postgres
