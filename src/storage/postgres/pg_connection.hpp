// A small RAII wrapper over libpq: one connection, its prepared statements, and results.
// Every parameterised statement is prepared once per connection under a generated name and then
// executed by name, so each call costs one round trip and no SQL is ever built from values.
// Statements whose answers nobody waits for (BEGIN, appends, savepoint bookkeeping) can be
// deferred: they go with the next round trip in libpq's pipeline mode, in order, and a failure
// among them is that round trip's error. Errors are values; nothing here throws. A Connection is
// used by one thread at a time.
#pragma once

#include <memory>
#include <optional>
#include <span>
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

// One row of a result, read the way the repositories read SQLite rows. `first_column` lets a row
// reader written for one table read its columns from the middle of a joined row.
class Row {
 public:
  Row(const PgResult& result, int row, int first_column = 0) : result_(result), row_(row), first_(first_column) {}

  bool is_null(int col) const { return result_.is_null(row_, first_ + col); }
  std::string text(int col) const { return std::string(result_.view(row_, first_ + col)); }
  long long int64(int col) const;
  bool boolean(int col) const;  // INTEGER 0/1 (as SQLite stores flags) or a PostgreSQL boolean
  Timestamp timestamp(int col) const { return from_unix_micros(int64(col)); }
  std::optional<std::string> opt_text(int col) const;
  std::optional<long long> opt_int64(int col) const;
  std::optional<Timestamp> opt_timestamp(int col) const;

 private:
  const PgResult& result_;
  int row_;
  int first_;
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

// One statement of a pipeline: SQL with $n placeholders and its parameters.
struct Statement {
  std::string_view sql;
  std::vector<Param> params;
};

template <class... Args>
std::vector<Param> params_of(const Args&... args) {
  return {to_param(args)...};
}

template <class... Args>
Statement statement(std::string_view sql, const Args&... args) {
  return Statement{sql, params_of(args...)};
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

  // Sends the deferred statements and then `statements` in one round trip; one result per
  // statement, or the first failure among all of them (the later ones were then skipped).
  Result<std::vector<PgResult>> pipeline(std::span<const Statement> statements);

  // Queues a statement to go ahead of the next round trip. A statement that starts a transaction
  // (`begins_transaction`) is sent again once on a fresh connection if the old one turns out to
  // be dead, since nothing had run on it. A failing deferred statement aborts the
  // transaction (an INSERT deferred here must not be ON CONFLICT DO NOTHING: a clash must fail).
  void defer(std::string_view sql, std::vector<Param> params = {}, bool begins_transaction = false);
  bool has_deferred() const { return !deferred_.empty(); }
  std::size_t deferred_count() const { return deferred_.size(); }
  // Drops what is deferred, unsent (a read job that ran no statement leaves its BEGIN here).
  void discard_deferred();

  // Sends `sql` (parameterless) without waiting for its answer, which is read before the
  // connection's next statement: a read job's ROLLBACK costs its caller no wait.
  void send_without_waiting(std::string_view sql);

  // Round trips waited for so far (a pipeline counts once; a statement sent without waiting does
  // not count): tests count them per request.
  long long round_trips() const { return round_trips_; }

  // False once the server connection is gone; reset() reconnects (prepared statements are lost
  // with the old session and re-prepared on demand).
  bool healthy() const;
  Status reset();

  enum class TxState { idle, active, in_transaction, failed, unknown };
  TxState transaction_state();

  // True when the last error was a serialization failure or a deadlock: the transaction can be
  // retried from the start.
  bool last_error_retryable() const { return last_error_retryable_; }
  void forget_last_error() { last_error_retryable_ = false; }

 private:
  explicit Connection(pg_conn* conn) : conn_(conn) {}
  Error error_of(pg_result* result, std::string_view context);
  Result<PgResult> check(pg_result* result, std::string_view context);
  Result<std::vector<PgResult>> send_pipeline(std::span<const Statement> statements);
  void settle();  // reads the answer of a statement sent without waiting

  struct Deferred {
    std::string sql;
    std::vector<Param> params;
  };

  pg_conn* conn_;
  std::unordered_map<std::string, std::string> prepared_;  // SQL text -> statement name
  bool last_error_retryable_ = false;
  std::vector<Deferred> deferred_;
  bool deferred_begins_transaction_ = false;
  bool answer_pending_ = false;  // a statement was sent without waiting
  long long round_trips_ = 0;
  long long statement_names_ = 0;  // names are never reused, even after a failed Parse
};

}  // namespace sk::storage::postgres
