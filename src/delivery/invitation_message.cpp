#include "delivery/invitation_message.hpp"

#include <array>
#include <cstdio>

#include "common/html_escape.hpp"
#include "crypto/crypto.hpp"

namespace sk::delivery {

namespace {

constexpr std::string_view kCrlf = "\r\n";
constexpr std::size_t kMaxLine = 76;

bool plain_ascii(std::string_view s) {
  for (unsigned char c : s)
    if (c < 0x20 || c > 0x7e) return false;
  return true;
}

// Splits UTF-8 text into pieces of at most `max` bytes without cutting a character.
std::vector<std::string_view> utf8_chunks(std::string_view s, std::size_t max) {
  std::vector<std::string_view> chunks;
  while (!s.empty()) {
    std::size_t n = std::min(max, s.size());
    while (n < s.size() && n > 0 && (static_cast<unsigned char>(s[n]) & 0xc0) == 0x80) --n;
    if (n == 0) n = std::min(max, s.size());
    chunks.push_back(s.substr(0, n));
    s.remove_prefix(n);
  }
  return chunks;
}

void append_hex(std::string& out, unsigned char c) {
  static constexpr char digits[] = "0123456789ABCDEF";
  out += '=';
  out += digits[c >> 4];
  out += digits[c & 15];
}

// One line of text (no line break inside), encoded and soft-wrapped.
void quoted_printable_line(std::string_view line, std::string& out) {
  std::size_t column = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(line[i]);
    const bool last = i + 1 == line.size();
    std::string piece;
    if ((c == ' ' || c == '\t') && !last) piece = std::string(1, static_cast<char>(c));
    else if (c >= 33 && c <= 126 && c != '=') piece = std::string(1, static_cast<char>(c));
    else append_hex(piece, c);
    // Room for the piece and a soft break's "=" on this line.
    if (column + piece.size() > kMaxLine - 1) {
      out += "=";
      out += kCrlf;
      column = 0;
    }
    out += piece;
    column += piece.size();
  }
}

std::string format_expiry(Timestamp t) {
  using namespace std::chrono;
  static constexpr std::array<const char*, 12> months{"January", "February", "March",     "April",   "May",      "June",
                                                      "July",    "August",   "September", "October", "November", "December"};
  const auto day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss hms{floor<minutes>(t - day)};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%u %s %d at %02lld:%02lld UTC", unsigned(ymd.day()), months[unsigned(ymd.month()) - 1],
                int(ymd.year()), (long long)hms.hours().count(), (long long)hms.minutes().count());
  return buf;
}

std::string invited_by(const InvitationMail& mail) {
  const std::string who = mail.billing_manager_email.empty() ? "You have been invited"
                                                             : mail.billing_manager_email + " has invited you";
  std::string text = who + " to access " + mail.product_name;
  if (!mail.organization_name.empty()) text += " from " + mail.organization_name;
  return text + ".";
}

}  // namespace

std::string header_safe(std::string_view value) {
  std::string out;
  for (char c : value)
    if (c != '\r' && c != '\n') out += c;
  return out;
}

std::string quoted_printable(std::string_view text) {
  std::string out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    const bool has_break = end != std::string_view::npos;
    if (!has_break) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    quoted_printable_line(line, out);
    if (!has_break) break;
    out += kCrlf;
    start = end + 1;
  }
  return out;
}

std::string encode_header_text(std::string_view text) {
  const std::string safe = header_safe(text);
  if (plain_ascii(safe)) return safe;
  // 45 bytes become 60 base64 characters: each encoded word stays within 75 characters.
  std::string out;
  for (auto chunk : utf8_chunks(safe, 45)) {
    if (!out.empty()) out += "\r\n ";
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(chunk.data());
    out += "=?UTF-8?B?" + crypto::base64_encode({bytes, chunk.size()}) + "?=";
  }
  return out;
}

std::string rfc5322_date(Timestamp t) {
  using namespace std::chrono;
  static constexpr std::array<const char*, 7> weekdays{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto day = floor<days>(t);
  const year_month_day ymd{day};
  const weekday wd{day};
  const hh_mm_ss hms{floor<seconds>(t - day)};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02u %s %d %02lld:%02lld:%02lld +0000", weekdays[wd.c_encoding()],
                unsigned(ymd.day()), months[unsigned(ymd.month()) - 1], int(ymd.year()), (long long)hms.hours().count(),
                (long long)hms.minutes().count(), (long long)hms.seconds().count());
  return buf;
}

std::string expiry_sentence(std::string_view expires_at) {
  auto t = parse_rfc3339(expires_at);
  if (!t) return "This invitation expires in 24 hours.";
  return "This invitation expires on " + format_expiry(*t) + ".";
}

std::string invitation_text(const InvitationMail& mail) {
  return "Hello,\n\n" + invited_by(mail) + "\n\nTo accept the invitation, open this link:\n" + mail.claim_url + "\n\n" +
         expiry_sentence(mail.expires_at) +
         "\n\nIf you were not expecting this invitation, you can ignore this e-mail.\n";
}

std::string invitation_html(const InvitationMail& mail) {
  const std::string link = escape_html(mail.claim_url);
  return "<!DOCTYPE html>\n<html>\n<head><meta charset=\"utf-8\"><title>" + escape_html(mail.subject) +
         "</title></head>\n<body style=\"font-family: sans-serif; line-height: 1.5\">\n<p>Hello,</p>\n<p>" +
         escape_html(invited_by(mail)) + "</p>\n<p><a href=\"" + link +
         "\" style=\"display: inline-block; padding: 10px 18px; background: #0062ff; color: #ffffff; "
         "text-decoration: none; border-radius: 6px\">Accept the invitation</a></p>\n"
         "<p>Or open this link: <a href=\"" + link + "\">" + link + "</a></p>\n<p>" +
         escape_html(expiry_sentence(mail.expires_at)) +
         "</p>\n<p style=\"color: #666666\">If you were not expecting this invitation, you can ignore this e-mail.</p>\n"
         "</body>\n</html>\n";
}

std::string build_invitation_message(const InvitationMail& mail, const MessageHeaders& h) {
  std::string m;
  auto header = [&](std::string_view name, std::string_view value) {
    m.append(name).append(": ").append(value).append(kCrlf);
  };
  header("From", header_safe(h.from));
  header("To", header_safe(mail.to));
  header("Subject", encode_header_text(mail.subject));
  header("Date", header_safe(h.date));
  header("Message-ID", header_safe(h.message_id));
  header("MIME-Version", "1.0");
  header("Auto-Submitted", "auto-generated");
  header("Content-Type", "multipart/alternative; boundary=\"" + header_safe(h.boundary) + "\"");
  m.append(kCrlf);
  auto part = [&](std::string_view type, const std::string& body) {
    m.append("--").append(h.boundary).append(kCrlf);
    header("Content-Type", std::string(type) + "; charset=UTF-8");
    header("Content-Transfer-Encoding", "quoted-printable");
    m.append(kCrlf).append(quoted_printable(body)).append(kCrlf);
  };
  part("text/plain", invitation_text(mail));
  part("text/html", invitation_html(mail));
  m.append("--").append(h.boundary).append("--").append(kCrlf);
  return m;
}

}  // namespace sk::delivery
