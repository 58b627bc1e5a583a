// The PostgreSQL writer's group commit (pg_writer.hpp) on a real database: one transaction per
// batch, each job alone in its savepoint, and what happens when a job, the transaction, the
// connection or the COMMIT fails.
#include "storage/postgres/pg_writer.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "storage/postgres/pg_repository.hpp"
#include "storage/postgres/pg_store.hpp"
#include "storage/postgres/pg_test_support.hpp"

namespace sk::storage::postgres {
namespace {

using testing::TestSchema;
using namespace std::chrono_literals;

Connection& connection_of(domain::Repository& repo) { return dynamic_cast<PgRepository&>(repo).connection(); }

long long number(Connection& c, const std::string& sql) {
  auto r = c.exec(sql);
  return r && r->rows() == 1 ? Row(*r, 0).int64(0) : -1;
}

class PgWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(schema_.ok());
    db_.emplace(connect());
    ASSERT_TRUE(db_->exec("CREATE TABLE t (id integer PRIMARY KEY, note text);"
                          "INSERT INTO t VALUES (1, ''), (2, '');"
                          "CREATE TABLE kept (v integer, tx bigint);"
                          "CREATE TABLE once (v integer UNIQUE DEFERRABLE INITIALLY DEFERRED)"));
  }

  Connection connect() {
    auto c = Connection::open(schema_.url());
    EXPECT_TRUE(c) << c.error().detail;
    return std::move(*c);
  }

  // A job that records `v` with the id of the transaction it ran in.
  static Store::WriteJob keep(int v) {
    return [v](domain::Repository& repo) -> Status {
      SK_CHECK(connection_of(repo).query("INSERT INTO kept VALUES ($1::int, txid_current())", v));
      return {};
    };
  }

  std::set<int> kept_values() {
    std::set<int> values;
    auto r = db_->exec("SELECT v FROM kept");
    for (int i = 0; r && i < r->rows(); ++i) values.insert(static_cast<int>(Row(*r, i).int64(0)));
    return values;
  }

  long long transactions_of_kept() { return number(*db_, "SELECT count(DISTINCT tx) FROM kept"); }

  static std::vector<PendingWrite> batch_of(std::vector<Store::WriteJob> jobs) {
    std::vector<PendingWrite> batch;
    for (auto& job : jobs) batch.push_back({std::move(job), {}});
    return batch;
  }

  TestSchema schema_;
  std::optional<Connection> db_;
};

TEST_F(PgWriterTest, ABatchIsOneTransactionAndEachJobIsUndoneAlone) {
  Connection writer = connect();
  auto batch = batch_of({
      keep(1),
      [](domain::Repository& repo) {  // asks for a rollback
        (void)connection_of(repo).exec("INSERT INTO kept VALUES (2, 0)");
        return false;
      },
      [](domain::Repository& repo) -> Status {  // fails with its own error
        SK_CHECK(connection_of(repo).exec("INSERT INTO kept VALUES (3, 0)"));
        return fail(ErrorKind::not_found, "Gone", "the job's own reason");
      },
      [](domain::Repository& repo) -> bool {  // throws
        (void)connection_of(repo).exec("INSERT INTO kept VALUES (4, 0)");
        throw std::runtime_error("boom");
      },
      [](domain::Repository& repo) {  // ignores a failed statement and asks to keep its work
        (void)connection_of(repo).exec("INSERT INTO kept VALUES (5, 0)");
        (void)connection_of(repo).exec("INSERT INTO t VALUES (1, 'duplicate')");
        return true;
      },
      keep(6),
  });
  std::vector<Status> results;
  run_write_batch(writer, batch, results);
  ASSERT_EQ(results.size(), 6u);
  EXPECT_TRUE(results[0]);
  EXPECT_TRUE(results[1]) << "a job that asks for a rollback has not failed";
  ASSERT_FALSE(results[2]);
  EXPECT_EQ(results[2].error().detail, "the job's own reason");
  ASSERT_FALSE(results[3]);
  EXPECT_NE(results[3].error().detail.find("boom"), std::string::npos);
  EXPECT_FALSE(results[4]) << "its insert of 5 would be kept without the statement it ignored";
  EXPECT_TRUE(results[5]);
  EXPECT_EQ(kept_values(), (std::set<int>{1, 6}));
  EXPECT_EQ(transactions_of_kept(), 1);
  EXPECT_EQ(writer.transaction_state(), Connection::TxState::idle);
}

// Nothing is acknowledged that did not commit: a COMMIT that fails (here a deferred unique
// check) fails every job of its transaction, including one that had asked for a rollback.
TEST_F(PgWriterTest, AFailedCommitFailsEveryJobInTheTransaction) {
  Connection writer = connect();
  auto insert_once = [](domain::Repository& repo) -> Status {
    SK_CHECK(connection_of(repo).exec("INSERT INTO once VALUES (1)"));
    return {};
  };
  auto batch = batch_of({insert_once, keep(1), [](domain::Repository&) { return false; }, insert_once});
  std::vector<Status> results;
  run_write_batch(writer, batch, results);
  ASSERT_EQ(results.size(), 4u);
  for (const auto& r : results) EXPECT_FALSE(r);
  EXPECT_TRUE(kept_values().empty());
  EXPECT_EQ(number(*db_, "SELECT count(*) FROM once"), 0);

  auto next = batch_of({keep(2)});
  run_write_batch(writer, next, results);
  EXPECT_TRUE(results[0]);
  EXPECT_EQ(kept_values(), (std::set<int>{2}));
}

// A job that kills the connection loses its transaction: the jobs before it in that transaction
// fail too (their work is gone), the jobs after it run on a new connection and commit.
TEST_F(PgWriterTest, ALostConnectionFailsItsTransactionAndTheRestGoOn) {
  Connection writer = connect();
  auto batch = batch_of({keep(1),
                         [](domain::Repository& repo) -> Status {
                           SK_CHECK(connection_of(repo).exec("SELECT pg_terminate_backend(pg_backend_pid())"));
                           return {};
                         },
                         keep(3)});
  std::vector<Status> results;
  run_write_batch(writer, batch, results);
  ASSERT_EQ(results.size(), 3u);
  EXPECT_FALSE(results[0]);
  EXPECT_FALSE(results[1]);
  EXPECT_TRUE(results[2]) << results[2].error().detail;
  EXPECT_EQ(kept_values(), (std::set<int>{3}));
}

// The writer's job 2 waits for a row another transaction holds while that transaction waits for
// the row job 1 (already kept) holds. The writer is made the deadlock victim (a short
// deadlock_timeout: its check finds the cycle first). Retrying job 2 inside the same transaction
// would meet the same cycle; instead job 1 commits, which frees its row, the other transaction
// finishes, and job 2 runs again (and succeeds) in a new transaction with job 3.
TEST_F(PgWriterTest, ADeadlockedJobCommitsItsPredecessorsAndRunsAgain) {
  Connection writer = connect();
  ASSERT_TRUE(writer.exec("SET deadlock_timeout = '300ms'"));
  Connection other = connect();
  ASSERT_TRUE(other.exec("SET deadlock_timeout = '60s'"));
  ASSERT_TRUE(other.exec("BEGIN; SELECT * FROM t WHERE id = 2 FOR UPDATE"));

  std::promise<void> holding_row_1;
  int attempts_of_job_2 = 0;
  auto batch = batch_of({
      [&](domain::Repository& repo) -> Status {
        SK_CHECK(connection_of(repo).exec("UPDATE t SET note = 'job 1' WHERE id = 1"));
        SK_CHECK(connection_of(repo).exec("INSERT INTO kept VALUES (1, txid_current())"));
        holding_row_1.set_value();
        return {};
      },
      [&](domain::Repository& repo) -> Status {
        ++attempts_of_job_2;
        SK_CHECK(connection_of(repo).exec("UPDATE t SET note = 'job 2' WHERE id = 2"));
        SK_CHECK(connection_of(repo).exec("INSERT INTO kept VALUES (2, txid_current())"));
        return {};
      },
      keep(3),
  });
  std::vector<Status> results;
  auto writing = std::async(std::launch::async, [&] { run_write_batch(writer, batch, results); });
  holding_row_1.get_future().wait();
  // Blocks until job 1's transaction ends (it would wait forever if the writer kept it open).
  auto locked = other.exec("UPDATE t SET note = 'other' WHERE id = 1");
  EXPECT_TRUE(locked) << (locked ? "" : locked.error().detail);
  ASSERT_TRUE(other.exec("COMMIT"));
  writing.get();

  ASSERT_EQ(results.size(), 3u);
  for (const auto& r : results) EXPECT_TRUE(r) << r.error().detail;
  EXPECT_EQ(attempts_of_job_2, 2);
  EXPECT_EQ(kept_values(), (std::set<int>{1, 2, 3}));
  EXPECT_EQ(transactions_of_kept(), 2) << "job 1 alone, then jobs 2 and 3";
  EXPECT_EQ(number(*db_, "SELECT count(DISTINCT tx) FROM kept WHERE v IN (2, 3)"), 1);
  auto notes = db_->exec("SELECT note FROM t ORDER BY id");
  ASSERT_TRUE(notes);
  EXPECT_EQ(Row(*notes, 0).text(0), "other");  // the other transaction updated row 1 after job 1
  EXPECT_EQ(Row(*notes, 1).text(0), "job 2");  // job 2 updated row 2 after the other committed
}

// Through the store: jobs queued while the writer is busy are committed together, and each
// caller hears of its job only after that commit.
TEST_F(PgWriterTest, TheStoreCommitsQueuedWritesTogether) {
  auto store = open_pg_store(schema_.url(), {.max_batch = 64, .connections = 2});
  ASSERT_TRUE(store) << store.error().detail;
  std::promise<void> release;
  auto released = release.get_future().share();
  std::promise<void> started;
  (*store)->write(
      [&](domain::Repository&) {
        started.set_value();
        released.wait();  // holds the writer while the others queue up
        return true;
      },
      {});
  started.get_future().wait();
  constexpr int kJobs = 40;
  std::vector<std::promise<Status>> done(kJobs);
  Connection observer = connect();
  std::atomic<int> visible_when_done{0};
  for (int i = 0; i < kJobs; ++i)
    (*store)->write(keep(100 + i), [&, i](Status s) {
      // Another connection sees the row by the time its caller is told.
      auto r = observer.query("SELECT count(*) FROM kept WHERE v = $1::int", 100 + i);
      if (r && Row(*r, 0).int64(0) == 1) visible_when_done++;
      done[i].set_value(std::move(s));
    });
  const auto before = store_metrics().commit_batch_size.snapshot();
  release.set_value();
  for (auto& d : done) EXPECT_TRUE(d.get_future().get());
  EXPECT_EQ(visible_when_done.load(), kJobs);
  EXPECT_EQ(transactions_of_kept(), 1) << "40 queued jobs, one transaction";
  const auto after = store_metrics().commit_batch_size.snapshot();
  EXPECT_GE(after.sum - before.sum, kJobs) << "the commits counted their jobs";
  (*store)->close();
}

}  // namespace
}  // namespace sk::storage::postgres
