// Where outbound webhook requests may go. Pure functions (no sockets, no DNS), so they can be
// unit-tested and fuzzed: the API refuses URLs whose host is a non-public address literal, and the
// HTTP client asks connect_refusal() about every address a name resolved to, right before it
// opens the socket, so a name that resolves (or re-resolves, DNS rebinding) inside is refused too.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/ip_address.hpp"

namespace sk {

enum class AddressClass {
  global,           // reachable on the public internet: allowed
  loopback,         // 127.0.0.0/8, ::1
  private_network,  // RFC 1918, RFC 4193 unique local, fec0::/10, 64:ff9b:1::/48
  link_local,       // 169.254.0.0/16 (cloud metadata lives here), fe80::/10
  unspecified,      // 0.0.0.0/8, ::
  multicast,        // 224.0.0.0/4, ff00::/8
  shared_cgnat,     // 100.64.0.0/10 (carrier-grade NAT, some clouds' metadata)
  reserved,         // documentation, benchmarking, 240/4, broadcast, Teredo, discard, ...
};

std::string_view describe(AddressClass);

// IPv6 forms that embed an IPv4 address (mapped, compatible, NAT64, 6to4) are classified by
// the IPv4 address inside.
AddressClass classify_address(const IpAddress&);

// The address a URL host denotes when it is an address literal in any spelling getaddrinfo or a
// browser would accept: dotted quad, fewer parts ("127.1"), one 32-bit number ("2130706433"),
// octal and hex parts ("0177.0.0.1", "0x7f000001"), a trailing dot, or bracketed IPv6 (also
// "[::ffff:127.0.0.1]"). nullopt for a name.
std::optional<IpAddress> parse_host_address(std::string_view host);

// Why a webhook must not be sent to `url` as written ("... is a loopback address"), or nullopt
// when the URL is not an http(s) URL with a non-public address literal as its host. Names pass
// here: they are checked after resolution, by connect_refusal().
std::optional<std::string> literal_target_refusal(std::string_view url);

// Why a connection to `address` is refused, or nullopt when it may be opened.
std::optional<std::string> connect_refusal(const IpAddress& address);

}  // namespace sk
