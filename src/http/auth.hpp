// Polar's bearer middleware and per-route authenticator (customer-seats-api.md §1.2).
#pragma once

#include <expected>
#include <initializer_list>
#include <optional>
#include <string_view>

#include "domain/model.hpp"
#include "http/message.hpp"
#include "http/routes.hpp"

namespace sk::http {

struct Subject {
  std::optional<domain::AccessToken> token;         // set for organization access tokens
  std::optional<domain::Organization> organization;  // the token's organization
  std::optional<domain::Id> session_id;              // set for live member and customer sessions
};

// The keyed hash under which the request's bearer token would be stored ("" without one).
std::string bearer_hash(const Request&, const ApiConfig&);

// Resolves the bearer token: anonymous when absent; the invalid_token 401 when it does not resolve.
std::expected<Subject, Response> resolve_subject(Call&);

// For organization-token routes: the caller's organization when it holds any of `scopes`,
// else 401 (anonymous or not an organization) or 403 insufficient_scope.
std::expected<domain::Organization, Response> require_organization(Call&, std::initializer_list<std::string_view> scopes);

}  // namespace sk::http
