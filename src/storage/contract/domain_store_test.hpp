// What the domain's tests share: the real SQLite store in a temporary directory (created per test,
// removed after), the organization it holds, helpers that run a domain call in a write transaction,
// and a sink that records what would go to the outbox.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "crypto/crypto.hpp"
#include "domain/event_sink.hpp"
#include "domain/model.hpp"
#include "domain/repository.hpp"
#include "storage/store.hpp"

namespace sk::storage::testing {

struct RecordingSink : domain::EventSink {
  std::vector<std::string> events;  // event types, in order
  std::vector<domain::Id> seat_ids;  // the seat of each event
  std::vector<domain::Invitation> invitations;
  Status seat_event(std::string_view type, const domain::Organization&, const domain::SeatView& v, Timestamp) override {
    events.emplace_back(type);
    seat_ids.push_back(v.seat.id);
    return {};
  }
  Status invitation(const domain::Invitation& i) override {
    invitations.push_back(i);
    return {};
  }
  void clear() {
    events.clear();
    seat_ids.clear();
    invitations.clear();
  }
};

class DomainStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("sk-domain-" + crypto::uuid_v4());
    auto store = open_store((dir_ / "domain.db").string(), {.reader_threads = 1});
    ASSERT_TRUE(store.has_value()) << store.error().detail;
    store_ = std::move(*store);
    org_ = domain::Organization{crypto::uuid_v4(), "Acme", "acme", true, now_};
    ASSERT_TRUE(write([&](domain::Repository& r) { return r.insert_organization(org_); }));
  }
  void TearDown() override {
    if (store_) store_->close();
    std::filesystem::remove_all(dir_);
  }

  // Runs `fn` in a write transaction, kept only when it returned something true.
  template <class Fn>
  bool write(Fn fn) {
    bool ok = false;
    auto committed = store_->write_now([&](domain::Repository& r) { return ok = static_cast<bool>(fn(r)); });
    return committed.has_value() && ok;
  }
  // Runs one domain call in a write transaction (kept only when it succeeded) and returns its result.
  template <class Fn>
  auto run(Fn fn) {
    std::optional<decltype(fn(std::declval<domain::Repository&>()))> result;
    auto committed = store_->write_now([&](domain::Repository& r) {
      result.emplace(fn(r));
      return result->has_value();
    });
    EXPECT_TRUE(committed.has_value());
    return std::move(*result);
  }

  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
  Timestamp now_ = from_unix_micros(1'787'392'025'000'000LL);
  domain::Organization org_;
  RecordingSink sink_;
};

}  // namespace sk::storage::testing
