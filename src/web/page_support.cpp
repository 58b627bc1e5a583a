#include "web/page_support.hpp"

#include <ctime>

#include "domain/seat_service.hpp"
#include "web/csrf.hpp"

namespace sk::web {

std::string portal_path(std::string_view slug, std::string_view suffix) {
  return "/" + std::string(slug) + "/portal" + std::string(suffix);
}

CookieScope cookie_scope(const http::ApiConfig& config, std::string_view slug) {
  return CookieScope{portal_path(slug), config.public_url.starts_with("https://")};
}

std::string session_form_token(const http::ApiConfig& config, std::string_view session_token) {
  return form_token(config.secret, "session\n" + domain::token_hash(config.seat_context(Timestamp{}), session_token));
}

std::string human_time(Timestamp t) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(std::chrono::time_point_cast<std::chrono::seconds>(t));
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char text[64];
  const std::size_t n = std::strftime(text, sizeof text, "%-d %B %Y, %H:%M UTC", &parts);
  return std::string(text, n);
}

Result<std::optional<domain::Organization>> organization_of(http::Call& call) {
  const std::string& slug = call.params.at(0);
  if (slug.empty() || slug.size() > 63) return std::optional<domain::Organization>{};
  return call.repo->find_organization_by_slug(slug);
}

http::Response message_page(int status, std::string_view organization_name, std::string_view title,
                            std::string_view message, std::string_view advice, PageOptions options) {
  HtmlWriter main;
  main.fill("<h1>{}</h1>\n<div class=\"notice{}\"><p>{}</p></div>\n", title, status >= 400 ? " error" : "", message);
  if (!advice.empty()) main.fill("<p>{}</p>\n", advice);
  options.status = status;
  return page(layout(title, organization_name, main.done()), options);
}

http::Response too_many_attempts_page(long long retry_after_seconds) {
  const std::string seconds = std::to_string(retry_after_seconds);
  http::Response response = message_page(429, "", "Too many attempts", "This page was asked for too often from your network.",
                                         "Wait " + seconds + " seconds, then reload the page.");
  response.headers.emplace_back("Retry-After", seconds);
  return response;
}

http::Response not_found_page() {
  return message_page(404, "", "Page not found", "There is no page at this address.",
                      "Check the link you followed, or ask whoever sent it for a new one.");
}

http::Response error_page() {
  return message_page(500, "", "Something went wrong", "The page could not be shown because of a problem on our side.",
                      "Please try again in a moment.");
}

http::Response form_refused_page() {
  return message_page(403, "", "This form was refused",
                      "The form was not sent from this site's own page, or the page was too old.",
                      "Go back, reload the page, and try again.");
}

http::Response unreadable_form_page() {
  return message_page(400, "", "This form could not be read", "Some of its fields were missing or too long.",
                      "Go back, reload the page, and try again.");
}

}  // namespace sk::web
