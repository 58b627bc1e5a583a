#include "web/cookies.hpp"

#include <algorithm>

namespace sk::web {

namespace {
std::string attributes(const CookieScope& scope) {
  std::string out = "; Path=" + scope.path + "; HttpOnly; SameSite=Strict";
  if (scope.secure) out += "; Secure";
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}
}  // namespace

std::optional<std::string> cookie_value(const http::Request& request, std::string_view name) {
  std::string_view rest = request.cookie;
  while (!rest.empty()) {
    const auto end = rest.find(';');
    std::string_view pair = trim(rest.substr(0, end));
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
    const auto eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    if (trim(pair.substr(0, eq)) == name) return std::string(trim(pair.substr(eq + 1)));
  }
  return std::nullopt;
}

std::string set_cookie(std::string_view name, std::string_view value, const CookieScope& scope,
                       std::chrono::seconds max_age) {
  const auto seconds = std::max<long long>(1, max_age.count());
  return std::string(name) + "=" + std::string(value) + attributes(scope) + "; Max-Age=" + std::to_string(seconds);
}

std::string clear_cookie(std::string_view name, const CookieScope& scope) {
  return std::string(name) + "=" + attributes(scope) + "; Max-Age=0";
}

}  // namespace sk::web
