// Admission before any work: who the client is (the socket's address, or X-Forwarded-For when
// the socket belongs to a trusted proxy) and whether it is over its rate limit. Claim routes are
// limited per client address; the merchant API per access token.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/ip_address.hpp"
#include "http/message.hpp"
#include "http/rate_limiter.hpp"
#include "http/routes.hpp"

namespace sk::http {

struct RequestLimitOptions {
  std::optional<RateLimit> claim = RateLimit{60, 1};
  // Generous: a busy integration making 100 requests a second never meets it.
  std::optional<RateLimit> api = RateLimit{1000, 100};
  std::vector<IpNetwork> trusted_proxies;
};

// The client's address: the peer's, unless the peer is a trusted proxy; then the right-most
// X-Forwarded-For entry that is not itself a trusted proxy (entries further left are whatever
// the client chose to send).
std::string client_address(const IpAddress& peer, std::string_view forwarded_for, const std::vector<IpNetwork>& trusted);

class RequestLimits {
 public:
  explicit RequestLimits(RequestLimitOptions options);

  // nullopt to go ahead, or the 429 to answer. `token_key` identifies the bearer token (its keyed
  // hash), empty without one.
  std::optional<Response> admit(const Route&, const Request&, std::string_view token_key,
                                RateLimiter::Clock::time_point now);

 private:
  std::unique_ptr<RateLimiter> claim_;
  std::unique_ptr<RateLimiter> api_;
};

}  // namespace sk::http
