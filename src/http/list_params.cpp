#include "http/list_params.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <charconv>

#include "domain/seat_assign_rules.hpp"
#include "http/body_reader.hpp"
#include "http/error_response.hpp"
#include "http/request_parsing.hpp"

namespace sk::http {

namespace bj = boost::json;

namespace {

std::unexpected<Response> query_issue(std::string_view name, std::string_view type, std::string_view msg,
                                      std::string_view input, bj::object ctx = {}) {
  return std::unexpected(
      validation_error(bj::array{validation_issue(type, bj::array{"query", name}, msg, bj::value(input), std::move(ctx))}));
}

// A positive integer query parameter (Pydantic: int, gt=0).
std::expected<int, Response> positive(const Request& req, std::string_view name, int fallback) {
  auto raw = req.query_param(name);
  if (!raw) return fallback;
  long long n = 0;
  auto [end, ec] = std::from_chars(raw->data(), raw->data() + raw->size(), n);
  if (ec != std::errc{} || end != raw->data() + raw->size() || raw->empty())
    return query_issue(name, "int_parsing", "Input should be a valid integer, unable to parse string as an integer",
                       *raw);
  if (n <= 0) return query_issue(name, "greater_than", "Input should be greater than 0", *raw, bj::object{{"gt", 0}});
  return n > 1'000'000'000 ? 1'000'000'000 : static_cast<int>(n);
}

}  // namespace

std::expected<domain::PageRequest, Response> parse_page(const Request& req,
                                                        std::initializer_list<std::string_view> newest_first,
                                                        std::initializer_list<std::string_view> oldest_first) {
  domain::PageRequest page;
  auto number = positive(req, "page", 1);
  if (!number) return std::unexpected(number.error());
  auto limit = positive(req, "limit", 10);
  if (!limit) return std::unexpected(limit.error());
  page.page = *number;
  page.limit = std::min(*limit, 100);  // Polar caps the page size at 100
  const auto sorting = query_values(req, "sorting");
  for (std::size_t i = 0; i < sorting.size(); ++i) {
    const auto& value = sorting[i];
    bool known = false;
    for (auto v : newest_first)
      if (value == v) known = true;
    bool ascending = false;
    for (auto v : oldest_first)
      if (value == v) known = ascending = true;
    if (!known) {
      // seatkeeper sorts by creation time only; other Polar sort keys are refused, not ignored.
      std::vector<std::string_view> all(newest_first);
      all.insert(all.end(), oldest_first.begin(), oldest_first.end());
      std::string expected;
      for (std::size_t j = 0; j < all.size(); ++j)
        expected += (j == 0 ? "" : j + 1 == all.size() ? " or " : ", ") + ("'" + std::string(all[j]) + "'");
      return std::unexpected(validation_error(bj::array{validation_issue(
          "enum", bj::array{"query", "sorting", i}, "Input should be " + expected, bj::value(value),
          bj::object{{"expected", expected}})}));
    }
    if (i == 0) page.newest_first = !ascending;
  }
  return page;
}

std::vector<std::string> query_values(const Request& req, std::string_view name) {
  std::vector<std::string> values;
  for (const auto& [k, v] : req.query)
    if (k == name) values.push_back(v);
  return values;
}

std::expected<std::optional<bool>, Response> query_bool(const Request& req, std::string_view name) {
  auto raw = req.query_param(name);
  if (!raw) return std::optional<bool>{};
  const std::string s = domain::lower_ascii(*raw);
  if (s == "true" || s == "1" || s == "yes" || s == "on" || s == "t" || s == "y") return std::optional<bool>(true);
  if (s == "false" || s == "0" || s == "no" || s == "off" || s == "f" || s == "n") return std::optional<bool>(false);
  return query_issue(name, "bool_parsing", "Input should be a valid boolean, unable to interpret input", *raw);
}

std::expected<std::optional<std::string>, Response> query_string(const Request& req, std::string_view name) {
  return req.query_param(name);
}

std::expected<std::vector<std::string>, Response> query_uuid4s(const Request& req, std::string_view name) {
  std::vector<std::string> ids;
  for (const auto& raw : query_values(req, name)) {
    auto id = uuid4_param("query", name, raw);
    if (!id) return std::unexpected(id.error());
    ids.push_back(*id);
  }
  return ids;
}

std::expected<std::vector<std::string>, Response> query_enums(const Request& req, std::string_view name,
                                                              std::initializer_list<std::string_view> allowed) {
  std::vector<std::string> values;
  for (const auto& raw : query_values(req, name)) {
    bool known = false;
    for (auto a : allowed)
      if (raw == a) known = true;
    if (!known) {
      const std::string expected = expected_values(allowed);
      return query_issue(name, "enum", "Input should be " + expected, raw, bj::object{{"expected", expected}});
    }
    values.push_back(raw);
  }
  return values;
}

}  // namespace sk::http
