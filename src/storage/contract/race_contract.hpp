// Race contract: two stores on one database (two seatkeeper instances) running the domain's
// read-decide-write patterns concurrently. Each job pauses between its read and its write, so a
// store that did not serialise them would oversell, double-claim or double-deliver here.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "storage/contract/store_contract.hpp"

namespace sk::storage::contract {

using namespace sk::domain;
using namespace std::chrono_literals;

// Runs `n` calls of `fn(i, store)` at once from their own threads, alternating between stores.
inline void run_concurrently(int n, const std::vector<Store*>& stores, const std::function<void(int, Store&)>& fn) {
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) threads.emplace_back([&, i] { fn(i, *stores[i % stores.size()]); });
  for (auto& t : threads) t.join();
}

// assign_seat's shape: find (lock) the container, count, decide, insert.
TEST_P(StoreContract, TwoStoresNeverOversellAContainer) {
  Store& other = another_store();
  constexpr int kAttempts = 24;
  std::atomic<int> assigned{0}, full{0}, failed{0};
  run_concurrently(kAttempts, {store_.get(), &other}, [&](int i, Store& store) {
    bool inserted = false;
    auto status = store.write_now([&](Repository& repo) {
      inserted = false;
      auto container = repo.find_container(ContainerKind::subscription, org_.id, subscription_.id);
      if (!container || !*container) return false;
      auto occupied = repo.count_occupied_seats(ContainerKind::subscription, subscription_.id);
      if (!occupied || *occupied >= (*container)->seats.value_or(0)) return false;
      std::this_thread::sleep_for(2ms);  // the domain's gap between deciding and writing
      inserted = repo.insert_seat(make_seat(subscription_, "u" + std::to_string(i) + "@example.com", i)).has_value();
      return inserted;
    });
    if (!status) failed++;
    else (inserted ? assigned : full)++;
  });
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(assigned.load(), 5);
  EXPECT_EQ(full.load(), kAttempts - 5);
  read([&](Repository& repo) { EXPECT_EQ(*repo.count_occupied_seats(ContainerKind::subscription, subscription_.id), 5); });
}

// claim_seat's shape: find (lock) the seat by token, check pending, clear the token.
TEST_P(StoreContract, OneTokenIsClaimedOnceAcrossStores) {
  Seat seat = make_seat(subscription_, "invitee@example.com", 1);
  seat.invitation_token_hash = "claim-me";
  write([&](Repository& repo) { ASSERT_TRUE(repo.insert_seat(seat)); });
  Store& other = another_store();
  std::atomic<int> won{0}, lost{0}, failed{0};
  run_concurrently(12, {store_.get(), &other}, [&](int, Store& store) {
    bool claimed = false;
    auto status = store.write_now([&](Repository& repo) {
      claimed = false;
      auto found = repo.find_seat_by_token_hash("claim-me");
      if (!found || !*found || (*found)->status != SeatStatus::pending) return false;
      std::this_thread::sleep_for(2ms);
      Seat s = **found;
      s.status = SeatStatus::claimed;
      s.invitation_token_hash.reset();
      claimed = repo.update_seat(s).has_value();
      return claimed;
    });
    if (!status) failed++;
    else (claimed ? won : lost)++;
  });
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(lost.load(), 11);
}

// Ending a subscription revokes every seat it lists while single seats are revoked by other
// requests: each seat must be revoked (and reported) once. The container job lists the seats,
// pauses, then revokes each one still occupied; a store that let it act on a stale list would
// revoke again a seat the other job just revoked.
TEST_P(StoreContract, RevokingAContainerAndItsSeatsAtOnceRevokesEachSeatOnce) {
  std::vector<Seat> seats;
  write([&](Repository& repo) {
    for (int i = 0; i < 4; ++i) {
      seats.push_back(make_seat(subscription_, "r" + std::to_string(i) + "@example.com", i));
      ASSERT_TRUE(repo.insert_seat(seats.back()));
    }
  });
  Store& other = another_store();
  std::mutex mutex;
  std::vector<std::string> revocations;  // of committed jobs only
  auto revoke = [](Repository& repo, Seat s, std::vector<std::string>& out) {
    s.status = SeatStatus::revoked;
    s.revoked_at = at(100);
    if (!repo.update_seat(s)) return false;
    out.push_back(s.id);
    return true;
  };
  run_concurrently(1 + static_cast<int>(seats.size()), {store_.get(), &other}, [&](int i, Store& store) {
    std::vector<std::string> mine;
    auto status = store.write_now([&](Repository& repo) {
      mine.clear();
      if (i == 0) {  // the whole container
        auto listed = repo.list_seats(ContainerKind::subscription, subscription_.id);
        if (!listed) return false;
        std::this_thread::sleep_for(5ms);
        for (const auto& s : *listed)
          if (s.status != SeatStatus::revoked && !revoke(repo, s, mine)) return false;
        return true;
      }
      auto found = repo.find_seat(org_.id, seats[i - 1].id);  // one seat
      if (!found || !*found) return false;
      if ((*found)->status == SeatStatus::revoked) return true;
      return revoke(repo, **found, mine);
    });
    EXPECT_TRUE(status);
    std::lock_guard lock(mutex);
    revocations.insert(revocations.end(), mine.begin(), mine.end());
  });
  std::sort(revocations.begin(), revocations.end());
  EXPECT_EQ(revocations.size(), seats.size());
  EXPECT_EQ(std::adjacent_find(revocations.begin(), revocations.end()), revocations.end()) << "a seat revoked twice";
}

// get_or_create_member's shape: the job that loses an insert race gets UniqueViolation, re-reads
// the winner's row in the same transaction, and still commits its other work.
TEST_P(StoreContract, LosingAnInsertRaceLetsTheJobReReadAndCommit) {
  Store& other = another_store();
  Member first = make_member(customer_, "racer@example.com");
  Member second = make_member(customer_, "RACER@example.com");
  Organization side_effect = make_organization("loser-kept-this");
  std::promise<void> inserted, release;
  auto released = release.get_future().share();
  auto winner = std::async(std::launch::async, [&] {
    return store_->write_now([&](Repository& repo) {
      bool ok = repo.insert_member(first).has_value();
      inserted.set_value();
      released.wait();  // holds its transaction open while the other job tries the same insert
      return ok;
    });
  });
  inserted.get_future().wait();
  Status loser_insert;
  std::optional<Member> reread;
  auto loser = std::async(std::launch::async, [&] {
    return other.write_now([&](Repository& repo) {
      loser_insert = repo.insert_member(second);
      if (auto found = repo.find_member_by_email(customer_.id, "racer@example.com"); found && *found) reread = **found;
      return repo.insert_organization(side_effect).has_value();
    });
  });
  std::this_thread::sleep_for(200ms);  // let the loser reach its insert (or its BEGIN) and wait
  release.set_value();
  EXPECT_TRUE(winner.get());
  auto loser_status = loser.get();
  ASSERT_TRUE(loser_status) << loser_status.error().detail;
  ASSERT_FALSE(loser_insert);
  EXPECT_TRUE(is_conflict(loser_insert.error())) << loser_insert.error().detail;
  ASSERT_TRUE(reread);
  EXPECT_EQ(reread->id, first.id);
  EXPECT_TRUE(organization_exists(side_effect.id));
}

// Delivery workers of several instances claim from one outbox: nothing is handed out twice.
TEST_P(StoreContract, OutboxClaimsFromTwoStoresNeverOverlap) {
  constexpr int kMessages = 120;
  write([&](Repository& repo) {
    for (int i = 0; i < kMessages; ++i)
      ASSERT_TRUE(repo.append_outbox(OutboxMessage{crypto::uuid_v4(), "email", org_.id, "seat_invitation", "{}",
                                                   at(i), at(i), 0}));
  });
  Store& other = another_store();
  std::mutex mutex;
  std::multiset<std::string> handed_out;
  std::atomic<int> failed{0};
  run_concurrently(4, {store_.get(), &other}, [&](int, Store& store) {
    for (;;) {
      std::vector<OutboxMessage> batch;
      auto status = store.write_now([&](Repository& repo) {
        auto claimed = repo.claim_outbox("email", at(1000), 7, at(100000));
        if (!claimed) return false;
        batch = std::move(*claimed);
        std::this_thread::sleep_for(1ms);  // still holding the claimed rows
        return true;
      });
      if (!status) {
        failed++;
        return;
      }
      if (batch.empty()) return;
      std::lock_guard lock(mutex);
      for (const auto& m : batch) handed_out.insert(m.id);
    }
  });
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(handed_out.size(), static_cast<std::size_t>(kMessages));
  EXPECT_EQ(std::set<std::string>(handed_out.begin(), handed_out.end()).size(), static_cast<std::size_t>(kMessages));
}

// Two jobs that lock the same two rows in opposite orders: PostgreSQL breaks the deadlock by
// aborting one, and the store runs that job again, so both succeed. (SQLite's single writer
// never gets there: the second job waits for the first to commit.)
TEST_P(StoreContract, JobsCaughtInADeadlockAreRetried) {
  Seat x = make_seat(subscription_, "x@example.com", 1), y = make_seat(subscription_, "y@example.com", 2);
  write([&](Repository& repo) {
    ASSERT_TRUE(repo.insert_seat(x));
    ASSERT_TRUE(repo.insert_seat(y));
  });
  Store& other = another_store();
  std::atomic<int> holding{0};
  auto lock_both = [&](Store& store, const Seat& a, const Seat& b, const std::string& tag, std::atomic<int>& attempts) {
    return store.write_now([&](Repository& repo) {
      auto first = repo.find_seat(org_.id, a.id);
      if (!first || !*first) return false;
      if (attempts++ == 0) {  // first attempt only: wait until both jobs hold their first row
        holding++;
        const int rounds = backend_->serializes_writes() ? 20 : 2000;  // SQLite: the other job cannot start before this one commits
        for (int i = 0; i < rounds && holding.load() < 2; ++i) std::this_thread::sleep_for(5ms);
      }
      auto second = repo.find_seat(org_.id, b.id);
      if (!second || !*second) return false;
      Seat s = **second;
      s.metadata_json = R"({"by":")" + tag + R"("})";
      return repo.update_seat(s).has_value();
    });
  };
  std::atomic<int> attempts_one{0}, attempts_two{0};
  auto one = std::async(std::launch::async, [&] { return lock_both(*store_, x, y, "one", attempts_one); });
  auto two = std::async(std::launch::async, [&] { return lock_both(other, y, x, "two", attempts_two); });
  auto s1 = one.get();
  auto s2 = two.get();
  EXPECT_TRUE(s1) << (s1 ? "" : s1.error().detail);
  EXPECT_TRUE(s2) << (s2 ? "" : s2.error().detail);
  if (backend_->serializes_writes()) {
    EXPECT_EQ(attempts_one.load() + attempts_two.load(), 2) << "one job ran after the other: nothing to retry";
  } else {
    // Both held their first row at once, so one was chosen as the deadlock victim and run again.
    // Its rerun can take its first row back before the waiting job wakes to lock it (the undone
    // lock leaves the row free, and PostgreSQL grants it to whoever asks first), which makes the
    // same cycle again: a second victim, a fourth attempt. So: at least one retry, and both done.
    EXPECT_EQ(holding.load(), 2);
    EXPECT_GE(attempts_one.load() + attempts_two.load(), 3) << "the deadlock victim was not run again";
  }
  // Whichever order they finished in, each job wrote its second row.
  read([&](Repository& repo) {
    EXPECT_EQ((*repo.find_seat(org_.id, y.id))->metadata_json, R"({"by":"one"})");
    EXPECT_EQ((*repo.find_seat(org_.id, x.id))->metadata_json, R"({"by":"two"})");
  });
}

}  // namespace sk::storage::contract
