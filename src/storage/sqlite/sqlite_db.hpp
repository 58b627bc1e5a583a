// A small RAII wrapper over the sqlite3 C API: one connection, its cache of prepared statements,
// and a Query that borrows a statement, binds parameters, steps and reads columns.
// Errors are values; nothing here throws. A Database is used by one thread at a time.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>

#include "common/error.hpp"
#include "common/time.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace sk::storage::sqlite {

// Unique and primary-key violations become ErrorKind::conflict, so callers can re-read after
// losing a race; every other failure is an internal error carrying SQLite's message.
Error make_error(sqlite3* db, int rc, std::string_view context);

// Statements are written once for both stores, with PostgreSQL's $1, $2, ... placeholders;
// SQLite's ?1, ?2, ... mean the same, so $N becomes ?N (outside quoted text) when a statement is
// first prepared. Statements already written with ?N pass unchanged.
std::string with_sqlite_placeholders(std::string_view sql);

// One prepared statement. Cached ones live as long as their connection; `in_use` lets a second,
// overlapping use of the same SQL get a private statement instead of clobbering the first.
struct PreparedStatement {
  sqlite3_stmt* stmt = nullptr;
  bool in_use = false;
  PreparedStatement() = default;
  PreparedStatement(const PreparedStatement&) = delete;
  PreparedStatement& operator=(const PreparedStatement&) = delete;
  ~PreparedStatement();
};

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};

// A statement on loan from its connection. Destruction resets it and clears its bindings, so a
// finished SELECT never keeps a read transaction open and the next borrower starts clean.
class Query {
 public:
  Query(Query&& other) noexcept;
  Query& operator=(Query&&) = delete;
  Query(const Query&) = delete;
  ~Query();

  Result<bool> step();  // true: a row is ready to read
  Status run();         // steps to the end; for statements whose rows (if any) are not wanted

  bool is_null(int col) const;
  long long int64(int col) const;
  bool boolean(int col) const { return int64(col) != 0; }  // flags are INTEGER 0/1
  std::string text(int col) const;
  std::optional<long long> opt_int64(int col) const;
  std::optional<std::string> opt_text(int col) const;
  Timestamp timestamp(int col) const;
  std::optional<Timestamp> opt_timestamp(int col) const;

  // Parameters are 1-based. Text is copied by SQLite, so temporaries are safe to pass.
  Status bind_null(int index);
  Status bind_int64(int index, long long value);
  Status bind_text(int index, std::string_view value);

  template <class T>
  Status bind(int index, const T& value) {
    if constexpr (std::is_same_v<T, std::nullptr_t> || std::is_same_v<T, std::nullopt_t>) {
      return bind_null(index);
    } else if constexpr (is_optional<T>::value) {
      return value ? bind(index, *value) : bind_null(index);
    } else if constexpr (std::is_integral_v<T>) {
      return bind_int64(index, static_cast<long long>(value));
    } else if constexpr (std::is_same_v<T, Timestamp>) {
      return bind_int64(index, to_unix_micros(value));
    } else {
      static_assert(std::is_convertible_v<const T&, std::string_view>, "unsupported SQL parameter type");
      return bind_text(index, std::string_view(value));
    }
  }

  template <class... Args>
  Status bind_all(const Args&... args) {
    int index = 0;
    Status status;
    ((status = status ? bind(++index, args) : status), ...);
    return status;
  }

 private:
  friend class Database;
  Query(PreparedStatement* statement, std::unique_ptr<PreparedStatement> owned, sqlite3* db);

  PreparedStatement* statement_;
  std::unique_ptr<PreparedStatement> owned_;  // set when the cached copy was busy
  sqlite3* db_;
};

enum class OpenMode { create, existing };

class Database {
 public:
  // Opens one connection for use by one thread at a time (SQLite's own mutex is off).
  static Result<Database> open(const std::string& path, OpenMode mode);

  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  // Runs one or more parameterless statements without caching them (DDL, PRAGMAs).
  Status exec(std::string_view sql);

  // Borrows the cached statement for `sql`, preparing it the first time it is seen.
  Result<Query> prepare(std::string_view sql);

  template <class... Args>
  Result<Query> query(std::string_view sql, const Args&... args) {
    SK_TRY(q, prepare(sql));
    SK_CHECK(q.bind_all(args...));
    return q;
  }

  // query() then run(): for INSERT/UPDATE/DELETE and transaction control.
  template <class... Args>
  Status run(std::string_view sql, const Args&... args) {
    SK_TRY(q, query(sql, args...));
    return q.run();
  }

  int changes() const;          // rows changed by the last INSERT/UPDATE/DELETE
  long long total_changes() const;  // rows changed on this connection since it opened
  bool in_transaction() const;  // false once SQLite has rolled a failed transaction back by itself
  std::size_t cached_statements() const { return cache_.size(); }
  sqlite3* handle() const { return db_; }

 private:
  explicit Database(sqlite3* db) : db_(db) {}
  void close();

  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };

  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, std::unique_ptr<PreparedStatement>, Hash, std::equal_to<>> cache_;
};

}  // namespace sk::storage::sqlite
