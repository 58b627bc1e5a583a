// What every page handler shares: the organization a path names, the session cookies' scope,
// paths under an organization's portal, readable times, and the plain message page.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/error.hpp"
#include "common/time.hpp"
#include "domain/model.hpp"
#include "http/routes.hpp"
#include "web/cookies.hpp"
#include "web/html.hpp"
#include "web/page_response.hpp"

namespace sk::web {

// "/{slug}/portal" + suffix. Only called with a slug read from the database ([a-z0-9-]).
std::string portal_path(std::string_view slug, std::string_view suffix = "");
CookieScope cookie_scope(const http::ApiConfig&, std::string_view slug);

// The form token of pages shown to the holder of a session token (see csrf.hpp).
std::string session_form_token(const http::ApiConfig&, std::string_view session_token);

// "27 November 2026, 14:03 UTC".
std::string human_time(Timestamp);

// The organization the first path segment names, or null.
Result<std::optional<domain::Organization>> organization_of(http::Call&);

// A page that only says something: a heading, a notice, and an optional line of advice.
http::Response message_page(int status, std::string_view organization_name, std::string_view title,
                            std::string_view message, std::string_view advice = "", PageOptions options = {});
http::Response not_found_page();
http::Response error_page();  // the store failed: a page, not JSON
http::Response form_refused_page();  // a post that failed the CSRF checks
http::Response unreadable_form_page();

}  // namespace sk::web
