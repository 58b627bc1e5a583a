// Test-only: the frame of a migration test, for every store. A fresh store is seeded, its
// database is taken back to what an older version left (the test's own SQL, run raw), the
// migrations run again, `between` may look at the raw database, and `expect` checks the
// reopened store. Each backend's test passes how to open, run raw SQL and migrate.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>

#include "common/error.hpp"
#include "storage/store.hpp"

namespace sk::storage::contract {

struct RawDatabase {
  std::function<Result<std::unique_ptr<Store>>()> open_store;
  std::function<Status(const char* sql)> exec;  // on a connection of its own, outside any store
  std::function<Status()> migrate;
};

template <class Seed>
void check_rewound_migration(const RawDatabase& db, Seed (*seed)(Store&), const char* rewind_sql,
                             void (*expect)(Store&, const Seed&), const std::function<void()>& between = {}) {
  Seed seeded;
  {
    auto store = db.open_store();
    ASSERT_TRUE(store) << store.error().detail;
    seeded = seed(**store);
    (*store)->close();
  }
  auto rewound = db.exec(rewind_sql);
  ASSERT_TRUE(rewound) << rewound.error().detail;
  auto migrated = db.migrate();
  ASSERT_TRUE(migrated) << migrated.error().detail;
  if (between) between();
  auto store = db.open_store();
  ASSERT_TRUE(store) << store.error().detail;
  expect(**store, seeded);
  (*store)->close();
}

}  // namespace sk::storage::contract
