// The storage contract (storage/contract/*) against PostgreSQL. Needs TEST_DATABASE_URL (set by
// scripts/test.sh, which starts a throwaway cluster); each test gets a fresh schema in it, so the
// migrations run for real every time and tests never see each other's rows.
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
#include "storage/postgres/pg_connection.hpp"
#include "storage/postgres/pg_store.hpp"
#include "storage/postgres/pg_test_support.hpp"

namespace sk::storage::contract {
namespace {

using postgres::testing::TestSchema;
using postgres::testing::test_database_url;

class PgBackend final : public Backend {
 public:
  static std::unique_ptr<Backend> make() {
    auto backend = std::make_unique<PgBackend>();
    if (!backend->schema_.ok()) return nullptr;
    return backend;
  }

  Result<std::unique_ptr<Store>> open(const StoreOptions& options) override {
    return postgres::open_pg_store(schema_.url(), options);
  }
  Status exec(const std::string& sql) override {
    SK_TRY(db, postgres::Connection::open(schema_.url()));
    SK_CHECK(db.exec(sql));
    return {};
  }
  bool serializes_writes() const override { return false; }

 private:
  TestSchema schema_;
};

INSTANTIATE_TEST_SUITE_P(Postgres, StoreContract,
                         ::testing::Values(BackendFactory{"postgres", [] { return PgBackend::make(); }}),
                         backend_name);

INSTANTIATE_TEST_SUITE_P(Postgres, OccupancyContract,
                         ::testing::Values(BackendFactory{"postgres", [] { return PgBackend::make(); }}),
                         backend_name);

INSTANTIATE_TEST_SUITE_P(Postgres, WebhookContract,
                         ::testing::Values(BackendFactory{"postgres", [] { return PgBackend::make(); }}),
                         backend_name);

// Without a database the suite must fail, not pass vacuously: scripts/test.sh always sets it.
TEST(PgTestSetup, TestDatabaseUrlIsSet) {
  ASSERT_FALSE(test_database_url().empty()) << "set TEST_DATABASE_URL=postgresql://... (scripts/test.sh does)";
}

}  // namespace
}  // namespace sk::storage::contract
