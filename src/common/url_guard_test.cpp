#include "common/url_guard.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <gtest/gtest.h>

namespace sk {
namespace {

AddressClass of(std::string_view text) {
  auto ip = parse_ip(text);
  EXPECT_TRUE(ip) << text;
  return ip ? classify_address(*ip) : AddressClass::global;
}

TEST(AddressClassifier, Ipv4Ranges) {
  EXPECT_EQ(of("127.0.0.1"), AddressClass::loopback);
  EXPECT_EQ(of("127.255.0.9"), AddressClass::loopback);
  EXPECT_EQ(of("10.0.0.1"), AddressClass::private_network);
  EXPECT_EQ(of("172.16.5.4"), AddressClass::private_network);
  EXPECT_EQ(of("172.31.255.255"), AddressClass::private_network);
  EXPECT_EQ(of("172.32.0.1"), AddressClass::global);
  EXPECT_EQ(of("192.168.1.1"), AddressClass::private_network);
  EXPECT_EQ(of("169.254.169.254"), AddressClass::link_local);
  EXPECT_EQ(of("0.0.0.0"), AddressClass::unspecified);
  EXPECT_EQ(of("100.64.0.1"), AddressClass::shared_cgnat);
  EXPECT_EQ(of("100.100.100.200"), AddressClass::shared_cgnat);
  EXPECT_EQ(of("224.0.0.251"), AddressClass::multicast);
  EXPECT_EQ(of("255.255.255.255"), AddressClass::reserved);
  EXPECT_EQ(of("192.0.0.192"), AddressClass::reserved);
  EXPECT_EQ(of("8.8.8.8"), AddressClass::global);
  EXPECT_EQ(of("93.184.216.34"), AddressClass::global);
}

TEST(AddressClassifier, Ipv6RangesAndEmbeddedIpv4) {
  EXPECT_EQ(of("::1"), AddressClass::loopback);
  EXPECT_EQ(of("::"), AddressClass::unspecified);
  EXPECT_EQ(of("::ffff:127.0.0.1"), AddressClass::loopback);
  EXPECT_EQ(of("::ffff:169.254.169.254"), AddressClass::link_local);
  EXPECT_EQ(of("::ffff:8.8.8.8"), AddressClass::global);
  EXPECT_EQ(of("::127.0.0.1"), AddressClass::loopback);  // IPv4-compatible
  EXPECT_EQ(of("64:ff9b::10.0.0.1"), AddressClass::private_network);  // NAT64
  EXPECT_EQ(of("2002:7f00:1::"), AddressClass::loopback);             // 6to4 of 127.0.0.1
  EXPECT_EQ(of("fd00:ec2::254"), AddressClass::private_network);     // a cloud metadata address
  EXPECT_EQ(of("fe80::1"), AddressClass::link_local);
  EXPECT_EQ(of("ff02::1"), AddressClass::multicast);
  EXPECT_EQ(of("2001:db8::1"), AddressClass::reserved);
  EXPECT_EQ(of("2606:4700::1111"), AddressClass::global);
}

TEST(HostSpelling, EveryIpv4SpellingIsRecognised) {
  const IpAddress loopback = ipv4(127, 0, 0, 1);
  for (std::string_view host : {"127.0.0.1", "2130706433", "0x7f000001", "017700000001", "0177.0.0.1", "0x7f.0.0.1",
                                "127.1", "127.0.1", "127.0.0.1.", "0x7F.0x0.0x0.0x1"})
    EXPECT_EQ(parse_host_address(host), loopback) << host;
  EXPECT_EQ(parse_host_address("[::1]")->to_string(), "::1");
  EXPECT_EQ(parse_host_address("[fe80::1%25eth0]")->to_string(), "fe80::1");
  for (std::string_view name : {"example.com", "localhost", "127.0.0.1.example.com", "1.2.3.4.5", "256.0.0.1",
                                "08.0.0.1", "0x", "", "4294967296"})
    EXPECT_FALSE(parse_host_address(name)) << name;
}

TEST(LiteralTargetRefusal, RefusesNonPublicLiteralsInAnySpelling) {
  for (std::string_view url :
       {"http://127.0.0.1:8080/hook", "http://[::1]/", "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/",
        "http://0.0.0.0/", "http://2130706433/", "http://0x7f.1/", "https://017700000001/", "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:7f00:1]/", "http://127.0.0.%31/", "http://user:pw@192.168.0.1:81/x", "http://100.64.1.1/",
        "http://224.0.0.1/", "http://[fd12:3456::1]/", "http://127.0.0.1./"})
    EXPECT_TRUE(literal_target_refusal(url)) << url;
  for (std::string_view url : {"https://hooks.example.com/x", "http://8.8.8.8/", "http://[2606:4700::1111]/",
                               "http://localhost:9/"})  // names are judged after resolution
    EXPECT_FALSE(literal_target_refusal(url)) << url;
  EXPECT_EQ(*literal_target_refusal("http://2130706433/"), "the host 127.0.0.1 is a loopback address");
}

// The decision the HTTP client's open-socket callback takes for each resolved address. These
// socket addresses are only built and judged: nothing connects to them.
TEST(ConnectRefusal, JudgesResolvedSocketAddresses) {
  sockaddr_in v4{};
  v4.sin_family = AF_INET;
  inet_pton(AF_INET, "127.0.0.1", &v4.sin_addr);
  auto ip = ip_from_sockaddr(reinterpret_cast<sockaddr*>(&v4));
  ASSERT_TRUE(ip);
  EXPECT_EQ(*connect_refusal(*ip), "refused: the host resolved to a loopback address");
  inet_pton(AF_INET, "93.184.216.34", &v4.sin_addr);
  EXPECT_FALSE(connect_refusal(*ip_from_sockaddr(reinterpret_cast<sockaddr*>(&v4))));
  sockaddr_in6 v6{};
  v6.sin6_family = AF_INET6;
  inet_pton(AF_INET6, "::ffff:10.1.2.3", &v6.sin6_addr);
  EXPECT_TRUE(connect_refusal(*ip_from_sockaddr(reinterpret_cast<sockaddr*>(&v6))));
}

TEST(IpNetwork, CidrMembership) {
  auto net = parse_cidr("10.1.0.0/16");
  ASSERT_TRUE(net);
  EXPECT_TRUE(net->contains(*parse_ip("10.1.200.3")));
  EXPECT_TRUE(net->contains(*parse_ip("::ffff:10.1.0.9")));
  EXPECT_FALSE(net->contains(*parse_ip("10.2.0.1")));
  EXPECT_TRUE(parse_cidr("::1")->contains(*parse_ip("::1")));
  EXPECT_FALSE(parse_cidr("10.0.0.0/33"));
  EXPECT_FALSE(parse_cidr("nonsense/8"));
}

}  // namespace
}  // namespace sk
