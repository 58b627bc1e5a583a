// Structured logging to stderr: one line per event, as text (for a terminal) or as one JSON
// object per line (for a collector). Every line has a time, a level and an event name; a request
// id is added on its own when the calling thread is serving a request (see RequestIdScope).
// Callers pass ids, counts and short reasons, never tokens, claim links, passwords or payloads.
#pragma once

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace sk::log {

enum class Level { debug, info, warn, error };
enum class Format { text, json };

std::optional<Level> parse_level(std::string_view);
std::optional<Format> parse_format(std::string_view);
// json unless stderr is a terminal.
Format default_format();

void configure(Format, Level);
bool enabled(Level);

struct Field {
  using Value = std::variant<std::string_view, std::int64_t, double, bool>;
  std::string_view key;
  Value value;
  Field(std::string_view k, std::string_view v) : key(k), value(v) {}
  Field(std::string_view k, const std::string& v) : key(k), value(std::string_view(v)) {}
  Field(std::string_view k, const char* v) : key(k), value(std::string_view(v)) {}
  Field(std::string_view k, std::int64_t v) : key(k), value(v) {}
  Field(std::string_view k, int v) : key(k), value(std::int64_t{v}) {}
  Field(std::string_view k, unsigned v) : key(k), value(std::int64_t{v}) {}
  Field(std::string_view k, std::size_t v) : key(k), value(static_cast<std::int64_t>(v)) {}
  Field(std::string_view k, double v) : key(k), value(v) {}
  Field(std::string_view k, bool v) : key(k), value(v) {}
};
using Fields = std::initializer_list<Field>;

// Formats one line (without writing it): the unit under test of both formats.
std::string format_line(Format, Level, std::string_view event, std::string_view message, Fields fields,
                        std::string_view request_id);
// The same line appended to `out`.
void append_line(std::string& out, Format, Level, std::string_view event, std::string_view message, Fields fields,
                 std::string_view request_id);

void write(Level, std::string_view event, std::string_view message, Fields fields = {});
inline void debug(std::string_view event, std::string_view message, Fields f = {}) { write(Level::debug, event, message, f); }
inline void info(std::string_view event, std::string_view message, Fields f = {}) { write(Level::info, event, message, f); }
inline void warn(std::string_view event, std::string_view message, Fields f = {}) { write(Level::warn, event, message, f); }
inline void error(std::string_view event, std::string_view message, Fields f = {}) { write(Level::error, event, message, f); }

// For lines written at a high rate (the access log): while a BatchedLines lives, the line goes to
// the calling thread's buffer, which a log thread writes out with the other threads' every
// interval (common/line_batcher.hpp); otherwise it is written at once, like write(). A thread's
// batched lines are written before any line it writes through write(), so its order holds.
void write_batched(Level, std::string_view event, std::string_view message, Fields fields,
                   std::string_view request_id);

// Batches write_batched() lines while it lives; its end writes every buffered line. A SIGKILL
// loses at most the last interval's batched lines (write() lines are never held back).
class BatchedLines {
 public:
  explicit BatchedLines(std::chrono::milliseconds interval);
  ~BatchedLines();
  BatchedLines(const BatchedLines&) = delete;
  BatchedLines& operator=(const BatchedLines&) = delete;
};

// The request the calling thread is working for, while the scope lives. Log lines written on this
// thread then carry it, and so does whatever else asks current_request_id() (e.g. the outbox).
class RequestIdScope {
 public:
  explicit RequestIdScope(std::string_view id);
  ~RequestIdScope();
  RequestIdScope(const RequestIdScope&) = delete;
  RequestIdScope& operator=(const RequestIdScope&) = delete;

 private:
  std::string_view previous_;
};
std::string_view current_request_id();

}  // namespace sk::log
