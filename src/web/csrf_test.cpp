#include "web/csrf.hpp"

#include <gtest/gtest.h>

#include "web/cookies.hpp"
#include "web/form.hpp"

namespace sk::web {
namespace {

http::Request post(std::string origin, std::string fetch_site, std::string host = "127.0.0.1:8080") {
  http::Request r;
  r.method = "POST";
  r.origin = std::move(origin);
  r.fetch_site = std::move(fetch_site);
  r.host = std::move(host);
  return r;
}

TEST(Csrf, FormTokenIsBoundToSecretAndBinding) {
  const auto token = form_token("secret", "session\nabc");
  EXPECT_TRUE(form_token_matches("secret", "session\nabc", token));
  EXPECT_FALSE(form_token_matches("secret", "session\nabd", token));
  EXPECT_FALSE(form_token_matches("other", "session\nabc", token));
  EXPECT_FALSE(form_token_matches("secret", "session\nabc", std::nullopt));
  EXPECT_FALSE(form_token_matches("secret", "session\nabc", std::string{}));
}

TEST(Csrf, OriginChecks) {
  const std::string public_url = "https://seats.example.com/";
  EXPECT_TRUE(posted_from_our_origin(post("https://seats.example.com", "same-origin"), public_url));
  EXPECT_TRUE(posted_from_our_origin(post("HTTPS://Seats.Example.com", ""), public_url));
  EXPECT_TRUE(posted_from_our_origin(post("http://127.0.0.1:8080", "same-origin"), public_url));  // our Host
  EXPECT_TRUE(posted_from_our_origin(post("null", "same-origin"), public_url));  // no-referrer page
  EXPECT_TRUE(posted_from_our_origin(post("", ""), public_url));  // not a browser: the form token decides
  EXPECT_FALSE(posted_from_our_origin(post("https://evil.example", ""), public_url));
  EXPECT_FALSE(posted_from_our_origin(post("null", "cross-site"), public_url));
  EXPECT_FALSE(posted_from_our_origin(post("", "same-site"), public_url));
  EXPECT_FALSE(posted_from_our_origin(post("https://seats.example.com.evil.example", ""), public_url));
  EXPECT_EQ(origin_of("https://Seats.example.com:8443/path?q"), "https://seats.example.com:8443");
  EXPECT_EQ(origin_of("no scheme"), "");
}

TEST(Cookies, ReadsOneCookieAmongMany) {
  http::Request r;
  r.cookie = "a=1; sk_member_session=polar_mst_x ;b=2";
  EXPECT_EQ(cookie_value(r, "sk_member_session"), "polar_mst_x");
  EXPECT_EQ(cookie_value(r, "b"), "2");
  EXPECT_EQ(cookie_value(r, "c"), std::nullopt);
}

TEST(Cookies, SessionCookieAttributes) {
  EXPECT_EQ(set_cookie("n", "v", {"/acme/portal", true}, std::chrono::seconds(3600)),
            "n=v; Path=/acme/portal; HttpOnly; SameSite=Strict; Secure; Max-Age=3600");
  EXPECT_EQ(clear_cookie("n", {"/acme/portal", false}), "n=; Path=/acme/portal; HttpOnly; SameSite=Strict; Max-Age=0");
}

TEST(Form, ParsesUrlencodedBodiesOnly) {
  http::Request r;
  r.content_type = "application/x-www-form-urlencoded; charset=UTF-8";
  r.body = "email=a%2Bb%40example.com&note=two+words&empty";
  auto form = Form::parse(r);
  ASSERT_TRUE(form);
  EXPECT_EQ(form->get("email"), "a+b@example.com");
  EXPECT_EQ(form->get("note"), "two words");
  EXPECT_EQ(form->get("empty"), "");
  EXPECT_EQ(form->get("missing"), std::nullopt);
  r.content_type = "application/json";
  EXPECT_FALSE(Form::parse(r));
  r.content_type = "application/x-www-form-urlencoded";
  r.body = "bad=%zz";
  EXPECT_FALSE(Form::parse(r));
}

}  // namespace
}  // namespace sk::web
