// The pages' session cookies: HttpOnly, SameSite=Strict, scoped to one organization's portal
// path, Secure when the public URL is https, and expiring with the session they carry.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "http/message.hpp"

namespace sk::web {

// The member session cookie holds the polar_mst_ token a claim minted (the API accepts it too).
inline constexpr std::string_view kMemberCookie = "sk_member_session";
// The customer (billing manager) session cookie holds the polar_cst_ token of the portal link.
inline constexpr std::string_view kCustomerCookie = "sk_customer_session";

struct CookieScope {
  std::string path;  // e.g. /acme/portal
  bool secure = false;
};

std::optional<std::string> cookie_value(const http::Request&, std::string_view name);
// A Set-Cookie value that lives `max_age` (at least one second).
std::string set_cookie(std::string_view name, std::string_view value, const CookieScope&, std::chrono::seconds max_age);
// A Set-Cookie value that deletes the cookie.
std::string clear_cookie(std::string_view name, const CookieScope&);

}  // namespace sk::web
