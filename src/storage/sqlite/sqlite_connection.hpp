// How the store's connections are opened and configured.
#pragma once

#include <string>

#include "common/error.hpp"
#include "storage/sqlite/sqlite_db.hpp"

namespace sk::storage::sqlite {

// Milliseconds a connection waits for another process's lock (the admin CLI, `sqlite3`) before
// reporting SQLITE_BUSY.
inline constexpr int kBusyTimeoutMs = 5000;

// The write connection: creates the parent directory and the file if missing, switches the file
// to WAL, makes every COMMIT durable (synchronous=FULL: a 200 means the row is on disk), turns on
// foreign keys and applies pending migrations.
Result<Database> open_write_connection(const std::string& path);

// A read connection for an already migrated file; query_only so a read job cannot write.
Result<Database> open_read_connection(const std::string& path);

}  // namespace sk::storage::sqlite
