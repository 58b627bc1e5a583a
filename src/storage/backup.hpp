// Online backup of a live SQLite database, for `seatkeeper backup` (storage/sqlite does the work;
// the app sees only this port). PostgreSQL is backed up with pg_dump instead.
#pragma once

#include <string>

#include "common/error.hpp"

namespace sk::storage {

struct BackupReport {
  long long pages = 0;
  long long bytes = 0;
};

// Copies the database at `source_path` with SQLite's backup API while it is in use, checks the
// copy with PRAGMA integrity_check, and only then puts it at `output_path`.
Result<BackupReport> backup_sqlite_file(const std::string& source_path, const std::string& output_path);

}  // namespace sk::storage
