// Turns a rendered page into an HTTP response with the headers every page carries: a strict
// Content-Security-Policy (no inline script or style), no caching of personal data, and no
// Referer leaking a token from the address bar.
#pragma once

#include <string>

#include "http/message.hpp"
#include "web/html.hpp"

namespace sk::web {

struct PageOptions {
  int status = 200;
  bool token_in_url = false;  // Referrer-Policy: no-referrer (else same-origin)
};

// A complete document: the organization's name in the header, `title`, then `main`.
Html layout(std::string_view title, std::string_view organization_name, const Html& main);

http::Response page(const Html& document, PageOptions = {});
// 303 See Other to a path of this server (after a form post, so a reload does not post again).
http::Response see_other(const std::string& location);

// The stylesheet the layout links to (served from the binary, GET /_portal/portal.css).
http::Response stylesheet();

}  // namespace sk::web
