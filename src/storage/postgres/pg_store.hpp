// The PostgreSQL Store: a fixed pool of connections, each on its own thread. Every job, read or
// write, runs in its own transaction on whichever connection is free:
//  - read jobs: REPEATABLE READ READ ONLY, so all queries of a job see one snapshot;
//  - write jobs: READ COMMITTED with row locks taken by the repository (pg_repository.hpp);
//    `done` is called after COMMIT returned; a job returning false is rolled back. A job whose
//    transaction PostgreSQL aborted for a deadlock or serialization failure is run again.
// There is no group commit across jobs: the database, shared by every instance, orders them.
#pragma once

#include <memory>
#include <string>

#include "common/error.hpp"
#include "storage/store.hpp"

namespace sk::storage::postgres {

// Connects options.connections times to `url` (postgresql:// or postgres://), applies pending
// migrations, and starts the pool.
Result<std::unique_ptr<Store>> open_pg_store(const std::string& url, const StoreOptions& options);

// Applies pending migrations; used by `seatkeeper migrate`.
Status migrate_pg(const std::string& url);

}  // namespace sk::storage::postgres
