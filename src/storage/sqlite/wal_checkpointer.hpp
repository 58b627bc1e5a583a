// Moves WAL checkpoints off the writer thread. SQLite's automatic checkpoint runs inside the
// COMMIT that crosses the threshold, so one unlucky batch of requests would wait for megabytes of
// page copies and a database fsync. Here a separate connection checkpoints in the background
// (PASSIVE: it never blocks the writer or readers) and truncates the WAL when it grows large.
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "storage/sqlite/sqlite_db.hpp"

namespace sk::storage::sqlite {

class WalCheckpointer {
 public:
  explicit WalCheckpointer(Database db);
  ~WalCheckpointer();
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

  // Lets the writer hand over checkpointing: turns the writer's automatic checkpoint off.
  static Status disable_auto_checkpoint(Database& writer);

  void stop();

 private:
  void run();

  Database db_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace sk::storage::sqlite
