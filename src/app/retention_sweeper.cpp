#include "app/retention_sweeper.hpp"

#include "common/log.hpp"
#include "storage/upkeep.hpp"

namespace sk::app {

namespace {
constexpr int kBatch = 500;  // rows of each kind per write job: the writer is never held for long
}

domain::RetentionCutoffs retention_cutoffs(const RetentionSettings& s, Timestamp now) {
  return {now - s.delivered_outbox, now - s.delivery_logs, now - s.expired_sessions};
}

Result<domain::PrunedRows> RetentionSweeper::prune_once(Timestamp now) {
  domain::PrunedRows total;
  const auto cutoffs = retention_cutoffs(settings_, now);
  for (;;) {
    Result<domain::PrunedRows> batch = domain::PrunedRows{};
    auto committed = store_.write_now([&](domain::Repository& repo) {
      auto upkeep = storage::upkeep_of(repo);
      batch = upkeep ? upkeep->prune_old_rows(cutoffs, kBatch) : internal_error("no upkeep for this store");
      return batch.has_value();
    });
    if (!committed) return std::unexpected(committed.error());
    if (!batch) return std::unexpected(batch.error());
    total.outbox += batch->outbox;
    total.delivery_logs += batch->delivery_logs;
    total.sessions += batch->sessions;
    if (batch->outbox < kBatch && batch->delivery_logs < kBatch && batch->sessions < kBatch) return total;
  }
}

void RetentionSweeper::start() {
  thread_.start(settings_.interval, [this] {
    auto pruned = prune_once(now_utc());
    if (!pruned) log::error("retention.failed", "retention: cannot prune", {{"error", pruned.error().detail}});
    else if (pruned->total() > 0)
      log::info("retention.pruned", "retention: pruned delivered outbox rows, delivery logs and expired sessions",
                {{"outbox", static_cast<std::int64_t>(pruned->outbox)},
                 {"delivery_logs", static_cast<std::int64_t>(pruned->delivery_logs)},
                 {"sessions", static_cast<std::int64_t>(pruned->sessions)}});
  });
}

}  // namespace sk::app
