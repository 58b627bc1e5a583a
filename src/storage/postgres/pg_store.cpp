#include "storage/postgres/pg_store.hpp"

#include "storage/store_metrics.hpp"

#include <exception>
#include <utility>

#include "storage/postgres/pg_pool.hpp"
#include "storage/postgres/pg_repository.hpp"
#include "storage/postgres/pg_schema.hpp"

namespace sk::storage::postgres {
namespace {

// A deadlock or serialization failure aborts one of the transactions involved; running the
// job again from the start is the standard remedy. Bounded, so a pathological workload fails
// visibly instead of spinning.
constexpr int kMaxWriteAttempts = 3;

void roll_back(Connection& c) {
  if (c.transaction_state() != Connection::TxState::idle) (void)c.exec("ROLLBACK");
}

// Starts a transaction. A connection the server dropped while idle (restart, fail-over, a
// firewall's idle timeout) only shows as dead when used; nothing has run yet at this point, so
// reconnecting and trying once more is safe.
Status begin(Connection& c, const char* sql) {
  auto began = c.exec(sql);
  if (began) return {};
  if (c.healthy()) return std::unexpected(began.error());
  SK_CHECK(c.reset());
  SK_CHECK(c.exec(sql));
  return {};
}

Status run_read(Connection& c, Store::ReadJob& job) {
  SK_CHECK(begin(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"));
  PgRepository repo(c, /*lock_rows=*/false);
  auto call = [&]() -> Status {
    job(repo);
    return {};
  };
  Status status = run_guarded(call);
  // Nothing to keep: ending the snapshot is all that is left. (A statement that failed inside,
  // such as a write in this read-only transaction, already reported itself to the job.)
  roll_back(c);
  return status;
}

// One attempt: BEGIN, the job, then COMMIT if it kept its work, ROLLBACK otherwise. Sets
// `retry` when PostgreSQL aborted the transaction for a reason a fresh attempt may not meet.
Status write_once(Connection& c, Store::WriteJob& job, bool& retry) {
  retry = false;
  c.forget_last_error();
  SK_CHECK(begin(c, "BEGIN"));
  PgRepository repo(c, /*lock_rows=*/true);
  auto call = [&] { return job(repo); };
  const WriteOutcome outcome = run_guarded(call);
  const bool keep = outcome && *outcome;
  Status status = outcome ? Status{} : std::unexpected(outcome.error());
  if (c.last_error_retryable()) {
    roll_back(c);
    retry = true;
    return internal_error("postgresql: transaction aborted by a deadlock or serialization failure");
  }
  if (!status || !keep) {
    roll_back(c);
    return status;  // a job returning false was rolled back as it asked: that is not an error
  }
  if (c.transaction_state() == Connection::TxState::failed) {
    // The job ignored a failed statement; COMMIT would silently roll back, so say so instead.
    roll_back(c);
    return internal_error("postgresql: the job's transaction was aborted by an earlier error");
  }
  auto committed = c.exec("COMMIT");
  if (committed) return {};
  retry = c.last_error_retryable();
  roll_back(c);
  return std::unexpected(committed.error());
}

Status run_write(Connection& c, Store::WriteJob& job) {
  for (int attempt = 1;; ++attempt) {
    bool retry = false;
    Status status = write_once(c, job, retry);
    if (!retry || attempt == kMaxWriteAttempts) return status;
  }
}

class PgStore final : public Store {
 public:
  explicit PgStore(std::unique_ptr<ConnectionPool> pool) : pool_(std::move(pool)) {}
  ~PgStore() override { close(); }

  void read(ReadJob job, Done done) override {
    auto shared = std::make_shared<std::pair<ReadJob, Done>>(std::move(job), std::move(done));
    ConnectionPool::Task task = [shared](Connection& c) { Store::notify(shared->second, run_read(c, shared->first)); };
    if (!pool_->submit(task)) Store::notify(shared->second, closed_error());
  }

  void write(WriteJob job, Done done) override {
    auto shared = std::make_shared<std::pair<WriteJob, Done>>(std::move(job), std::move(done));
    ConnectionPool::Task task = [shared](Connection& c) {
      store_metrics().commit_batch_size.observe(1);  // no group commit: one job per transaction
      Store::notify(shared->second, run_write(c, shared->first));
    };
    if (!pool_->submit(task)) Store::notify(shared->second, closed_error());
  }

  // Must not be called from a done callback: it joins the thread running that callback.
  void close() override { pool_->close(); }

 private:
  static std::unexpected<Error> closed_error() { return internal_error("the store is closed"); }

  std::unique_ptr<ConnectionPool> pool_;
};

}  // namespace

Result<std::unique_ptr<Store>> open_pg_store(const std::string& url, const StoreOptions& options) {
  SK_CHECK(migrate_pg(url));
  SK_TRY(pool, ConnectionPool::open(url, options.connections));
  return std::make_unique<PgStore>(std::move(pool));
}

Status migrate_pg(const std::string& url) {
  SK_TRY(connection, Connection::open(url));
  return apply_migrations(connection);
}

}  // namespace sk::storage::postgres
