#include "domain/invitation_policy.hpp"

#include <charconv>

namespace sk::domain {

bool is_valid_invitation_lifetime(std::chrono::seconds lifetime) {
  return lifetime >= kMinInvitationLifetime && lifetime <= kMaxInvitationLifetime;
}

Result<std::chrono::seconds> parse_invitation_lifetime(std::string_view text) {
  const auto invalid = [&] {
    return fail(ErrorKind::bad_request, "InvalidInvitationLifetime",
                "invitation lifetime '" + std::string(text) +
                    "' must be a number of seconds or of minutes, hours or days (m, h, d suffix) from 1h to 30d");
  };
  long long count = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), count);
  if (ec != std::errc{} || end == text.data() || count <= 0) return invalid();
  const std::string_view unit(end, text.data() + text.size() - end);
  long long per_unit = 0;
  if (unit.empty() || unit == "s") per_unit = 1;
  else if (unit == "m") per_unit = 60;
  else if (unit == "h") per_unit = 3600;
  else if (unit == "d") per_unit = 86400;
  else return invalid();
  if (count > kMaxInvitationLifetime.count() / per_unit) return invalid();
  const std::chrono::seconds lifetime{count * per_unit};
  if (!is_valid_invitation_lifetime(lifetime)) return invalid();
  return lifetime;
}

std::string format_invitation_lifetime(std::chrono::seconds lifetime) {
  const long long s = lifetime.count();
  if (s % 86400 == 0) return std::to_string(s / 86400) + "d";
  if (s % 3600 == 0) return std::to_string(s / 3600) + "h";
  if (s % 60 == 0) return std::to_string(s / 60) + "m";
  return std::to_string(s) + "s";
}

std::string claim_url(const std::string& public_url, const std::string& organization_slug, const std::string& token) {
  std::string base = public_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  // Invitation tokens are URL-safe base64 and slugs are URL-safe: nothing to escape.
  return base + "/" + organization_slug + "/portal/claim?token=" + token;
}

}  // namespace sk::domain
