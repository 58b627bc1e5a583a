// Handlers of /v1/customer-portal/seats (portal_seat_routes.cpp), for the route table.
#pragma once

#include "http/message.hpp"
#include "http/routes.hpp"

namespace sk::http {

Response portal_list_seats(Call&);
Response portal_assign_seat(Call&);
Response portal_revoke_seat(Call&);
Response portal_resend_invitation(Call&);
Response portal_list_claimed_subscriptions(Call&);

}  // namespace sk::http
