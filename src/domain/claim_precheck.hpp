// The first check of claim_seat on its own, read-only: whether an invitation token names a
// pending, unexpired seat. Lets a guess be refused on a reader without taking the writer.
#pragma once

#include <string_view>

#include "common/error.hpp"
#include "domain/repository.hpp"
#include "domain/seat_service.hpp"

namespace sk::domain {

// Fails exactly as claim_seat would for such a token (InvalidInvitationToken).
Status check_claimable(Repository&, const SeatContext&, std::string_view invitation_token);

}  // namespace sk::domain
