// Occupancy contract: every container keeps its occupied (pending + claimed) seat count, which
// capacity checks read instead of counting seats, and its seats per status, which a filtered
// page's total reads. Property tests make thousands of random seat
// changes — through the repository (inserts, status changes, moves, raw deletes, rolled-back
// jobs) and through the seat services (assign, claim, revoke, resend, expired invitations,
// member deletion, subscription revocation) — and after each one compare the kept counts, and a
// random status-filtered page, with the seats the container really holds. Included by the per-backend instantiation files only.
#pragma once

#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "domain/event_sink.hpp"
#include "domain/member_service.hpp"
#include "domain/seat_service.hpp"
#include "domain/subscription_service.hpp"
#include "storage/contract/store_contract.hpp"

namespace sk::storage::contract {

using namespace sk::domain;

class OccupancyContract : public StoreContract {
 protected:
  void SetUp() override {
    StoreContract::SetUp();
    if (HasFatalFailure()) return;
    order_product_ = make_product(org_.id, false);
    second_subscription_ = make_container(ContainerKind::subscription, customer_, product_, 6);
    order_ = make_container(ContainerKind::order, customer_, order_product_, 4);
    write([&](Repository& repo) {
      ASSERT_TRUE(repo.insert_product(order_product_));
      ASSERT_TRUE(repo.insert_container(second_subscription_));
      ASSERT_TRUE(repo.insert_container(order_));
    });
  }

  std::vector<const SeatContainer*> containers() const { return {&subscription_, &second_subscription_, &order_}; }

  // The kept count against the seats listed, as `repo` sees them (inside a write job: its own
  // uncommitted changes). `step` says what ran last; the services must also never hold more
  // occupied seats than a container has.
  void check_counts(Repository& repo, const std::string& step, bool within_capacity) {
    for (const SeatContainer* c : containers()) {
      auto kept = repo.count_occupied_seats(c->kind, c->id);
      auto seats = repo.list_seats(c->kind, c->id);
      ASSERT_TRUE(kept && seats);
      int real = 0;
      for (const Seat& s : *seats) real += s.status == SeatStatus::revoked ? 0 : 1;
      ASSERT_EQ(*kept, real) << "after " << step << " (container " << c->id << ")";
      if (within_capacity) {
        ASSERT_LE(real, *c->seats) << "oversold after " << step;
      }
      check_status_page(repo, *c, *seats, step);
    }
  }

  // A page of a random set of statuses (the kept per-status counts give its total) against the
  // listed seats filtered and cut by hand.
  void check_status_page(Repository& repo, const SeatContainer& c, const std::vector<Seat>& seats,
                         const std::string& step) {
    SeatFilter filter;
    filter.statuses = static_cast<unsigned>(random_below(8));  // 0 = every status
    const PageRequest page{1 + random_below(3), 1 + random_below(4), false};
    std::vector<Id> wanted;
    for (const Seat& s : seats)
      if (filter.statuses == 0 || (filter.statuses & SeatFilter::status_bit(s.status)) != 0) wanted.push_back(s.id);
    auto got = repo.list_seat_page(c.kind, c.id, filter, page);
    ASSERT_TRUE(got) << got.error().detail;
    ASSERT_EQ(got->total_count, static_cast<long long>(wanted.size()))
        << "after " << step << " (statuses " << filter.statuses << ", container " << c.id << ")";
    std::vector<Id> expected;
    for (size_t i = static_cast<size_t>(page.offset()); i < wanted.size() && expected.size() < static_cast<size_t>(page.limit); ++i)
      expected.push_back(wanted[i]);
    std::vector<Id> listed;
    for (const Seat& s : got->items) listed.push_back(s.id);
    ASSERT_EQ(listed, expected) << "after " << step << " (statuses " << filter.statuses << ", page " << page.page
                                << " of " << page.limit << ")";
  }

  // The same, on what is committed.
  void expect_counts_match(const std::string& step, bool within_capacity = false) {
    read([&](Repository& repo) { check_counts(repo, step, within_capacity); });
  }

  // The whole database's seats per status (for /metrics), summed from the containers' kept
  // counts, against the seats listed: this test's containers hold every seat of its database.
  void expect_database_counts_match() {
    read([&](Repository& repo) {
      std::map<std::string, long long> real{{"claimed", 0}, {"pending", 0}, {"revoked", 0}};
      for (const SeatContainer* c : containers()) {
        auto seats = repo.list_seats(c->kind, c->id);
        ASSERT_TRUE(seats);
        for (const Seat& s : *seats) ++real[to_string(s.status)];
      }
      auto kept = repo.count_seats_by_status();
      ASSERT_TRUE(kept) << kept.error().detail;
      std::map<std::string, long long> counted;
      for (const auto& [status, count] : *kept) counted[status] = count;
      EXPECT_EQ(counted, real);
    });
  }

  int random_below(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }

  std::mt19937 rng_{20261127};
  Product order_product_;
  SeatContainer second_subscription_;
  SeatContainer order_;
};

inline void place_in(Seat& seat, const SeatContainer& container) {
  seat.container_kind = container.kind;
  seat.container_id = container.id;
}

// Every statement that writes a seat, in random order and mixes, including jobs that roll back.
TEST_P(OccupancyContract, KeptCountFollowsRandomSeatWrites) {
  constexpr int kJobs = 160;  // about 2,400 changes
  constexpr SeatStatus kStatuses[] = {SeatStatus::pending, SeatStatus::claimed, SeatStatus::revoked};
  std::vector<Seat> seats;  // as committed
  long long second = 100;
  auto random_status = [&] { return kStatuses[random_below(3)]; };
  // One random change to `pending` (a copy of the committed seats); returns what it did.
  auto change = [&](Repository& repo, std::vector<Seat>& pending) -> std::string {
    const int op = pending.empty() ? 0 : random_below(10);
    if (op < 3) {
      ++second;
      Seat s = make_seat(*containers()[random_below(3)], "p" + std::to_string(second) + "@example.com", second);
      s.status = random_status();
      EXPECT_TRUE(repo.insert_seat(s));
      pending.push_back(s);
      return "insert " + std::string(to_string(s.status));
    }
    Seat& s = pending[random_below(static_cast<int>(pending.size()))];
    if (op < 9) {
      s.status = random_status();
      s.modified_at = at(++second);
    } else {
      place_in(s, *containers()[random_below(3)]);  // no service moves a seat; the count must follow anyway
    }
    EXPECT_TRUE(repo.update_seat(s));
    return op < 9 ? "status " + std::string(to_string(s.status)) : "move";
  };

  // Jobs of 1 to 30 changes, each change checked inside its transaction, each job checked once
  // committed (or rolled back); now and then a raw DELETE, which no repository method runs.
  for (int job = 0; job < kJobs; ++job) {
    const int kind = random_below(10);
    std::string what;
    if (kind == 0 && !seats.empty()) {
      const int victim = random_below(static_cast<int>(seats.size()));
      sql("DELETE FROM customer_seats WHERE id = '" + seats[victim].id + "'");
      seats.erase(seats.begin() + victim);
      what = "raw delete";
    } else {
      const bool roll_back = kind == 1;
      const int changes = 1 + random_below(30);
      std::vector<Seat> pending;
      auto status = store_->write_now([&](Repository& repo) {
        pending = seats;  // a job the store runs again starts over
        for (int i = 0; i < changes; ++i) {
          what = change(repo, pending);
          check_counts(repo, "job " + std::to_string(job) + " change " + std::to_string(i) + ": " + what, false);
          if (HasFatalFailure()) return false;
        }
        return !roll_back;
      });
      ASSERT_TRUE(status) << status.error().detail;
      if (HasFatalFailure()) return;
      if (roll_back) what = "rolled back job";
      else seats = std::move(pending);
    }
    expect_counts_match("job " + std::to_string(job) + ": " + what);
    if (HasFatalFailure()) return;
  }
  expect_database_counts_match();
}

// Invitation tokens (from the e-mails) and nothing else; seat events are not looked at here.
class TokenSink final : public EventSink {
 public:
  Status seat_event(std::string_view, const Organization&, const SeatView&, Timestamp) override { return {}; }
  Status invitation(const Invitation& invitation) override {
    tokens.push_back(invitation.token);
    return {};
  }
  std::vector<std::string> tokens;
};

// The seat services' every path, against small containers so capacity refusals happen often.
TEST_P(OccupancyContract, KeptCountFollowsRandomSeatServiceCalls) {
  constexpr int kSteps = 600;
  const std::string emails[] = {"a@example.com", "b@example.com", "c@example.com", "d@example.com",
                                "e@example.com", "f@example.com", "g@example.com", "h@example.com"};
  std::vector<std::string> tokens;  // every invitation link sent, claimed or not, expired or not
  std::vector<Id> seat_ids;
  long long clock = 100;
  bool subscription_revoked = false;
  int refused = 0;
  for (int step = 0; step < kSteps; ++step) {
    // Invitations live 50 s; some steps jump the clock so some tokens expire before their claim.
    clock += random_below(10) == 0 ? 60 : 1;
    const SeatContext ctx{at(clock), "key", std::chrono::seconds(50)};
    const int op = random_below(20);
    std::string what;
    TokenSink sink;
    Result<bool> outcome = false;
    auto status = store_->write_now([&](Repository& repo) -> Result<bool> {
      sink.tokens.clear();
      auto done = [](const auto& r) { return r ? Result<bool>(true) : Result<bool>(false); };
      if (op < 8 || seat_ids.empty()) {
        SeatAssignRequest req;
        const SeatContainer& c = *containers()[random_below(3)];
        (c.kind == ContainerKind::subscription ? req.subscription_id : req.order_id) = c.id;
        req.email = emails[random_below(8)];
        req.immediate_claim = random_below(4) == 0;
        what = "assign";
        auto r = assign_seat(repo, sink, ctx, org_, req);
        if (r) seat_ids.push_back(r->seat.id);
        return outcome = done(r);
      }
      const Id& seat_id = seat_ids[random_below(static_cast<int>(seat_ids.size()))];
      if (op < 12 && !tokens.empty()) {
        what = "claim";
        return outcome = done(claim_seat(repo, sink, ctx, tokens[random_below(static_cast<int>(tokens.size()))]));
      }
      if (op < 15) {
        what = "revoke";
        return outcome = done(revoke_seat(repo, sink, ctx, org_, seat_id));
      }
      if (op < 18) {
        what = "resend";
        return outcome = done(resend_invitation(repo, sink, ctx, org_, seat_id));
      }
      if (op < 19) {
        what = "delete member";
        auto seat = repo.find_seat(org_.id, seat_id);
        if (!seat || !*seat || !(*seat)->member_id) return outcome = false;
        auto member = repo.find_member((*seat)->member_id.value());
        if (!member || !*member) return outcome = false;
        return outcome = done(delete_member(repo, sink, ctx, org_, **member));
      }
      what = "revoke order's seats";
      return outcome = done(revoke_occupied_seats(repo, sink, ctx, org_, ContainerKind::order, order_.id));
    });
    ASSERT_TRUE(status) << what << ": " << status.error().detail;
    if (*outcome) tokens.insert(tokens.end(), sink.tokens.begin(), sink.tokens.end());
    refused += *outcome ? 0 : 1;
    // Late in the run the first subscription is revoked as a whole (its seats with it).
    if (step == kSteps * 3 / 4 && !subscription_revoked) {
      write([&](Repository& repo) {
        TokenSink ignored;
        ASSERT_TRUE(revoke_subscription(repo, ignored, ctx, org_, subscription_.id, Cancellation{}));
      });
      subscription_revoked = true;
      expect_counts_match("revoke subscription", true);
    }
    expect_counts_match("step " + std::to_string(step) + ": " + what + (*outcome ? "" : " (refused)"), true);
    if (HasFatalFailure()) return;
  }
  expect_database_counts_match();
  // The run must have exercised refusals (full containers, duplicates, bad tokens) and successes.
  EXPECT_GT(refused, kSteps / 10);
  EXPECT_LT(refused, kSteps * 9 / 10);
}

}  // namespace sk::storage::contract
