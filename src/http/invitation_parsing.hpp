// seatkeeper's invitation fields on assign and resend: "send_invitation" (boolean) and
// "invitation_expires_in" (whole seconds, one hour to thirty days). Bad values add Polar-shaped
// 422 issues at ["body", field].
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <expected>

#include "domain/invitation_policy.hpp"
#include "http/message.hpp"

namespace sk::http {

domain::InvitationOptions read_invitation_options(const boost::json::object& body, boost::json::array& issues);

// The optional body of a resend: absent, empty or `null` means defaults; otherwise a JSON object.
std::expected<domain::InvitationOptions, Response> parse_resend_body(const Request&);

}  // namespace sk::http
