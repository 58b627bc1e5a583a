// A small RAII wrapper over libpq: one connection, its prepared statements, and results.
// Every parameterised statement is prepared once per connection under a generated name and then
// executed by name, so each call costs one round trip and no SQL is ever built from values.
// Errors are values; nothing here throws. A Connection is used by one thread at a time.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "common/error.hpp"
#include "common/time.hpp"

struct pg_conn;
struct pg_result;

namespace sk::storage::postgres {

// One owned PGresult. Rows and columns are 0-based; values come back in text format.
class PgResult {
 public:
  explicit PgResult(pg_result* result) : result_(result) {}
  PgResult(PgResult&&) noexcept = default;
  PgResult& operator=(PgResult&&) noexcept = default;

  int rows() const;
  long long affected() const;  // rows touched by INSERT/UPDATE/DELETE
  bool is_null(int row, int col) const;
  std::string_view view(int row, int col) const;

 private:
  struct Clear {
    void operator()(pg_result* r) const;
  };
  std::unique_ptr<pg_result, Clear> result_;
};

// One row of a result, read the way the repositories read SQLite rows.
class Row {
 public:
  Row(const PgResult& result, int row) : result_(result), row_(row) {}

  bool is_null(int col) const { return result_.is_null(row_, col); }
  std::string text(int col) const { return std::string(result_.view(row_, col)); }
  long long int64(int col) const;
  bool boolean(int col) const;  // INTEGER 0/1 (as SQLite stores flags) or a PostgreSQL boolean
  Timestamp timestamp(int col) const { return from_unix_micros(int64(col)); }
  std::optional<std::string> opt_text(int col) const;
  std::optional<long long> opt_int64(int col) const;
  std::optional<Timestamp> opt_timestamp(int col) const;

 private:
  const PgResult& result_;
  int row_;
};

// Statement parameters in text format; nullopt is SQL NULL.
using Param = std::optional<std::string>;

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};

template <class T>
Param to_param(const T& value) {
  if constexpr (std::is_same_v<T, std::nullptr_t> || std::is_same_v<T, std::nullopt_t>) {
    return std::nullopt;
  } else if constexpr (is_optional<T>::value) {
    return value ? to_param(*value) : Param{};
  } else if constexpr (std::is_same_v<T, bool>) {
    return std::string(value ? "1" : "0");  // flags are INTEGER 0/1, as in the SQLite schema
  } else if constexpr (std::is_integral_v<T>) {
    return std::to_string(value);
  } else if constexpr (std::is_same_v<T, Timestamp>) {
    return std::to_string(to_unix_micros(value));  // BIGINT unix microseconds, as in SQLite
  } else {
    static_assert(std::is_convertible_v<const T&, std::string_view>, "unsupported SQL parameter type");
    return std::string(std::string_view(value));
  }
}

class Connection {
 public:
  // `url` is a libpq connection URI (postgresql://user:pass@host:port/db?...) or key=value string.
  static Result<Connection> open(const std::string& url);

  Connection(Connection&& other) noexcept;
  Connection& operator=(Connection&&) = delete;
  Connection(const Connection&) = delete;
  ~Connection();

  // Simple-query protocol, no parameters; may hold several statements (migrations, BEGIN, ...).
  Result<PgResult> exec(std::string_view sql);

  // Runs `sql` (with $1, $2, ... placeholders) as a prepared statement.
  template <class... Args>
  Result<PgResult> query(std::string_view sql, const Args&... args) {
    return execute(sql, {to_param(args)...});
  }
  Result<PgResult> execute(std::string_view sql, const std::vector<Param>& params);

  // False once the server connection is gone; reset() reconnects (prepared statements are lost
  // with the old session and re-prepared on demand).
  bool healthy() const;
  Status reset();

  enum class TxState { idle, active, in_transaction, failed, unknown };
  TxState transaction_state() const;

  // True when the last error was a serialization failure or a deadlock: the transaction can be
  // retried from the start.
  bool last_error_retryable() const { return last_error_retryable_; }
  void forget_last_error() { last_error_retryable_ = false; }

 private:
  explicit Connection(pg_conn* conn) : conn_(conn) {}
  Error error_of(pg_result* result, std::string_view context);
  Result<PgResult> check(pg_result* result, std::string_view context);

  pg_conn* conn_;
  std::unordered_map<std::string, std::string> prepared_;  // SQL text -> statement name
  bool last_error_retryable_ = false;
};

}  // namespace sk::storage::postgres
