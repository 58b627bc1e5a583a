// Store contract: what read and write jobs promise, whatever the backend.
#pragma once

#include <atomic>
#include <future>
#include <stdexcept>
#include <thread>
#include <vector>

#include "storage/contract/store_contract.hpp"

namespace sk::storage::contract {

using namespace sk::domain;

TEST_P(StoreContract, ConcurrentWritesFromManyThreadsAllCommit) {
  constexpr int kThreads = 4;
  constexpr int kPerThread = 50;
  std::atomic<int> ok{0};
  std::atomic<int> failed{0};
  std::vector<std::thread> threads;
  std::vector<std::promise<void>> finished(kThreads * kPerThread);
  std::vector<std::string> ids(kThreads * kPerThread);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const int n = t * kPerThread + i;
        Organization org = make_organization("org-" + std::to_string(n));
        ids[n] = org.id;
        store_->write([org](Repository& repo) { return repo.insert_organization(org).has_value(); },
                      [&, n](Status s) {
                        (s ? ok : failed)++;
                        finished[n].set_value();
                      });
      }
    });
  }
  for (auto& t : threads) t.join();
  for (auto& f : finished) f.get_future().wait();
  EXPECT_EQ(ok.load(), kThreads * kPerThread);
  EXPECT_EQ(failed.load(), 0);
  int visible = 0;
  read([&](Repository& repo) {
    for (const auto& id : ids) visible += repo.find_organization(id)->has_value() ? 1 : 0;
  });
  EXPECT_EQ(visible, kThreads * kPerThread);
}

TEST_P(StoreContract, RolledBackJobLeavesNoTrace) {
  Organization undone = make_organization("undone"), kept = make_organization("kept");
  auto status = store_->write_now([&](Repository& repo) {
    EXPECT_TRUE(repo.insert_organization(undone));
    EXPECT_TRUE(repo.find_organization(undone.id)->has_value());  // its own writes are visible to it
    return false;
  });
  EXPECT_TRUE(status) << "a job that asks for a rollback has not failed";
  EXPECT_FALSE(organization_exists(undone.id));
  write([&](Repository& repo) { ASSERT_TRUE(repo.insert_organization(kept)); });
  EXPECT_TRUE(organization_exists(kept.id));
}

// A job that returns an error is rolled back like one returning false, and its caller learns why.
TEST_P(StoreContract, AJobsOwnErrorRollsItBackAndReachesTheCaller) {
  Organization undone = make_organization("errored");
  auto status = store_->write_now([&](Repository& repo) -> Status {
    SK_CHECK(repo.insert_organization(undone));
    return fail(ErrorKind::not_found, "Gone", "the job's own reason");
  });
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().kind, ErrorKind::not_found);
  EXPECT_EQ(status.error().detail, "the job's own reason");
  EXPECT_FALSE(organization_exists(undone.id));
  auto kept = store_->write_now([&](Repository& repo) -> Result<bool> { return true; });
  EXPECT_TRUE(kept);
}

TEST_P(StoreContract, ThrowingJobsAreReportedAndTheStoreKeepsWorking) {
  Organization lost = make_organization("lost");
  auto status = store_->write_now([&](Repository& repo) -> bool {
    EXPECT_TRUE(repo.insert_organization(lost));
    throw std::runtime_error("boom");
  });
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().kind, ErrorKind::internal);
  EXPECT_NE(status.error().detail.find("boom"), std::string::npos);
  EXPECT_FALSE(organization_exists(lost.id));

  EXPECT_FALSE(store_->read_now([](Repository&) { throw 42; }));

  Organization kept = make_organization("kept");
  write([&](Repository& repo) { ASSERT_TRUE(repo.insert_organization(kept)); });
  EXPECT_TRUE(organization_exists(kept.id));
}

// A job that ignores a failed statement and asks to keep its work must not be told it was kept.
TEST_P(StoreContract, KeepingAJobWhoseStatementFailedIsNotASuccessUnlessItStuck) {
  Organization org = make_organization("after-failure");
  Status inner;
  auto status = store_->write_now([&](Repository& repo) {
    inner = repo.insert_customer(make_customer("00000000-0000-4000-8000-000000000000", "x@example.com"));
    (void)repo.insert_organization(org);
    return true;
  });
  ASSERT_FALSE(inner);
  // SQLite undoes only the failed statement and keeps the rest; PostgreSQL aborts the whole
  // transaction. Either way, success must mean the job's other write is there.
  EXPECT_EQ(status.has_value(), organization_exists(org.id));
}

TEST_P(StoreContract, DoneIsCalledOnlyOnceTheDataIsVisibleToReaders) {
  constexpr int kWrites = 30;
  // Checked from another store on the same database: other connections, as another instance
  // would read. (Reading through store_ from its own done callback could wait for the very
  // thread running that callback.)
  Store& other = another_store();
  std::atomic<int> visible{0};
  std::vector<std::promise<void>> finished(kWrites);
  for (int i = 0; i < kWrites; ++i) {
    Organization org = make_organization("v-" + std::to_string(i));
    store_->write([org](Repository& repo) { return repo.insert_organization(org).has_value(); },
                  [&, i, id = org.id](Status s) {
                    EXPECT_TRUE(s);
                    (void)other.read_now([&](Repository& repo) {
                      if (repo.find_organization(id)->has_value()) visible++;
                    });
                    finished[i].set_value();
                  });
  }
  for (auto& f : finished) f.get_future().wait();
  EXPECT_EQ(visible.load(), kWrites);
}

TEST_P(StoreContract, ReadJobSeesOneSnapshot) {
  std::promise<void> first_read_done;
  std::promise<void> write_committed;
  std::optional<bool> before, after;
  std::promise<Status> read_done;
  store_->read(
      [&](Repository& repo) {
        before = repo.find_organization_by_slug("snap")->has_value();
        first_read_done.set_value();
        write_committed.get_future().wait();  // a write commits while this job's snapshot is open
        after = repo.find_organization_by_slug("snap")->has_value();
      },
      [&](Status s) { read_done.set_value(std::move(s)); });
  first_read_done.get_future().wait();
  Organization later = make_organization("snap");
  write([&](Repository& repo) { ASSERT_TRUE(repo.insert_organization(later)); });
  write_committed.set_value();

  EXPECT_TRUE(read_done.get_future().get());
  EXPECT_EQ(before, false);
  EXPECT_EQ(after, false);
  EXPECT_TRUE(organization_exists(later.id));  // a new read job sees it
}

TEST_P(StoreContract, ReadersCannotWrite) {
  Organization org = make_organization("ro");
  Status inner;
  ASSERT_TRUE(store_->read_now([&](Repository& repo) { inner = repo.insert_organization(org); }));
  ASSERT_FALSE(inner);
  EXPECT_EQ(inner.error().kind, ErrorKind::internal);
  EXPECT_FALSE(organization_exists(org.id));
}

TEST_P(StoreContract, CloseFinishesQueuedWorkThenRefusesMore) {
  constexpr int kWrites = 100;
  std::atomic<int> ok{0};
  for (int i = 0; i < kWrites; ++i) {
    Organization org = make_organization("q-" + std::to_string(i));
    store_->write([org](Repository& repo) { return repo.insert_organization(org).has_value(); },
                  [&](Status s) { ok += s ? 1 : 0; });
  }
  store_->close();
  EXPECT_EQ(ok.load(), kWrites);
  store_->close();  // idempotent

  std::optional<Status> late;
  store_->write([](Repository&) { return true; }, [&](Status s) { late = std::move(s); });
  ASSERT_TRUE(late);
  EXPECT_FALSE(*late);
  std::optional<Status> late_read;
  store_->read([](Repository&) {}, [&](Status s) { late_read = std::move(s); });
  ASSERT_TRUE(late_read);
  EXPECT_FALSE(*late_read);
}

TEST_P(StoreContract, DataSurvivesReopening) {
  Organization org = make_organization("durable");
  write([&](Repository& repo) { ASSERT_TRUE(repo.insert_organization(org)); });
  store_->close();
  store_.reset();
  store_ = open_store();  // migrations find the schema current and leave the data alone
  ASSERT_TRUE(store_);
  EXPECT_TRUE(organization_exists(org.id));
}

}  // namespace sk::storage::contract
