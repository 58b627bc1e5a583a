// Test-only: what migration 11 (invitation token hashes cut to 128 bits, no unique index on seat
// history ids) must keep. Each store's test seeds a database as version 10 left it (full-length
// hashes, written through a Store), takes the schema back to version 10 (its own SQL), migrates
// again and checks with expect_compacted.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>

#include <string>
#include <vector>

#include "domain/seat_service.hpp"
#include "storage/contract/fixtures.hpp"
#include "crypto/crypto.hpp"
#include "storage/store.hpp"

namespace sk::storage::contract {

struct CompactSeed {
  domain::SeatContext ctx{.now = fixtures::at(0), .token_key = "migration-11-key"};
  std::string pending_token;        // its seat was stored under the full 64-digit hash
  domain::Id pending_seat_id;
  domain::Id claimed_seat_id;       // no token any more: must stay without one
  std::vector<domain::Id> event_ids;  // in the order they were written
};

inline CompactSeed seed_for_compaction(Store& store) {
  using namespace fixtures;
  CompactSeed seed;
  const domain::Organization org = make_organization("compact");
  const domain::Customer customer = make_customer(org.id, "billing@example.com");
  const domain::Product product = make_product(org.id, true);
  const domain::SeatContainer sub = make_container(domain::ContainerKind::subscription, customer, product, 10);
  seed.pending_token = "an-invitation-token-issued-before-version-11";
  domain::Seat pending = make_seat(sub, "pending@example.com", 10);
  pending.invitation_token_hash = domain::token_hash(seed.ctx, seed.pending_token);  // version 10's hash
  pending.invitation_token_expires_at = at(100'000);
  domain::Seat claimed = make_seat(sub, "claimed@example.com", 11);
  claimed.status = domain::SeatStatus::claimed;
  seed.pending_seat_id = pending.id;
  seed.claimed_seat_id = claimed.id;
  auto status = store.write_now([&](domain::Repository& repo) {
    bool ok = repo.insert_organization(org) && repo.insert_customer(customer) && repo.insert_product(product) &&
              repo.insert_container(sub) && repo.insert_seat(pending) && repo.insert_seat(claimed);
    for (int i = 0; i < 5; ++i) {
      const domain::Seat& seat = i % 2 ? claimed : pending;
      const domain::SeatHistoryEvent event{crypto::uuid_v4(),  seat.id,           seat.organization_id,
                                           seat.container_kind, seat.container_id, domain::SeatEventKind::assigned,
                                           at(20 + i),          seat.email,        seat.member_id,
                                           domain::Actor{domain::ActorKind::organization_token, "token-1"}};
      seed.event_ids.push_back(event.id);
      ok = ok && repo.append_seat_event(event);
    }
    return ok;
  });
  EXPECT_TRUE(status) << status.error().detail;
  return seed;
}

inline void expect_compacted(Store& store, const CompactSeed& seed) {
  auto status = store.read_now([&](domain::Repository& repo) {
    // The invitation sent before the upgrade is still found by its token, under the short hash.
    auto found = repo.find_seat_by_token_hash(domain::invitation_token_hash(seed.ctx, seed.pending_token));
    ASSERT_TRUE(found) << found.error().detail;
    ASSERT_TRUE(found->has_value()) << "the pending invitation no longer matches its token";
    EXPECT_EQ((*found)->id, seed.pending_seat_id);
    EXPECT_EQ((*found)->invitation_token_hash->size(), domain::kInvitationTokenHashLength);
    auto by_old_hash = repo.find_seat_by_token_hash(domain::token_hash(seed.ctx, seed.pending_token));
    ASSERT_TRUE(by_old_hash);
    EXPECT_FALSE(by_old_hash->has_value()) << "the full-length hash is still stored";
    // The history is all there, in the order it was written.
    std::vector<domain::Id> ids;
    for (const domain::Id& seat : {seed.pending_seat_id, seed.claimed_seat_id}) {
      auto page = repo.list_seat_events(seat, domain::PageRequest{1, 10, true});
      ASSERT_TRUE(page) << page.error().detail;
      for (const auto& e : page->items) ids.push_back(e.id);
    }
    EXPECT_EQ(ids.size(), seed.event_ids.size());
    for (const auto& id : seed.event_ids) EXPECT_NE(std::find(ids.begin(), ids.end(), id), ids.end()) << id;
  });
  EXPECT_TRUE(status) << status.error().detail;
}

}  // namespace sk::storage::contract
