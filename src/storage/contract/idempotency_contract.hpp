// Idempotency-key contract: records round-trip, expire and are pruned the same way on every
// store, and a key is run once however many requests carry it, on one store or on two.
#pragma once

#include <atomic>
#include <chrono>
#include <thread>

#include "domain/idempotency.hpp"
#include "storage/contract/race_contract.hpp"

namespace sk::storage::contract {

using namespace sk::domain;
using namespace std::chrono_literals;

inline IdempotencyRecord make_key_record(const std::string& key, Timestamp created) {
  return IdempotencyRecord{"organization:acme", key, "fp-" + key, StoredResponse{201, R"({"id":"x"})", "Location: /x\n"},
                           created, created + kIdempotencyKeyLifetime};
}

TEST_P(StoreContract, IdempotencyRecordRoundTripsAndExpires) {
  const IdempotencyRecord record = make_key_record("k1", at(0));
  write([&](Repository& repo) {
    EXPECT_FALSE(*repo.find_idempotency_record(record.scope, record.key, at(1)));
    ASSERT_TRUE(repo.save_idempotency_record(record));
  });
  read([&](Repository& repo) {
    auto found = repo.find_idempotency_record(record.scope, record.key, at(1));
    ASSERT_TRUE(found && *found);
    EXPECT_EQ((*found)->fingerprint, "fp-k1");
    EXPECT_EQ((*found)->response.status, 201);
    EXPECT_EQ((*found)->response.body, R"({"id":"x"})");
    EXPECT_EQ((*found)->response.headers, "Location: /x\n");
    EXPECT_EQ((*found)->created_at, record.created_at);
    EXPECT_EQ((*found)->expires_at, record.expires_at);
    EXPECT_FALSE(*repo.find_idempotency_record("organization:other", record.key, at(1)));  // scoped
    EXPECT_FALSE(*repo.find_idempotency_record(record.scope, record.key, record.expires_at));  // expired
  });
  // A live record is never overwritten; an expired one is replaced.
  Status twice;
  ASSERT_TRUE(store_->write_now([&](Repository& repo) {
    twice = repo.save_idempotency_record(make_key_record("k1", at(10)));
    return false;
  }));
  EXPECT_FALSE(twice);
  IdempotencyRecord later = make_key_record("k1", record.expires_at);
  later.fingerprint = "fp-later";
  write([&](Repository& repo) { ASSERT_TRUE(repo.save_idempotency_record(later)); });
  read([&](Repository& repo) {
    auto found = repo.find_idempotency_record(later.scope, later.key, later.created_at);
    ASSERT_TRUE(found && *found);
    EXPECT_EQ((*found)->fingerprint, "fp-later");
  });
}

TEST_P(StoreContract, ExpiredIdempotencyRecordsArePrunedInBatches) {
  write([&](Repository& repo) {
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(repo.save_idempotency_record(make_key_record("old" + std::to_string(i), at(i))));
    ASSERT_TRUE(repo.save_idempotency_record(make_key_record("fresh", at(100'000))));
  });
  const Timestamp now = at(0) + kIdempotencyKeyLifetime + std::chrono::seconds(10);
  int first = -1, second = -1, third = -1;
  write([&](Repository& repo) { first = *repo.delete_expired_idempotency_records(now, 3); });
  write([&](Repository& repo) { second = *repo.delete_expired_idempotency_records(now, 3); });
  write([&](Repository& repo) { third = *repo.delete_expired_idempotency_records(now, 3); });
  EXPECT_EQ(first, 3);
  EXPECT_EQ(second, 2);
  EXPECT_EQ(third, 0);
  read([&](Repository& repo) {
    EXPECT_TRUE(*repo.find_idempotency_record("organization:acme", "fresh", now));
    EXPECT_FALSE(*repo.find_idempotency_record("organization:acme", "old4", at(4)));
  });
}

// The domain's check-run-record sequence from many jobs on two stores (two instances): exactly one
// job runs; every other one is told the key is in flight or gets the first answer.
TEST_P(StoreContract, AKeyRunsOnceAcrossStores) {
  Store& other = another_store();
  const KeyedRequest request{"organization:acme", "race", "fp"};
  std::atomic<int> ran{0}, replayed{0}, in_flight{0}, other_verdict{0}, failed{0};
  run_concurrently(16, {store_.get(), &other}, [&](int, Store& store) {
    KeyVerdict verdict = KeyVerdict::mismatch;
    auto status = store.write_now([&](Repository& repo) {
      auto check = check_idempotency_key(repo, request, at(5));
      if (!check) return false;
      verdict = check->verdict;
      if (verdict != KeyVerdict::run) return true;
      std::this_thread::sleep_for(5ms);  // the request's own work
      return record_idempotent_response(repo, request, StoredResponse{200, "first", ""}, at(5)).has_value();
    });
    if (!status) failed++;
    else if (verdict == KeyVerdict::run) ran++;
    else if (verdict == KeyVerdict::replay) replayed++;
    else if (verdict == KeyVerdict::in_flight) in_flight++;
    else other_verdict++;
  });
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(ran.load(), 1);
  EXPECT_EQ(other_verdict.load(), 0);
  EXPECT_EQ(replayed.load() + in_flight.load(), 15);
  read([&](Repository& repo) {
    auto found = repo.find_idempotency_record(request.scope, request.key, at(5));
    ASSERT_TRUE(found && *found);
    EXPECT_EQ((*found)->response.body, "first");
  });
}

// A job that holds a key and then rolls back (its request failed) leaves the key free.
TEST_P(StoreContract, ARolledBackKeyIsFreeAgain) {
  const KeyedRequest request{"organization:acme", "undone", "fp"};
  ASSERT_TRUE(store_->write_now([&](Repository& repo) {
    auto check = check_idempotency_key(repo, request, at(5));
    EXPECT_TRUE(check && check->verdict == KeyVerdict::run);
    return false;
  }));
  KeyVerdict again = KeyVerdict::mismatch;
  write([&](Repository& repo) { again = check_idempotency_key(repo, request, at(6))->verdict; });
  EXPECT_EQ(again, KeyVerdict::run);
}

TEST_P(StoreContract, AKeyReusedForAnotherRequestIsAMismatch) {
  const KeyedRequest first{"organization:acme", "k", "fp-1"};
  write([&](Repository& repo) {
    ASSERT_EQ(check_idempotency_key(repo, first, at(5))->verdict, KeyVerdict::run);
    ASSERT_TRUE(record_idempotent_response(repo, first, StoredResponse{200, "one", ""}, at(5)));
  });
  write([&](Repository& repo) {
    auto same = check_idempotency_key(repo, first, at(6));
    ASSERT_TRUE(same);
    EXPECT_EQ(same->verdict, KeyVerdict::replay);
    ASSERT_TRUE(same->stored);
    EXPECT_EQ(same->stored->body, "one");
    EXPECT_EQ(check_idempotency_key(repo, KeyedRequest{first.scope, first.key, "fp-2"}, at(6))->verdict,
              KeyVerdict::mismatch);
    EXPECT_EQ(check_idempotency_key(repo, KeyedRequest{"session:s", first.key, "fp-2"}, at(6))->verdict, KeyVerdict::run);
  });
}

}  // namespace sk::storage::contract
