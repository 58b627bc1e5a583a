// Who calls the customer-portal routes: the customer or member session behind the bearer
// (customer-seats-api.md §1.2: sessions are the portal's only subjects).
#pragma once

#include <expected>

#include "domain/portal_seat_service.hpp"
#include "http/message.hpp"
#include "http/routes.hpp"

namespace sk::http {

// The session's subject. Unknown or expired tokens: 401 invalid_token (the bearer middleware's
// answer); anonymous callers and organization tokens: 401 Unauthorized, as they are no portal
// subject. Sessions always hold customer_portal:write, which every portal route accepts.
std::expected<domain::PortalSubject, Response> require_portal_subject(Call&);

}  // namespace sk::http
