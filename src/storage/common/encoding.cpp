#include "storage/common/encoding.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace sk::storage {

using namespace sk::domain;
namespace bj = boost::json;

std::string seat_tiers_json(const std::vector<SeatTier>& tiers) {
  bj::array out;
  for (const auto& t : tiers) {
    bj::object o;
    o["min_seats"] = t.min_seats;
    o["max_seats"] = t.max_seats ? bj::value(*t.max_seats) : bj::value(nullptr);
    o["price_per_seat"] = t.price_per_seat;
    out.emplace_back(std::move(o));
  }
  return bj::serialize(out);
}

Result<std::vector<SeatTier>> parse_seat_tiers(const std::string& json) {
  boost::system::error_code ec;
  bj::value v = bj::parse(json, ec);
  if (ec || !v.is_array()) return internal_error("products.seat_tiers is not a JSON array");
  std::vector<SeatTier> tiers;
  for (const auto& item : v.as_array()) {
    const auto* o = item.if_object();
    if (!o || !o->contains("min_seats") || !o->contains("price_per_seat"))
      return internal_error("products.seat_tiers holds a malformed tier");
    SeatTier t;
    t.min_seats = static_cast<int>(o->at("min_seats").to_number<long long>(ec));
    if (const auto* max = o->if_contains("max_seats"); max && !max->is_null())
      t.max_seats = static_cast<int>(max->to_number<long long>(ec));
    t.price_per_seat = o->at("price_per_seat").to_number<long long>(ec);
    if (ec) return internal_error("products.seat_tiers holds a non-integer");
    tiers.push_back(t);
  }
  return tiers;
}

std::optional<std::string> seat_tiers_column(const Product& p) {
  if (p.price.tiers.empty()) return std::nullopt;
  return seat_tiers_json(p.price.tiers);
}

std::optional<std::string> json_list(const std::vector<std::string>& values) {
  if (values.empty()) return std::nullopt;
  bj::array out;
  for (const auto& v : values) out.emplace_back(v);
  return bj::serialize(out);
}

std::vector<std::string> split_words(const std::string& text) {
  std::vector<std::string> words;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) words.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

std::string join_words(const std::vector<std::string>& words) {
  std::string text;
  for (const auto& word : words) {
    if (!text.empty()) text += ' ';
    text += word;
  }
  return text;
}

std::optional<std::string> null_if_empty(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

}  // namespace sk::storage
