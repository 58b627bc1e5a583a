// The claim page and the member's seats page, as functions from values to markup.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/model.hpp"
#include "domain/portal_session.hpp"
#include "web/html.hpp"

namespace sk::web {

struct ClaimForm {
  std::string action;      // the path the form posts to
  std::string token;       // the invitation token, posted back in a hidden field
  std::string seat_id;
  std::string csrf_token;
};

Html claim_page(const domain::SeatClaimInfo&, std::optional<Timestamp> expires_at, const ClaimForm&);
Html invitation_invalid_page(std::string_view organization_name);
Html already_claimed_page(std::string_view organization_name, const std::string& seats_path);

struct MemberSeatsView {
  std::string organization_name;
  std::string member_email;
  std::vector<domain::HeldSeat> seats;
  bool just_claimed = false;
  std::string logout_action;
  std::string csrf_token;
};
Html member_seats_page(const MemberSeatsView&);

Html signed_out_page(std::string_view organization_name);

}  // namespace sk::web
