#include "storage/postgres/pg_connection.hpp"

#include <libpq-fe.h>

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <utility>

#include "common/log.hpp"

namespace sk::storage::postgres {
namespace {

// SQLSTATE classes the store reacts to (PostgreSQL manual, appendix A).
constexpr std::string_view kUniqueViolation = "23505";
constexpr std::string_view kSerializationFailure = "40001";
constexpr std::string_view kDeadlockDetected = "40P01";

std::string first_words(std::string_view sql) {
  // The statement's start is enough to find it; whole SQL texts make unreadable logs.
  std::string out(sql.substr(0, 80));
  if (sql.size() > 80) out += "...";
  return out;
}

std::string trimmed(const char* message) {
  std::string text = message != nullptr ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

// libpq prints every server notice to stderr; "relation already exists, skipping" from the
// migrator is routine. Warnings still get through.
void on_notice(void*, const char* message) {
  const std::string_view text = message != nullptr ? message : "";
  if (text.starts_with("NOTICE") || text.starts_with("INFO") || text.starts_with("DEBUG")) return;
  log::warn("postgres.notice", trimmed(message));
}

}  // namespace

// ---- PgResult and Row ----

void PgResult::Clear::operator()(pg_result* r) const { PQclear(r); }

int PgResult::rows() const { return PQntuples(result_.get()); }

long long PgResult::affected() const {
  const char* text = PQcmdTuples(result_.get());
  long long n = 0;
  if (text != nullptr) std::from_chars(text, text + std::char_traits<char>::length(text), n);
  return n;
}

bool PgResult::is_null(int row, int col) const { return PQgetisnull(result_.get(), row, col) != 0; }

std::string_view PgResult::view(int row, int col) const {
  return {PQgetvalue(result_.get(), row, col), static_cast<std::size_t>(PQgetlength(result_.get(), row, col))};
}

long long Row::int64(int col) const {
  const std::string_view text = result_.view(row_, first_ + col);
  long long n = 0;
  std::from_chars(text.data(), text.data() + text.size(), n);
  return n;
}

bool Row::boolean(int col) const {
  const std::string_view text = result_.view(row_, first_ + col);
  return text == "t" || (text != "f" && int64(col) != 0);
}

std::optional<std::string> Row::opt_text(int col) const {
  if (is_null(col)) return std::nullopt;
  return text(col);
}

std::optional<long long> Row::opt_int64(int col) const {
  if (is_null(col)) return std::nullopt;
  return int64(col);
}

std::optional<Timestamp> Row::opt_timestamp(int col) const {
  if (is_null(col)) return std::nullopt;
  return timestamp(col);
}

// ---- Connection ----

Result<Connection> Connection::open(const std::string& url) {
  // expand_dbname lets `url` be a URI or a key=value string; the application name shows the
  // connections in pg_stat_activity unless the URL names one itself.
  const char* keywords[] = {"dbname", "fallback_application_name", nullptr};
  const char* values[] = {url.c_str(), "seatkeeper", nullptr};
  pg_conn* conn = PQconnectdbParams(keywords, values, 1);
  if (conn == nullptr) return internal_error("postgresql: out of memory while connecting");
  if (PQstatus(conn) != CONNECTION_OK) {
    // libpq's message names host, port and user but never the password.
    std::string message = trimmed(PQerrorMessage(conn));
    PQfinish(conn);
    return internal_error("postgresql: cannot connect: " + message);
  }
  PQsetNoticeProcessor(conn, on_notice, nullptr);
  return Connection(conn);
}

Connection::Connection(Connection&& other) noexcept
    : conn_(std::exchange(other.conn_, nullptr)),
      prepared_(std::move(other.prepared_)),
      last_error_retryable_(other.last_error_retryable_),
      deferred_(std::move(other.deferred_)),
      deferred_begins_transaction_(other.deferred_begins_transaction_),
      answer_pending_(other.answer_pending_),
      round_trips_(other.round_trips_),
      statement_names_(other.statement_names_) {}

Connection::~Connection() {
  if (conn_ != nullptr) PQfinish(conn_);
}

Error Connection::error_of(pg_result* result, std::string_view context) {
  const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const std::string_view sqlstate = state != nullptr ? state : "";
  last_error_retryable_ = sqlstate == kSerializationFailure || sqlstate == kDeadlockDetected;
  std::string message = trimmed(result != nullptr ? PQresultErrorMessage(result) : nullptr);
  if (message.empty()) message = trimmed(PQerrorMessage(conn_));
  if (sqlstate == kUniqueViolation) return conflict_error(std::move(message)).error();
  std::string detail = "postgresql: " + message;
  if (!sqlstate.empty()) detail += " [" + std::string(sqlstate) + "]";
  if (!context.empty()) detail += " (in: " + first_words(context) + ")";
  return Error{ErrorKind::internal, "InternalError", std::move(detail)};
}

Result<PgResult> Connection::check(pg_result* raw, std::string_view context) {
  PgResult result(raw);
  const ExecStatusType status = raw != nullptr ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return result;
  return std::unexpected(error_of(raw, context));
}

Result<PgResult> Connection::exec(std::string_view sql) {
  settle();
  if (!deferred_.empty()) SK_CHECK(pipeline({}));  // the simple-query protocol has no pipeline
  const std::string text(sql);
  ++round_trips_;
  return check(PQexec(conn_, text.c_str()), sql);
}

Result<PgResult> Connection::execute(std::string_view sql, const std::vector<Param>& params) {
  settle();
  if (!deferred_.empty()) {
    const Statement one{sql, params};
    SK_TRY(results, pipeline(std::span(&one, 1)));
    return std::move(results.front());
  }
  std::string key(sql);
  auto found = prepared_.find(key);
  if (found == prepared_.end()) {
    std::string name = "sk_" + std::to_string(++statement_names_);
    // Parameter types are left to the server, which infers them from where each $n is used.
    ++round_trips_;
    SK_TRY(prepared, check(PQprepare(conn_, name.c_str(), key.c_str(), static_cast<int>(params.size()), nullptr), sql));
    (void)prepared;
    found = prepared_.emplace(std::move(key), std::move(name)).first;
  }
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const Param& p : params) values.push_back(p ? p->c_str() : nullptr);
  ++round_trips_;
  return check(PQexecPrepared(conn_, found->second.c_str(), static_cast<int>(values.size()), values.data(), nullptr,
                              nullptr, 0),
               sql);
}

void Connection::defer(std::string_view sql, std::vector<Param> params, bool begins_transaction) {
  deferred_.push_back(Deferred{std::string(sql), std::move(params)});
  if (begins_transaction) deferred_begins_transaction_ = true;
}

void Connection::discard_deferred() {
  deferred_.clear();
  deferred_begins_transaction_ = false;
}

Result<std::vector<PgResult>> Connection::pipeline(std::span<const Statement> statements) {
  settle();
  auto results = send_pipeline(statements);
  // Only a transaction's first round trip may be sent again: nothing of it can have run.
  if (!results && deferred_begins_transaction_ && !healthy()) {
    if (auto reset_ok = reset(); reset_ok) results = send_pipeline(statements);
  }
  discard_deferred();
  return results;
}

Result<std::vector<PgResult>> Connection::send_pipeline(std::span<const Statement> statements) {
  // What was sent, in order: each produces one result (then a null) before the final sync.
  struct Sent {
    std::string_view sql;
    const std::string* prepared_key;  // a Parse of a statement new to this connection
    bool wanted;                      // one of `statements` (not deferred, not a Parse)
  };
  std::vector<Sent> sent;
  sent.reserve(deferred_.size() + statements.size() + 2);
  if (PQenterPipelineMode(conn_) != 1) return std::unexpected(error_of(nullptr, "pipeline mode"));
  std::optional<Error> failure;
  auto send = [&](std::string_view sql, const std::vector<Param>& params, bool wanted) {
    if (failure) return;
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const Param& p : params) values.push_back(p ? p->c_str() : nullptr);
    const int count = static_cast<int>(values.size());
    int ok = 0;
    if (params.empty()) {
      // BEGIN, SAVEPOINT and the like: nothing worth preparing.
      const std::string text(sql);
      ok = PQsendQueryParams(conn_, text.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0);
      sent.push_back(Sent{sql, nullptr, wanted});
    } else {
      auto found = prepared_.find(std::string(sql));
      if (found == prepared_.end()) {
        std::string name = "sk_" + std::to_string(++statement_names_);
        found = prepared_.emplace(std::string(sql), std::move(name)).first;
        ok = PQsendPrepare(conn_, found->second.c_str(), found->first.c_str(), count, nullptr);
        sent.push_back(Sent{sql, &found->first, false});
        if (ok != 1) {
          failure = error_of(nullptr, sql);
          return;
        }
      }
      ok = PQsendQueryPrepared(conn_, found->second.c_str(), count, values.data(), nullptr, nullptr, 0);
      sent.push_back(Sent{sql, nullptr, wanted});
    }
    if (ok != 1) failure = error_of(nullptr, sql);
  };
  for (const Deferred& d : deferred_) send(d.sql, d.params, false);
  for (const Statement& s : statements) send(s.sql, s.params, true);
  if (!failure && PQpipelineSync(conn_) != 1) failure = error_of(nullptr, "pipeline sync");
  ++round_trips_;

  std::vector<PgResult> results;
  results.reserve(statements.size());
  std::vector<std::string> failed_prepares;
  bool lost = false;
  for (const Sent& s : sent) {
    pg_result* raw = PQgetResult(conn_);
    if (raw == nullptr) {
      if (!failure) failure = error_of(nullptr, s.sql);
      lost = true;
      break;
    }
    PgResult result(raw);
    const ExecStatusType status = PQresultStatus(raw);
    const bool ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
    // After a failure the rest report PGRES_PIPELINE_ABORTED; the first failure is the cause.
    if (!ok && !failure) failure = error_of(raw, s.sql);
    if (!ok && s.prepared_key != nullptr) failed_prepares.push_back(*s.prepared_key);
    if (s.wanted) results.push_back(std::move(result));
    while (pg_result* end = PQgetResult(conn_)) PQclear(end);  // the null that ends its results
  }
  if (!lost) {
    // The sync's own result, then back to one statement at a time.
    while (pg_result* raw = PQgetResult(conn_)) {
      const bool sync = PQresultStatus(raw) == PGRES_PIPELINE_SYNC;
      PQclear(raw);
      if (sync) break;
    }
  }
  (void)PQexitPipelineMode(conn_);
  for (const std::string& key : failed_prepares) prepared_.erase(key);
  if (failure) return std::unexpected(std::move(*failure));
  return results;
}

void Connection::send_without_waiting(std::string_view sql) {
  settle();
  discard_deferred();
  const std::string text(sql);
  if (PQsendQuery(conn_, text.c_str()) == 1) answer_pending_ = true;
}

void Connection::settle() {
  if (!answer_pending_) return;
  answer_pending_ = false;
  while (pg_result* raw = PQgetResult(conn_)) {
    const ExecStatusType status = PQresultStatus(raw);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
      log::warn("postgres.unanswered_statement_failed", trimmed(PQresultErrorMessage(raw)));
    PQclear(raw);
  }
}

bool Connection::healthy() const { return conn_ != nullptr && PQstatus(conn_) == CONNECTION_OK; }

Status Connection::reset() {
  prepared_.clear();  // statements died with the old session
  answer_pending_ = false;
  PQreset(conn_);
  if (PQstatus(conn_) != CONNECTION_OK)
    return internal_error("postgresql: cannot reconnect: " + trimmed(PQerrorMessage(conn_)));
  return {};
}

Connection::TxState Connection::transaction_state() {
  settle();
  switch (PQtransactionStatus(conn_)) {
    case PQTRANS_IDLE: return TxState::idle;
    case PQTRANS_ACTIVE: return TxState::active;
    case PQTRANS_INTRANS: return TxState::in_transaction;
    case PQTRANS_INERROR: return TxState::failed;
    default: return TxState::unknown;
  }
}

}  // namespace sk::storage::postgres
