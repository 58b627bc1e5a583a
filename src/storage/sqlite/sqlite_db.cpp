#include "storage/sqlite/sqlite_db.hpp"
#include "storage/sqlite/sqlite_uuid_functions.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include <mutex>
#include <utility>

namespace sk::storage::sqlite {

Error make_error(sqlite3* db, int rc, std::string_view context) {
  std::string message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
    return conflict_error(std::move(message)).error();
  std::string detail = "sqlite: " + message;
  if (!context.empty()) {
    // The statement's first words are enough to find it; whole SQL texts make unreadable logs.
    detail += " (in: ";
    detail += context.substr(0, 80);
    detail += context.size() > 80 ? "...)" : ")";
  }
  return Error{ErrorKind::internal, "InternalError", std::move(detail)};
}

PreparedStatement::~PreparedStatement() { sqlite3_finalize(stmt); }

// ---- Query ----

Query::Query(PreparedStatement* statement, std::unique_ptr<PreparedStatement> owned, sqlite3* db)
    : statement_(statement), owned_(std::move(owned)), db_(db) {}

Query::Query(Query&& other) noexcept
    : statement_(std::exchange(other.statement_, nullptr)), owned_(std::move(other.owned_)), db_(other.db_) {}

Query::~Query() {
  if (statement_ == nullptr) return;
  sqlite3_reset(statement_->stmt);
  sqlite3_clear_bindings(statement_->stmt);
  statement_->in_use = false;
}

Result<bool> Query::step() {
  const int rc = sqlite3_step(statement_->stmt);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return std::unexpected(make_error(db_, rc, sqlite3_sql(statement_->stmt)));
}

Status Query::run() {
  for (;;) {
    SK_TRY(row, step());
    if (!row) return {};
  }
}

bool Query::is_null(int col) const { return sqlite3_column_type(statement_->stmt, col) == SQLITE_NULL; }

long long Query::int64(int col) const { return sqlite3_column_int64(statement_->stmt, col); }

std::string Query::text(int col) const {
  const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(statement_->stmt, col));
  if (data == nullptr) return {};
  return std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(statement_->stmt, col)));
}

std::optional<long long> Query::opt_int64(int col) const {
  if (is_null(col)) return std::nullopt;
  return int64(col);
}

std::optional<std::string> Query::opt_text(int col) const {
  if (is_null(col)) return std::nullopt;
  return text(col);
}

Timestamp Query::timestamp(int col) const { return from_unix_micros(int64(col)); }

std::optional<Timestamp> Query::opt_timestamp(int col) const {
  if (is_null(col)) return std::nullopt;
  return timestamp(col);
}

Status Query::bind_null(int index) {
  const int rc = sqlite3_bind_null(statement_->stmt, index);
  if (rc != SQLITE_OK) return std::unexpected(make_error(db_, rc, sqlite3_sql(statement_->stmt)));
  return {};
}

Status Query::bind_int64(int index, long long value) {
  const int rc = sqlite3_bind_int64(statement_->stmt, index, value);
  if (rc != SQLITE_OK) return std::unexpected(make_error(db_, rc, sqlite3_sql(statement_->stmt)));
  return {};
}

Status Query::bind_text(int index, std::string_view value) {
  // A null data pointer would bind SQL NULL; an empty string must stay an empty string.
  const char* data = value.data() != nullptr ? value.data() : "";
  const int rc = sqlite3_bind_text64(statement_->stmt, index, data, value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc != SQLITE_OK) return std::unexpected(make_error(db_, rc, sqlite3_sql(statement_->stmt)));
  return {};
}

// ---- Database ----

// The database holds token hashes and sealed claim links: only its owner may read it. SQLite
// gives its -wal and -shm files the database file's mode, so creating that one 0600 (and
// tightening an older, wider one) covers all three.
namespace {
void restrict_to_owner(const std::string& path) {
  if (path.empty() || path == ":memory:" || path.starts_with("file:")) return;
  if (const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600); fd >= 0) ::close(fd);
  for (const char* suffix : {"", "-wal", "-shm"}) ::chmod((path + suffix).c_str(), 0600);
}
}  // namespace

Result<Database> Database::open(const std::string& path, OpenMode mode) {
  // SQLite's allocation statistics (which nothing here reads) take one process-wide mutex on
  // every malloc and free, and the writer makes thousands a second. Only possible before SQLite
  // initialises; if something else initialised it first, the statistics simply stay on.
  static std::once_flag no_memory_statistics;
  std::call_once(no_memory_statistics, [] { (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  if (mode == OpenMode::create) {
    flags |= SQLITE_OPEN_CREATE;
    restrict_to_owner(path);
  }
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Error error = make_error(db, rc, "open " + path);
    sqlite3_close_v2(db);  // SQLite allocates a handle even when opening fails
    return std::unexpected(std::move(error));
  }
  sqlite3_extended_result_codes(db, 1);  // tells unique violations apart from other constraints
  if (!register_uuid_functions(db)) {
    Error error = make_error(db, sqlite3_errcode(db), "register uuid functions on " + path);
    sqlite3_close_v2(db);
    return std::unexpected(std::move(error));
  }
  return Database(db);
}

Database::Database(Database&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), cache_(std::move(other.cache_)) {}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    close();
    db_ = std::exchange(other.db_, nullptr);
    cache_ = std::move(other.cache_);
  }
  return *this;
}

Database::~Database() { close(); }

void Database::close() {
  cache_.clear();  // statements must be finalized before their connection closes
  if (db_ != nullptr) sqlite3_close_v2(db_);
  db_ = nullptr;
}

Status Database::exec(std::string_view sql) {
  const std::string text(sql);
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return std::unexpected(make_error(db_, rc, sql));
  return {};
}

std::string with_sqlite_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  char quote = 0;  // inside '...' or "..." nothing is a placeholder
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '$' && i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
      out += '?';
      continue;
    }
    out += c;
  }
  return out;
}

Result<Query> Database::prepare(std::string_view sql) {
  // The cache is keyed by the text as written; the rewrite happens once, when first prepared.
  auto prepare_one = [&](unsigned flags) -> Result<std::unique_ptr<PreparedStatement>> {
    auto statement = std::make_unique<PreparedStatement>();
    const std::string text = with_sqlite_placeholders(sql);
    const int rc = sqlite3_prepare_v3(db_, text.data(), static_cast<int>(text.size()), flags, &statement->stmt, nullptr);
    if (rc != SQLITE_OK) return std::unexpected(make_error(db_, rc, sql));
    return statement;
  };

  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    SK_TRY(statement, prepare_one(SQLITE_PREPARE_PERSISTENT));
    it = cache_.emplace(std::string(sql), std::move(statement)).first;
  }
  PreparedStatement* cached = it->second.get();
  if (!cached->in_use) {
    cached->in_use = true;
    return Query(cached, nullptr, db_);
  }
  // Rare: the same SQL is still being stepped further up the stack. Use a private statement.
  SK_TRY(owned, prepare_one(0));
  PreparedStatement* raw = owned.get();
  raw->in_use = true;
  return Query(raw, std::move(owned), db_);
}

int Database::changes() const { return sqlite3_changes(db_); }

long long Database::total_changes() const { return sqlite3_total_changes64(db_); }

bool Database::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

}  // namespace sk::storage::sqlite
