#include "http/seat_operation_parsing.hpp"

#include <boost/json/object.hpp>
#include <cctype>

#include "http/error_response.hpp"
#include "http/request_parsing.hpp"

namespace sk::http {

namespace bj = boost::json;

namespace {

std::unexpected<Response> body_issue(bj::array loc, std::string_view type, std::string_view msg, bj::value input,
                                     bj::object ctx = {}) {
  return std::unexpected(validation_error(bj::array{validation_issue(type, std::move(loc), msg, std::move(input), std::move(ctx))}));
}

// Pydantic's strict-enough bool: true/false, 0/1 and the usual words.
std::optional<bool> loose_bool(const bj::value& v) {
  if (v.is_bool()) return v.as_bool();
  if (v.is_int64() && (v.as_int64() == 0 || v.as_int64() == 1)) return v.as_int64() == 1;
  if (v.is_string()) {
    std::string s(v.as_string());
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (s == "true" || s == "1" || s == "yes" || s == "y" || s == "on" || s == "t") return true;
    if (s == "false" || s == "0" || s == "no" || s == "n" || s == "off" || s == "f") return false;
  }
  return std::nullopt;
}

}  // namespace

std::expected<ParsedBulkAssign, Response> parse_bulk_assign(const bj::value& body) {
  if (!body.is_object())
    return body_issue(bj::array{"body"}, "model_attributes_type",
                      "Input should be a valid dictionary or object to extract fields from", body);
  const bj::object& o = body.as_object();
  ParsedBulkAssign parsed;
  domain::BulkAssignRequest& bulk = parsed.request;

  const bj::value* subscription = o.if_contains("subscription_id");
  const bj::value* order = o.if_contains("order_id");
  if (subscription && subscription->is_null()) subscription = nullptr;
  if (order && order->is_null()) order = nullptr;
  if ((subscription != nullptr) == (order != nullptr))
    return body_issue(bj::array{"body"}, "value_error",
                      "Value error, Exactly one of subscription_id or order_id must be provided", body,
                      bj::object{{"error", bj::object{}}});
  const char* container_field = subscription ? "subscription_id" : "order_id";
  const bj::value& container = subscription ? *subscription : *order;
  if (!container.is_string())
    return body_issue(bj::array{"body", container_field}, "uuid_type",
                      "UUID input should be a string, bytes or UUID object", container);
  auto container_id = uuid4_param("body", container_field, std::string(container.as_string()));
  if (!container_id) return std::unexpected(std::move(container_id.error()));
  bulk.kind = subscription ? domain::ContainerKind::subscription : domain::ContainerKind::order;
  bulk.container_id = std::move(*container_id);

  for (const char* flag : {"dry_run", "atomic"}) {
    const bj::value* v = o.if_contains(flag);
    if (!v) continue;
    auto value = loose_bool(*v);
    if (!value) return body_issue(bj::array{"body", flag}, "bool_parsing", "Input should be a valid boolean", *v);
    (std::string_view(flag) == "dry_run" ? bulk.dry_run : bulk.atomic) = *value;
  }

  const bj::value* seats = o.if_contains("seats");
  if (!seats) return body_issue(bj::array{"body", "seats"}, "missing", "Field required", body);
  if (!seats->is_array()) return body_issue(bj::array{"body", "seats"}, "list_type", "Input should be a valid list", *seats);
  const bj::array& rows = seats->as_array();
  if (rows.empty())
    return body_issue(bj::array{"body", "seats"}, "too_short",
                      "List should have at least 1 item after validation, not 0", *seats,
                      bj::object{{"field_type", "List"}, {"min_length", 1}, {"actual_length", 0}});
  if (rows.size() > domain::kMaxBulkRows)
    return body_issue(bj::array{"body", "seats"}, "too_long",
                      "List should have at most " + std::to_string(domain::kMaxBulkRows) + " items after validation, not " +
                          std::to_string(rows.size()),
                      bj::value(nullptr),  // echoing a thousand rows back helps no one
                      bj::object{{"field_type", "List"},
                                 {"max_length", domain::kMaxBulkRows},
                                 {"actual_length", rows.size()}});

  bulk.rows.reserve(rows.size());
  parsed.row_issues.reserve(rows.size());
  parsed.row_emails.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const bj::value& row = rows[i];
    std::optional<std::string> email;
    if (row.is_object())
      if (const bj::value* e = row.as_object().if_contains("email"); e && e->is_string()) email = std::string(e->as_string());
    parsed.row_emails.push_back(std::move(email));
    auto holder = parse_seat_holder(row, bj::array{"body", "seats", i});
    if (holder) {
      bulk.rows.emplace_back(std::move(*holder));
      parsed.row_issues.emplace_back(std::nullopt);
    } else {
      bulk.rows.emplace_back(std::nullopt);
      parsed.row_issues.emplace_back(std::move(holder.error()));
    }
  }
  return parsed;
}

std::expected<domain::SeatAssignRequest, Response> parse_seat_transfer(const bj::value& body) {
  auto holder = parse_seat_holder(body, bj::array{"body"});
  if (!holder) return std::unexpected(validation_error(std::move(holder.error())));
  return std::move(*holder);
}

std::expected<Timestamp, Response> instant_param(const Request& request, std::string_view name) {
  const auto raw = request.query_param(name);
  auto refuse = [&](std::string_view type, std::string_view msg) {
    return std::unexpected(validation_error(bj::array{
        validation_issue(type, bj::array{"query", name}, msg, raw ? bj::value(*raw) : bj::value(nullptr))}));
  };
  if (!raw) return refuse("missing", "Field required");
  std::string text = *raw;
  // A numeric offset: "+02:00" (or " 02:00" when a client left "+" unencoded in the query).
  std::chrono::minutes offset{0};
  if (text.size() > 6 && (text[text.size() - 6] == '+' || text[text.size() - 6] == '-' || text[text.size() - 6] == ' ') &&
      text[text.size() - 3] == ':') {
    const std::string hh = text.substr(text.size() - 5, 2), mm = text.substr(text.size() - 2);
    if (std::isdigit(static_cast<unsigned char>(hh[0])) && std::isdigit(static_cast<unsigned char>(hh[1])) &&
        std::isdigit(static_cast<unsigned char>(mm[0])) && std::isdigit(static_cast<unsigned char>(mm[1]))) {
      offset = std::chrono::hours(std::stoi(hh)) + std::chrono::minutes(std::stoi(mm));
      if (text[text.size() - 6] == '-') offset = -offset;
      text = text.substr(0, text.size() - 6) + "Z";
    }
  }
  const auto parsed = parse_rfc3339(text);
  if (!parsed) return refuse("datetime_from_date_parsing", "Input should be a valid datetime");
  return *parsed - offset;
}

}  // namespace sk::http
