#include "http/body_reader.hpp"

#include <charconv>
#include <boost/json/serialize.hpp>
#include <cmath>

#include "common/utf8.hpp"
#include "crypto/crypto.hpp"
#include "domain/seat_assign_rules.hpp"
#include "domain/text_rules.hpp"
#include "http/error_response.hpp"

namespace sk::http {

namespace bj = boost::json;

namespace {

std::string strip_ws(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n\f\v");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r\n\f\v");
  return std::string(s.substr(first, last - first + 1));
}

// Characters as Python counts them (code points), not bytes.
std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

// The character at byte i, whole (a JSON answer never gets half of one).
std::string one_character(std::string_view raw, std::size_t i) {
  const std::size_t length = utf8_sequence_length(raw, i);
  return length ? std::string(raw.substr(i, length)) : to_valid_utf8(raw.substr(i, 1));
}

std::string uuid_error_text(std::string_view raw) {
  static constexpr std::string_view allowed = "0123456789abcdefABCDEF-";
  for (std::size_t i = 0; i < raw.size(); ++i)
    if (allowed.find(raw[i]) == std::string_view::npos)
      return "invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `" +
             one_character(raw, i) + "` at " + std::to_string(i + 1);
  return "invalid length: expected length 32 for simple format, found " + std::to_string(raw.size());
}

}  // namespace

std::string expected_values(std::initializer_list<std::string_view> allowed) {
  std::string text;
  std::size_t i = 0;
  for (auto v : allowed) {
    if (i > 0) text += i + 1 == allowed.size() ? " or " : ", ";
    text += "'" + std::string(v) + "'";
    ++i;
  }
  return text;
}

BodyReader::BodyReader(const bj::object& body, bj::array where)
    : body_(body), where_(std::move(where)), issues_(&own_issues_) {}

BodyReader::BodyReader(const bj::object& body, bj::array where, bj::array* shared)
    : body_(body), where_(std::move(where)), issues_(shared) {}

BodyReader BodyReader::child(const bj::object& nested, std::initializer_list<bj::value> path) const {
  bj::array where = where_;
  for (const auto& p : path) where.push_back(p);
  return BodyReader(nested, std::move(where), issues_);
}

bool BodyReader::has(std::string_view key) const { return body_.contains(key); }

const bj::value* BodyReader::get(std::string_view key) const {
  auto it = body_.find(key);
  if (it == body_.end() || it->value().is_null()) return nullptr;
  return &it->value();
}

bj::array BodyReader::loc(std::string_view key) const {
  bj::array l = where_;
  if (!key.empty()) l.emplace_back(key);
  return l;
}

void BodyReader::issue(std::string_view key, std::string_view type, std::string_view msg, const bj::value& input,
                       bj::object ctx) {
  issues_->push_back(validation_issue(type, loc(key), msg, input, std::move(ctx)));
}

void BodyReader::require(std::string_view key) {
  if (!has(key)) issue(key, "missing", "Field required", body_);
}

std::optional<std::string> BodyReader::string(std::string_view key, StringRule rule) {
  const bj::value* v = get(key);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    issue(key, "string_type", "Input should be a valid string", *v);
    return std::nullopt;
  }
  std::string text = rule.strip ? strip_ws(v->as_string()) : std::string(v->as_string());
  const std::size_t length = code_points(text);
  if (length < rule.min_length) {
    issue(key, "string_too_short",
          "String should have at least " + std::to_string(rule.min_length) + " character" +
              (rule.min_length == 1 ? "" : "s"),
          *v, bj::object{{"min_length", rule.min_length}});
    return std::nullopt;
  }
  if (rule.max_length && length > rule.max_length) {
    issue(key, "string_too_long", "String should have at most " + std::to_string(rule.max_length) + " characters",
          *v, bj::object{{"max_length", rule.max_length}});
    return std::nullopt;
  }
  if (rule.display) {
    if (auto why = domain::display_text_error(text)) {
      issue(key, "value_error", *why, *v, bj::object{{"error", bj::object{}}});
      return std::nullopt;
    }
  }
  return text;
}

std::optional<std::string> BodyReader::email(std::string_view key) {
  auto text = string(key);
  if (!text) return std::nullopt;
  if (auto why = domain::email_syntax_error(*text)) {
    issue(key, "value_error", "value is not a valid email address: " + *why, bj::value(*text),
          bj::object{{"reason", *why}});
    return std::nullopt;
  }
  return domain::normalize_email(*text);
}

std::optional<std::string> BodyReader::uuid(std::string_view key) {
  const bj::value* v = get(key);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    issue(key, "uuid_type", "UUID input should be a string, bytes or UUID object", *v);
    return std::nullopt;
  }
  std::string text(v->as_string());
  if (text.size() == 32 && text.find('-') == std::string::npos)
    text = text.substr(0, 8) + "-" + text.substr(8, 4) + "-" + text.substr(12, 4) + "-" + text.substr(16, 4) + "-" +
           text.substr(20);
  if (!crypto::parse_uuid(text)) {
    const std::string why = uuid_error_text(v->as_string());
    issue(key, "uuid_parsing", "Input should be a valid UUID, " + why, *v, bj::object{{"error", why}});
    return std::nullopt;
  }
  return domain::lower_ascii(text);
}

std::optional<long long> BodyReader::integer(std::string_view key, std::optional<long long> ge,
                                             std::optional<long long> le) {
  const bj::value* v = get(key);
  if (!v) return std::nullopt;
  std::optional<long long> n;
  if (v->is_int64()) n = v->as_int64();
  else if (v->is_uint64() && v->as_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) n = static_cast<long long>(v->as_uint64());
  else if (v->is_double()) {
    const double d = v->as_double();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.2e18) n = static_cast<long long>(d);
    else {
      issue(key, "int_from_float", "Input should be a valid integer, got a number with a fractional part", *v);
      return std::nullopt;
    }
  } else if (v->is_string()) {
    // Pydantic's lax mode takes "5" for 5.
    const auto& s = v->as_string();
    long long parsed = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), parsed);
    if (ec == std::errc{} && end == s.data() + s.size() && !s.empty()) n = parsed;
    else {
      issue(key, "int_parsing", "Input should be a valid integer, unable to parse string as an integer", *v);
      return std::nullopt;
    }
  } else {
    issue(key, "int_type", "Input should be a valid integer", *v);
    return std::nullopt;
  }
  if (ge && *n < *ge) {
    issue(key, "greater_than_equal", "Input should be greater than or equal to " + std::to_string(*ge), *v,
          bj::object{{"ge", *ge}});
    return std::nullopt;
  }
  if (le && *n > *le) {
    issue(key, "less_than_equal", "Input should be less than or equal to " + std::to_string(*le), *v,
          bj::object{{"le", *le}});
    return std::nullopt;
  }
  return n;
}

std::optional<bool> BodyReader::boolean(std::string_view key) {
  const bj::value* v = get(key);
  if (!v) return std::nullopt;
  if (v->is_bool()) return v->as_bool();
  if (v->is_int64() && (v->as_int64() == 0 || v->as_int64() == 1)) return v->as_int64() == 1;
  if (v->is_string()) {
    const std::string s = domain::lower_ascii(std::string(v->as_string()));
    if (s == "true" || s == "1" || s == "yes" || s == "y" || s == "on" || s == "t") return true;
    if (s == "false" || s == "0" || s == "no" || s == "n" || s == "off" || s == "f") return false;
    issue(key, "bool_parsing", "Input should be a valid boolean, unable to interpret input", *v);
    return std::nullopt;
  }
  issue(key, "bool_type", "Input should be a valid boolean", *v);
  return std::nullopt;
}

std::optional<std::string> BodyReader::one_of(std::string_view key, std::initializer_list<std::string_view> allowed) {
  const bj::value* v = get(key);
  if (!v) return std::nullopt;
  if (v->is_string()) {
    for (auto a : allowed)
      if (v->as_string() == a) return std::string(a);
  }
  const std::string expected = expected_values(allowed);
  issue(key, "enum", "Input should be " + expected, *v, bj::object{{"expected", expected}});
  return std::nullopt;
}

std::optional<std::string> BodyReader::metadata(std::string_view key) {
  const bj::value* v = get(key);
  if (!v) return std::nullopt;
  if (!v->is_object()) {
    issue(key, "dict_type", "Input should be a valid dictionary", *v);
    return std::nullopt;
  }
  const auto& m = v->as_object();
  const std::size_t before = issues_->size();
  if (m.size() > 50) {
    issue(key, "too_long",
          "Dictionary should have at most 50 items after validation, not " + std::to_string(m.size()), *v,
          bj::object{{"field_type", "Dictionary"}, {"max_length", 50}, {"actual_length", m.size()}});
    return std::nullopt;
  }
  BodyReader entries = child(m, {bj::value(key)});
  for (const auto& [k, value] : m) {
    const std::size_t key_length = code_points(k);
    if (key_length < 1 || key_length > 40) {
      bj::array where = entries.loc(k);
      where.emplace_back("[key]");
      issues_->push_back(validation_issue(key_length < 1 ? "string_too_short" : "string_too_long", std::move(where),
                                          key_length < 1 ? "String should have at least 1 character"
                                                         : "String should have at most 40 characters",
                                          bj::value(k),
                                          key_length < 1 ? bj::object{{"min_length", 1}} : bj::object{{"max_length", 40}}));
      continue;
    }
    if (value.is_string()) {
      (void)entries.string(k, StringRule{1, 500, false});
    } else if (!(value.is_int64() || value.is_uint64() || value.is_double() || value.is_bool())) {
      entries.issue(k, "string_type", "Input should be a valid string", value);
    }
  }
  if (issues_->size() != before) return std::nullopt;
  return bj::serialize(*v);
}

Response validation_failure(BodyReader& reader) { return validation_error(std::move(reader.issues())); }

std::expected<const bj::object*, Response> body_object(const bj::value& body) {
  if (!body.is_object())
    return std::unexpected(validation_error(bj::array{validation_issue(
        "model_attributes_type", bj::array{"body"}, "Input should be a valid dictionary or object to extract fields from",
        body)}));
  return &body.as_object();
}

}  // namespace sk::http
