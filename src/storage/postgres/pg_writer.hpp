// The PostgreSQL store's writer: one connection on its own thread that takes the instance's
// queued write jobs in batches and commits each batch once (group commit), as the SQLite writer
// does. Every job runs in its own SAVEPOINT inside the batch's READ COMMITTED transaction:
//  - a job that returns false, returns an error, throws, or ignores a failed statement is rolled
//    back to its savepoint alone; its batch-mates keep their work;
//  - a job aborted by a deadlock or serialization failure is rolled back to its savepoint, the
//    jobs before it are committed (that frees the row locks they hold, which the other
//    transaction of the deadlock may be waiting for), and it runs again first in a fresh
//    transaction: at most three attempts, as when every job was its own transaction;
//  - if the transaction itself is lost (connection dropped, a savepoint that cannot be released),
//    the jobs run in it so far get the error and the rest go on in a new transaction;
//  - a COMMIT that fails for a retryable reason re-runs that transaction's jobs (nothing of them
//    was committed); otherwise every job in it gets the error.
// `done` is called only once the transaction holding the job committed (or failed): a 200 is
// never sent for a write that is not durable. One writer per instance means the instance's write
// jobs never wait for each other's row locks; instances still serialise on them in the database.
#pragma once

#include <cstddef>
#include <mutex>
#include <thread>
#include <vector>

#include "common/error.hpp"
#include "storage/postgres/pg_connection.hpp"
#include "storage/store.hpp"
#include "storage/store_metrics.hpp"
#include "storage/work_queue.hpp"

namespace sk::storage::postgres {

struct PendingWrite {
  Store::WriteJob job;
  Store::Done done;
};

// Runs `batch` on `c` as described above and sets results[i] (resized to the batch) to job i's
// outcome. Notifies no one: the caller does, after this returns. Observes commit_batch_size for
// every COMMIT that succeeded.
void run_write_batch(Connection& c, std::vector<PendingWrite>& batch, std::vector<Status>& results);

class Writer {
 public:
  Writer(Connection connection, std::size_t max_batch);
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // Queues `write`; false (write untouched) once the writer is closed.
  bool submit(PendingWrite& write) { return queue_.push(write); }

  // Commits what is queued, then joins the thread. Idempotent; must not be called from a `done`.
  void close();

 private:
  void loop();

  Connection connection_;
  std::size_t max_batch_;
  WorkQueue<PendingWrite> queue_{&store_metrics().write_queue};
  std::thread thread_;
  std::mutex close_mutex_;
};

}  // namespace sk::storage::postgres
