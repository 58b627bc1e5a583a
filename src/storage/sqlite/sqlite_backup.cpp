#include "storage/sqlite/sqlite_backup.hpp"

#include <sqlite3.h>

#include <filesystem>
#include <memory>

namespace sk::storage::sqlite {

namespace {

struct CloseDb {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using DbHandle = std::unique_ptr<sqlite3, CloseDb>;

Result<DbHandle> open_db(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  DbHandle db(raw);
  if (rc != SQLITE_OK)
    return internal_error("cannot open " + path + ": " + (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  sqlite3_busy_timeout(db.get(), 10'000);
  return db;
}

Result<std::string> integrity_of(sqlite3* db) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, nullptr) != SQLITE_OK)
    return internal_error(std::string("integrity_check: ") + sqlite3_errmsg(db));
  std::string verdict;
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    if (!verdict.empty()) verdict += "; ";
    verdict += reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  }
  sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE) return internal_error(std::string("integrity_check: ") + sqlite3_errmsg(db));
  return verdict;
}

}  // namespace

Result<BackupReport> backup_sqlite(const std::string& source_path, const std::string& output_path) {
  std::error_code ec;
  if (!std::filesystem::exists(source_path, ec))
    return fail(ErrorKind::bad_request, "NoDatabase", "no database at " + source_path);
  // Written beside the output and renamed into place only once checked: a failed or interrupted
  // backup never leaves a half-written file under the name an operator restores from.
  const std::string partial = output_path + ".partial";
  std::filesystem::remove(partial, ec);
  BackupReport report;
  {
    SK_TRY(source, open_db(source_path, SQLITE_OPEN_READONLY));
    SK_TRY(copy, open_db(partial, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE));
    sqlite3_backup* backup = sqlite3_backup_init(copy.get(), "main", source.get(), "main");
    if (!backup) return internal_error(std::string("cannot start the backup: ") + sqlite3_errmsg(copy.get()));
    // All pages in one step: one read transaction, so one consistent snapshot. In WAL mode the
    // server's writer is not blocked meanwhile (page-by-page steps would restart on every commit).
    int rc;
    while ((rc = sqlite3_backup_step(backup, -1)) == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(20);
    report.pages = sqlite3_backup_pagecount(backup);
    sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE) return internal_error(std::string("backup failed: ") + sqlite3_errstr(rc));
    // A self-contained file: no -wal beside it to forget.
    if (sqlite3_exec(copy.get(), "PRAGMA journal_mode=DELETE", nullptr, nullptr, nullptr) != SQLITE_OK)
      return internal_error(std::string("cannot finish the copy: ") + sqlite3_errmsg(copy.get()));
    SK_TRY(verdict, integrity_of(copy.get()));
    if (verdict != "ok") return internal_error("the copy failed PRAGMA integrity_check: " + verdict);
  }
  std::filesystem::rename(partial, output_path, ec);
  if (ec) return internal_error("cannot move the backup into place: " + ec.message());
  report.bytes = static_cast<long long>(std::filesystem::file_size(output_path, ec));
  return report;
}

}  // namespace sk::storage::sqlite
