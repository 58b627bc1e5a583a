// Who is behind a member session token (polar_mst_, minted by a claim) on the portal pages, and
// the seats that member holds. Null when the token is unknown, expired, or its member is gone.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"
#include "domain/commerce.hpp"
#include "domain/repository.hpp"
#include "domain/seat_service.hpp"

namespace sk::domain {

struct MemberPortalSession {
  Member member;
  Timestamp expires_at;
};

Result<std::optional<MemberPortalSession>> member_portal_session(Repository&, const SeatContext&, std::string_view token);

// A seat a member holds (pending or claimed), with what a person recognises it by.
struct HeldSeat {
  Seat seat;
  std::string product_name;
  std::string container_status;  // the subscription's or order's status
};

Result<std::vector<HeldSeat>> seats_held_by_member(Repository&, const Member&);

}  // namespace sk::domain
