// How an organization's invitations go out: by e-mail (the default) or handed back to the caller
// as a claim link ("bring your own invitation"), and how long a claim link lives. A request may
// override both; the organization's policy applies when it does not; seatkeeper's configured
// lifetime (24 hours unless set) applies when neither says.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "common/error.hpp"
#include "domain/model.hpp"

namespace sk::domain {

inline constexpr std::chrono::seconds kMinInvitationLifetime{3600};       // one hour
inline constexpr std::chrono::seconds kMaxInvitationLifetime{2'592'000};  // thirty days

struct InvitationPolicy {
  bool send_email = true;
  std::optional<std::chrono::seconds> lifetime;  // nullopt: seatkeeper's configured default
};

// What one assign or resend asks for; unset fields fall back to the policy.
struct InvitationOptions {
  std::optional<bool> send_email;
  std::optional<std::chrono::seconds> lifetime;
};

class InvitationPolicyRepository {
 public:
  virtual ~InvitationPolicyRepository() = default;
  // The organization's policy; the defaults when it never set one.
  virtual Result<InvitationPolicy> find_invitation_policy(const Id& organization_id) = 0;
  virtual Status save_invitation_policy(const Id& organization_id, const InvitationPolicy&, Timestamp at) = 0;
};

bool is_valid_invitation_lifetime(std::chrono::seconds);
// "3600", "3600s", "90m", "12h", "7d" within the allowed range; the reason otherwise.
Result<std::chrono::seconds> parse_invitation_lifetime(std::string_view text);
// "7d" style, the shortest exact form.
std::string format_invitation_lifetime(std::chrono::seconds);

// Where an invitation token is claimed: {public_url}/{organization_slug}/portal/claim?token=...
// (the link an e-mail carries, or the one handed back when the caller sends the invitation).
std::string claim_url(const std::string& public_url, const std::string& organization_slug, const std::string& token);

}  // namespace sk::domain
