#include "domain/seat_assign_rules.hpp"

#include <algorithm>
#include <cctype>

#include "domain/text_rules.hpp"

namespace sk::domain {

std::string lower_ascii(std::string text) {
  std::ranges::transform(text, text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string normalize_email(const std::string& email) {
  auto first = email.find_first_not_of(" \t\r\n");
  auto last = email.find_last_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  std::string trimmed = email.substr(first, last - first + 1);
  const auto at = trimmed.rfind('@');
  if (at == std::string::npos) return trimmed;
  return trimmed.substr(0, at + 1) + lower_ascii(trimmed.substr(at + 1));
}

std::optional<std::string> email_syntax_error(const std::string& raw) {
  const std::string email = normalize_email(raw);
  if (display_text_error(email)) return "The email address contains a control or bidirectional override character.";
  const auto at = email.find('@');
  if (at == std::string::npos) return "An email address must have an @-sign.";
  if (email.find('@', at + 1) != std::string::npos) return "The part after the @-sign contains invalid characters: '@'.";
  const std::string local = email.substr(0, at);
  const std::string domain = email.substr(at + 1);
  if (local.empty()) return "There must be something before the @-sign.";
  if (domain.empty()) return "There must be something after the @-sign.";
  if (local.size() > 64) return "The email address is too long before the @-sign.";
  if (email.size() > 254) return "The email address is too long.";
  static const std::string local_ok = "!#$%&'*+-/=?^_`{|}~.";
  for (unsigned char c : local) {
    if (c >= 0x80) continue;  // internationalized local parts are allowed
    if (!std::isalnum(c) && local_ok.find(static_cast<char>(c)) == std::string::npos)
      return "The email address contains invalid characters before the @-sign.";
  }
  if (local.front() == '.') return "An email address cannot start with a period.";
  if (local.back() == '.') return "An email address cannot have a period immediately before the @-sign.";
  if (local.find("..") != std::string::npos) return "An email address cannot have two periods in a row.";
  for (unsigned char c : domain) {
    if (c >= 0x80) continue;
    if (!std::isalnum(c) && c != '-' && c != '.')
      return "The part after the @-sign contains invalid characters.";
  }
  if (domain.front() == '.') return "An email address cannot have a period immediately after the @-sign.";
  if (domain.back() == '.') return "An email address cannot end with a period.";
  if (domain.find("..") != std::string::npos) return "An email address cannot have two periods in a row.";
  if (domain.find('.') == std::string::npos) return "The part after the @-sign is not valid. It should have a period.";
  const std::string tld = domain.substr(domain.rfind('.') + 1);
  if (std::ranges::all_of(tld, [](unsigned char c) { return std::isdigit(c); }))
    return "The part after the @-sign is not valid. It is not within a valid top-level domain.";
  return std::nullopt;
}

std::vector<ValidationIssue> check_seat_assign_fields(const SeatAssignRequest& r) {
  std::vector<ValidationIssue> issues;
  if (r.metadata) {
    if (r.metadata->key_count > 10)
      issues.push_back({{"body", "metadata"}, "value_error", "Value error, Metadata cannot have more than 10 keys", {}});
    else if (r.metadata->python_json_length > 1024)
      issues.push_back({{"body", "metadata"}, "value_error", "Value error, Metadata size cannot exceed 1KB", {}});
  }
  return issues;
}

std::optional<ValidationIssue> check_seat_assign_model(const SeatAssignRequest& r) {
  auto model_error = [](std::string msg) {
    return ValidationIssue{{"body"}, "value_error", "Value error, " + std::move(msg), {}};
  };
  if (r.subscription_id.has_value() == r.order_id.has_value())
    return model_error("Exactly one of subscription_id or order_id must be provided");
  const int legacy = int(r.external_customer_id.has_value()) + int(r.customer_id.has_value());
  const int member = int(r.external_member_id.has_value()) + int(r.member_id.has_value());
  const int email = int(r.email.has_value());
  if (legacy + member + email == 0)
    return model_error(
        "At least one of email, external_customer_id, customer_id, external_member_id, or member_id must be provided");
  if (legacy > 0 && member > 0)
    return model_error("Cannot combine external_customer_id/customer_id with external_member_id/member_id");
  if (member > 1) return model_error("Cannot provide both external_member_id and member_id");
  if (legacy > 0 && legacy + email != 1)
    return model_error("Exactly one of email, external_customer_id, or customer_id must be provided");
  if (r.member_id && r.email) return model_error("Cannot combine member_id with email");
  return std::nullopt;
}

}  // namespace sk::domain
