#include "storage/backup.hpp"

#include "storage/sqlite/sqlite_backup.hpp"

namespace sk::storage {

Result<BackupReport> backup_sqlite_file(const std::string& source_path, const std::string& output_path) {
  return sqlite::backup_sqlite(source_path, output_path);
}

}  // namespace sk::storage
