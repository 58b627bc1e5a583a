#include "delivery/http_poster.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

namespace sk::delivery {
namespace {

TEST(CurlMultiPoster, AnUnreachableUrlFailsWithoutAStatus) {
  CurlMultiPoster poster({.timeout = std::chrono::milliseconds(2000), .allow_private_addresses = true});
  // Port 9 (discard) on loopback is closed on any sane test machine: connection refused at once.
  poster.start({7, "http://127.0.0.1:9/hook", {{"content-type", "application/json"}}, "{}"});
  std::vector<HttpPostResult> done;
  for (int i = 0; i < 50 && done.empty(); ++i) done = poster.run(std::chrono::milliseconds(100));
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].tag, 7u);
  EXPECT_FALSE(done[0].status);
  EXPECT_FALSE(done[0].response.empty());
  EXPECT_EQ(poster.in_flight(), 0u);
}

TEST(CurlMultiPoster, OtherSchemesAreRefused) {
  CurlMultiPoster poster;
  poster.start({1, "file:///etc/passwd", {}, "{}"});
  std::vector<HttpPostResult> done;
  for (int i = 0; i < 50 && done.empty(); ++i) done = poster.run(std::chrono::milliseconds(100));
  ASSERT_EQ(done.size(), 1u);
  EXPECT_FALSE(done[0].status);
}

// A listener on loopback is the sentinel: with the guard on, the attempt is refused in the
// open-socket callback and the listener never sees a connection.
TEST(CurlMultiPoster, TheGuardRefusesLoopbackWithoutConnecting) {
  const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  ASSERT_GE(listener, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(::listen(listener, 8), 0);
  socklen_t length = sizeof address;
  ::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
  const std::string port = std::to_string(ntohs(address.sin_port));

  CurlMultiPoster poster({.timeout = std::chrono::milliseconds(2000)});
  poster.start({1, "http://localhost:" + port + "/hook", {}, "{}"});
  poster.start({2, "http://127.0.0.1:" + port + "/hook", {}, "{}"});
  std::vector<HttpPostResult> done;
  for (int i = 0; i < 50 && done.size() < 2; ++i)
    for (auto& r : poster.run(std::chrono::milliseconds(100))) done.push_back(std::move(r));
  ASSERT_EQ(done.size(), 2u);
  for (const auto& r : done) {
    EXPECT_TRUE(r.refused) << r.response;
    EXPECT_FALSE(r.status);
    EXPECT_EQ(r.response, "refused: the host resolved to a loopback address");
  }
  EXPECT_LT(::accept(listener, nullptr, nullptr), 0);  // nobody knocked
  ::close(listener);
}

TEST(SanitizedExcerpt, KeepsShortValidPrintableText) {
  EXPECT_EQ(sanitized_excerpt("ok\r\n\x1b[31mred", 100), "ok   [31mred");
  EXPECT_EQ(sanitized_excerpt(std::string(300, 'x'), 256).size(), 256u);
}

}  // namespace
}  // namespace sk::delivery
