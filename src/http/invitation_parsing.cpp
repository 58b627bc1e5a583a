#include "http/invitation_parsing.hpp"

#include <cmath>
#include <limits>

#include "http/error_response.hpp"
#include "http/request_parsing.hpp"

namespace sk::http {

namespace bj = boost::json;

namespace {

const bj::value* present(const bj::object& body, std::string_view key) {
  auto it = body.find(key);
  if (it == body.end() || it->value().is_null()) return nullptr;
  return &it->value();
}

void add_issue(bj::array& issues, std::string_view field, std::string_view type, std::string_view msg,
               const bj::value& input, bj::object ctx = {}) {
  issues.push_back(validation_issue(type, bj::array{"body", field}, msg, input, std::move(ctx)));
}

// A JSON integer, or a float with no fractional part (as Pydantic accepts); nullopt with an
// issue otherwise. Magnitudes beyond int64 saturate: they only ever fail the range check.
std::optional<long long> whole_number(const bj::value& v, bj::array& issues, std::string_view field) {
  if (v.is_int64()) return v.as_int64();
  if (v.is_uint64()) return std::numeric_limits<long long>::max();
  if (v.is_double()) {
    const double d = v.as_double();
    if (std::isfinite(d) && d == std::floor(d)) {
      if (d >= 9.2e18) return std::numeric_limits<long long>::max();
      if (d <= -9.2e18) return std::numeric_limits<long long>::min();
      return static_cast<long long>(d);
    }
    add_issue(issues, field, "int_from_float", "Input should be a valid integer, got a number with a fractional part", v);
    return std::nullopt;
  }
  add_issue(issues, field, "int_type", "Input should be a valid integer", v);
  return std::nullopt;
}

}  // namespace

domain::InvitationOptions read_invitation_options(const bj::object& body, bj::array& issues) {
  domain::InvitationOptions options;
  if (const bj::value* send = present(body, "send_invitation")) {
    if (send->is_bool()) options.send_email = send->as_bool();
    else add_issue(issues, "send_invitation", "bool_type", "Input should be a valid boolean", *send);
  }
  if (const bj::value* expires = present(body, "invitation_expires_in")) {
    if (auto seconds = whole_number(*expires, issues, "invitation_expires_in")) {
      const long long min = domain::kMinInvitationLifetime.count(), max = domain::kMaxInvitationLifetime.count();
      if (*seconds < min)
        add_issue(issues, "invitation_expires_in", "greater_than_equal",
                  "Input should be greater than or equal to " + std::to_string(min), *expires, bj::object{{"ge", min}});
      else if (*seconds > max)
        add_issue(issues, "invitation_expires_in", "less_than_equal",
                  "Input should be less than or equal to " + std::to_string(max), *expires, bj::object{{"le", max}});
      else
        options.lifetime = std::chrono::seconds(*seconds);
    }
  }
  return options;
}

std::expected<domain::InvitationOptions, Response> parse_resend_body(const Request& request) {
  if (request.body.find_first_not_of(" \t\r\n") == std::string::npos) return domain::InvitationOptions{};
  auto body = parse_json_body(request);
  if (!body) return std::unexpected(std::move(body.error()));
  if (body->is_null()) return domain::InvitationOptions{};
  if (!body->is_object())
    return std::unexpected(validation_error(bj::array{validation_issue(
        "model_attributes_type", bj::array{"body"}, "Input should be a valid dictionary or object to extract fields from",
        *body)}));
  bj::array issues;
  auto options = read_invitation_options(body->as_object(), issues);
  if (!issues.empty()) return std::unexpected(validation_error(std::move(issues)));
  return options;
}

}  // namespace sk::http
