#include "http/auth.hpp"

#include <algorithm>

#include "crypto/crypto.hpp"
#include "http/error_response.hpp"

namespace sk::http {
namespace {

std::string_view bearer_token(std::string_view header) {
  if (header.size() < 7) return {};
  std::string scheme(header.substr(0, 7));
  std::ranges::transform(scheme, scheme.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (scheme != "bearer ") return {};
  header.remove_prefix(7);
  while (!header.empty() && header.front() == ' ') header.remove_prefix(1);
  while (!header.empty() && header.back() == ' ') header.remove_suffix(1);
  return header;
}

}  // namespace

std::string bearer_hash(const Request& request, const ApiConfig& config) {
  const std::string_view token = bearer_token(request.authorization);
  if (token.empty()) return {};
  return domain::token_hash(config.seat_context(Timestamp{}), token);
}

std::expected<Subject, Response> resolve_subject(Call& call) {
  const std::string_view token = bearer_token(call.request.authorization);
  if (token.empty()) return Subject{};
  if (token.starts_with("polar_crt_")) return Subject{};  // Polar treats these as anonymous
  if (!call.repo) return std::unexpected(invalid_token());
  const auto ctx = call.config.seat_context(call.now);
  const std::string hash = call.bearer_hash.empty() ? domain::token_hash(ctx, token) : call.bearer_hash;
  // A live member session is a valid subject, but not an organization: these routes treat it as
  // anonymous (401 Unauthorized where an organization is required). A dead one is invalid_token.
  if (token.starts_with("polar_mst_")) {
    auto session = call.repo->find_member_session(hash);
    if (!session) return std::unexpected(internal_server_error());
    if (!*session || (*session)->expires_at <= call.now) return std::unexpected(invalid_token());
    call.actor = domain::Actor{domain::ActorKind::member_session, (*session)->id};
    call.credential_expires_at = (*session)->expires_at;
    return Subject{std::nullopt, std::nullopt, (*session)->id};
  }
  // A live customer session is likewise a valid non-organization subject.
  if (token.starts_with("polar_cst_")) {
    auto session = call.repo->find_customer_session(hash);
    if (!session) return std::unexpected(internal_server_error());
    if (!*session || (*session)->expires_at <= call.now) return std::unexpected(invalid_token());
    call.actor = domain::Actor{domain::ActorKind::customer_session, (*session)->id};
    call.credential_expires_at = (*session)->expires_at;
    return Subject{std::nullopt, std::nullopt, (*session)->id};
  }
  if (!token.starts_with("polar_oat_")) return std::unexpected(invalid_token());
  auto found = call.repo->find_access_token(hash);
  if (!found) return std::unexpected(internal_server_error());
  if (!*found || ((*found)->expires_at && *(*found)->expires_at <= call.now)) return std::unexpected(invalid_token());
  auto org = call.repo->find_organization((*found)->organization_id);
  if (!org) return std::unexpected(internal_server_error());
  if (!*org) return std::unexpected(invalid_token());
  call.actor = domain::Actor{domain::ActorKind::organization_token, (*found)->id};
  call.credential_expires_at = (*found)->expires_at;
  return Subject{std::move(**found), std::move(**org), std::nullopt};
}

Response organization_token_gate(Call& call) {
  auto subject = resolve_subject(call);
  if (!subject) return std::move(subject.error());
  if (!subject->organization) return unauthorized();
  return let_through();
}

std::expected<domain::Organization, Response> require_organization(Call& call,
                                                                   std::initializer_list<std::string_view> scopes) {
  auto subject = resolve_subject(call);
  if (!subject) return std::unexpected(std::move(subject.error()));
  if (!subject->organization) return std::unexpected(unauthorized());
  const auto& held = subject->token->scopes;
  const bool allowed = std::ranges::any_of(scopes, [&](std::string_view s) { return std::ranges::find(held, s) != held.end(); });
  if (!allowed) return std::unexpected(insufficient_scope());
  return std::move(*subject->organization);
}

}  // namespace sk::http
