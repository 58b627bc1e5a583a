// Signing out of the portal pages: the organization's session cookies (member and customer) are both cleared.
#include "crypto/crypto.hpp"
#include "web/claim_templates.hpp"
#include "web/csrf.hpp"
#include "web/form.hpp"
#include "web/page_routes.hpp"
#include "web/page_support.hpp"

namespace sk::web {

http::Response sign_out(http::Call& call) {
  const auto form = Form::parse(call.request);
  if (!form) return unreadable_form_page();
  auto org = organization_of(call);
  if (!org) return error_page();
  if (!*org) return not_found_page();
  // The form token is bound to the session the page was shown to: the member's or the customer's.
  const auto presented = form->get(std::string(kCsrfField));
  auto bound_to = [&](std::string_view cookie) {
    const auto token = cookie_value(call.request, cookie);
    return token && !token->empty() && presented &&
           crypto::constant_time_equal(session_form_token(call.config, *token), *presented);
  };
  const bool member = bound_to(kMemberCookie);
  const bool customer = bound_to(kCustomerCookie);
  if (!posted_from_our_origin(call.request, call.config.public_url) || !(member || customer)) return form_refused_page();
  auto response = page(signed_out_page((*org)->name));
  const auto scope = cookie_scope(call.config, (*org)->slug);
  response.headers.emplace_back("Set-Cookie", clear_cookie(kMemberCookie, scope));
  response.headers.emplace_back("Set-Cookie", clear_cookie(kCustomerCookie, scope));
  return response;
}

}  // namespace sk::web
