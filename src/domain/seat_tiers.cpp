#include "domain/seat_tiers.hpp"

#include <algorithm>

namespace sk::domain {

std::optional<std::string> check_seat_tiers(std::vector<SeatTier>& tiers) {
  if (tiers.empty()) return "At least one tier is required";
  std::ranges::stable_sort(tiers, {}, &SeatTier::min_seats);
  if (tiers.front().min_seats < 1) return "First tier must start at min_seats >= 1";
  for (std::size_t i = 0; i + 1 < tiers.size(); ++i) {
    const SeatTier& current = tiers[i];
    const SeatTier& next = tiers[i + 1];
    if (!current.max_seats) return "Only the last tier can have unlimited max_seats (None)";
    if (next.min_seats != *current.max_seats + 1)
      return "Gap or overlap between tiers: tier ending at " + std::to_string(*current.max_seats) +
             " and tier starting at " + std::to_string(next.min_seats);
  }
  for (const SeatTier& tier : tiers)
    if (tier.max_seats && *tier.max_seats < tier.min_seats)
      return "Tier max_seats (" + std::to_string(*tier.max_seats) + ") must not be below its min_seats (" +
             std::to_string(tier.min_seats) + ")";
  return std::nullopt;
}

std::vector<SeatTier> effective_tiers(const Product& p) {
  if (!p.price.tiers.empty()) return p.price.tiers;
  return {SeatTier{p.minimum_seats, p.maximum_seats, 0}};
}

void derive_seat_limits(Product& p) {
  if (p.price.tiers.empty()) return;
  p.minimum_seats = p.price.tiers.front().min_seats;
  p.maximum_seats = p.price.tiers.back().max_seats;
}

}  // namespace sk::domain
