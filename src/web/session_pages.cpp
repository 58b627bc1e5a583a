// Signing out of the portal pages: the organization's session cookie is cleared.
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
  // The form token is bound to the session the page was shown to.
  const auto presented = form->get(std::string(kCsrfField));
  const auto token = cookie_value(call.request, kMemberCookie);
  const bool bound = token && !token->empty() && presented &&
                     crypto::constant_time_equal(session_form_token(call.config, *token), *presented);
  if (!posted_from_our_origin(call.request, call.config.public_url) || !bound) return form_refused_page();
  auto response = page(signed_out_page((*org)->name));
  const auto scope = cookie_scope(call.config, (*org)->slug);
  response.headers.emplace_back("Set-Cookie", clear_cookie(kMemberCookie, scope));
  return response;
}

}  // namespace sk::web
