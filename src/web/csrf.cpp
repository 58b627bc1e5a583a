#include "web/csrf.hpp"

#include <algorithm>

#include "crypto/crypto.hpp"

namespace sk::web {

namespace {
std::string lower(std::string_view s) {
  std::string out(s);
  std::ranges::transform(out, out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}
}  // namespace

std::string form_token(std::string_view secret, std::string_view binding) {
  return crypto::hmac_sha256_hex(secret, "portal-form\n" + std::string(binding));
}

bool form_token_matches(std::string_view secret, std::string_view binding, const std::optional<std::string>& presented) {
  if (!presented || presented->empty()) return false;
  return crypto::constant_time_equal(form_token(secret, binding), *presented);
}

std::string origin_of(std::string_view url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return {};
  const auto host_end = url.find_first_of("/?#", scheme_end + 3);
  return lower(url.substr(0, host_end));
}

bool posted_from_our_origin(const http::Request& request, std::string_view public_url) {
  if (!request.fetch_site.empty() && request.fetch_site != "same-origin") return false;
  // "null" is what a browser sends from a page with Referrer-Policy: no-referrer (the claim page);
  // Sec-Fetch-Site and the form token still apply to it.
  if (request.origin.empty() || request.origin == "null") return true;
  const std::string origin = lower(request.origin);
  if (origin == origin_of(public_url)) return true;
  const std::string host = lower(request.host);
  return !host.empty() && (origin == "http://" + host || origin == "https://" + host);
}

}  // namespace sk::web
