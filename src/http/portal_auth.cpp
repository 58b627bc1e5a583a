#include "http/portal_auth.hpp"

#include "http/auth.hpp"
#include "http/error_response.hpp"

namespace sk::http {

std::expected<domain::PortalSubject, Response> require_portal_subject(Call& call) {
  // The bearer middleware first: it answers invalid_token for any token that does not resolve.
  auto subject = resolve_subject(call);
  if (!subject) return std::unexpected(std::move(subject.error()));
  if (subject->organization) return std::unexpected(unauthorized());
  const std::string hash = call.bearer_hash.empty() ? bearer_hash(call.request, call.config) : call.bearer_hash;
  if (hash.empty()) return std::unexpected(unauthorized());
  // A live session: its hash is in exactly one of the two session tables.
  for (auto kind : {domain::PortalSessionKind::customer, domain::PortalSessionKind::member}) {
    auto found = domain::find_portal_subject(*call.repo, kind, hash, call.now);
    if (!found) return std::unexpected(internal_server_error());
    if (*found) return std::move(**found);
  }
  return std::unexpected(unauthorized());  // e.g. polar_crt_ tokens, which Polar treats as anonymous
}

}  // namespace sk::http
