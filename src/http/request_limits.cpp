#include "http/request_limits.hpp"

#include "http/error_response.hpp"
#include "web/page_routes.hpp"

namespace sk::http {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool trusted(const IpAddress& ip, const std::vector<IpNetwork>& proxies) {
  for (const auto& network : proxies)
    if (network.contains(ip)) return true;
  return false;
}

}  // namespace

std::string client_address(const IpAddress& peer, std::string_view forwarded_for, const std::vector<IpNetwork>& proxies) {
  IpAddress client = peer.unmapped();
  if (!trusted(client, proxies)) return client.to_string();
  while (!forwarded_for.empty()) {
    const auto comma = forwarded_for.rfind(',');
    const std::string_view entry = trim(comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1));
    forwarded_for = comma == std::string_view::npos ? std::string_view{} : forwarded_for.substr(0, comma);
    auto hop = parse_ip(entry);
    if (!hop) break;  // garbage: the last address we could trust is the answer
    client = hop->unmapped();
    if (!trusted(client, proxies)) break;
  }
  return client.to_string();
}

RequestLimits::RequestLimits(RequestLimitOptions options) {
  if (options.claim) claim_ = std::make_unique<RateLimiter>(*options.claim);
  if (options.api) api_ = std::make_unique<RateLimiter>(*options.api);
}

std::optional<Response> RequestLimits::admit(const Route& route, const Request& request, std::string_view token_key,
                                             RateLimiter::Clock::time_point now) {
  long long retry_after = 0;
  if ((route.traits & route_traits::claim) && claim_) {
    retry_after = claim_->take("ip:" + request.client_address, now);
  } else if ((route.traits & route_traits::merchant) && api_) {
    // Per token; callers without one share their address's bucket (they only get 401s).
    retry_after = token_key.empty() ? api_->take("ip:" + request.client_address, now)
                                    : api_->take("token:" + std::string(token_key), now);
  }
  if (retry_after == 0) return std::nullopt;
  if (route.traits & route_traits::page) return web::too_many_attempts_page(retry_after);
  return too_many_requests(retry_after);
}

}  // namespace sk::http
