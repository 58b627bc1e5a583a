// Prunes what the service no longer needs: delivered outbox rows, old webhook delivery logs and
// expired sessions. A thread wakes every `interval` and deletes in bounded batches.
#pragma once

#include <chrono>

#include "app/periodic_thread.hpp"
#include "domain/upkeep_repository.hpp"
#include "storage/store.hpp"

namespace sk::app {

struct RetentionSettings {
  std::chrono::seconds delivered_outbox{std::chrono::days(7)};
  std::chrono::seconds delivery_logs{std::chrono::days(30)};
  std::chrono::seconds expired_sessions{std::chrono::days(1)};  // kept a while after they expire
  std::chrono::milliseconds interval{std::chrono::minutes(10)};
};

domain::RetentionCutoffs retention_cutoffs(const RetentionSettings&, Timestamp now);

class RetentionSweeper {
 public:
  RetentionSweeper(storage::Store& store, RetentionSettings settings) : store_(store), settings_(settings) {}

  void start();
  void stop() { thread_.stop(); }
  // One pass, now, on the caller's thread: every batch until nothing is left to prune.
  Result<domain::PrunedRows> prune_once(Timestamp now);

 private:
  storage::Store& store_;
  RetentionSettings settings_;
  PeriodicThread thread_;
};

}  // namespace sk::app
