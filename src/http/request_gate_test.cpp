#include "http/request_gate.hpp"

#include <gtest/gtest.h>

#include "http/server.hpp"

namespace sk::http {
namespace {

std::expected<AdmittedRequest, Response> admit_bytes(std::string_view bytes, std::string& version) {
  return admit_http_bytes(bytes, ServerOptions{}, version);
}

TEST(RequestGate, RoutesAParsedRequestWithItsDecodedParameters) {
  std::string version;
  auto admitted = admit_bytes("DELETE /v1/customer-seats/a%2Fb?x=%C3%A9 HTTP/1.1\r\nHost: h\r\nPolar-Version: 2026-10\r\n\r\n",
                              version);
  ASSERT_TRUE(admitted.has_value());
  EXPECT_EQ(version, "2026-10");
  EXPECT_EQ(admitted->match.route->method, "DELETE");
  EXPECT_EQ(admitted->match.params, std::vector<std::string>{"a/b"});
  EXPECT_EQ(admitted->request.query_param("x"), "\xC3\xA9");
}

TEST(RequestGate, ParsesTheJsonBodyOfAJsonRoute) {
  std::string version;
  const std::string body = R"({"invitation_token":1})";
  auto admitted = admit_bytes("POST /v1/customer-seats/claim HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\n"
                              "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body,
                              version);
  ASSERT_TRUE(admitted.has_value());
  EXPECT_EQ(admitted->body.as_object().at("invitation_token").as_int64(), 1);
  EXPECT_EQ(version, "2026-04");
}

TEST(RequestGate, AnswersWhatItRefusesItself) {
  std::string version;
  auto status = [&](std::string_view bytes) {
    auto admitted = admit_bytes(bytes, version);
    return admitted ? 0 : admitted.error().status;
  };
  EXPECT_EQ(status("GET /nowhere HTTP/1.1\r\nHost: h\r\n\r\n"), 404);
  EXPECT_EQ(status("GET /v1/customer-seats HTTP/1.1\r\nPolar-Version: 1999-01\r\n\r\n"), 404);
  EXPECT_EQ(status("PUT /v1/customer-seats HTTP/1.1\r\nHost: h\r\n\r\n"), 405);
  EXPECT_EQ(status("POST /v1/customer-seats HTTP/1.1\r\nContent-Length: 1\r\n\r\n{"), 422);
  EXPECT_EQ(status("GET /v1/customer-seats HTTP/1.1\r\nHost: h\r\n"), 400);  // the headers never end
  EXPECT_EQ(status("POST /v1/customer-seats HTTP/1.1\r\nContent-Length: 9\r\n\r\n{}"), 400);  // short body
  EXPECT_EQ(status("GARBAGE\r\n\r\n"), 400);
  EXPECT_EQ(status("POST /v1/customer-seats HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n"), 413);
}

}  // namespace
}  // namespace sk::http
