// Polar's seat-based price rules (ProductPriceSeatTiers): tiers are sorted by min_seats and must
// be contiguous, only the last may be unbounded; minimum_seats is the first tier's min_seats and
// maximum_seats the last tier's max_seats.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/model.hpp"

namespace sk::domain {

// Sorts `tiers` by min_seats and checks them as Polar does; the error text (Polar's, after its
// "Value error, " prefix) when they do not form one continuous range. seatkeeper also refuses a
// tier whose max_seats is below its min_seats (Polar accepts it and sells no valid seat count).
std::optional<std::string> check_seat_tiers(std::vector<SeatTier>& tiers);

// The tiers a product shows: its price's, or for products stored before prices existed one free
// tier spanning minimum_seats..maximum_seats.
std::vector<SeatTier> effective_tiers(const Product&);

// Sets minimum_seats / maximum_seats from the price's tiers (which must be checked already).
void derive_seat_limits(Product&);

}  // namespace sk::domain
