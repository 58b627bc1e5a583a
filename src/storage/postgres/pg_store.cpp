#include "storage/postgres/pg_store.hpp"

#include <algorithm>
#include <utility>

#include "storage/postgres/pg_pool.hpp"
#include "storage/postgres/pg_repository.hpp"
#include "storage/postgres/pg_schema.hpp"
#include "storage/postgres/pg_writer.hpp"

namespace sk::storage::postgres {

// A read job's snapshot begins in the round trip of its first statement (the BEGIN is deferred),
// and its ROLLBACK is sent without waiting for the answer, which the connection reads before its
// next statement: the job's own statements are all the round trips it waits for.
Status run_read_job(Connection& c, Store::ReadJob& job) {
  c.defer("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", {}, /*begins_transaction=*/true);
  PgRepository repo(c, /*lock_rows=*/false);
  auto call = [&]() -> Status {
    job(repo);
    return {};
  };
  Status status = run_guarded(call);
  // Nothing to keep: ending the snapshot is all that is left. (A statement that failed inside,
  // such as a write in this read-only transaction, already reported itself to the job.)
  c.discard_deferred();  // the BEGIN of a job that ran no statement
  if (c.transaction_state() != Connection::TxState::idle) c.send_without_waiting("ROLLBACK");
  return status;
}

namespace {

class PgStore final : public Store {
 public:
  PgStore(std::unique_ptr<ConnectionPool> readers, std::unique_ptr<Writer> writer)
      : pool_(std::move(readers)), writer_(std::move(writer)) {}
  ~PgStore() override { close(); }

  void read(ReadJob job, Done done) override {
    auto shared = std::make_shared<std::pair<ReadJob, Done>>(std::move(job), std::move(done));
    ConnectionPool::Task task = [shared](Connection& c) { Store::notify(shared->second, run_read_job(c, shared->first)); };
    if (!pool_->submit(task)) Store::notify(shared->second, closed_error());
  }

  void write(WriteJob job, Done done) override {
    PendingWrite write{std::move(job), std::move(done)};
    if (!writer_->submit(write)) Store::notify(write.done, closed_error());
  }

  // Must not be called from a done callback: it joins the thread running that callback.
  void close() override {
    writer_->close();
    pool_->close();
  }

 private:
  static std::unexpected<Error> closed_error() { return internal_error("the store is closed"); }

  std::unique_ptr<ConnectionPool> pool_;  // read jobs
  std::unique_ptr<Writer> writer_;        // write jobs, group-committed
};

}  // namespace

Result<std::unique_ptr<Store>> open_pg_store(const std::string& url, const StoreOptions& options) {
  SK_CHECK(migrate_pg(url));
  // One of the instance's connections writes; the others (at least one) serve read jobs.
  SK_TRY(writer_connection, Connection::open(url));
  SK_TRY(readers, ConnectionPool::open(url, std::max(1, options.connections - 1)));
  auto writer = std::make_unique<Writer>(std::move(writer_connection), static_cast<std::size_t>(std::max(1, options.max_batch)));
  return std::make_unique<PgStore>(std::move(readers), std::move(writer));
}

Status migrate_pg(const std::string& url) {
  SK_TRY(connection, Connection::open(url));
  return apply_migrations(connection);
}

}  // namespace sk::storage::postgres
