// The storage contract (storage/contract/*, webhooks included) against SQLite: each test gets a fresh file.
#include "storage/contract/idempotency_contract.hpp"
#include "storage/contract/isolation_contract.hpp"
#include "storage/contract/management_contract.hpp"
#include "storage/contract/occupancy_contract.hpp"
#include "storage/contract/race_contract.hpp"
#include "storage/contract/repository_contract.hpp"
#include "storage/contract/seat_contract.hpp"
#include "storage/contract/seat_extensions_contract.hpp"
#include "storage/contract/store_semantics_contract.hpp"
#include "storage/contract/upkeep_contract.hpp"
#include "storage/contract/webhook_contract.hpp"
#include "storage/sqlite/sqlite_connection.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#include "storage/sqlite/sqlite_test_support.hpp"

namespace sk::storage::contract {
namespace {

class SqliteBackend final : public Backend {
 public:
  Result<std::unique_ptr<Store>> open(const StoreOptions& options) override {
    return sqlite::open_sqlite_store(path_, options);
  }
  Status exec(const std::string& sql) override {
    SK_TRY(db, sqlite::open_write_connection(path_));
    return db.exec(sql);
  }
  bool serializes_writes() const override { return true; }

 private:
  sqlite::testing::TempDir dir_;
  std::string path_ = dir_.file("contract.db");
};

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreContract,
                         ::testing::Values(BackendFactory{"sqlite", [] { return std::make_unique<SqliteBackend>(); }}),
                         backend_name);

INSTANTIATE_TEST_SUITE_P(Sqlite, OccupancyContract,
                         ::testing::Values(BackendFactory{"sqlite", [] { return std::make_unique<SqliteBackend>(); }}),
                         backend_name);

INSTANTIATE_TEST_SUITE_P(Sqlite, WebhookContract,
                         ::testing::Values(BackendFactory{"sqlite", [] { return std::make_unique<SqliteBackend>(); }}),
                         backend_name);

}  // namespace
}  // namespace sk::storage::contract
