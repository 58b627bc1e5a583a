#include "common/ip_address.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <charconv>
#include <cstring>

namespace sk {

IpAddress ipv4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) {
  IpAddress ip;
  ip.bytes[0] = a, ip.bytes[1] = b, ip.bytes[2] = c, ip.bytes[3] = d;
  return ip;
}

IpAddress IpAddress::unmapped() const {
  if (!v6) return *this;
  for (int i = 0; i < 10; ++i)
    if (bytes[i] != 0) return *this;
  if (bytes[10] != 0xff || bytes[11] != 0xff) return *this;
  return ipv4(bytes[12], bytes[13], bytes[14], bytes[15]);
}

std::string IpAddress::to_string() const {
  char text[INET6_ADDRSTRLEN] = {};
  inet_ntop(v6 ? AF_INET6 : AF_INET, bytes.data(), text, sizeof text);
  return text;
}

std::optional<IpAddress> parse_ip(std::string_view text) {
  if (text.size() >= INET6_ADDRSTRLEN) return std::nullopt;
  const std::string z(text);
  IpAddress ip;
  if (inet_pton(AF_INET, z.c_str(), ip.bytes.data()) == 1) return ip;
  ip.v6 = true;
  if (inet_pton(AF_INET6, z.c_str(), ip.bytes.data()) == 1) return ip;
  return std::nullopt;
}

std::optional<IpAddress> ip_from_sockaddr(const sockaddr* address) {
  if (!address) return std::nullopt;
  IpAddress ip;
  if (address->sa_family == AF_INET) {
    sockaddr_in in{};
    std::memcpy(&in, address, sizeof in);
    std::memcpy(ip.bytes.data(), &in.sin_addr, 4);
    return ip;
  }
  if (address->sa_family == AF_INET6) {
    sockaddr_in6 in6{};
    std::memcpy(&in6, address, sizeof in6);
    ip.v6 = true;
    std::memcpy(ip.bytes.data(), &in6.sin6_addr, 16);
    return ip;
  }
  return std::nullopt;
}

bool IpNetwork::contains(const IpAddress& candidate) const {
  const IpAddress ip = candidate.unmapped();
  const IpAddress net = base.unmapped();
  if (ip.v6 != net.v6) return false;
  int bits = prefix_length - (base.v6 && !net.v6 ? 96 : 0);  // a ::ffff:0:0/104 style network
  for (int i = 0; bits > 0; ++i, bits -= 8) {
    const std::uint8_t mask = bits >= 8 ? 0xff : static_cast<std::uint8_t>(0xff << (8 - bits));
    if ((ip.bytes[i] & mask) != (net.bytes[i] & mask)) return false;
  }
  return true;
}

std::optional<IpNetwork> parse_cidr(std::string_view text) {
  const auto slash = text.find('/');
  auto base = parse_ip(text.substr(0, slash));
  if (!base) return std::nullopt;
  const int max = base->v6 ? 128 : 32;
  if (slash == std::string_view::npos) return IpNetwork{*base, max};
  const std::string_view digits = text.substr(slash + 1);
  int prefix = -1;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
  if (ec != std::errc{} || end != digits.data() + digits.size() || digits.empty() || prefix < 0 || prefix > max)
    return std::nullopt;
  return IpNetwork{*base, prefix};
}

}  // namespace sk
