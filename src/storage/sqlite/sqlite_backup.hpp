// Online backup of a live SQLite database (SQLite's backup API): the server keeps serving, the
// copy is one consistent snapshot, and it is checked with PRAGMA integrity_check before it
// replaces `output_path`.
#pragma once

#include <string>

#include "common/error.hpp"
#include "storage/backup.hpp"

namespace sk::storage::sqlite {

Result<BackupReport> backup_sqlite(const std::string& source_path, const std::string& output_path);

}  // namespace sk::storage::sqlite
