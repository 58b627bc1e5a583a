#include "domain/invitation_policy.hpp"

#include <string>

#include "common/duration_text.hpp"

namespace sk::domain {

bool is_valid_invitation_lifetime(std::chrono::seconds lifetime) {
  return lifetime >= kMinInvitationLifetime && lifetime <= kMaxInvitationLifetime;
}

Result<std::chrono::seconds> parse_invitation_lifetime(std::string_view text) {
  // A bare number is seconds; otherwise the command line's usual duration ("90m", "7d").
  const bool bare = !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
  auto lifetime = parse_duration(bare ? std::string(text) + "s" : std::string(text));
  if (!lifetime || !is_valid_invitation_lifetime(*lifetime))
    return fail(ErrorKind::bad_request, "InvalidInvitationLifetime",
                "invitation lifetime '" + std::string(text) +
                    "' must be a number of seconds or of minutes, hours or days (m, h, d suffix) from 1h to 30d");
  return *lifetime;
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
