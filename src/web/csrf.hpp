// The pages' defence against cross-site request forgery (docs/portal.md explains the choice).
// Every form post must pass both checks:
//  1. a per-form token: HMAC(server secret, what the form acts for: the session or the
//     invitation), so only a page we rendered for that session carries a valid one;
//  2. the browser's own statement of where the post came from: Sec-Fetch-Site must be
//     same-origin when sent, and an Origin header, when it names one, must be ours.
// Session cookies are also SameSite=Strict, so a cross-site post does not even carry them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "http/message.hpp"

namespace sk::web {

inline constexpr std::string_view kCsrfField = "csrf_token";

std::string form_token(std::string_view secret, std::string_view binding);
bool form_token_matches(std::string_view secret, std::string_view binding, const std::optional<std::string>& presented);

// True unless the browser says the post came from another origin. `public_url` is the server's
// configured public URL; the request's own Host counts as ours too (a proxy may keep it).
bool posted_from_our_origin(const http::Request&, std::string_view public_url);

// "https://host[:port]" of a URL, lower-cased; empty when it has no scheme.
std::string origin_of(std::string_view url);

}  // namespace sk::web
