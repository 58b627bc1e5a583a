#include "http/webhook_parsing.hpp"

#include <boost/url/parse.hpp>
#include <charconv>

#include "common/url_guard.hpp"
#include "domain/text_rules.hpp"
#include "http/error_response.hpp"
#include "http/request_parsing.hpp"

namespace sk::http {

namespace bj = boost::json;

namespace {

constexpr std::size_t kMaxUrlLength = 2083;
constexpr std::size_t kMinSecretLength = 16;
constexpr std::size_t kMaxSecretLength = 512;
constexpr int kMaxLimit = 100;

// Pydantic's wording for an enum: 'a', 'b' or 'c'.
template <class Range>
std::string expected_values(const Range& values) {
  std::string text;
  std::size_t i = 0;
  const std::size_t n = std::size(values);
  for (const auto& v : values) {
    if (i > 0) text += (i + 1 == n) ? " or " : ", ";
    text += "'" + std::string(v) + "'";
    ++i;
  }
  return text;
}

const std::vector<std::string_view>& formats() {
  static const std::vector<std::string_view> values{"raw", "discord", "slack"};
  return values;
}

std::string event_type_expectation() {
  static const std::string text = expected_values(domain::webhook_event_types());
  return text;
}

bj::object enum_issue(bj::array loc, const std::string& expected, const bj::value& input) {
  return validation_issue("enum", std::move(loc), "Input should be " + expected, input, bj::object{{"expected", expected}});
}

// Accumulates the issues of one body, as Pydantic reports all of them at once.
struct BodyReader {
  const bj::object& body;
  bj::array issues;
  bool allow_private_targets = false;

  void issue(bj::array loc, std::string_view type, std::string_view msg, const bj::value& input, bj::object ctx = {}) {
    issues.push_back(validation_issue(type, std::move(loc), msg, input, std::move(ctx)));
  }

  const bj::value* present(std::string_view key) const {
    auto it = body.find(key);
    return it == body.end() ? nullptr : &it->value();
  }

  std::optional<std::string> string_at(std::string_view key, const bj::value& v) {
    if (!v.is_string()) {
      issue(bj::array{"body", key}, "string_type", "Input should be a valid string", v);
      return std::nullopt;
    }
    return std::string(v.as_string());
  }

  std::optional<std::string> url_at(std::string_view key, const bj::value& v) {
    auto text = string_at(key, v);
    if (!text) return std::nullopt;
    if (text->size() > kMaxUrlLength) {
      issue(bj::array{"body", key}, "url_too_long", "URL should have at most 2083 characters", v,
            bj::object{{"max_length", kMaxUrlLength}});
      return std::nullopt;
    }
    auto parsed = boost::urls::parse_absolute_uri(*text);
    if (!parsed || !parsed->has_authority() || parsed->host().empty()) {
      const std::string why = text->empty() ? "input is empty" : "relative URL without a base";
      issue(bj::array{"body", key}, "url_parsing", "Input should be a valid URL, " + why, v, bj::object{{"error", why}});
      return std::nullopt;
    }
    if (parsed->scheme_id() != boost::urls::scheme::http && parsed->scheme_id() != boost::urls::scheme::https) {
      issue(bj::array{"body", key}, "url_scheme", "URL scheme should be 'http' or 'https'", v,
            bj::object{{"expected_schemes", "'http' or 'https'"}});
      return std::nullopt;
    }
    if (!allow_private_targets) {
      if (auto why = literal_target_refusal(*text)) {
        issue(bj::array{"body", key}, "value_error", "Value error, webhooks may not target internal addresses: " + *why,
              v, bj::object{{"error", bj::object{}}});
        return std::nullopt;
      }
    }
    return text;
  }

  std::optional<std::string> format_at(std::string_view key, const bj::value& v) {
    const bool known = v.is_string() && std::ranges::find(formats(), std::string_view(v.as_string())) != formats().end();
    if (!known) {
      issues.push_back(enum_issue(bj::array{"body", key}, expected_values(formats()), v));
      return std::nullopt;
    }
    if (v.as_string() != "raw") {
      issue(bj::array{"body", key}, "value_error", "Value error, seatkeeper only sends the raw format", v,
            bj::object{{"error", bj::object{}}});
      return std::nullopt;
    }
    return std::string("raw");
  }

  std::optional<std::vector<std::string>> events_at(std::string_view key, const bj::value& v) {
    if (!v.is_array()) {
      issue(bj::array{"body", key}, "list_type", "Input should be a valid list", v);
      return std::nullopt;
    }
    std::vector<std::string> events;
    bool ok = true;
    const auto& items = v.as_array();
    for (std::size_t i = 0; i < items.size(); ++i) {
      const bj::value& item = items[i];
      if (!item.is_string() || !domain::is_webhook_event_type(item.as_string())) {
        issues.push_back(enum_issue(bj::array{"body", key, i}, event_type_expectation(), item));
        ok = false;
        continue;
      }
      events.emplace_back(item.as_string());
    }
    if (!ok) return std::nullopt;
    return events;
  }

  std::optional<std::optional<std::string>> nullable_string_at(std::string_view key, const bj::value& v) {
    if (v.is_null()) return std::optional<std::string>{};
    auto text = string_at(key, v);
    if (!text) return std::nullopt;
    return std::optional<std::string>(std::move(*text));
  }

  // The endpoint's name is shown to people: no control or bidirectional override characters.
  std::optional<std::optional<std::string>> name_at(std::string_view key, const bj::value& v) {
    auto name = nullable_string_at(key, v);
    if (name && *name) {
      if (auto why = domain::display_text_error(**name)) {
        issue(bj::array{"body", key}, "value_error", *why, v, bj::object{{"error", bj::object{}}});
        return std::nullopt;
      }
    }
    return name;
  }
};

std::expected<const bj::object*, Response> require_object(const bj::value& body) {
  if (!body.is_object())
    return std::unexpected(validation_error(bj::array{validation_issue(
        "model_attributes_type", bj::array{"body"}, "Input should be a valid dictionary or object to extract fields from",
        body)}));
  return &body.as_object();
}

std::expected<int, Response> positive_int_param(const Request& request, std::string_view name, int fallback) {
  auto raw = request.query_param(name);
  if (!raw) return fallback;
  long long value = 0;
  const auto* first = raw->data();
  const auto* last = raw->data() + raw->size();
  auto [end, ec] = std::from_chars(first, last, value);
  if (ec != std::errc{} || end != last)
    return std::unexpected(validation_error(bj::array{validation_issue(
        "int_parsing", bj::array{"query", name}, "Input should be a valid integer, unable to parse string as an integer",
        bj::value(*raw))}));
  if (value <= 0)
    return std::unexpected(validation_error(bj::array{validation_issue(
        "greater_than", bj::array{"query", name}, "Input should be greater than 0", bj::value(*raw), bj::object{{"gt", 0}})}));
  return static_cast<int>(std::min<long long>(value, 1'000'000'000));
}

std::vector<std::string> query_values(const Request& request, std::string_view name) {
  std::vector<std::string> values;
  for (const auto& [k, v] : request.query)
    if (k == name) values.push_back(v);
  return values;
}

}  // namespace

std::expected<domain::WebhookEndpointCreate, Response> parse_webhook_endpoint_create(const bj::value& body, bool allow_private_targets) {
  auto object = require_object(body);
  if (!object) return std::unexpected(std::move(object.error()));
  BodyReader reader{**object, {}, allow_private_targets};
  domain::WebhookEndpointCreate create;
  for (std::string_view required : {"url", "format", "events"})
    if (!reader.present(required)) reader.issue(bj::array{"body", required}, "missing", "Field required", body);
  if (const auto* v = reader.present("url"))
    if (auto url = reader.url_at("url", *v)) create.url = *url;
  if (const auto* v = reader.present("name"))
    if (auto name = reader.name_at("name", *v)) create.name = *name;
  if (const auto* v = reader.present("format"))
    if (auto format = reader.format_at("format", *v)) create.format = *format;
  if (const auto* v = reader.present("events"))
    if (auto events = reader.events_at("events", *v)) create.events = *events;
  if (const auto* v = reader.present("organization_id"); v && !v->is_null())
    // Polar's rule for organization tokens, the only kind seatkeeper issues.
    reader.issue(bj::array{"body", "organization_id"}, "organization_token",
                 "Setting organization_id is disallowed when using an organization token.", *v);
  if (const auto* v = reader.present("secret"); v && !v->is_null()) {
    if (auto secret = reader.string_at("secret", *v)) {
      if (secret->size() < kMinSecretLength)
        reader.issue(bj::array{"body", "secret"}, "string_too_short", "String should have at least 16 characters", *v,
                     bj::object{{"min_length", kMinSecretLength}});
      else if (secret->size() > kMaxSecretLength)
        reader.issue(bj::array{"body", "secret"}, "string_too_long", "String should have at most 512 characters", *v,
                     bj::object{{"max_length", kMaxSecretLength}});
      else
        create.secret = *secret;
    }
  }
  if (!reader.issues.empty()) return std::unexpected(validation_error(std::move(reader.issues)));
  return create;
}

std::expected<domain::WebhookEndpointUpdate, Response> parse_webhook_endpoint_update(const bj::value& body, bool allow_private_targets) {
  auto object = require_object(body);
  if (!object) return std::unexpected(std::move(object.error()));
  BodyReader reader{**object, {}, allow_private_targets};
  domain::WebhookEndpointUpdate update;
  // null means "leave it as it is" for every field but name, which null clears.
  if (const auto* v = reader.present("url"); v && !v->is_null()) update.url = reader.url_at("url", *v);
  if (const auto* v = reader.present("name")) update.name = reader.name_at("name", *v);
  if (const auto* v = reader.present("format"); v && !v->is_null()) update.format = reader.format_at("format", *v);
  if (const auto* v = reader.present("events"); v && !v->is_null()) update.events = reader.events_at("events", *v);
  if (const auto* v = reader.present("enabled"); v && !v->is_null()) {
    if (v->is_bool()) update.enabled = v->as_bool();
    else reader.issue(bj::array{"body", "enabled"}, "bool_type", "Input should be a valid boolean", *v);
  }
  if (!reader.issues.empty()) return std::unexpected(validation_error(std::move(reader.issues)));
  return update;
}

std::expected<domain::PageRequest, Response> parse_page(const Request& request) {
  auto page = positive_int_param(request, "page", 1);
  if (!page) return std::unexpected(std::move(page.error()));
  auto limit = positive_int_param(request, "limit", 10);
  if (!limit) return std::unexpected(std::move(limit.error()));
  return domain::PageRequest{*page, std::min(*limit, kMaxLimit)};
}

std::expected<std::vector<std::string>, Response> uuid4_list_param(const Request& request, std::string_view name) {
  std::vector<std::string> ids;
  for (const auto& raw : query_values(request, name)) {
    auto id = uuid4_param("query", name, raw);
    if (!id) return std::unexpected(std::move(id.error()));
    ids.push_back(std::move(*id));
  }
  return ids;
}

std::expected<domain::DeliveryFilter, Response> parse_delivery_filter(const Request& request) {
  domain::DeliveryFilter filter;
  auto endpoints = uuid4_list_param(request, "endpoint_id");
  if (!endpoints) return std::unexpected(std::move(endpoints.error()));
  filter.endpoint_ids = std::move(*endpoints);
  for (const auto& type : query_values(request, "event_type")) {
    if (!domain::is_webhook_event_type(type))
      return std::unexpected(
          validation_error(bj::array{enum_issue(bj::array{"query", "event_type"}, event_type_expectation(), bj::value(type))}));
    filter.event_types.push_back(type);
  }
  if (auto raw = request.query_param("succeeded")) {
    const std::string v = domain::lower_ascii(*raw);
    if (v == "true" || v == "1" || v == "yes" || v == "on" || v == "t" || v == "y") filter.succeeded = true;
    else if (v == "false" || v == "0" || v == "no" || v == "off" || v == "f" || v == "n") filter.succeeded = false;
    else
      return std::unexpected(validation_error(bj::array{validation_issue(
          "bool_parsing", bj::array{"query", "succeeded"}, "Input should be a valid boolean, unable to interpret input",
          bj::value(*raw))}));
  }
  if (auto raw = request.query_param("http_code_class")) {
    static const std::vector<std::string_view> classes{"2xx", "3xx", "4xx", "5xx"};
    if (std::ranges::find(classes, std::string_view(*raw)) == classes.end())
      return std::unexpected(
          validation_error(bj::array{enum_issue(bj::array{"query", "http_code_class"}, expected_values(classes), bj::value(*raw))}));
    filter.http_code_class = (*raw)[0] - '0';
  }
  for (auto [name, target] : {std::pair{"start_timestamp", &filter.start}, std::pair{"end_timestamp", &filter.end}}) {
    auto raw = request.query_param(name);
    if (!raw) continue;
    auto parsed = parse_rfc3339(*raw);
    if (!parsed)
      return std::unexpected(validation_error(bj::array{validation_issue(
          "datetime_from_date_parsing", bj::array{"query", name}, "Input should be a valid datetime or date", bj::value(*raw))}));
    *target = *parsed;
  }
  return filter;
}

}  // namespace sk::http
