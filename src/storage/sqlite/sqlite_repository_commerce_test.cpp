// The management API's repository methods (issue 3) on a real SQLite file: round trips of every
// column, soft deletes, paging and filters. A PostgreSQL repository must pass the same cases.
#include <gtest/gtest.h>

#include "storage/sqlite/sqlite_connection.hpp"
#include "storage/sqlite/sqlite_repository.hpp"
#include "storage/sqlite/sqlite_test_support.hpp"

namespace sk::storage::sqlite {
namespace {

using namespace sk::domain;
using namespace sk::storage::sqlite::testing;
using namespace std::chrono_literals;

class SqliteCommerceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = open_write_connection(dir_.file("commerce.db"));
    ASSERT_TRUE(opened) << opened.error().detail;
    db_.emplace(std::move(*opened));
    repo_.emplace(*db_);
    org_ = make_organization("acme");
    ASSERT_TRUE(repo().insert_organization(org_));
    customer_ = make_customer(org_.id, "billing@example.com");
    ASSERT_TRUE(repo().insert_customer(customer_));
    product_ = make_product(org_.id, true);
    product_.price = SeatPrice{crypto::uuid_v4(), "eur", "graduated", {{1, 5, 1000}, {6, std::nullopt, 800}}, at(3)};
    product_.minimum_seats = 1;
    product_.maximum_seats = std::nullopt;
    product_.description = "Seats";
    product_.metadata_json = R"({"sku":"t1"})";
    product_.recurring_interval = "year";
    product_.recurring_interval_count = 2;
    ASSERT_TRUE(repo().insert_product(product_));
  }

  SqliteRepository& repo() { return *repo_; }

  Subscription subscription(int seats, Timestamp created) {
    Subscription s;
    s.id = crypto::uuid_v4();
    s.organization_id = org_.id;
    s.customer_id = customer_.id;
    s.product_id = product_.id;
    s.seats = seats;
    s.created_at = s.started_at = created;
    return s;
  }

  TempDir dir_;
  std::optional<Database> db_;
  std::optional<SqliteRepository> repo_;
  Organization org_;
  Customer customer_;
  Product product_;
};

TEST_F(SqliteCommerceTest, ProductsKeepTheirPriceAndOlderRowsShowOneFreeTier) {
  auto found = repo().find_product(org_.id, product_.id);
  ASSERT_TRUE(found && *found);
  const Product& p = **found;
  EXPECT_EQ(p.price.id, product_.price.id);
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
  ASSERT_TRUE(repo().update_product(changed));
  auto again = repo().find_product(org_.id, product_.id);
  EXPECT_EQ((*again)->name, "Renamed");
  EXPECT_TRUE((*again)->is_archived);
  EXPECT_EQ((*again)->maximum_seats, 4);
  EXPECT_EQ((*again)->price.tiers.size(), 1u);

  // A product written without a price (as before migration 3) reads back with no price id or tiers.
  Product legacy = make_product(org_.id, false);
  ASSERT_TRUE(repo().insert_product(legacy));
  auto old = repo().find_product(org_.id, legacy.id);
  EXPECT_TRUE((*old)->price.id.empty());
  EXPECT_TRUE((*old)->price.tiers.empty());
  EXPECT_FALSE((*old)->recurring);
}

TEST_F(SqliteCommerceTest, CustomersSoftDeleteFreesTheirEmailAndExternalId) {
  Customer c = make_customer(org_.id, "Ada@Example.com");
  c.external_id = "ada";
  c.type = "team";
  c.metadata_json = R"({"a":1})";
  ASSERT_TRUE(repo().insert_customer(c));
  auto found = repo().find_customer(org_.id, c.id);
  EXPECT_EQ((*found)->type, "team");
  EXPECT_EQ((*found)->metadata_json, R"({"a":1})");
  c.name = "Ada L.";
  c.modified_at = at(5);
  ASSERT_TRUE(repo().update_customer(c));
  EXPECT_EQ((*repo().find_customer_by_email(org_.id, "ada@EXAMPLE.com"))->name, "Ada L.");

  ASSERT_TRUE(repo().delete_customer(org_.id, c.id, at(6)));
  EXPECT_FALSE(*repo().find_customer(org_.id, c.id));
  EXPECT_FALSE(*repo().find_customer_by_external_id(org_.id, "ada"));
  auto deleted = repo().find_customer_including_deleted(org_.id, c.id);
  ASSERT_TRUE(deleted && *deleted);
  EXPECT_EQ((*deleted)->deleted_at, at(6));
  EXPECT_EQ((*deleted)->external_id, std::nullopt);
  Customer reuse = make_customer(org_.id, "ada@example.com");
  reuse.external_id = "ada";
  EXPECT_TRUE(repo().insert_customer(reuse));
  EXPECT_FALSE(repo().delete_customer(org_.id, c.id, at(7))) << "deleting twice is a caller bug";
}

TEST_F(SqliteCommerceTest, ListsPageNewestFirstAndCountEveryMatch) {
  for (int i = 0; i < 5; ++i) {
    Customer c = make_customer(org_.id, "c" + std::to_string(i) + "@example.com");
    c.created_at = at(100 + i);
    ASSERT_TRUE(repo().insert_customer(c));
  }
  auto page = repo().list_customers(org_.id, {}, PageRequest{2, 2, true});
  ASSERT_TRUE(page) << page.error().detail;
  EXPECT_EQ(page->total_count, 6);
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(*page->items[0].email, "c2@example.com");
  EXPECT_EQ(*page->items[1].email, "c1@example.com");
  auto oldest = repo().list_customers(org_.id, {}, PageRequest{1, 1, false});
  EXPECT_EQ(oldest->items[0].id, customer_.id);
  CustomerFilter by_email;
  by_email.email = "C3@EXAMPLE.COM";
  EXPECT_EQ(repo().list_customers(org_.id, by_email, {})->total_count, 1);
  auto other_org = repo().list_customers(crypto::uuid_v4(), {}, {});
  EXPECT_EQ(other_org->total_count, 0);
}

TEST_F(SqliteCommerceTest, SubscriptionsRoundTripAndFilter) {
  Subscription s = subscription(3, at(10));
  s.cancellation_reason = "other";
  s.metadata_json = R"({"k":"v"})";
  ASSERT_TRUE(repo().insert_subscription(s));
  Subscription ended = subscription(1, at(11));
  ended.status = "canceled";
  ended.ended_at = at(12);
  ASSERT_TRUE(repo().insert_subscription(ended));

  auto found = repo().lock_subscription(org_.id, s.id);
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->seats, 3);
  EXPECT_EQ((*found)->cancellation_reason, "other");
  EXPECT_EQ((*found)->metadata_json, R"({"k":"v"})");
  EXPECT_EQ((*found)->started_at, at(10));

  SubscriptionFilter active;
  active.active = true;
  EXPECT_EQ(repo().list_subscriptions(org_.id, active, {})->total_count, 1);
  active.active = false;
  EXPECT_EQ(repo().list_subscriptions(org_.id, active, {})->items.at(0).id, ended.id);
  SubscriptionFilter by_customer;
  by_customer.customer_ids = {customer_.id, crypto::uuid_v4()};
  by_customer.statuses = {"active", "canceled"};
  EXPECT_EQ(repo().list_subscriptions(org_.id, by_customer, {})->total_count, 2);
  EXPECT_EQ(repo().active_subscriptions_of_customer(customer_.id)->size(), 1u);

  s.cancel_at_period_end = true;
  s.ends_at = at(50);
  ASSERT_TRUE(repo().update_subscription(s));
  EXPECT_TRUE(repo().subscriptions_due_to_end(at(49), 10)->empty());
  EXPECT_EQ(repo().subscriptions_due_to_end(at(50), 10)->size(), 1u);
  // A subscription written by the seat code's insert_container reads with defaults.
  SeatContainer legacy = make_container(ContainerKind::subscription, customer_, product_, 2);
  ASSERT_TRUE(repo().insert_container(legacy));
  auto old = repo().find_subscription(org_.id, legacy.id);
  EXPECT_EQ((*old)->started_at, legacy.created_at);
  EXPECT_EQ((*old)->metadata_json, "{}");
}

TEST_F(SqliteCommerceTest, OrdersRoundTrip) {
  Order o;
  o.id = crypto::uuid_v4();
  o.organization_id = org_.id;
  o.customer_id = customer_.id;
  o.product_id = product_.id;
  o.seats = 4;
  o.created_at = at(20);
  o.currency = "eur";
  o.description = "Pack";
  o.item_id = crypto::uuid_v4();
  ASSERT_TRUE(repo().insert_order(o));
  o.status = "paid";
  o.modified_at = at(21);
  ASSERT_TRUE(repo().update_order(o));
  auto found = repo().find_order(org_.id, o.id);
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->status, "paid");
  EXPECT_EQ((*found)->item_id, o.item_id);
  EXPECT_EQ((*found)->description, "Pack");
  OrderFilter paid;
  paid.statuses = {"paid"};
  EXPECT_EQ(repo().list_orders(org_.id, paid, {})->total_count, 1);
  paid.statuses = {"draft"};
  EXPECT_EQ(repo().list_orders(org_.id, paid, {})->total_count, 0);
}

TEST_F(SqliteCommerceTest, MembersOwnersSeatsAndSessions) {
  Member owner = make_member(customer_, "billing@example.com");
  owner.role = "owner";
  ASSERT_TRUE(repo().insert_member(owner));
  Member second = make_member(customer_, "other@example.com");
  second.role = "owner";
  EXPECT_FALSE(repo().insert_member(second)) << "one owner per customer";
  second.role = "member";
  ASSERT_TRUE(repo().insert_member(second));
  EXPECT_EQ((*repo().find_owner_member(customer_.id))->id, owner.id);

  SeatContainer sub = make_container(ContainerKind::subscription, customer_, product_, 3);
  ASSERT_TRUE(repo().insert_container(sub));
  Seat held = make_seat(sub, second.email, 30);
  held.member_id = second.id;
  ASSERT_TRUE(repo().insert_seat(held));
  Seat gone = make_seat(sub, second.email, 31);
  gone.member_id = second.id;
  gone.status = SeatStatus::revoked;
  ASSERT_TRUE(repo().insert_seat(gone));
  auto seats = repo().occupied_seats_of_member(second.id);
  ASSERT_EQ(seats->size(), 1u);
  EXPECT_EQ(seats->at(0).id, held.id);

  MemberFilter of_customer;
  of_customer.customer_id = customer_.id;
  EXPECT_EQ(repo().list_members(org_.id, of_customer, {})->total_count, 2);
  of_customer.role = "owner";
  EXPECT_EQ(repo().list_members(org_.id, of_customer, {})->total_count, 1);

  ASSERT_TRUE(repo().insert_member_session(MemberSession{crypto::uuid_v4(), "mh", second.id, at(99), at(40)}));
  ASSERT_TRUE(repo().delete_member(second.id, at(41)));
  EXPECT_FALSE(*repo().find_member(second.id));
  EXPECT_FALSE(*repo().find_member_session("mh")) << "a deleted member's sessions end";
  EXPECT_EQ(repo().list_members(org_.id, {}, {})->total_count, 1);

  CustomerSession session{crypto::uuid_v4(), "hash-1", customer_.id, "https://back.example", at(60), at(50)};
  ASSERT_TRUE(repo().insert_customer_session(session));
  auto found = repo().find_customer_session("hash-1");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->return_url, "https://back.example");
  EXPECT_EQ((*found)->expires_at, at(60));
  ASSERT_TRUE(repo().delete_customer(org_.id, customer_.id, at(61)));
  EXPECT_FALSE(*repo().find_customer_session("hash-1")) << "a deleted customer's sessions end";
}

}  // namespace
}  // namespace sk::storage::sqlite
