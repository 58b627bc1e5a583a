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
  const std::string_view text = result_.view(row_, col);
  long long n = 0;
  std::from_chars(text.data(), text.data() + text.size(), n);
  return n;
}

bool Row::boolean(int col) const {
  const std::string_view text = result_.view(row_, col);
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
      last_error_retryable_(other.last_error_retryable_) {}

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
  const std::string text(sql);
  return check(PQexec(conn_, text.c_str()), sql);
}

Result<PgResult> Connection::execute(std::string_view sql, const std::vector<Param>& params) {
  std::string key(sql);
  auto found = prepared_.find(key);
  if (found == prepared_.end()) {
    std::string name = "sk_" + std::to_string(prepared_.size() + 1);
    // Parameter types are left to the server, which infers them from where each $n is used.
    SK_TRY(prepared, check(PQprepare(conn_, name.c_str(), key.c_str(), static_cast<int>(params.size()), nullptr), sql));
    (void)prepared;
    found = prepared_.emplace(std::move(key), std::move(name)).first;
  }
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const Param& p : params) values.push_back(p ? p->c_str() : nullptr);
  return check(PQexecPrepared(conn_, found->second.c_str(), static_cast<int>(values.size()), values.data(), nullptr,
                              nullptr, 0),
               sql);
}

bool Connection::healthy() const { return conn_ != nullptr && PQstatus(conn_) == CONNECTION_OK; }

Status Connection::reset() {
  prepared_.clear();  // statements died with the old session
  PQreset(conn_);
  if (PQstatus(conn_) != CONNECTION_OK)
    return internal_error("postgresql: cannot reconnect: " + trimmed(PQerrorMessage(conn_)));
  return {};
}

Connection::TxState Connection::transaction_state() const {
  switch (PQtransactionStatus(conn_)) {
    case PQTRANS_IDLE: return TxState::idle;
    case PQTRANS_ACTIVE: return TxState::active;
    case PQTRANS_INTRANS: return TxState::in_transaction;
    case PQTRANS_INERROR: return TxState::failed;
    default: return TxState::unknown;
  }
}

}  // namespace sk::storage::postgres
