#include "storage/sqlite/sqlite_store.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "storage/sqlite/sqlite_connection.hpp"
#include "storage/sqlite/sqlite_repository.hpp"
#include "storage/sqlite/wal_checkpointer.hpp"
#include "storage/sqlite/wal_index_probe.hpp"
#include "storage/store_metrics.hpp"
#include "storage/work_queue.hpp"

namespace sk::storage::sqlite {
namespace {

// A connection with the repository bound to it. Heap-allocated so the repository's reference
// stays valid while the owning vectors move.
struct Connection {
  explicit Connection(Database database) : db(std::move(database)), repo(db) {}
  Database db;
  SqliteRepository repo;
};

class SqliteStore final : public Store {
 public:
  SqliteStore(std::unique_ptr<Connection> writer, std::vector<std::unique_ptr<Connection>> readers,
              std::unique_ptr<WalCheckpointer> checkpointer, const StoreOptions& options)
      : writer_(std::move(writer)),
        readers_(std::move(readers)),
        checkpointer_(std::move(checkpointer)),
        max_batch_(static_cast<std::size_t>(std::max(1, options.max_batch))),
        wal_probe_(WalIndexProbe::attach(writer_->db.handle())) {
    writer_thread_ = std::thread([this] { writer_loop(); });
    for (auto& reader : readers_) reader_threads_.emplace_back([this, c = reader.get()] { reader_loop(*c); });
  }

  ~SqliteStore() override { close(); }

  void read(ReadJob job, Done done) override {
    ReadItem item{std::move(job), std::move(done)};
    if (!reads_.push(item)) notify(item.done, closed_error());
  }

  void write(WriteJob job, Done done) override {
    WriteItem item{std::move(job), std::move(done)};
    if (!writes_.push(item)) notify(item.done, closed_error());
  }

  std::optional<CommitVersion> commit_version() const override {
    if (!wal_probe_) return std::nullopt;
    CommitVersion version;
    version.own_commits = own_commits_.load(std::memory_order_acquire);
    auto shared = wal_probe_->version();
    if (!shared) return std::nullopt;
    version.shared = *shared;
    return version;
  }

  // Must not be called from a done callback: it joins the thread running that callback.
  void close() override {
    std::lock_guard lock(close_mutex_);
    writes_.close();
    reads_.close();
    if (writer_thread_.joinable()) writer_thread_.join();
    for (auto& t : reader_threads_)
      if (t.joinable()) t.join();
    checkpointer_->stop();
  }

 private:
  struct ReadItem {
    ReadJob job;
    Done done;
  };
  struct WriteItem {
    WriteJob job;
    Done done;
  };

  static std::unexpected<Error> closed_error() { return internal_error("the store is closed"); }

  // ---- reads ----

  void reader_loop(Connection& c) {
    std::vector<ReadItem> batch;
    while (reads_.pop_batch(batch, 1)) {
      for (auto& item : batch) notify(item.done, run_read(c, item.job));
      batch.clear();
    }
  }

  // One deferred transaction per job, so every query of the job sees the same snapshot.
  static Status run_read(Connection& c, ReadJob& job) {
    c.repo.begin_job();
    SK_CHECK(c.db.run("BEGIN"));
    auto call = [&]() -> Status {
      job(c.repo);
      return {};
    };
    Status status = run_guarded(call);
    if (c.db.in_transaction()) {
      Status ended = c.db.run("COMMIT");
      if (!ended && c.db.in_transaction()) (void)c.db.exec("ROLLBACK");
      if (status && !ended) status = std::move(ended);
    }
    return status;
  }

  // ---- writes ----

  void writer_loop() {
    std::vector<WriteItem> batch;
    std::vector<Status> results;
    while (writes_.pop_batch(batch, max_batch_)) {
      store_metrics().commit_batch_size.observe(static_cast<double>(batch.size()));
      results.assign(batch.size(), Status{});
      const auto changes_before = writer_->db.total_changes();
      run_batch(batch, results);
      // Before any job of the batch completes (and its answer is sent), so an answer cached
      // before this commit is never served after it. A batch that changed no row (the delivery
      // workers' polls) leaves kept answers alone; the WAL index header tells the same.
      if (writer_->db.total_changes() != changes_before) own_commits_.fetch_add(1, std::memory_order_release);
      // Only now is every kept job durable (or known to have failed).
      for (std::size_t i = 0; i < batch.size(); ++i) notify(batch[i].done, std::move(results[i]));
      batch.clear();
    }
  }

  // Group commit: all jobs share one IMMEDIATE transaction and one fsync; each runs in its own
  // savepoint so a job that returns false or an error (or throws) is undone without touching its batch-mates.
  // If SQLite aborts the whole transaction mid-batch (I/O error, disk full), the jobs already run
  // in it are failed and the rest continue in a fresh transaction.
  void run_batch(std::vector<WriteItem>& batch, std::vector<Status>& results) {
    Database& db = writer_->db;
    const std::size_t n = batch.size();
    std::size_t first = 0;  // first job of the open transaction
    auto fail_range = [&](std::size_t from, std::size_t to, const Error& error) {
      for (std::size_t i = from; i < to; ++i)
        if (results[i]) results[i] = std::unexpected(error);
    };

    Status began = db.run("BEGIN IMMEDIATE");
    if (!began) return fail_range(0, n, began.error());
    for (std::size_t i = 0; i < n; ++i) {
      results[i] = run_write(batch[i].job);
      if (db.in_transaction()) continue;
      const Error lost = results[i] ? internal_error("sqlite rolled back the transaction").error() : results[i].error();
      fail_range(first, i + 1, lost);
      first = i + 1;
      if (first < n) {
        began = db.run("BEGIN IMMEDIATE");
        if (!began) return fail_range(first, n, began.error());
      }
    }
    if (first == n) return;
    Status committed = db.run("COMMIT");
    if (committed) return;
    if (db.in_transaction()) (void)db.exec("ROLLBACK");
    // Every job in the transaction is lost, including ones that had chosen to roll back: they
    // still learn that the store failed.
    for (std::size_t i = first; i < n; ++i) results[i] = std::unexpected(committed.error());
  }

  Status run_write(WriteJob& job) {
    Database& db = writer_->db;
    SK_CHECK(db.run("SAVEPOINT job"));
    writer_->repo.begin_job();
    auto call = [&] { return job(writer_->repo); };
    const WriteOutcome outcome = run_guarded(call);
    Status status = outcome ? Status{} : std::unexpected(outcome.error());
    if (!db.in_transaction()) return status;  // run_batch notices and fails the batch
    if (outcome && *outcome) return release();
    Status undone = db.run("ROLLBACK TO job");
    if (undone) undone = release();
    if (!undone) return undone;
    return status;  // a job returning false was rolled back as it asked: that is not an error
  }

  Status release() {
    Database& db = writer_->db;
    Status released = db.run("RELEASE job");
    // A savepoint that cannot be released leaves the transaction in an unknown state; drop it all.
    if (!released && db.in_transaction()) (void)db.exec("ROLLBACK");
    return released;
  }

  std::unique_ptr<Connection> writer_;
  std::vector<std::unique_ptr<Connection>> readers_;
  std::unique_ptr<WalCheckpointer> checkpointer_;
  std::size_t max_batch_;
  // Reads the writer connection's mapping of the shared memory: only while the connections are
  // open (the store's callers stop before close()).
  std::unique_ptr<WalIndexProbe> wal_probe_;
  std::atomic<std::uint64_t> own_commits_{0};
  WorkQueue<WriteItem> writes_{&store_metrics().write_queue};
  WorkQueue<ReadItem> reads_{&store_metrics().read_queue};
  std::thread writer_thread_;
  std::vector<std::thread> reader_threads_;
  std::mutex close_mutex_;
};

}  // namespace

Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path, const StoreOptions& options) {
  SK_TRY(write_db, open_write_connection(path));
  SK_CHECK(WalCheckpointer::disable_auto_checkpoint(write_db));
  SK_TRY(checkpoint_db, Database::open(path, OpenMode::existing));
  SK_CHECK(checkpoint_db.exec("PRAGMA busy_timeout = 100"));  // a truncation may wait briefly, never long
  auto checkpointer = std::make_unique<WalCheckpointer>(std::move(checkpoint_db));
  auto writer = std::make_unique<Connection>(std::move(write_db));
  std::vector<std::unique_ptr<Connection>> readers;
  const int reader_count = std::max(1, options.reader_threads);
  for (int i = 0; i < reader_count; ++i) {
    SK_TRY(read_db, open_read_connection(path));
    readers.push_back(std::make_unique<Connection>(std::move(read_db)));
  }
  return std::make_unique<SqliteStore>(std::move(writer), std::move(readers), std::move(checkpointer), options);
}

Status migrate_sqlite(const std::string& path) {
  SK_TRY(db, open_write_connection(path));
  return {};
}

}  // namespace sk::storage::sqlite
