#include "storage/sqlite/wal_checkpointer.hpp"

#include <sqlite3.h>

#include <chrono>
#include <cstdio>

#include "common/log.hpp"

namespace sk::storage::sqlite {
namespace {

constexpr auto kInterval = std::chrono::milliseconds(200);
// Past this many frames (~4 MiB of 4 KiB pages) the WAL is not restarting on its own: under a
// steady load some reader always holds a snapshot inside it, and new frames keep arriving, so a
// PASSIVE checkpoint never finds it both fully copied and unused. A TRUNCATE checkpoint then
// waits (at most the connection's busy timeout) for that moment, holding new writes off while it
// copies what the PASSIVE one left (a few frames), and cuts the file back to nothing: the WAL on
// disk stays near this size instead of growing with the load (80 MB after 20,000 assigns).
// (RESTART, which leaves the file at journal_size_limit instead, kept 36 MB of WAL at 40,000
// seats in one run; truncating cost 0-15 % of the assigns there: performance.md.)
constexpr int kTruncateFrames = 1024;

}  // namespace

WalCheckpointer::WalCheckpointer(Database db) : db_(std::move(db)) {
  // A connection learns that the file is in WAL mode only when it first reads it; until then a
  // checkpoint call is a silent no-op.
  (void)db_.exec("SELECT count(*) FROM sqlite_master");
  thread_ = std::thread([this] { run(); });
}

WalCheckpointer::~WalCheckpointer() { stop(); }

Status WalCheckpointer::disable_auto_checkpoint(Database& writer) {
  const int rc = sqlite3_wal_autocheckpoint(writer.handle(), 0);
  if (rc != SQLITE_OK) return internal_error("sqlite: cannot turn off automatic checkpoints");
  // After a reset the WAL file is cut back to this size instead of staying at its peak.
  return writer.exec("PRAGMA journal_size_limit = 4194304");
}

void WalCheckpointer::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void WalCheckpointer::run() {
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, kInterval, [this] { return stopping_; })) {
    lock.unlock();
    int log_frames = 0;
    int copied = 0;
    const int rc = sqlite3_wal_checkpoint_v2(db_.handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &log_frames, &copied);
    if (rc == SQLITE_OK && log_frames > kTruncateFrames)
      (void)sqlite3_wal_checkpoint_v2(db_.handle(), nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
    else if (rc != SQLITE_OK && rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
      log::error("sqlite.checkpoint_failed", "sqlite: background checkpoint failed", {{"error", sqlite3_errstr(rc)}});
    lock.lock();
  }
  // A last full checkpoint on a clean shutdown leaves a small WAL behind.
  lock.unlock();
  (void)sqlite3_wal_checkpoint_v2(db_.handle(), nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
}

}  // namespace sk::storage::sqlite
