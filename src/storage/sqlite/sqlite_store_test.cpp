#include "storage/sqlite/sqlite_store.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <stdexcept>
#include <thread>
#include <vector>

#include "storage/sqlite/sqlite_repository.hpp"
#include "storage/sqlite/sqlite_test_support.hpp"

namespace sk::storage::sqlite {
namespace {

using namespace sk::domain;
using namespace sk::storage::sqlite::testing;

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = open_sqlite_store(dir_.file("data/store.db"), StoreOptions{.reader_threads = 2, .max_batch = 64});
    ASSERT_TRUE(opened) << opened.error().detail;
    store_ = std::move(*opened);
  }
  void TearDown() override {
    if (store_) store_->close();
  }

  // Reads through the store, the way the service sees committed state.
  bool organization_exists(const std::string& id) {
    bool exists = false;
    auto status = store_->read_now([&](Repository& repo) {
      auto found = repo.find_organization(id);
      exists = found && found->has_value();
    });
    EXPECT_TRUE(status);
    return exists;
  }

  int organization_count() {
    int count = 0;
    for (int i = 0;; ++i) {
      bool exists = false;
      (void)store_->read_now([&](Repository& repo) {
        auto found = repo.find_organization_by_slug("org-" + std::to_string(i));
        exists = found && found->has_value();
      });
      if (!exists) return count;
      ++count;
    }
  }

  // Occupies the writer until the returned promise is fulfilled, so jobs queued meanwhile are
  // taken together as one batch.
  std::promise<void> block_writer() {
    std::promise<void> release;
    std::promise<void> started;
    auto released = release.get_future().share();
    store_->write(
        [released, &started](Repository&) {
          started.set_value();
          released.wait();
          return true;
        },
        [](Status) {});
    started.get_future().wait();
    return release;
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(SqliteStoreTest, RolledBackJobLeavesNoTraceWhileBatchMatesPersist) {
  Organization a = make_organization("a"), b = make_organization("b"), c = make_organization("c");
  std::promise<void> release = block_writer();

  std::vector<std::future<Status>> results;
  bool c_saw_a = false;
  bool a_visible_to_readers = true;
  auto submit = [&](Store::WriteJob job) {
    auto done = std::make_shared<std::promise<Status>>();
    results.push_back(done->get_future());
    store_->write(std::move(job), [done](Status s) { done->set_value(std::move(s)); });
  };
  submit([&](Repository& repo) { return repo.insert_organization(a).has_value(); });
  submit([&](Repository& repo) {
    EXPECT_TRUE(repo.insert_organization(b));
    return false;  // changed its mind: undo only this job
  });
  submit([&](Repository& repo) {
    // Same transaction as a: a's row is visible here, but not yet to readers (not committed).
    auto found = repo.find_organization(a.id);
    c_saw_a = found && found->has_value();
    a_visible_to_readers = organization_exists(a.id);
    return repo.insert_organization(c).has_value();
  });
  release.set_value();

  for (auto& r : results) EXPECT_TRUE(r.get());
  EXPECT_TRUE(c_saw_a);
  EXPECT_FALSE(a_visible_to_readers) << "a was committed before its batch-mates ran: no group commit";
  EXPECT_TRUE(organization_exists(a.id));
  EXPECT_FALSE(organization_exists(b.id));
  EXPECT_TRUE(organization_exists(c.id));
}

TEST_F(SqliteStoreTest, UniqueViolationReachesTheJobAndSparesTheBatch) {
  Organization first = make_organization("taken");
  ASSERT_TRUE(store_->write_now([&](Repository& repo) { return repo.insert_organization(first).has_value(); }));

  std::promise<void> release = block_writer();
  Organization twin = make_organization("taken"), other = make_organization("other");
  std::promise<Error> twin_error;
  std::promise<Status> twin_done, other_done;
  store_->write(
      [&](Repository& repo) {
        auto s = repo.insert_organization(twin);
        if (!s) twin_error.set_value(s.error());
        return s.has_value();
      },
      [&](Status s) { twin_done.set_value(std::move(s)); });
  store_->write([&](Repository& repo) { return repo.insert_organization(other).has_value(); },
                [&](Status s) { other_done.set_value(std::move(s)); });
  release.set_value();

  const Error error = twin_error.get_future().get();
  EXPECT_TRUE(is_conflict(error)) << error.detail;
  EXPECT_EQ(error.kind, ErrorKind::conflict);
  EXPECT_TRUE(twin_done.get_future().get());
  EXPECT_TRUE(other_done.get_future().get());
  EXPECT_TRUE(organization_exists(other.id));
  EXPECT_FALSE(organization_exists(twin.id));
}

TEST_F(SqliteStoreTest, TransactionLostMidBatchFailsTheJobsItHeld) {
  Organization a = make_organization("a"), b = make_organization("b"), c = make_organization("c");
  std::promise<void> release = block_writer();
  std::promise<Status> a_done, b_done, c_done;
  store_->write([&](Repository& repo) { return repo.insert_organization(a).has_value(); },
                [&](Status s) { a_done.set_value(std::move(s)); });
  store_->write(
      [&](Repository& repo) {
        EXPECT_TRUE(repo.insert_organization(b));
        // What SQLite does by itself on an I/O error or a full disk: the whole transaction goes.
        EXPECT_TRUE(dynamic_cast<SqliteRepository&>(repo).database().exec("ROLLBACK"));
        return true;
      },
      [&](Status s) { b_done.set_value(std::move(s)); });
  store_->write([&](Repository& repo) { return repo.insert_organization(c).has_value(); },
                [&](Status s) { c_done.set_value(std::move(s)); });
  release.set_value();

  EXPECT_FALSE(a_done.get_future().get()) << "a's work was lost with the transaction";
  EXPECT_FALSE(b_done.get_future().get());
  EXPECT_TRUE(c_done.get_future().get()) << "c runs in a fresh transaction";
  EXPECT_FALSE(organization_exists(a.id));
  EXPECT_FALSE(organization_exists(b.id));
  EXPECT_TRUE(organization_exists(c.id));
}

TEST_F(SqliteStoreTest, ReadJobSeesOneSnapshotAndDoesNotBlockTheWriter) {
  Organization org = make_organization("snap");
  ASSERT_TRUE(store_->write_now([&](Repository& repo) { return repo.insert_organization(org).has_value(); }));

  std::promise<void> first_read_done;
  std::promise<void> write_committed;
  std::optional<bool> before, after;
  std::promise<Status> read_done;
  store_->read(
      [&](Repository& repo) {
        before = repo.find_organization_by_slug("snap-2")->has_value();
        first_read_done.set_value();
        write_committed.get_future().wait();  // the writer commits while this snapshot is open
        after = repo.find_organization_by_slug("snap-2")->has_value();
      },
      [&](Status s) { read_done.set_value(std::move(s)); });
  first_read_done.get_future().wait();
  Organization later = make_organization("snap-2");
  ASSERT_TRUE(store_->write_now([&](Repository& repo) { return repo.insert_organization(later).has_value(); }));
  write_committed.set_value();

  EXPECT_TRUE(read_done.get_future().get());
  EXPECT_EQ(before, false);
  EXPECT_EQ(after, false);
  EXPECT_TRUE(organization_exists(later.id));  // a new read job sees it
}

}  // namespace
}  // namespace sk::storage::sqlite
