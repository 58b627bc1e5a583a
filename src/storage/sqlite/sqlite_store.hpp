// The SQLite Store: one writer thread that group-commits queued write jobs on the only write
// connection, and a pool of reader threads, each with its own query-only connection (WAL lets
// reads run while the writer commits).
#pragma once

#include <memory>
#include <string>

#include "common/error.hpp"
#include "storage/store.hpp"

namespace sk::storage::sqlite {

// Opens (creating the file and its parent directory if missing) and migrates the database at
// `path`, then starts the writer and options.reader_threads readers (at least one).
Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path, const StoreOptions& options);

// Creates the file if needed and applies pending migrations; used by `seatkeeper migrate`.
Status migrate_sqlite(const std::string& path);

}  // namespace sk::storage::sqlite
