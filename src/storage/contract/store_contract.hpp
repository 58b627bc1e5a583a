// The storage contract: one set of parameterised tests that every Store and its Repository must
// pass, SQLite and PostgreSQL alike. A backend supplies fresh, empty databases; the tests reach
// the repository only through Store jobs, the way the service does.
//
// Instantiated by storage/sqlite/sqlite_contract_test.cpp (unit_tests) and
// storage/postgres/pg_contract_pgtest.cpp (pg_tests, needs TEST_DATABASE_URL).
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>

#include "storage/contract/fixtures.hpp"
#include "storage/store.hpp"

namespace sk::storage::contract {

using fixtures::at;
using fixtures::make_container;
using fixtures::make_customer;
using fixtures::make_member;
using fixtures::make_organization;
using fixtures::make_product;
using fixtures::make_seat;

// One empty database for one test. open() may be called several times: each call is another
// store on the same database, as two seatkeeper instances would be.
class Backend {
 public:
  virtual ~Backend() = default;
  virtual Result<std::unique_ptr<Store>> open(const StoreOptions& options) = 0;
  // Runs SQL on the database outside every store (for states no Repository method creates).
  virtual Status exec(const std::string& sql) = 0;
  // True when write jobs of all stores on the database run one at a time (SQLite's single
  // writer): such a backend never deadlocks, so it never retries a job.
  virtual bool serializes_writes() const = 0;
};

struct BackendFactory {
  std::string name;
  std::function<std::unique_ptr<Backend>()> make;
};

// gtest prints parameters of failed tests; the name says which backend.
inline void PrintTo(const BackendFactory& factory, std::ostream* os) { *os << factory.name; }

inline std::string backend_name(const ::testing::TestParamInfo<BackendFactory>& info) { return info.param.name; }

class StoreContract : public ::testing::TestWithParam<BackendFactory> {
 protected:
  void SetUp() override {
    backend_ = GetParam().make();
    ASSERT_TRUE(backend_) << "backend unavailable";
    store_ = open_store();
    ASSERT_TRUE(store_);
    org_ = make_organization("acme");
    customer_ = make_customer(org_.id, "Billing@Example.com");
    product_ = make_product(org_.id, true);
    subscription_ = make_container(domain::ContainerKind::subscription, customer_, product_, 5);
    write([&](domain::Repository& repo) {
      ASSERT_TRUE(repo.insert_organization(org_));
      ASSERT_TRUE(repo.insert_customer(customer_));
      ASSERT_TRUE(repo.insert_product(product_));
      ASSERT_TRUE(repo.insert_container(subscription_));
    });
  }

  void TearDown() override {
    for (auto& s : extra_stores_) s->close();
    if (store_) store_->close();
  }

  std::unique_ptr<Store> open_store(StoreOptions options = {.reader_threads = 2, .max_batch = 64, .connections = 3}) {
    auto opened = backend_->open(options);
    EXPECT_TRUE(opened) << (opened ? "" : opened.error().detail);
    if (!opened) return nullptr;
    return std::move(*opened);
  }

  // A second (third, ...) store on the same database: another instance. Closed at TearDown.
  Store& another_store() {
    extra_stores_.push_back(open_store());
    return *extra_stores_.back();
  }

  // Runs `fn` as one write job that keeps its work, and expects the commit to succeed.
  void write(const std::function<void(domain::Repository&)>& fn) {
    auto status = store_->write_now([&](domain::Repository& repo) {
      fn(repo);
      return true;
    });
    ASSERT_TRUE(status) << status.error().detail;
  }

  void read(const std::function<void(domain::Repository&)>& fn) {
    auto status = store_->read_now([&](domain::Repository& repo) { fn(repo); });
    ASSERT_TRUE(status) << status.error().detail;
  }

  void sql(const std::string& statement) {
    auto status = backend_->exec(statement);
    ASSERT_TRUE(status) << statement << ": " << status.error().detail;
  }

  bool organization_exists(const std::string& id) {
    bool exists = false;
    read([&](domain::Repository& repo) {
      auto found = repo.find_organization(id);
      exists = found && found->has_value();
    });
    return exists;
  }

  std::unique_ptr<Backend> backend_;
  std::unique_ptr<Store> store_;
  std::vector<std::unique_ptr<Store>> extra_stores_;
  domain::Organization org_;
  domain::Customer customer_;
  domain::Product product_;
  domain::SeatContainer subscription_;
};

}  // namespace sk::storage::contract
