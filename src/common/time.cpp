#include "common/time.hpp"

#include <cstdio>

#include "common/rfc3339.hpp"

namespace sk {

Timestamp now_utc() {
  return std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
}

Timestamp from_unix_micros(long long micros) { return Timestamp{std::chrono::microseconds{micros}}; }

long long to_unix_micros(Timestamp t) { return t.time_since_epoch().count(); }

namespace {
// Writes `value` as exactly `width` decimal digits (printf is a quarter of a seat's JSON time).
char* put_digits(char* out, long long value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return out + width;
}
}  // namespace

std::string format_rfc3339(Timestamp t) {
  char buf[kRfc3339MaxLength];
  return std::string(buf, write_rfc3339(buf, t));
}

char* write_rfc3339(char* out, Timestamp t) {
  using namespace std::chrono;
  const auto day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss hms{t - day};
  const long long micros = hms.subseconds().count();
  char* p = out;
  p = put_digits(p, int(ymd.year()), 4);
  *p++ = '-';
  p = put_digits(p, unsigned(ymd.month()), 2);
  *p++ = '-';
  p = put_digits(p, unsigned(ymd.day()), 2);
  *p++ = 'T';
  p = put_digits(p, hms.hours().count(), 2);
  *p++ = ':';
  p = put_digits(p, hms.minutes().count(), 2);
  *p++ = ':';
  p = put_digits(p, hms.seconds().count(), 2);
  if (micros != 0) {
    *p++ = '.';
    p = put_digits(p, micros, 6);
  }
  *p++ = 'Z';
  return p;
}

std::optional<Timestamp> parse_rfc3339(std::string_view text) {
  using namespace std::chrono;
  int y, mo, d, h, mi, s;
  char tail[32] = {0};
  const std::string copy(text.substr(0, 60));
  if (std::sscanf(copy.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%31s", &y, &mo, &d, &h, &mi, &s, tail) < 6) return std::nullopt;
  long long micros = 0;
  std::string_view rest(tail);
  if (!rest.empty() && rest.front() == '.') {
    rest.remove_prefix(1);
    int digits = 0;
    while (!rest.empty() && rest.front() >= '0' && rest.front() <= '9') {
      if (digits < 6) micros = micros * 10 + (rest.front() - '0'), ++digits;
      rest.remove_prefix(1);
    }
    while (digits++ < 6) micros *= 10;
  }
  if (rest != "Z" && rest != "+00:00") return std::nullopt;
  const year_month_day ymd{year{y}, month{unsigned(mo)}, day{unsigned(d)}};
  if (!ymd.ok()) return std::nullopt;
  return Timestamp{sys_days{ymd}} + hours{h} + minutes{mi} + seconds{s} + microseconds{micros};
}

}  // namespace sk
