// Management contract: the management API's repository methods on every store — round
// trips of every column, soft deletes, paging and filters — plus the race that lock_subscription
// exists for. Each case runs in one write job, as the services do, so a statement that fails on
// PostgreSQL (a unique violation) must leave the transaction usable for the next one.
// Included by the per-backend instantiation files only.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "domain/event_sink.hpp"
#include "domain/seat_service.hpp"
#include "domain/subscription_service.hpp"
#include "storage/contract/store_contract.hpp"

namespace sk::storage::contract {

using namespace sk::domain;

// An organization of its own with a priced product, so the counts below are not disturbed by
// what StoreContract::SetUp inserts.
struct Shop {
  Organization org;
  Customer customer;
  Product product;

  Subscription subscription(int seats, Timestamp created) const {
    Subscription s;
    s.id = crypto::uuid_v4();
    s.organization_id = org.id;
    s.customer_id = customer.id;
    s.product_id = product.id;
    s.seats = seats;
    s.created_at = s.started_at = created;
    return s;
  }
};

// Inserts a fresh shop through `store` (one write job) and returns it.
inline Shop insert_shop(Store& store, const std::string& slug = "shop") {
  Shop shop;
  shop.org = make_organization(slug);
  shop.customer = make_customer(shop.org.id, "billing@example.com");
  shop.product = make_product(shop.org.id, true);
  shop.product.price = SeatPrice{crypto::uuid_v4(), "eur", "graduated", {{1, 5, 1000}, {6, std::nullopt, 800}}, at(3)};
  shop.product.minimum_seats = 1;
  shop.product.maximum_seats = std::nullopt;
  shop.product.description = "Seats";
  shop.product.metadata_json = R"({"sku":"t1"})";
  shop.product.recurring_interval = "year";
  shop.product.recurring_interval_count = 2;
  auto status = store.write_now([&](Repository& repo) {
    EXPECT_TRUE(repo.insert_organization(shop.org));
    EXPECT_TRUE(repo.insert_customer(shop.customer));
    EXPECT_TRUE(repo.insert_product(shop.product));
    return true;
  });
  EXPECT_TRUE(status) << status.error().detail;
  return shop;
}

TEST_P(StoreContract, ManagementProductsKeepTheirPriceAndOlderRowsShowOneFreeTier) {
  const Shop shop = insert_shop(*store_);
  write([&](Repository& repo) {
    auto found = repo.find_product(shop.org.id, shop.product.id);
    ASSERT_TRUE(found && *found);
    const Product& p = **found;
    EXPECT_EQ(p.price.id, shop.product.price.id);
    EXPECT_EQ(p.price.currency, "eur");
    EXPECT_EQ(p.price.tier_type, "graduated");
    ASSERT_EQ(p.price.tiers.size(), 2u);
    EXPECT_EQ(p.price.tiers[1].min_seats, 6);
    EXPECT_EQ(p.price.tiers[1].max_seats, std::nullopt);
    EXPECT_EQ(p.price.tiers[1].price_per_seat, 800);
    EXPECT_EQ(p.price.created_at, at(3));
    EXPECT_EQ(p.description, "Seats");
    EXPECT_EQ(p.metadata_json, R"({"sku":"t1"})");
    EXPECT_EQ(p.recurring_interval, "year");
    EXPECT_EQ(p.recurring_interval_count, 2);

    Product changed = p;
    changed.name = "Renamed";
    changed.is_archived = true;
    changed.modified_at = at(9);
    changed.price.tiers = {{2, 4, 100}};
    changed.minimum_seats = 2;
    changed.maximum_seats = 4;
    ASSERT_TRUE(repo.update_product(changed));
    auto again = repo.find_product(shop.org.id, shop.product.id);
    EXPECT_EQ((*again)->name, "Renamed");
    EXPECT_TRUE((*again)->is_archived);
    EXPECT_EQ((*again)->maximum_seats, 4);
    EXPECT_EQ((*again)->price.tiers.size(), 1u);

    // A product written without a price (as before migration 3) reads back with no price id or tiers.
    Product legacy = make_product(shop.org.id, false);
    ASSERT_TRUE(repo.insert_product(legacy));
    auto old = repo.find_product(shop.org.id, legacy.id);
    EXPECT_TRUE((*old)->price.id.empty());
    EXPECT_TRUE((*old)->price.tiers.empty());
    EXPECT_FALSE((*old)->recurring);
  });
}

TEST_P(StoreContract, ManagementCustomersSoftDeleteFreesTheirEmailAndExternalId) {
  const Shop shop = insert_shop(*store_);
  write([&](Repository& repo) {
    Customer c = make_customer(shop.org.id, "Ada@Example.com");
    c.external_id = "ada";
    c.type = "team";
    c.metadata_json = R"({"a":1})";
    ASSERT_TRUE(repo.insert_customer(c));
    auto found = repo.find_customer(shop.org.id, c.id);
    EXPECT_EQ((*found)->type, "team");
    EXPECT_EQ((*found)->metadata_json, R"({"a":1})");
    c.name = "Ada L.";
    c.modified_at = at(5);
    ASSERT_TRUE(repo.update_customer(c));
    EXPECT_EQ((*repo.find_customer_by_email(shop.org.id, "ada@EXAMPLE.com"))->name, "Ada L.");

    ASSERT_TRUE(repo.delete_customer(shop.org.id, c.id, at(6)));
    EXPECT_FALSE(*repo.find_customer(shop.org.id, c.id));
    EXPECT_FALSE(*repo.find_customer_by_external_id(shop.org.id, "ada"));
    auto deleted = repo.find_customer_including_deleted(shop.org.id, c.id);
    ASSERT_TRUE(deleted && *deleted);
    EXPECT_EQ((*deleted)->deleted_at, at(6));
    EXPECT_EQ((*deleted)->external_id, std::nullopt);
    Customer reuse = make_customer(shop.org.id, "ada@example.com");
    reuse.external_id = "ada";
    EXPECT_TRUE(repo.insert_customer(reuse));
    EXPECT_FALSE(repo.delete_customer(shop.org.id, c.id, at(7))) << "deleting twice is a caller bug";
  });
}

TEST_P(StoreContract, ManagementListsPageNewestFirstAndCountEveryMatch) {
  const Shop shop = insert_shop(*store_);
  write([&](Repository& repo) {
    for (int i = 0; i < 5; ++i) {
      Customer c = make_customer(shop.org.id, "c" + std::to_string(i) + "@example.com");
      c.created_at = at(100 + i);
      ASSERT_TRUE(repo.insert_customer(c));
    }
    auto page = repo.list_customers(shop.org.id, {}, PageRequest{2, 2, true});
    ASSERT_TRUE(page) << page.error().detail;
    EXPECT_EQ(page->total_count, 6);
    ASSERT_EQ(page->items.size(), 2u);
    EXPECT_EQ(*page->items[0].email, "c2@example.com");
    EXPECT_EQ(*page->items[1].email, "c1@example.com");
    auto oldest = repo.list_customers(shop.org.id, {}, PageRequest{1, 1, false});
    EXPECT_EQ(oldest->items[0].id, shop.customer.id);
    CustomerFilter by_email;
    by_email.email = "C3@EXAMPLE.COM";
    EXPECT_EQ(repo.list_customers(shop.org.id, by_email, {})->total_count, 1);
    auto other_org = repo.list_customers(crypto::uuid_v4(), {}, {});
    EXPECT_EQ(other_org->total_count, 0);
  });
}

TEST_P(StoreContract, ManagementSubscriptionsRoundTripAndFilter) {
  const Shop shop = insert_shop(*store_);
  write([&](Repository& repo) {
    Subscription s = shop.subscription(3, at(10));
    s.cancellation_reason = "other";
    s.metadata_json = R"({"k":"v"})";
    ASSERT_TRUE(repo.insert_subscription(s));
    Subscription ended = shop.subscription(1, at(11));
    ended.status = "canceled";
    ended.ended_at = at(12);
    ASSERT_TRUE(repo.insert_subscription(ended));

    auto found = repo.lock_subscription(shop.org.id, s.id);
    ASSERT_TRUE(found && *found);
    EXPECT_EQ((*found)->seats, 3);
    EXPECT_EQ((*found)->cancellation_reason, "other");
    EXPECT_EQ((*found)->metadata_json, R"({"k":"v"})");
    EXPECT_EQ((*found)->started_at, at(10));

    SubscriptionFilter active;
    active.active = true;
    EXPECT_EQ(repo.list_subscriptions(shop.org.id, active, {})->total_count, 1);
    active.active = false;
    EXPECT_EQ(repo.list_subscriptions(shop.org.id, active, {})->items.at(0).id, ended.id);
    SubscriptionFilter by_customer;
    by_customer.customer_ids = {shop.customer.id, crypto::uuid_v4()};
    by_customer.statuses = {"active", "canceled"};
    EXPECT_EQ(repo.list_subscriptions(shop.org.id, by_customer, {})->total_count, 2);
    EXPECT_EQ(repo.active_subscriptions_of_customer(shop.customer.id)->size(), 1u);

    s.cancel_at_period_end = true;
    s.ends_at = at(50);
    ASSERT_TRUE(repo.update_subscription(s));
    EXPECT_TRUE(repo.subscriptions_due_to_end(at(49), 10)->empty());
    EXPECT_EQ(repo.subscriptions_due_to_end(at(50), 10)->size(), 1u);
    // A subscription written by the seat code's insert_container reads with defaults.
    SeatContainer legacy = make_container(ContainerKind::subscription, shop.customer, shop.product, 2);
    ASSERT_TRUE(repo.insert_container(legacy));
    auto old = repo.find_subscription(shop.org.id, legacy.id);
    EXPECT_EQ((*old)->started_at, legacy.created_at);
    EXPECT_EQ((*old)->metadata_json, "{}");
  });
}

TEST_P(StoreContract, ManagementOrdersRoundTrip) {
  const Shop shop = insert_shop(*store_);
  write([&](Repository& repo) {
    Order o;
    o.id = crypto::uuid_v4();
    o.organization_id = shop.org.id;
    o.customer_id = shop.customer.id;
    o.product_id = shop.product.id;
    o.seats = 4;
    o.created_at = at(20);
    o.currency = "eur";
    o.description = "Pack";
    o.item_id = crypto::uuid_v4();
    ASSERT_TRUE(repo.insert_order(o));
    o.status = "paid";
    o.modified_at = at(21);
    ASSERT_TRUE(repo.update_order(o));
    auto found = repo.find_order(shop.org.id, o.id);
    ASSERT_TRUE(found && *found);
    EXPECT_EQ((*found)->status, "paid");
    EXPECT_EQ((*found)->item_id, o.item_id);
    EXPECT_EQ((*found)->description, "Pack");
    OrderFilter paid;
    paid.statuses = {"paid"};
    EXPECT_EQ(repo.list_orders(shop.org.id, paid, {})->total_count, 1);
    paid.statuses = {"draft"};
    EXPECT_EQ(repo.list_orders(shop.org.id, paid, {})->total_count, 0);
  });
}

TEST_P(StoreContract, ManagementMembersOwnersSeatsAndSessions) {
  const Shop shop = insert_shop(*store_);
  write([&](Repository& repo) {
    Member owner = make_member(shop.customer, "billing@example.com");
    owner.role = "owner";
    ASSERT_TRUE(repo.insert_member(owner));
    Member second = make_member(shop.customer, "other@example.com");
    second.role = "owner";
    EXPECT_FALSE(repo.insert_member(second)) << "one owner per customer";
    second.role = "member";
    ASSERT_TRUE(repo.insert_member(second));
    EXPECT_EQ((*repo.find_owner_member(shop.customer.id))->id, owner.id);

    SeatContainer sub = make_container(ContainerKind::subscription, shop.customer, shop.product, 3);
    ASSERT_TRUE(repo.insert_container(sub));
    Seat held = make_seat(sub, second.email, 30);
    held.member_id = second.id;
    ASSERT_TRUE(repo.insert_seat(held));
    Seat gone = make_seat(sub, second.email, 31);
    gone.member_id = second.id;
    gone.status = SeatStatus::revoked;
    ASSERT_TRUE(repo.insert_seat(gone));
    auto seats = repo.occupied_seats_of_member(second.id);
    ASSERT_EQ(seats->size(), 1u);
    EXPECT_EQ(seats->at(0).id, held.id);

    MemberFilter of_customer;
    of_customer.customer_id = shop.customer.id;
    EXPECT_EQ(repo.list_members(shop.org.id, of_customer, {})->total_count, 2);
    of_customer.role = "owner";
    EXPECT_EQ(repo.list_members(shop.org.id, of_customer, {})->total_count, 1);

    ASSERT_TRUE(repo.insert_member_session(MemberSession{crypto::uuid_v4(), "mh", second.id, at(99), at(40)}));
    ASSERT_TRUE(repo.delete_member(second.id, at(41)));
    EXPECT_FALSE(*repo.find_member(second.id));
    EXPECT_FALSE(*repo.find_member_session("mh")) << "a deleted member's sessions end";
    EXPECT_EQ(repo.list_members(shop.org.id, {}, {})->total_count, 1);

    CustomerSession session{crypto::uuid_v4(), "hash-1", shop.customer.id, "https://back.example", at(60), at(50)};
    ASSERT_TRUE(repo.insert_customer_session(session));
    auto found = repo.find_customer_session("hash-1");
    ASSERT_TRUE(found && *found);
    EXPECT_EQ((*found)->return_url, "https://back.example");
    EXPECT_EQ((*found)->expires_at, at(60));
    ASSERT_TRUE(repo.delete_customer(shop.org.id, shop.customer.id, at(61)));
    EXPECT_FALSE(*repo.find_customer_session("hash-1")) << "a deleted customer's sessions end";
  });
}

#undef open_shop

// A seat-count change (lock_subscription, count, decide, update) and seat assignments
// (find_container, count, decide, insert) from two stores at once: both lock the subscription
// row, so the seats taken never exceed the seat count, whichever commits first.
TEST_P(StoreContract, ManagementSeatCountChangesAndAssignmentsNeverOversell) {
  using namespace std::chrono_literals;
  Store& other = another_store();
  constexpr int kAttempts = 16;
  std::atomic<int> failed{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kAttempts; ++i) {
    Store& store = i % 2 == 0 ? *store_ : other;
    threads.emplace_back([&, i] {
      auto status = store.write_now([&](Repository& repo) {
        if (i % 4 == 1) {  // shrink to 3 seats unless more are taken
          auto sub = repo.lock_subscription(org_.id, subscription_.id);
          if (!sub || !*sub) return false;
          auto occupied = repo.count_occupied_seats(ContainerKind::subscription, subscription_.id);
          if (!occupied || *occupied > 3) return false;
          std::this_thread::sleep_for(3ms);
          Subscription changed = **sub;
          changed.seats = 3;
          return repo.update_subscription(changed).has_value();
        }
        auto container = repo.find_container(ContainerKind::subscription, org_.id, subscription_.id);
        if (!container || !*container) return false;
        auto occupied = repo.count_occupied_seats(ContainerKind::subscription, subscription_.id);
        if (!occupied || *occupied >= (*container)->seats.value_or(0)) return false;
        std::this_thread::sleep_for(2ms);
        return repo.insert_seat(make_seat(subscription_, "u" + std::to_string(i) + "@example.com", i)).has_value();
      });
      if (!status) failed++;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failed.load(), 0);
  read([&](Repository& repo) {
    auto sub = repo.find_subscription(org_.id, subscription_.id);
    ASSERT_TRUE(sub && *sub);
    auto occupied = repo.count_occupied_seats(ContainerKind::subscription, subscription_.id);
    ASSERT_TRUE(occupied);
    EXPECT_LE(*occupied, (*sub)->seats.value_or(0));
    EXPECT_GE(*occupied, 3);
  });
}

// Unique clashes on update (customer e-mail, external id; member e-mail) come back as
// UniqueViolation and the job goes on.
TEST_P(StoreContract, ManagementUpdateClashesAreUniqueViolationsAndTheJobGoesOn) {
  Customer other = make_customer(org_.id, "other@example.com");
  other.external_id = "ext-other";
  customer_.external_id = std::nullopt;
  Member first = make_member(customer_, "one@example.com");
  Member second = make_member(customer_, "two@example.com");
  write([&](Repository& repo) {
    ASSERT_TRUE(repo.insert_customer(other));
    ASSERT_TRUE(repo.insert_member(first));
    ASSERT_TRUE(repo.insert_member(second));
    Customer clash = other;
    clash.email = "BILLING@example.com";
    auto by_email = repo.update_customer(clash);
    ASSERT_FALSE(by_email);
    EXPECT_TRUE(is_conflict(by_email.error())) << by_email.error().detail;
    Customer clash_ext = customer_;
    clash_ext.external_id = "ext-other";
    auto by_external = repo.update_customer(clash_ext);
    ASSERT_FALSE(by_external);
    EXPECT_TRUE(is_conflict(by_external.error())) << by_external.error().detail;
    Member clash_member = second;
    clash_member.email = "ONE@example.com";
    auto by_member = repo.update_member(clash_member);
    ASSERT_FALSE(by_member);
    EXPECT_TRUE(is_conflict(by_member.error())) << by_member.error().detail;
    other.name = "Still writable";
    EXPECT_TRUE(repo.update_customer(other));
  });
  read([&](Repository& repo) {
    EXPECT_EQ((*repo.find_customer(org_.id, other.id))->name, "Still writable");
    EXPECT_EQ((*repo.find_customer(org_.id, other.id))->email, "other@example.com");
  });
}

// Records seat events (what the outbox sink would write) in memory.
class RecordingSink final : public EventSink {
 public:
  Status seat_event(std::string_view type, const Organization&, const SeatView& view, Timestamp) override {
    events.push_back(std::string(type) + " " + view.seat.id);
    return {};
  }
  Status invitation(const Invitation&) override { return {}; }
  std::vector<std::string> events;
};

// Every instance runs the subscription sweeper. Two sweeping the same due subscriptions at once
// must end each one once and revoke each of its seats once (one customer_seat.revoked each).
TEST_P(StoreContract, ManagementTwoStoresSweepingEndEachDueSubscriptionOnce) {
  constexpr int kSubscriptions = 12;
  const Shop shop = insert_shop(*store_);
  std::vector<Seat> seats;
  write([&](Repository& repo) {
    for (int i = 0; i < kSubscriptions; ++i) {
      Subscription s = shop.subscription(2, at(10 + i));
      s.cancel_at_period_end = true;
      s.ends_at = at(20);
      ASSERT_TRUE(repo.insert_subscription(s));
      const SeatContainer c{ContainerKind::subscription, s.id, shop.org.id, shop.customer.id, shop.product.id, 2,
                            "active", at(10)};
      for (int k = 0; k < 2; ++k) {
        seats.push_back(make_seat(c, "s" + std::to_string(i) + "-" + std::to_string(k) + "@example.com", 30 + k));
        ASSERT_TRUE(repo.insert_seat(seats.back()));
      }
    }
  });
  Store& other = another_store();
  std::mutex mutex;
  std::vector<std::string> events;  // of committed jobs only
  std::atomic<int> ended{0}, failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      Store& store = t % 2 == 0 ? *store_ : other;
      for (int round = 0; round < 10; ++round) {
        Result<int> n = 0;
        RecordingSink sink;
        auto status = store.write_now([&](Repository& repo) {
          sink.events.clear();  // a job the store runs again starts over
          n = end_due_subscriptions(repo, sink, SeatContext{at(100), "key"}, 3);
          return n.has_value();
        });
        if (!status || !n) {
          failed++;
          return;
        }
        ended += *n;
        std::lock_guard lock(mutex);
        events.insert(events.end(), sink.events.begin(), sink.events.end());
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(ended.load(), kSubscriptions);
  std::sort(events.begin(), events.end());
  EXPECT_EQ(events.size(), seats.size());
  EXPECT_EQ(std::adjacent_find(events.begin(), events.end()), events.end()) << "a seat revoked twice";
  read([&](Repository& repo) { EXPECT_TRUE(repo.subscriptions_due_to_end(at(100), 100)->empty()); });
}

// An order status change reads the order, checks its status, then writes it (order_service):
// done through two stores at once, exactly one draft → paid transition may happen.
TEST_P(StoreContract, ManagementOrderStatusChangesTakeTurns) {
  using namespace std::chrono_literals;
  const Shop shop = insert_shop(*store_);
  Order o;
  o.id = crypto::uuid_v4();
  o.organization_id = shop.org.id;
  o.customer_id = shop.customer.id;
  o.product_id = shop.product.id;
  o.seats = 2;
  o.created_at = at(20);
  o.item_id = crypto::uuid_v4();
  write([&](Repository& repo) { ASSERT_TRUE(repo.insert_order(o)); });
  Store& other = another_store();
  std::atomic<int> transitions{0}, failed{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      bool moved = false;
      auto status = (i % 2 == 0 ? *store_ : other).write_now([&](Repository& repo) {
        moved = false;
        auto found = repo.find_order(shop.org.id, o.id);
        if (!found || !*found) return false;
        if ((*found)->status != "draft") return true;
        std::this_thread::sleep_for(2ms);
        Order paid = **found;
        paid.status = "paid";
        moved = repo.update_order(paid).has_value();
        return moved;
      });
      if (!status) failed++;
      else if (moved) transitions++;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(transitions.load(), 1);
}

}  // namespace sk::storage::contract
