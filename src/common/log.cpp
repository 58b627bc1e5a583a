#include "common/log.hpp"

#include <unistd.h>

#include <atomic>
#include <charconv>
#include <cstdio>

#include "common/line_batcher.hpp"
#include "common/rfc3339.hpp"
#include "common/time.hpp"

namespace sk::log {
namespace {

std::atomic<Format> g_format{Format::text};
std::atomic<Level> g_level{Level::info};
thread_local std::string_view t_request_id;

// Every line goes through it: one line is one write, so lines of different threads never
// interleave. Never destroyed, so a thread logging while the process exits finds it.
LineBatcher& stderr_lines() {
  static auto* lines = new LineBatcher(STDERR_FILENO);
  return *lines;
}

// The calling thread's line, formatted in place (its capacity is kept between lines).
std::string& scratch_line() {
  thread_local std::string line;
  line.clear();
  return line;
}

std::string_view level_name(Level level) {
  switch (level) {
    case Level::debug: return "debug";
    case Level::info: return "info";
    case Level::warn: return "warn";
    case Level::error: return "error";
  }
  return "info";
}

bool plain_json_char(char c) { return static_cast<unsigned char>(c) >= 0x20 && c != '"' && c != '\\'; }

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  while (!s.empty()) {
    // Runs of characters that need no escape are appended whole.
    std::size_t plain = 0;
    while (plain < s.size() && plain_json_char(s[plain])) ++plain;
    out.append(s.data(), plain);
    if (plain == s.size()) break;
    const char c = s[plain];
    s.remove_prefix(plain + 1);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
        out += buf;
      }
    }
  }
  out += '"';
}

// Text values are bare when they are one plain word, otherwise quoted like JSON strings.
void append_text_value(std::string& out, std::string_view s) {
  bool bare = !s.empty();
  for (const char c : s)
    if (static_cast<unsigned char>(c) <= ' ' || c == '"' || c == '=' || c == '\\') bare = false;
  if (bare) out += s;
  else append_json_string(out, s);
}

void append_number(std::string& out, std::int64_t v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

void append_number(std::string& out, double v) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 6);
  out.append(buf, end);
}

void append_value(std::string& out, const Field::Value& value, Format format) {
  if (const auto* s = std::get_if<std::string_view>(&value)) {
    if (format == Format::json) append_json_string(out, *s);
    else append_text_value(out, *s);
  } else if (const auto* i = std::get_if<std::int64_t>(&value)) {
    append_number(out, *i);
  } else if (const auto* d = std::get_if<double>(&value)) {
    append_number(out, *d);
  } else {
    out += std::get<bool>(value) ? "true" : "false";
  }
}

}  // namespace

std::optional<Level> parse_level(std::string_view s) {
  for (Level l : {Level::debug, Level::info, Level::warn, Level::error})
    if (s == level_name(l)) return l;
  if (s == "warning") return Level::warn;
  return std::nullopt;
}

std::optional<Format> parse_format(std::string_view s) {
  if (s == "text") return Format::text;
  if (s == "json") return Format::json;
  return std::nullopt;
}

Format default_format() { return ::isatty(STDERR_FILENO) ? Format::text : Format::json; }

void configure(Format format, Level level) {
  g_format = format;
  g_level = level;
}

bool enabled(Level level) { return level >= g_level.load(std::memory_order_relaxed); }

std::string format_line(Format format, Level level, std::string_view event, std::string_view message, Fields fields,
                        std::string_view request_id) {
  std::string out;
  out.reserve(160);
  append_line(out, format, level, event, message, fields, request_id);
  return out;
}

void append_line(std::string& out, Format format, Level level, std::string_view event, std::string_view message,
                 Fields fields, std::string_view request_id) {
  char time_buffer[kRfc3339MaxLength];
  const std::string_view time(time_buffer, write_rfc3339(time_buffer, now_utc()));
  if (format == Format::json) {
    out += "{\"time\":";
    append_json_string(out, time);
    out += ",\"level\":";
    append_json_string(out, level_name(level));
    out += ",\"event\":";
    append_json_string(out, event);
    if (!message.empty()) {
      out += ",\"msg\":";
      append_json_string(out, message);
    }
    if (!request_id.empty()) {
      out += ",\"request_id\":";
      append_json_string(out, request_id);
    }
    for (const auto& f : fields) {
      out += ',';
      append_json_string(out, f.key);
      out += ':';
      append_value(out, f.value, format);
    }
    out += "}\n";
    return;
  }
  out += time;
  out += ' ';
  for (const char c : level_name(level)) out += static_cast<char>(c - 'a' + 'A');
  out += ' ';
  out += event;
  if (!message.empty()) {
    out += ": ";
    for (const char c : message) out += (c == '\n' || c == '\r') ? ' ' : c;
  }
  if (!request_id.empty()) {
    out += " request_id=";
    append_text_value(out, request_id);
  }
  for (const auto& f : fields) {
    out += ' ';
    out += f.key;
    out += '=';
    append_value(out, f.value, format);
  }
  out += '\n';
}

void write(Level level, std::string_view event, std::string_view message, Fields fields) {
  if (!enabled(level)) return;
  std::string& line = scratch_line();
  append_line(line, g_format.load(std::memory_order_relaxed), level, event, message, fields, t_request_id);
  stderr_lines().write_now(line);
}

void write_batched(Level level, std::string_view event, std::string_view message, Fields fields,
                   std::string_view request_id) {
  if (!enabled(level)) return;
  std::string& line = scratch_line();
  append_line(line, g_format.load(std::memory_order_relaxed), level, event, message, fields, request_id);
  stderr_lines().append(line);
}

BatchedLines::BatchedLines(std::chrono::milliseconds interval) { stderr_lines().start(interval); }
BatchedLines::~BatchedLines() { stderr_lines().stop(); }

RequestIdScope::RequestIdScope(std::string_view id) : previous_(t_request_id) { t_request_id = id; }
RequestIdScope::~RequestIdScope() { t_request_id = previous_; }
std::string_view current_request_id() { return t_request_id; }

}  // namespace sk::log
