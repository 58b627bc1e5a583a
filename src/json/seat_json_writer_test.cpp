#include "json/seat_json_writer.hpp"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <cmath>
#include <random>

#include "json/model_json.hpp"

namespace sk::json {
namespace {

namespace bj = boost::json;

// Pieces random strings are made of: plain text, every byte JSON must escape, UTF-8 of each
// length (emoji included), bytes that are not UTF-8 (Boost.JSON passes them through too), and
// characters that look special but are not (slash, DEL).
std::vector<std::string> string_pieces() {
  std::vector<std::string> pieces = {"a",  "Zed", "alice@example.com", " ", "\"", "\\", "\\\"", "/",   "\x7f",
                                     "é", "€",   "😀",                 "👩‍💻", "\xff", "\x80", "\xc3", "\xed\xa0\x80", "{}",
                                     "\\u0000", "null"};
  for (int c = 0; c < 0x20; ++c) pieces.emplace_back(1, static_cast<char>(c));
  return pieces;
}

class SeatGenerator {
 public:
  explicit SeatGenerator(std::uint64_t seed) : random_(seed) {}

  std::string text(int max_pieces = 12) {
    std::string s;
    const int n = pick(0, max_pieces);
    for (int i = 0; i < n; ++i) s += pieces_[pick(0, int(pieces_.size()) - 1)];
    return s;
  }
  std::optional<std::string> maybe_text() { return coin() ? std::optional(text()) : std::nullopt; }
  Timestamp timestamp() {
    // From 1970 to about 2200; every other one on a whole second (no fraction is written then).
    long long micros = std::uniform_int_distribution<long long>(0, 7'258'118'400'000'000LL)(random_);
    if (coin()) micros -= micros % 1'000'000;
    return from_unix_micros(micros);
  }
  std::optional<Timestamp> maybe_timestamp() { return coin() ? std::optional(timestamp()) : std::nullopt; }

  domain::SeatView seat() {
    domain::SeatView v;
    auto& s = v.seat;
    s.id = text(3);
    s.created_at = timestamp();
    s.modified_at = maybe_timestamp();
    s.container_kind = coin() ? domain::ContainerKind::subscription : domain::ContainerKind::order;
    s.container_id = text(3);
    s.status = static_cast<domain::SeatStatus>(pick(0, 2));
    s.customer_id = maybe_text();
    s.member_id = maybe_text();
    s.email = maybe_text();
    s.invitation_token_expires_at = maybe_timestamp();
    s.claimed_at = maybe_timestamp();
    s.revoked_at = maybe_timestamp();
    s.metadata_json = metadata();
    if (coin())
      v.member = domain::Member{text(3), text(3),         text(3),     text(), maybe_text(),
                                maybe_text(), text(2), timestamp(), maybe_timestamp()};
    v.customer_email = maybe_text();
    return v;
  }

  // Metadata as the API stores it (Boost.JSON's own text of a random object), or as an operator
  // might have written it: other spellings, duplicate keys, broken or non-object text.
  std::string metadata() {
    switch (pick(0, 4)) {
      case 0: return coin() ? "{}" : "";
      case 1: return handwritten_[pick(0, int(handwritten_.size()) - 1)];
      default: return bj::serialize(object(0));
    }
  }

  int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(random_); }
  bool coin() { return pick(0, 1) == 1; }

 private:
  bj::value scalar() {
    switch (pick(0, 8)) {
      case 0: return nullptr;
      case 1: return coin();
      case 2: return std::uniform_int_distribution<std::int64_t>()(random_);
      case 3: return std::uniform_int_distribution<std::uint64_t>()(random_);
      case 4: return pick(-1000, 1000);
      case 5: return std::uniform_real_distribution<double>(-1e6, 1e6)(random_);
      case 6: return std::ldexp(std::uniform_real_distribution<double>(0.5, 1)(random_), pick(-1070, 1020));
      case 7: return std::vector<double>{0.0, -0.0, 0.1, 1.0, 1e21, 1e-7, 123456789.0}[pick(0, 6)];
      default: return bj::string(text());
    }
  }
  bj::value object(int depth) {
    bj::object o;
    const int n = pick(0, 5);
    for (int i = 0; i < n; ++i) o[text(4)] = depth < 3 && pick(0, 3) == 0 ? nested(depth + 1) : scalar();
    return o;
  }
  bj::value nested(int depth) {
    if (coin()) return object(depth);
    bj::array a;
    const int n = pick(0, 4);
    for (int i = 0; i < n; ++i) a.push_back(depth < 3 && coin() ? nested(depth + 1) : scalar());
    return a;
  }

  std::mt19937_64 random_;
  std::vector<std::string> pieces_ = string_pieces();
  std::vector<std::string> handwritten_ = {
      R"( { "a" : 1.0 , "b" : [ 1 , 2 ] } )",
      R"({"a":1,"a":2})",
      R"({"e":"\u00e9\ud83d\ude00\/"})",
      R"({"n":1E400})",
      R"({"n":-0,"m":1e-400,"k":18446744073709551615,"j":-9223372036854775808})",
      R"({"a":)",
      R"([1,2])",
      R"("text")",
      "null",
      "{\"bad\":\"\xff\"}",
      std::string(65, '[') + std::string(65, ']'),
      "{\"deep\":" + std::string(62, '[') + std::string(62, ']') + "}",
      "{\"deep\":" + std::string(64, '[') + std::string(64, ']') + "}",
  };
};

std::string written(const domain::SeatView& view, const std::string* url = nullptr) {
  std::string out;
  append_seat(out, view, url);
  return out;
}

TEST(SeatJsonWriter, EscapesStringsAsBoostJsonDoes) {
  std::string out;
  using namespace std::string_literals;
  append_json_string(out, "a\"b\\c/\n\t\r\b\f\x01\x1f\x7f é😀\xff\0"s);
  EXPECT_EQ(out, std::string(R"("a\"b\\c/\n\t\r\b\f\u0001\u001f)") + "\x7f é😀\xff" + R"(\u0000")");
  for (int byte = 0; byte < 256; ++byte) {
    const std::string text(1, static_cast<char>(byte));
    std::string mine;
    append_json_string(mine, text);
    EXPECT_EQ(mine, bj::serialize(bj::value(text))) << "byte " << byte;
  }
}

TEST(SeatJsonWriter, WritesSeatsByteForByteAsSeatJson) {
  SeatGenerator generate(20261127);
  for (int i = 0; i < 5000; ++i) {
    const auto view = generate.seat();
    ASSERT_EQ(written(view), bj::serialize(seat_json(view))) << "seat " << i << " metadata " << view.seat.metadata_json;
    ASSERT_EQ(seat_text(view), written(view));
  }
}

TEST(SeatJsonWriter, AddsTheInvitationUrlLast) {
  SeatGenerator generate(7);
  for (int i = 0; i < 200; ++i) {
    const auto view = generate.seat();
    const std::string url = "http://127.0.0.1/acme/portal/claim?token=" + generate.text();
    bj::object expected = seat_json(view);
    expected["invitation_url"] = url;
    ASSERT_EQ(written(view, &url), bj::serialize(expected));
  }
}

TEST(SeatJsonWriter, WritesListsAndPagesAsTheDomShapes) {
  SeatGenerator generate(42);
  for (int i = 0; i < 300; ++i) {
    domain::SeatsList list;
    const int n = generate.pick(0, 12);
    for (int k = 0; k < n; ++k) list.seats.push_back(generate.seat());
    list.available_seats = generate.pick(-5, 1'000'000);
    list.total_seats = generate.pick(0, 2'000'000'000);
    ASSERT_EQ(seats_list_text(list), bj::serialize(seats_list_json(list)));

    const long long total = generate.pick(0, 100'000);
    const long long max_page = generate.pick(0, 1'000);
    bj::object page = seats_list_json(list);
    page["pagination"] = bj::object{{"total_count", total}, {"max_page", max_page}};
    std::string out;
    append_seats_page(out, list, total, max_page);
    ASSERT_EQ(out, bj::serialize(page));
  }
}

TEST(SeatJsonWriter, WritesClaimAnswersAsTheDomShapes) {
  SeatGenerator generate(99);
  for (int i = 0; i < 1000; ++i) {
    const domain::SeatClaimInfo info{generate.text(), generate.text(3), generate.text(), generate.text(2),
                                     generate.text(), generate.coin()};
    ASSERT_EQ(claim_info_text(info), bj::serialize(claim_info_json(info)));
    const domain::ClaimedSeat claimed{generate.seat(), generate.text()};
    ASSERT_EQ(claim_response_text(claimed), bj::serialize(claim_response_json(claimed)));
  }
}

TEST(SeatJsonWriter, ShowsUnreadableMetadataAsAnEmptyObject) {
  domain::SeatView view;
  view.seat.id = "s";
  view.seat.created_at = from_unix_micros(0);
  const std::string too_deep = "{\"a\":" + std::string(64, '[') + std::string(64, ']') + "}";
  for (const std::string& metadata : {std::string("{\"a\":"), std::string("[1]"), std::string("7"), too_deep}) {
    view.seat.metadata_json = metadata;
    EXPECT_NE(written(view).find(R"("seat_metadata":{}})"), std::string::npos) << metadata;
  }
}

}  // namespace
}  // namespace sk::json
