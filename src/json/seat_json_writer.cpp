#include "json/seat_json_writer.hpp"

#include <array>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serializer.hpp>
#include <charconv>

#include "common/rfc3339.hpp"

namespace sk::json {

namespace bj = boost::json;

namespace {

// What each byte becomes inside a JSON string, as Boost.JSON's serializer decides: 0 passes
// through, 'u' is \u00xx, anything else is a backslash and that letter.
constexpr std::array<char, 256> kEscapes = [] {
  std::array<char, 256> table{};
  for (int c = 0; c < 0x20; ++c) table[c] = 'u';
  table['\b'] = 'b';
  table['\t'] = 't';
  table['\n'] = 'n';
  table['\f'] = 'f';
  table['\r'] = 'r';
  table['"'] = '"';
  table['\\'] = '\\';
  return table;
}();

// Upper bound of a seat's text without metadata, so a list is written into one allocation.
constexpr std::size_t kSeatTextEstimate = 900;

void append_null_or_string(std::string& out, const std::optional<std::string>& text) {
  if (text) append_json_string(out, *text);
  else out += "null";
}

void append_timestamp(std::string& out, Timestamp t) {
  char buf[kRfc3339MaxLength + 2];
  buf[0] = '"';
  char* end = write_rfc3339(buf + 1, t);
  *end++ = '"';
  out.append(buf, end);
}

void append_null_or_timestamp(std::string& out, const std::optional<Timestamp>& t) {
  if (t) append_timestamp(out, *t);
  else out += "null";
}

void append_integer(std::string& out, long long n) {
  char buf[24];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
  out.append(buf, end);
}

void append_member(std::string& out, const domain::Member& m) {
  out += R"({"id":)";
  append_json_string(out, m.id);
  out += R"(,"created_at":)";
  append_timestamp(out, m.created_at);
  out += R"(,"modified_at":)";
  append_null_or_timestamp(out, m.modified_at);
  out += R"(,"customer_id":)";
  append_json_string(out, m.customer_id);
  out += R"(,"email":)";
  append_json_string(out, m.email);
  out += R"(,"name":)";
  append_null_or_string(out, m.name);
  out += R"(,"external_id":)";
  append_null_or_string(out, m.external_id);
  out += R"(,"role":)";
  append_json_string(out, m.role);
  out += '}';
}

// The stored metadata is the caller's object as seat_json shows it: parsed and serialised again
// by Boost.JSON (so the bytes match whatever was stored), in a stack arena; an unreadable or
// non-object value shows as {}. The common empty case needs no parser.
void append_metadata(std::string& out, const std::string& metadata_json) {
  if (metadata_json.empty() || metadata_json == "{}") {
    out += "{}";
    return;
  }
  unsigned char arena[4096];
  bj::monotonic_resource resource(arena, sizeof arena);
  bj::parse_options options;
  options.max_depth = 64;  // as deep as the request parser accepts
  boost::system::error_code ec;
  const bj::value metadata = bj::parse(metadata_json, ec, &resource, options);
  if (ec || !metadata.is_object()) {
    out += "{}";
    return;
  }
  bj::serializer serializer;
  serializer.reset(&metadata);
  char chunk[1024];
  while (!serializer.done()) {
    const auto text = serializer.read(chunk);
    out.append(text.data(), text.size());
  }
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  const char* run = text.data();
  const char* const end = run + text.size();
  for (const char* p = run; p != end; ++p) {
    const char escape = kEscapes[static_cast<unsigned char>(*p)];
    if (escape == 0) continue;
    out.append(run, p);
    if (escape == 'u') {
      static constexpr char hex[] = "0123456789abcdef";
      const auto byte = static_cast<unsigned char>(*p);
      const char code[] = {'\\', 'u', '0', '0', hex[byte >> 4], hex[byte & 15]};
      out.append(code, sizeof code);
    } else {
      const char pair[] = {'\\', escape};
      out.append(pair, sizeof pair);
    }
    run = p + 1;
  }
  out.append(run, end);
  out += '"';
}

void append_seat(std::string& out, const domain::SeatView& view, const std::string* invitation_url) {
  const auto& s = view.seat;
  const bool subscription = s.container_kind == domain::ContainerKind::subscription;
  out += R"({"created_at":)";
  append_timestamp(out, s.created_at);
  out += R"(,"modified_at":)";
  append_null_or_timestamp(out, s.modified_at);
  out += R"(,"id":)";
  append_json_string(out, s.id);
  out += R"(,"subscription_id":)";
  if (subscription) append_json_string(out, s.container_id);
  else out += "null";
  out += R"(,"order_id":)";
  if (subscription) out += "null";
  else append_json_string(out, s.container_id);
  out += R"(,"status":)";
  append_json_string(out, domain::to_string(s.status));
  out += R"(,"customer_id":)";
  append_null_or_string(out, s.customer_id);
  out += R"(,"member_id":)";
  append_null_or_string(out, s.member_id);
  out += R"(,"member":)";
  if (view.member) append_member(out, *view.member);
  else out += "null";
  out += R"(,"email":)";
  append_null_or_string(out, s.email);
  out += R"(,"customer_email":)";
  append_null_or_string(out, view.customer_email);
  out += R"(,"invitation_token_expires_at":)";
  append_null_or_timestamp(out, s.invitation_token_expires_at);
  out += R"(,"claimed_at":)";
  append_null_or_timestamp(out, s.claimed_at);
  out += R"(,"revoked_at":)";
  append_null_or_timestamp(out, s.revoked_at);
  out += R"(,"seat_metadata":)";
  append_metadata(out, s.metadata_json);
  if (invitation_url) {
    out += R"(,"invitation_url":)";
    append_json_string(out, *invitation_url);
  }
  out += '}';
}

namespace {

void append_seats_fields(std::string& out, const domain::SeatsList& list) {
  out += R"({"seats":[)";
  for (std::size_t i = 0; i < list.seats.size(); ++i) {
    if (i != 0) out += ',';
    append_seat(out, list.seats[i]);
  }
  out += R"(],"available_seats":)";
  append_integer(out, list.available_seats);
  out += R"(,"total_seats":)";
  append_integer(out, list.total_seats);
}

}  // namespace

void append_seats_list(std::string& out, const domain::SeatsList& list) {
  append_seats_fields(out, list);
  out += '}';
}

void append_seats_page(std::string& out, const domain::SeatsList& list, long long total_count, long long max_page) {
  append_seats_fields(out, list);
  out += R"(,"pagination":{"total_count":)";
  append_integer(out, total_count);
  out += R"(,"max_page":)";
  append_integer(out, max_page);
  out += "}}";
}

void append_claim_info(std::string& out, const domain::SeatClaimInfo& info) {
  out += R"({"product_name":)";
  append_json_string(out, info.product_name);
  out += R"(,"product_id":)";
  append_json_string(out, info.product_id);
  out += R"(,"organization_name":)";
  append_json_string(out, info.organization_name);
  out += R"(,"organization_slug":)";
  append_json_string(out, info.organization_slug);
  out += R"(,"customer_email":)";
  append_json_string(out, info.customer_email);
  out += R"(,"can_claim":)";
  out += info.can_claim ? "true}" : "false}";
}

void append_claim_response(std::string& out, const domain::ClaimedSeat& claimed) {
  out += R"({"seat":)";
  append_seat(out, claimed.seat);
  out += R"(,"customer_session_token":)";
  append_json_string(out, claimed.member_session_token);
  out += '}';
}

std::string seat_text(const domain::SeatView& view) {
  std::string out;
  out.reserve(kSeatTextEstimate);
  append_seat(out, view);
  return out;
}

std::string seats_list_text(const domain::SeatsList& list) {
  std::string out;
  out.reserve(64 + kSeatTextEstimate * list.seats.size());
  append_seats_list(out, list);
  return out;
}

std::string claim_info_text(const domain::SeatClaimInfo& info) {
  std::string out;
  out.reserve(256);
  append_claim_info(out, info);
  return out;
}

std::string claim_response_text(const domain::ClaimedSeat& claimed) {
  std::string out;
  out.reserve(kSeatTextEstimate + 128);
  append_claim_response(out, claimed);
  return out;
}

}  // namespace sk::json
