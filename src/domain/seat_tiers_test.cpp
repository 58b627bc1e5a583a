#include "domain/seat_tiers.hpp"

#include <gtest/gtest.h>

namespace sk::domain {
namespace {

TEST(SeatTiers, SortsContiguousTiersAndDerivesTheLimits) {
  std::vector<SeatTier> tiers{{11, std::nullopt, 800}, {2, 10, 1000}};
  EXPECT_EQ(check_seat_tiers(tiers), std::nullopt);
  EXPECT_EQ(tiers.front().min_seats, 2);
  Product p;
  p.price.tiers = tiers;
  derive_seat_limits(p);
  EXPECT_EQ(p.minimum_seats, 2);
  EXPECT_EQ(p.maximum_seats, std::nullopt);
  p.price.tiers = {{1, 50, 0}};
  derive_seat_limits(p);
  EXPECT_EQ(p.minimum_seats, 1);
  EXPECT_EQ(p.maximum_seats, 50);
}

TEST(SeatTiers, RefusesWhatPolarRefuses) {
  std::vector<SeatTier> none;
  EXPECT_EQ(check_seat_tiers(none), "At least one tier is required");
  std::vector<SeatTier> unbounded_first{{1, std::nullopt, 10}, {5, 9, 10}};
  EXPECT_EQ(check_seat_tiers(unbounded_first), "Only the last tier can have unlimited max_seats (None)");
  std::vector<SeatTier> gap{{1, 4, 10}, {6, 9, 10}};
  EXPECT_EQ(check_seat_tiers(gap), "Gap or overlap between tiers: tier ending at 4 and tier starting at 6");
  std::vector<SeatTier> overlap{{1, 5, 10}, {5, 9, 10}};
  EXPECT_EQ(check_seat_tiers(overlap), "Gap or overlap between tiers: tier ending at 5 and tier starting at 5");
  std::vector<SeatTier> inverted{{5, 3, 10}};
  EXPECT_EQ(check_seat_tiers(inverted), "Tier max_seats (3) must not be below its min_seats (5)");
}

TEST(SeatTiers, LegacyProductsShowOneFreeTier) {
  Product p;
  p.minimum_seats = 2;
  p.maximum_seats = 8;
  auto tiers = effective_tiers(p);
  ASSERT_EQ(tiers.size(), 1u);
  EXPECT_EQ(tiers[0].min_seats, 2);
  EXPECT_EQ(tiers[0].max_seats, 8);
  EXPECT_EQ(tiers[0].price_per_seat, 0);
}

}  // namespace
}  // namespace sk::domain
