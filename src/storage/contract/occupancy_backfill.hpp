// Test-only: the data a migration to kept seat counts (occupied, and per status) must backfill.
// Each store's migration test seeds a database through a Store, takes it back to the schema
// before the counts (its own SQL), migrates again, and checks the counts with expect_backfilled.
#pragma once

#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "storage/contract/fixtures.hpp"
#include "storage/store.hpp"

namespace sk::storage::contract {

struct BackfillSeed {
  std::vector<domain::SeatContainer> containers;
  std::vector<int> occupied;                // per container, as seeded
  std::vector<std::array<int, 3>> by_status;  // per container: pending, claimed, revoked
};

// Three containers (two subscriptions, one order) with seats in every status.
inline BackfillSeed seed_for_backfill(Store& store) {
  using namespace fixtures;
  BackfillSeed seed;
  const domain::Organization org = make_organization("backfill");
  const domain::Customer customer = make_customer(org.id, "billing@example.com");
  const domain::Product product = make_product(org.id, true);
  seed.containers = {make_container(domain::ContainerKind::subscription, customer, product, 50),
                     make_container(domain::ContainerKind::subscription, customer, product, 50),
                     make_container(domain::ContainerKind::order, customer, product, 50)};
  seed.occupied = {0, 0, 0};
  seed.by_status.assign(3, {0, 0, 0});
  const domain::SeatStatus cycle[] = {domain::SeatStatus::pending, domain::SeatStatus::claimed,
                                      domain::SeatStatus::revoked};
  auto status = store.write_now([&](domain::Repository& repo) {
    bool ok = repo.insert_organization(org) && repo.insert_customer(customer) && repo.insert_product(product);
    for (size_t c = 0; c < seed.containers.size(); ++c) {
      ok = ok && repo.insert_container(seed.containers[c]);
      for (int i = 0; i < 7 + static_cast<int>(c) * 5; ++i) {
        domain::Seat seat = make_seat(seed.containers[c], "s" + std::to_string(i) + "@example.com", 10 + i);
        seat.status = cycle[(i + c) % 3];
        seed.occupied[c] += seat.status == domain::SeatStatus::revoked ? 0 : 1;
        ++seed.by_status[c][static_cast<size_t>(seat.status)];
        ok = ok && repo.insert_seat(seat);
      }
    }
    return ok;
  });
  EXPECT_TRUE(status) << status.error().detail;
  return seed;
}

inline void expect_backfilled(Store& store, const BackfillSeed& seed) {
  auto status = store.read_now([&](domain::Repository& repo) {
    for (size_t c = 0; c < seed.containers.size(); ++c) {
      auto kept = repo.count_occupied_seats(seed.containers[c].kind, seed.containers[c].id);
      ASSERT_TRUE(kept);
      EXPECT_EQ(*kept, seed.occupied[c]) << "container " << c;
      for (const domain::SeatStatus status :
           {domain::SeatStatus::pending, domain::SeatStatus::claimed, domain::SeatStatus::revoked}) {
        domain::SeatFilter filter;
        filter.want(status);
        auto page = repo.list_seat_page(seed.containers[c].kind, seed.containers[c].id, filter, {1, 1, false});
        ASSERT_TRUE(page);
        EXPECT_EQ(page->total_count, seed.by_status[c][static_cast<size_t>(status)])
            << "container " << c << ", " << domain::to_string(status);
      }
    }
  });
  EXPECT_TRUE(status);
}

}  // namespace sk::storage::contract
