#include "domain/seat_event_record.hpp"

#include <charconv>

namespace sk::domain {

namespace {

constexpr std::string_view kHeader = "~seat1";
constexpr char kAbsent = '_';

class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}

  void text(std::string_view s) {
    number(static_cast<long long>(s.size()), ':');
    out_ += s;
  }
  void optional_text(const std::optional<std::string>& s) { s ? text(*s) : absent(); }
  void time(Timestamp t) { number(to_unix_micros(t), ';'); }
  void optional_time(const std::optional<Timestamp>& t) { t ? time(*t) : absent(); }
  void flag(char c) { out_ += c; }

 private:
  void absent() { out_ += kAbsent; }
  void number(long long n, char end) {
    char digits[24];
    const auto r = std::to_chars(digits, digits + sizeof digits, n);
    out_.append(digits, r.ptr);
    out_ += end;
  }
  std::string& out_;
};

// Reads what Writer wrote; any mismatch leaves it failed and every later read empty.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}

  bool ok() const { return ok_; }
  bool done() const { return ok_ && in_.empty(); }

  std::string text() {
    long long size = 0;
    if (!number(size, ':') || size < 0 || static_cast<std::size_t>(size) > in_.size()) return fail(), std::string{};
    std::string s(in_.substr(0, static_cast<std::size_t>(size)));
    in_.remove_prefix(static_cast<std::size_t>(size));
    return s;
  }
  std::optional<std::string> optional_text() {
    if (absent()) return std::nullopt;
    return text();
  }
  Timestamp time() {
    long long micros = 0;
    if (!number(micros, ';')) fail();
    return from_unix_micros(micros);
  }
  std::optional<Timestamp> optional_time() {
    if (absent()) return std::nullopt;
    return time();
  }
  char flag() {
    if (!ok_ || in_.empty()) return fail(), '\0';
    const char c = in_.front();
    in_.remove_prefix(1);
    return c;
  }

 private:
  bool absent() {
    if (!ok_ || in_.empty() || in_.front() != kAbsent) return false;
    in_.remove_prefix(1);
    return true;
  }
  bool number(long long& n, char end) {
    if (!ok_) return false;
    const auto r = std::from_chars(in_.data(), in_.data() + in_.size(), n);
    if (r.ec != std::errc{} || r.ptr == in_.data() + in_.size() || *r.ptr != end) return false;
    in_.remove_prefix(static_cast<std::size_t>(r.ptr - in_.data()) + 1);
    return true;
  }
  void fail() { ok_ = false; }

  std::string_view in_;
  bool ok_ = true;
};

char status_flag(SeatStatus s) {
  switch (s) {
    case SeatStatus::pending: return 'p';
    case SeatStatus::claimed: return 'c';
    case SeatStatus::revoked: return 'r';
  }
  return 'p';
}

std::optional<SeatStatus> status_of(char c) {
  switch (c) {
    case 'p': return SeatStatus::pending;
    case 'c': return SeatStatus::claimed;
    case 'r': return SeatStatus::revoked;
    default: return std::nullopt;
  }
}

}  // namespace

std::string encode_seat_event(std::string_view type, Timestamp at, const SeatView& view) {
  const Seat& s = view.seat;
  std::string out;
  out.reserve(320 + s.metadata_json.size());
  out += kHeader;
  Writer w(out);
  w.text(type);
  w.time(at);
  w.text(s.id);
  w.time(s.created_at);
  w.optional_time(s.modified_at);
  w.flag(s.container_kind == ContainerKind::subscription ? 's' : 'o');
  w.text(s.container_id);
  w.flag(status_flag(s.status));
  w.optional_text(s.customer_id);
  w.optional_text(s.member_id);
  w.optional_text(s.email);
  w.optional_time(s.invitation_token_expires_at);
  w.optional_time(s.claimed_at);
  w.optional_time(s.revoked_at);
  w.text(s.metadata_json);
  w.optional_text(view.customer_email);
  if (!view.member) {
    w.flag(kAbsent);
    return out;
  }
  const Member& m = *view.member;
  w.flag('m');
  w.text(m.id);
  w.time(m.created_at);
  w.optional_time(m.modified_at);
  w.text(m.customer_id);
  w.text(m.email);
  w.optional_text(m.name);
  w.optional_text(m.external_id);
  w.text(m.role);
  return out;
}

bool is_seat_event_record(std::string_view stored) { return stored.starts_with(kHeader); }

std::optional<SeatEventRecord> decode_seat_event(std::string_view stored) {
  if (!is_seat_event_record(stored)) return std::nullopt;
  Reader r(stored.substr(kHeader.size()));
  SeatEventRecord record;
  record.type = r.text();
  record.at = r.time();
  Seat& s = record.view.seat;
  s.id = r.text();
  s.created_at = r.time();
  s.modified_at = r.optional_time();
  const char kind = r.flag();
  if (kind != 's' && kind != 'o') return std::nullopt;
  s.container_kind = kind == 's' ? ContainerKind::subscription : ContainerKind::order;
  s.container_id = r.text();
  const auto status = status_of(r.flag());
  if (!status) return std::nullopt;
  s.status = *status;
  s.customer_id = r.optional_text();
  s.member_id = r.optional_text();
  s.email = r.optional_text();
  s.invitation_token_expires_at = r.optional_time();
  s.claimed_at = r.optional_time();
  s.revoked_at = r.optional_time();
  s.metadata_json = r.text();
  record.view.customer_email = r.optional_text();
  const char member = r.flag();
  if (member == 'm') {
    Member m;
    m.id = r.text();
    m.created_at = r.time();
    m.modified_at = r.optional_time();
    m.customer_id = r.text();
    m.email = r.text();
    m.name = r.optional_text();
    m.external_id = r.optional_text();
    m.role = r.text();
    record.view.member = std::move(m);
  } else if (member != '_') {
    return std::nullopt;
  }
  if (!r.done()) return std::nullopt;
  return record;
}

}  // namespace sk::domain
