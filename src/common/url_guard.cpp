#include "common/url_guard.hpp"

#include <boost/url/parse.hpp>

#include <cstdint>
#include <vector>

namespace sk {

namespace {

bool in(const IpAddress& ip, std::string_view cidr) {
  auto network = parse_cidr(cidr);
  return network && network->contains(ip);
}

AddressClass classify_v4(const IpAddress& ip) {
  if (in(ip, "0.0.0.0/8")) return AddressClass::unspecified;
  if (in(ip, "127.0.0.0/8")) return AddressClass::loopback;
  if (in(ip, "10.0.0.0/8") || in(ip, "172.16.0.0/12") || in(ip, "192.168.0.0/16")) return AddressClass::private_network;
  if (in(ip, "169.254.0.0/16")) return AddressClass::link_local;
  if (in(ip, "100.64.0.0/10")) return AddressClass::shared_cgnat;
  if (in(ip, "224.0.0.0/4")) return AddressClass::multicast;
  for (std::string_view r : {"192.0.0.0/24", "192.0.2.0/24", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
                             "240.0.0.0/4"})  // 240/4 includes 255.255.255.255
    if (in(ip, r)) return AddressClass::reserved;
  return AddressClass::global;
}

IpAddress embedded_v4(const IpAddress& ip, int offset) {
  return ipv4(ip.bytes[offset], ip.bytes[offset + 1], ip.bytes[offset + 2], ip.bytes[offset + 3]);
}

// One part of an inet_aton-style address: decimal, 0-prefixed octal or 0x-prefixed hex.
std::optional<std::uint64_t> number_part(std::string_view part) {
  if (part.empty()) return std::nullopt;
  int base = 10;
  if (part.size() > 1 && part[0] == '0' && (part[1] == 'x' || part[1] == 'X')) {
    base = 16;
    part.remove_prefix(2);
    if (part.empty()) return std::nullopt;
  } else if (part.size() > 1 && part[0] == '0') {
    base = 8;
    part.remove_prefix(1);
  }
  std::uint64_t value = 0;
  for (char c : part) {
    int digit = -1;
    if (c >= '0' && c <= '9') digit = c - '0';
    else if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
    if (digit < 0 || digit >= base) return std::nullopt;
    value = value * static_cast<std::uint64_t>(base) + static_cast<std::uint64_t>(digit);
    if (value > 0xffffffffULL) return std::nullopt;
  }
  return value;
}

std::optional<IpAddress> parse_loose_ipv4(std::string_view host) {
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);
  std::vector<std::uint64_t> parts;
  for (;;) {
    const auto dot = host.find('.');
    auto part = number_part(host.substr(0, dot));
    if (!part) return std::nullopt;
    parts.push_back(*part);
    if (parts.size() > 4) return std::nullopt;
    if (dot == std::string_view::npos) break;
    host.remove_prefix(dot + 1);
  }
  // Every part but the last is one byte; the last fills the remaining bytes.
  std::uint32_t value = 0;
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    if (parts[i] > 0xff) return std::nullopt;
    value |= static_cast<std::uint32_t>(parts[i]) << (24 - 8 * i);
  }
  const int last_bits = 32 - 8 * static_cast<int>(parts.size() - 1);
  if (last_bits < 32 && parts.back() >> last_bits) return std::nullopt;
  value |= static_cast<std::uint32_t>(parts.back());
  return ipv4(static_cast<std::uint8_t>(value >> 24), static_cast<std::uint8_t>(value >> 16),
              static_cast<std::uint8_t>(value >> 8), static_cast<std::uint8_t>(value));
}

}  // namespace

std::string_view describe(AddressClass c) {
  switch (c) {
    case AddressClass::global: return "a public address";
    case AddressClass::loopback: return "a loopback address";
    case AddressClass::private_network: return "a private network address";
    case AddressClass::link_local: return "a link-local address (cloud metadata services live there)";
    case AddressClass::unspecified: return "an unspecified address";
    case AddressClass::multicast: return "a multicast address";
    case AddressClass::shared_cgnat: return "a shared (carrier-grade NAT) address";
    case AddressClass::reserved: return "a reserved address";
  }
  return "a reserved address";
}

AddressClass classify_address(const IpAddress& address) {
  const IpAddress ip = address.unmapped();
  if (!ip.v6) return classify_v4(ip);
  bool zero_prefix = true;  // ::/96: the unspecified, loopback and (deprecated) IPv4-compatible forms
  for (int i = 0; i < 12; ++i) zero_prefix = zero_prefix && ip.bytes[i] == 0;
  if (zero_prefix) {
    const IpAddress v4 = embedded_v4(ip, 12);
    if (v4 == ipv4(0, 0, 0, 0)) return AddressClass::unspecified;
    if (v4 == ipv4(0, 0, 0, 1)) return AddressClass::loopback;
    return classify_v4(v4) == AddressClass::global ? AddressClass::reserved : classify_v4(v4);
  }
  if (in(ip, "64:ff9b:1::/48")) return AddressClass::private_network;
  if (in(ip, "64:ff9b::/96")) return classify_v4(embedded_v4(ip, 12));  // NAT64
  if (in(ip, "2002::/16")) return classify_v4(embedded_v4(ip, 2));     // 6to4
  if (in(ip, "fc00::/7") || in(ip, "fec0::/10")) return AddressClass::private_network;
  if (in(ip, "fe80::/10")) return AddressClass::link_local;
  if (in(ip, "ff00::/8")) return AddressClass::multicast;
  for (std::string_view r : {"100::/64", "2001::/32", "2001:db8::/32", "2001:10::/28", "2001:20::/28"})
    if (in(ip, r)) return AddressClass::reserved;
  return AddressClass::global;
}

std::optional<IpAddress> parse_host_address(std::string_view host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    std::string_view inner = host.substr(1, host.size() - 2);
    if (const auto zone = inner.find('%'); zone != std::string_view::npos) inner = inner.substr(0, zone);
    return parse_ip(inner);
  }
  if (auto ip = parse_ip(host)) return ip;
  return parse_loose_ipv4(host);
}

std::optional<std::string> literal_target_refusal(std::string_view url) {
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed || !parsed->has_authority()) return std::nullopt;
  std::optional<IpAddress> address;
  switch (parsed->host_type()) {
    case boost::urls::host_type::ipv4: address = parse_ip(parsed->host_address()); break;
    case boost::urls::host_type::ipv6: address = parse_ip(parsed->host_ipv6_address().to_string()); break;
    case boost::urls::host_type::ipvfuture: return "the host is not a usable address";
    default: address = parse_host_address(parsed->host()); break;  // decoded: "127.0.0.%31" is 127.0.0.1
  }
  if (!address) return std::nullopt;
  const AddressClass c = classify_address(*address);
  if (c == AddressClass::global) return std::nullopt;
  return "the host " + address->unmapped().to_string() + " is " + std::string(describe(c));
}

std::optional<std::string> connect_refusal(const IpAddress& address) {
  const AddressClass c = classify_address(address);
  if (c == AddressClass::global) return std::nullopt;
  return "refused: the host resolved to " + std::string(describe(c));
}

}  // namespace sk
