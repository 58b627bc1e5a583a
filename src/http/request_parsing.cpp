#include "http/request_parsing.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cmath>

#include "common/utf8.hpp"
#include "crypto/crypto.hpp"
#include "http/error_response.hpp"
#include "http/invitation_parsing.hpp"
#include "http/portal_request_parsing.hpp"

namespace sk::http {

namespace bj = boost::json;

namespace {

bool contains_nul(const bj::value& v) {
  switch (v.kind()) {
    case bj::kind::string: return v.as_string().find('\0') != bj::string::npos;
    case bj::kind::array:
      for (const auto& item : v.as_array())
        if (contains_nul(item)) return true;
      return false;
    case bj::kind::object:
      for (const auto& [k, item] : v.as_object())
        if (k.find('\0') != std::string_view::npos || contains_nul(item)) return true;
      return false;
    default: return false;
  }
}

// Where the first number too large for a double sits (JSON allows 1e400; it parses as infinity,
// which JSON cannot write back), as a loc below "body"; nullopt when every number is finite.
std::optional<bj::array> non_finite_number_at(const bj::value& v, bj::array& path) {
  switch (v.kind()) {
    case bj::kind::double_:
      if (!std::isfinite(v.as_double())) return path;
      return std::nullopt;
    case bj::kind::array: {
      const auto& items = v.as_array();
      for (std::size_t i = 0; i < items.size(); ++i) {
        path.emplace_back(i);
        if (auto at = non_finite_number_at(items[i], path)) return at;
        path.pop_back();
      }
      return std::nullopt;
    }
    case bj::kind::object:
      for (const auto& [k, item] : v.as_object()) {
        path.emplace_back(k);
        if (auto at = non_finite_number_at(item, path)) return at;
        path.pop_back();
      }
      return std::nullopt;
    default: return std::nullopt;
  }
}

// The character at byte i, whole (a JSON answer never gets half of one).
std::string one_character(std::string_view raw, std::size_t i) {
  const std::size_t length = utf8_sequence_length(raw, i);
  return length ? std::string(raw.substr(i, length)) : to_valid_utf8(raw.substr(i, 1));
}

std::string uuid_error_text(std::string_view raw) {
  static constexpr std::string_view allowed = "0123456789abcdefABCDEF-";
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (allowed.find(raw[i]) == std::string_view::npos)
      return "invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `" +
             one_character(raw, i) + "` at " + std::to_string(i + 1);
  }
  return "invalid length: expected length 32 for simple format, found " + std::to_string(raw.size());
}

// Accepts the canonical form and the 32-digit simple form (as Pydantic does); lower-cases.
std::optional<std::string> normalize_uuid(std::string_view raw, int* version) {
  std::string text(raw);
  if (text.size() == 32 && text.find('-') == std::string::npos)
    text = text.substr(0, 8) + "-" + text.substr(8, 4) + "-" + text.substr(12, 4) + "-" + text.substr(16, 4) + "-" +
           text.substr(20);
  if (!crypto::parse_uuid(text, version)) return std::nullopt;
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

struct FieldReader {
  const bj::object& body;
  bj::array issues;

  const bj::value* get(std::string_view key) {
    auto it = body.find(key);
    if (it == body.end() || it->value().is_null()) return nullptr;
    return &it->value();
  }
  void issue(std::string_view field, std::string_view type, std::string_view msg, const bj::value& input,
             bj::object ctx = {}) {
    issues.push_back(validation_issue(type, bj::array{"body", field}, msg, input, std::move(ctx)));
  }
  std::optional<std::string> string_field(std::string_view key) {
    const bj::value* v = get(key);
    if (!v) return std::nullopt;
    if (!v->is_string()) {
      issue(key, "string_type", "Input should be a valid string", *v);
      return std::nullopt;
    }
    return std::string(v->as_string());
  }
  std::optional<std::string> uuid_field(std::string_view key) {
    const bj::value* v = get(key);
    if (!v) return std::nullopt;
    if (!v->is_string()) {
      issue(key, "uuid_type", "UUID input should be a string, bytes or UUID object", *v);
      return std::nullopt;
    }
    auto uuid = normalize_uuid(v->as_string(), nullptr);
    if (!uuid) {
      const std::string why = uuid_error_text(v->as_string());
      issue(key, "uuid_parsing", "Input should be a valid UUID, " + why, *v, bj::object{{"error", why}});
    }
    return uuid;
  }
  bool bool_field(std::string_view key) {
    auto it = body.find(key);
    if (it == body.end()) return false;
    const bj::value& v = it->value();
    if (v.is_bool()) return v.as_bool();
    if (v.is_int64() && (v.as_int64() == 0 || v.as_int64() == 1)) return v.as_int64() == 1;
    if (v.is_string()) {
      const std::string s = domain::lower_ascii(std::string(v.as_string()));
      if (s == "true" || s == "1" || s == "yes" || s == "y" || s == "on" || s == "t") return true;
      if (s == "false" || s == "0" || s == "no" || s == "n" || s == "off" || s == "f") return false;
      issue(key, "bool_parsing", "Input should be a valid boolean, unable to interpret input", v);
      return false;
    }
    issue(key, "bool_type", "Input should be a valid boolean", v);
    return false;
  }
};

void append_python_string_length(std::string_view s, std::size_t& n) {
  n += 2;  // quotes
  for (std::size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f') n += 2;
      else if (c < 0x20 || c == 0x7f) n += (c == 0x7f ? 1 : 6);
      else n += 1;
      ++i;
      continue;
    }
    // ensure_ascii: \uXXXX per UTF-16 code unit; 4-byte sequences become a surrogate pair.
    const std::size_t len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
    n += len == 4 ? 12 : 6;
    i += len;
  }
}

}  // namespace

std::size_t python_json_length(const bj::value& v) {
  std::size_t n = 0;
  switch (v.kind()) {
    case bj::kind::null: return 4;
    case bj::kind::bool_: return v.as_bool() ? 4 : 5;
    case bj::kind::string: append_python_string_length(v.as_string(), n); return n;
    case bj::kind::array: {
      const auto& a = v.as_array();
      n = 2 + (a.empty() ? 0 : 2 * (a.size() - 1));
      for (const auto& item : a) n += python_json_length(item);
      return n;
    }
    case bj::kind::object: {
      const auto& o = v.as_object();
      n = 2 + (o.empty() ? 0 : 2 * (o.size() - 1));
      for (const auto& [k, item] : o) {
        append_python_string_length(k, n);
        n += 2 + python_json_length(item);
      }
      return n;
    }
    case bj::kind::double_: {
      const double d = v.as_double();
      // The range check comes first: casting a double outside long long's range is undefined.
      if (std::abs(d) < 1e16 && d == static_cast<double>(static_cast<long long>(d)))
        return std::to_string(static_cast<long long>(d)).size() + 2;  // Python prints 1.0
      return bj::serialize(v).size();
    }
    default: return bj::serialize(v).size();
  }
}

std::expected<bj::value, Response> parse_json_body(const Request& request) {
  if (request.body.empty())
    return std::unexpected(validation_error(bj::array{validation_issue("missing", bj::array{"body"}, "Field required", nullptr)}));
  boost::system::error_code ec;
  bj::parse_options options;
  options.max_depth = 64;
  bj::value value = bj::parse(request.body, ec, {}, options);
  if (ec)
    return std::unexpected(validation_error(bj::array{validation_issue(
        "json_invalid", bj::array{"body", 0}, "JSON decode error", bj::object{}, bj::object{{"error", ec.message()}})}));
  bj::array path{"body"};
  if (auto at = non_finite_number_at(value, path))
    return std::unexpected(validation_error(bj::array{validation_issue(
        "finite_number", std::move(*at), "Input should be a finite number", bj::value("Infinity"))}));
  if (contains_nul(value))
    return std::unexpected(validation_error(bj::array{validation_issue(
        "value_error", bj::array{"body"}, "Value error, This value contains invalid characters", value,
        bj::object{{"error", bj::object{}}})}));
  return value;
}

std::expected<std::string, Response> uuid4_param(std::string_view where, std::string_view name, const std::string& raw) {
  int version = 0;
  auto uuid = normalize_uuid(raw, &version);
  if (!uuid) {
    const std::string why = uuid_error_text(raw);
    return std::unexpected(validation_error(bj::array{validation_issue(
        "uuid_parsing", bj::array{where, name}, "Input should be a valid UUID, " + why, bj::value(raw),
        bj::object{{"error", why}})}));
  }
  if (version != 4)
    return std::unexpected(validation_error(bj::array{validation_issue(
        "uuid_version", bj::array{where, name}, "UUID version 4 expected", bj::value(raw), bj::object{{"expected_version", 4}})}));
  return *uuid;
}

namespace {

Response not_an_object(const bj::value& body) {
  return validation_error(bj::array{validation_issue(
      "model_attributes_type", bj::array{"body"}, "Input should be a valid dictionary or object to extract fields from", body)});
}

// SeatAssign's fields, in Polar's declaration order, with their field-level rules.
domain::SeatAssignRequest read_seat_assign_fields(FieldReader& fields) {
  domain::SeatAssignRequest req;
  req.subscription_id = fields.uuid_field("subscription_id");
  req.order_id = fields.uuid_field("order_id");
  req.email = fields.string_field("email");
  if (req.email) {
    if (auto why = domain::email_syntax_error(*req.email))
      fields.issue("email", "value_error", "value is not a valid email address: " + *why, bj::value(*req.email),
                   bj::object{{"reason", *why}});
  }
  req.external_customer_id = fields.string_field("external_customer_id");
  req.customer_id = fields.uuid_field("customer_id");
  req.external_member_id = fields.string_field("external_member_id");
  req.member_id = fields.uuid_field("member_id");
  if (const bj::value* metadata = fields.get("metadata")) {
    if (!metadata->is_object()) {
      fields.issue("metadata", "dict_type", "Input should be a valid dictionary", *metadata);
    } else {
      req.metadata = domain::MetadataShape{metadata->as_object().size(), python_json_length(*metadata)};
      req.metadata_json = bj::serialize(*metadata);
    }
  }
  req.immediate_claim = fields.bool_field("immediate_claim");
  return req;
}

// The model's own field validators, then (only when every field is fine) the whole-model rule.
std::expected<void, Response> check_seat_assign(FieldReader& fields, const domain::SeatAssignRequest& req,
                                                const bj::value& body,
                                                const std::optional<domain::ValidationIssue>& model_issue) {
  for (const auto& issue : domain::check_seat_assign_fields(req)) {
    const bj::value* input = fields.get(issue.loc.back());
    fields.issue(issue.loc.back(), issue.type, issue.msg, input ? *input : bj::value(nullptr), bj::object{{"error", bj::object{}}});
  }
  if (!fields.issues.empty()) return std::unexpected(validation_error(std::move(fields.issues)));
  if (model_issue)
    return std::unexpected(validation_error(bj::array{
        validation_issue(model_issue->type, bj::array{"body"}, model_issue->msg, body, bj::object{{"error", bj::object{}}})}));
  return {};
}

}  // namespace

std::expected<domain::SeatAssignRequest, Response> parse_seat_assign(const bj::value& body) {
  if (!body.is_object()) return std::unexpected(not_an_object(body));
  FieldReader fields{body.as_object(), {}};
  domain::SeatAssignRequest req = read_seat_assign_fields(fields);
  req.invitation = read_invitation_options(fields.body, fields.issues);  // seatkeeper's own fields; not the portal's
  auto checked = check_seat_assign(fields, req, body, fields.issues.empty() ? domain::check_seat_assign_model(req) : std::nullopt);
  if (!checked) return std::unexpected(std::move(checked.error()));
  return req;
}

std::expected<domain::PortalSeatAssign, Response> parse_portal_seat_assign(const bj::value& body) {
  if (!body.is_object()) return std::unexpected(not_an_object(body));
  FieldReader fields{body.as_object(), {}};
  domain::PortalSeatAssign req{read_seat_assign_fields(fields), std::nullopt};
  req.checkout_id = fields.uuid_field("checkout_id");
  auto checked =
      check_seat_assign(fields, req.seat, body, fields.issues.empty() ? domain::check_portal_seat_assign_model(req) : std::nullopt);
  if (!checked) return std::unexpected(std::move(checked.error()));
  return req;
}

std::expected<std::string, Response> parse_seat_claim(const bj::value& body) {
  if (!body.is_object())
    return std::unexpected(validation_error(bj::array{validation_issue(
        "model_attributes_type", bj::array{"body"}, "Input should be a valid dictionary or object to extract fields from", body)}));
  const auto& o = body.as_object();
  auto it = o.find("invitation_token");
  if (it == o.end())
    return std::unexpected(validation_error(
        bj::array{validation_issue("missing", bj::array{"body", "invitation_token"}, "Field required", body)}));
  if (!it->value().is_string())
    return std::unexpected(validation_error(bj::array{
        validation_issue("string_type", bj::array{"body", "invitation_token"}, "Input should be a valid string", it->value())}));
  return std::string(it->value().as_string());
}

}  // namespace sk::http
