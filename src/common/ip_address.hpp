// IP addresses and networks as plain values (no sockets): parsing the canonical text forms,
// CIDR membership, and reading the address out of a sockaddr.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct sockaddr;

namespace sk {

struct IpAddress {
  bool v6 = false;
  std::array<std::uint8_t, 16> bytes{};  // IPv4: the first 4

  // ::ffff:a.b.c.d as the IPv4 address a.b.c.d; anything else unchanged.
  IpAddress unmapped() const;
  std::string to_string() const;
  bool operator==(const IpAddress&) const = default;
};

// The canonical text forms only: dotted-quad IPv4 or RFC 4291 IPv6 (inet_pton).
std::optional<IpAddress> parse_ip(std::string_view text);
IpAddress ipv4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d);

// The address of an AF_INET or AF_INET6 socket address; nullopt for other families.
std::optional<IpAddress> ip_from_sockaddr(const sockaddr*);

struct IpNetwork {
  IpAddress base;
  int prefix_length = 0;
  bool contains(const IpAddress&) const;  // IPv4-mapped addresses count as IPv4
};

// "10.0.0.0/8", "fd00::/8", or one address (a /32 or /128).
std::optional<IpNetwork> parse_cidr(std::string_view text);

}  // namespace sk
