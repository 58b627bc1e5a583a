#include "http/error_response.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "http/list_params.hpp"

namespace sk::http {
namespace {

namespace bj = boost::json;

bj::value parsed_body(const Response& response) {
  boost::system::error_code ec;
  bj::value body = bj::parse(response.body, ec);
  EXPECT_FALSE(ec) << "not valid JSON: " << response.body;
  return body;
}

TEST(ErrorResponse, AQueryValueThatIsNotUtf8IsEchoedAsValidJson) {
  Request request;
  request.method = "GET";
  request.query.emplace_back("active", std::string("a\x80" "b"));  // %80 percent-decoded
  auto refused = query_bool(request, "active");
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().status, 422);
  const bj::value body = parsed_body(refused.error());
  EXPECT_EQ(body.at("detail").at(0).at("input").as_string(), "a\xEF\xBF\xBD" "b");  // U+FFFD
}

TEST(ErrorResponse, AnErrorDetailThatIsNotUtf8IsValidJson) {
  const Response response = error_response(Error{ErrorKind::not_found, "ResourceNotFound", "no \xC3 here"});
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(parsed_body(response).at("detail").as_string(), "no \xEF\xBF\xBD here");
}

}  // namespace
}  // namespace sk::http
