// Handlers of the server-rendered pages under /{org_slug}/portal (docs/portal.md). They map a
// browser request to the same domain operations the API uses and answer HTML.
#pragma once

#include "http/routes.hpp"

namespace sk::web {

http::Response portal_stylesheet(http::Call&);                 // GET /_portal/portal.css
http::Response show_claim_page(http::Call&);                   // GET /{slug}/portal/claim?token=
http::Response submit_claim(http::Call&);                      // POST /{slug}/portal/claim
http::Response show_member_seats(http::Call&);                 // GET /{slug}/portal/seats
http::Response sign_out(http::Call&);                          // POST /{slug}/portal/logout
http::Response show_customer_portal(http::Call&);              // GET /{slug}/portal[?customer_session_token=]
http::Response assign_from_portal(http::Call&);                // POST /{slug}/portal/assign
http::Response resend_from_portal(http::Call&);                // POST /{slug}/portal/resend/{seat_id}
http::Response confirm_revoke(http::Call&);                    // GET /{slug}/portal/revoke/{seat_id}
http::Response revoke_from_portal(http::Call&);                // POST /{slug}/portal/revoke/{seat_id}

// The answer of a rate-limited page route: a page, not JSON, with the same Retry-After.
http::Response too_many_attempts_page(long long retry_after_seconds);

}  // namespace sk::web
