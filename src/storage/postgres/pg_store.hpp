// The PostgreSQL Store: options.connections connections, each on its own thread.
//  - read jobs: a pool of connections - 1 (at least one); each job runs in its own REPEATABLE
//    READ READ ONLY transaction, so all queries of a job see one snapshot;
//  - write jobs: one writer connection that commits the queued jobs in groups (pg_writer.hpp),
//    READ COMMITTED with row locks taken by the repository (pg_repository.hpp); `done` is called
//    after the COMMIT holding the job returned; a job returning false is rolled back alone. A job
//    PostgreSQL aborted for a deadlock or serialization failure is run again.
// Instances do not share a writer: the database orders their transactions through row locks.
#pragma once

#include <memory>
#include <string>

#include "common/error.hpp"
#include "storage/postgres/pg_connection.hpp"
#include "storage/store.hpp"

namespace sk::storage::postgres {

// Connects to `url` (postgresql:// or postgres://) max(2, options.connections) times, applies
// pending migrations, and starts the writer and the read pool.
Result<std::unique_ptr<Store>> open_pg_store(const std::string& url, const StoreOptions& options);

// Runs one read job on `c` in its own REPEATABLE READ READ ONLY snapshot: the BEGIN goes with the
// job's first statement and the ROLLBACK is not waited for. (The read pool's task; tests count
// its round trips.)
Status run_read_job(Connection& c, Store::ReadJob& job);

// Applies pending migrations; used by `seatkeeper migrate`.
Status migrate_pg(const std::string& url);

}  // namespace sk::storage::postgres
