#include "storage/sqlite/sqlite_repository.hpp"

#include <gtest/gtest.h>

#include "storage/sqlite/sqlite_connection.hpp"
#include "storage/sqlite/sqlite_test_support.hpp"

namespace sk::storage::sqlite {
namespace {

using namespace sk::domain;
using namespace sk::storage::sqlite::testing;

class SqliteRepositoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = open_write_connection(dir_.file("repo.db"));
    ASSERT_TRUE(opened) << opened.error().detail;
    db_.emplace(std::move(*opened));
    repo_.emplace(*db_);
    org_ = make_organization("acme");
    ASSERT_TRUE(repo().insert_organization(org_));
    customer_ = make_customer(org_.id, "Billing@Example.com");
    ASSERT_TRUE(repo().insert_customer(customer_));
    product_ = make_product(org_.id, true);
    ASSERT_TRUE(repo().insert_product(product_));
    subscription_ = make_container(ContainerKind::subscription, customer_, product_, 5);
    ASSERT_TRUE(repo().insert_container(subscription_));
  }

  SqliteRepository& repo() { return *repo_; }
  void sql(const std::string& statement) { ASSERT_TRUE(db_->exec(statement)) << statement; }

  TempDir dir_;
  std::optional<Database> db_;
  std::optional<SqliteRepository> repo_;
  Organization org_;
  Customer customer_;
  Product product_;
  SeatContainer subscription_;
};

TEST_F(SqliteRepositoryTest, OrganizationRoundTripsAndUpdates) {
  auto found = repo().find_organization(org_.id);
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->name, org_.name);
  EXPECT_EQ((*found)->slug, "acme");
  EXPECT_TRUE((*found)->seat_based_pricing_enabled);
  EXPECT_EQ((*found)->created_at, org_.created_at);

  Organization changed = org_;
  changed.name = "Acme Inc";
  changed.seat_based_pricing_enabled = false;
  ASSERT_TRUE(repo().update_organization(changed));
  auto by_slug = repo().find_organization_by_slug("acme");
  ASSERT_TRUE(by_slug && *by_slug);
  EXPECT_EQ((*by_slug)->name, "Acme Inc");
  EXPECT_FALSE((*by_slug)->seat_based_pricing_enabled);

  EXPECT_FALSE(*repo().find_organization("00000000-0000-4000-8000-000000000000"));
  EXPECT_FALSE(*repo().find_organization_by_slug("nope"));
}

TEST_F(SqliteRepositoryTest, UpdatingAMissingRowIsNotFound) {
  auto status = repo().update_organization(make_organization("ghost"));
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().kind, ErrorKind::not_found);
}

TEST_F(SqliteRepositoryTest, DuplicateSlugIsAUniqueViolation) {
  Organization twin = make_organization("acme");
  auto status = repo().insert_organization(twin);
  ASSERT_FALSE(status);
  EXPECT_TRUE(is_conflict(status.error())) << status.error().detail;
  EXPECT_EQ(status.error().kind, ErrorKind::conflict);
}

TEST_F(SqliteRepositoryTest, ForeignKeyViolationIsInternal) {
  Customer orphan = make_customer("00000000-0000-4000-8000-000000000000", "x@example.com");
  auto status = repo().insert_customer(orphan);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().kind, ErrorKind::internal);
  EXPECT_NE(status.error().detail.find("FOREIGN KEY"), std::string::npos) << status.error().detail;
}

TEST_F(SqliteRepositoryTest, AccessTokenRoundTrips) {
  AccessToken token{crypto::uuid_v4(), org_.id, {"customer_seats:read", "customer_seats:write"}, at(100)};
  ASSERT_TRUE(repo().insert_access_token(token, "hash-1"));
  AccessToken forever{crypto::uuid_v4(), org_.id, {}, std::nullopt};
  ASSERT_TRUE(repo().insert_access_token(forever, "hash-2"));

  auto found = repo().find_access_token("hash-1");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->id, token.id);
  EXPECT_EQ((*found)->organization_id, org_.id);
  EXPECT_EQ((*found)->scopes, token.scopes);
  EXPECT_EQ((*found)->expires_at, at(100));

  auto other = repo().find_access_token("hash-2");
  ASSERT_TRUE(other && *other);
  EXPECT_TRUE((*other)->scopes.empty());
  EXPECT_FALSE((*other)->expires_at);
  EXPECT_FALSE(*repo().find_access_token("hash-3"));

  auto duplicate = repo().insert_access_token(AccessToken{crypto::uuid_v4(), org_.id, {}, {}}, "hash-1");
  ASSERT_FALSE(duplicate);
  EXPECT_TRUE(is_conflict(duplicate.error())) << duplicate.error().detail;
}

TEST_F(SqliteRepositoryTest, CustomerLookupsAreCaseInsensitiveAndScoped) {
  Customer c = make_customer(org_.id, "Jane.Doe@Example.COM");
  c.external_id = "ext-1";
  c.modified_at = at(9);
  ASSERT_TRUE(repo().insert_customer(c));

  auto by_id = repo().find_customer(org_.id, c.id);
  ASSERT_TRUE(by_id && *by_id);
  EXPECT_EQ((*by_id)->email, "Jane.Doe@Example.COM");  // stored as given
  EXPECT_EQ((*by_id)->external_id, "ext-1");
  EXPECT_EQ((*by_id)->name, "Billing");
  EXPECT_EQ((*by_id)->created_at, c.created_at);
  EXPECT_EQ((*by_id)->modified_at, at(9));

  auto by_email = repo().find_customer_by_email(org_.id, "jane.doe@example.com");
  ASSERT_TRUE(by_email && *by_email);
  EXPECT_EQ((*by_email)->id, c.id);
  auto by_external = repo().find_customer_by_external_id(org_.id, "ext-1");
  ASSERT_TRUE(by_external && *by_external);
  EXPECT_EQ((*by_external)->id, c.id);

  auto any_org = repo().find_customer_by_id(c.id);
  ASSERT_TRUE(any_org && *any_org);
  EXPECT_EQ((*any_org)->organization_id, org_.id);

  Organization other = make_organization("other");
  ASSERT_TRUE(repo().insert_organization(other));
  EXPECT_FALSE(*repo().find_customer(other.id, c.id));
  EXPECT_FALSE(*repo().find_customer_by_email(other.id, "jane.doe@example.com"));
}

TEST_F(SqliteRepositoryTest, CustomerEmailIsUniqueAmongNonDeleted) {
  auto twin = repo().insert_customer(make_customer(org_.id, "BILLING@example.com"));
  ASSERT_FALSE(twin);
  EXPECT_TRUE(is_conflict(twin.error())) << twin.error().detail;

  sql("UPDATE customers SET deleted_at = 1 WHERE id = '" + customer_.id + "'");
  EXPECT_FALSE(*repo().find_customer(org_.id, customer_.id));
  EXPECT_FALSE(*repo().find_customer_by_id(customer_.id));
  EXPECT_FALSE(*repo().find_customer_by_email(org_.id, "billing@example.com"));
  Customer again = make_customer(org_.id, "billing@example.com");
  ASSERT_TRUE(repo().insert_customer(again));
  auto found = repo().find_customer_by_email(org_.id, "Billing@Example.com");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->id, again.id);
}

TEST_F(SqliteRepositoryTest, CustomersWithoutEmailDoNotCollide) {
  Customer a = make_customer(org_.id, "");
  a.email.reset();
  Customer b = a;
  b.id = crypto::uuid_v4();
  ASSERT_TRUE(repo().insert_customer(a));
  ASSERT_TRUE(repo().insert_customer(b));
  auto found = repo().find_customer(org_.id, b.id);
  ASSERT_TRUE(found && *found);
  EXPECT_FALSE((*found)->email);
}

TEST_F(SqliteRepositoryTest, MemberRoundTripsUpdatesAndFilters) {
  Member m = make_member(customer_, "Seat.Holder@Example.com");
  m.external_id = "m-1";
  m.name = "Holder";
  ASSERT_TRUE(repo().insert_member(m));

  auto found = repo().find_member(m.id);
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->customer_id, customer_.id);
  EXPECT_EQ((*found)->organization_id, org_.id);
  EXPECT_EQ((*found)->email, "Seat.Holder@Example.com");
  EXPECT_EQ((*found)->name, "Holder");
  EXPECT_EQ((*found)->external_id, "m-1");
  EXPECT_EQ((*found)->role, "member");
  EXPECT_EQ((*found)->created_at, m.created_at);
  EXPECT_FALSE((*found)->modified_at);

  auto by_email = repo().find_member_by_email(customer_.id, "seat.holder@EXAMPLE.com");
  ASSERT_TRUE(by_email && *by_email);
  EXPECT_EQ((*by_email)->id, m.id);
  auto by_external = repo().find_member_by_external_id(customer_.id, "m-1");
  ASSERT_TRUE(by_external && *by_external);

  m.email = "New@Example.com";
  m.role = "billing_manager";
  m.modified_at = at(50);
  ASSERT_TRUE(repo().update_member(m));
  EXPECT_FALSE(*repo().find_member_by_email(customer_.id, "seat.holder@example.com"));
  auto updated = repo().find_member_by_email(customer_.id, "new@example.com");
  ASSERT_TRUE(updated && *updated);
  EXPECT_EQ((*updated)->role, "billing_manager");
  EXPECT_EQ((*updated)->modified_at, at(50));

  auto twin = repo().insert_member(make_member(customer_, "NEW@example.com"));
  ASSERT_FALSE(twin);
  EXPECT_TRUE(is_conflict(twin.error())) << twin.error().detail;

  sql("UPDATE members SET deleted_at = 1 WHERE id = '" + m.id + "'");
  EXPECT_FALSE(*repo().find_member(m.id));
  EXPECT_FALSE(*repo().find_member_by_email(customer_.id, "new@example.com"));
  EXPECT_FALSE(*repo().find_member_by_external_id(customer_.id, "m-1"));
  EXPECT_TRUE(repo().insert_member(make_member(customer_, "new@example.com")));
}

TEST_F(SqliteRepositoryTest, ProductRoundTrips) {
  Product p = make_product(org_.id, false);
  p.minimum_seats = 2;
  p.maximum_seats = 10;
  ASSERT_TRUE(repo().insert_product(p));
  auto found = repo().find_product(org_.id, p.id);
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->name, p.name);
  EXPECT_FALSE((*found)->recurring);
  EXPECT_EQ((*found)->minimum_seats, 2);
  EXPECT_EQ((*found)->maximum_seats, 10);
  EXPECT_EQ((*found)->created_at, p.created_at);

  auto unlimited = repo().find_product(org_.id, product_.id);
  ASSERT_TRUE(unlimited && *unlimited);
  EXPECT_TRUE((*unlimited)->recurring);
  EXPECT_FALSE((*unlimited)->maximum_seats);
  EXPECT_FALSE(*repo().find_product("00000000-0000-4000-8000-000000000000", p.id));
}

TEST_F(SqliteRepositoryTest, ContainersOfBothKindsRoundTrip) {
  auto sub = repo().find_container(ContainerKind::subscription, org_.id, subscription_.id);
  ASSERT_TRUE(sub && *sub);
  EXPECT_EQ((*sub)->kind, ContainerKind::subscription);
  EXPECT_EQ((*sub)->customer_id, customer_.id);
  EXPECT_EQ((*sub)->product_id, product_.id);
  EXPECT_EQ((*sub)->seats, 5);
  EXPECT_EQ((*sub)->status, "active");
  EXPECT_EQ((*sub)->created_at, subscription_.created_at);
  // The kind selects the table: a subscription id is not an order.
  EXPECT_FALSE(*repo().find_container(ContainerKind::order, org_.id, subscription_.id));

  SeatContainer order = make_container(ContainerKind::order, customer_, product_, 3);
  order.product_id.clear();
  order.seats.reset();
  ASSERT_TRUE(repo().insert_container(order));
  auto found = repo().find_container(ContainerKind::order, org_.id, order.id);
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->kind, ContainerKind::order);
  EXPECT_EQ((*found)->product_id, "");
  EXPECT_FALSE((*found)->seats);
  EXPECT_EQ((*found)->status, "paid");

  Organization other = make_organization("other");
  ASSERT_TRUE(repo().insert_organization(other));
  EXPECT_FALSE(*repo().find_container(ContainerKind::subscription, other.id, subscription_.id));
}

TEST_F(SqliteRepositoryTest, SeatRoundTripsEveryColumn) {
  Member m = make_member(customer_, "holder@example.com");
  ASSERT_TRUE(repo().insert_member(m));
  Seat s = make_seat(subscription_, "Holder@Example.com", 10);
  s.invitation_token_hash = "tok";
  s.invitation_token_expires_at = at(20);
  s.metadata_json = R"({"team":"blue"})";
  ASSERT_TRUE(repo().insert_seat(s));

  auto found = repo().find_seat(org_.id, s.id);
  ASSERT_TRUE(found && *found);
  const Seat& f = **found;
  EXPECT_EQ(f.created_at, at(10));
  EXPECT_FALSE(f.modified_at);
  EXPECT_EQ(f.container_kind, ContainerKind::subscription);
  EXPECT_EQ(f.container_id, subscription_.id);
  EXPECT_EQ(f.status, SeatStatus::pending);
  EXPECT_EQ(f.customer_id, customer_.id);
  EXPECT_FALSE(f.member_id);
  EXPECT_EQ(f.email, "Holder@Example.com");
  EXPECT_EQ(f.invitation_token_hash, "tok");
  EXPECT_EQ(f.invitation_token_expires_at, at(20));
  EXPECT_EQ(f.metadata_json, R"({"team":"blue"})");

  s.status = SeatStatus::claimed;
  s.member_id = m.id;
  s.invitation_token_hash.reset();
  s.invitation_token_expires_at.reset();
  s.claimed_at = at(30);
  s.modified_at = at(30);
  ASSERT_TRUE(repo().update_seat(s));
  auto claimed = repo().find_seat(org_.id, s.id);
  ASSERT_TRUE(claimed && *claimed);
  EXPECT_EQ((*claimed)->status, SeatStatus::claimed);
  EXPECT_EQ((*claimed)->member_id, m.id);
  EXPECT_FALSE((*claimed)->invitation_token_hash);
  EXPECT_EQ((*claimed)->claimed_at, at(30));
  EXPECT_EQ((*claimed)->modified_at, at(30));
  EXPECT_FALSE(*repo().find_seat_by_token_hash("tok"));

  s.status = SeatStatus::revoked;
  s.revoked_at = at(40);
  ASSERT_TRUE(repo().update_seat(s));
  auto revoked = repo().find_seat(org_.id, s.id);
  ASSERT_TRUE(revoked && *revoked);
  EXPECT_EQ((*revoked)->status, SeatStatus::revoked);
  EXPECT_EQ((*revoked)->revoked_at, at(40));
}

TEST_F(SqliteRepositoryTest, SeatsAreScopedToTheirOrganization) {
  Seat s = make_seat(subscription_, "a@example.com", 1);
  s.invitation_token_hash = "hash-a";
  ASSERT_TRUE(repo().insert_seat(s));
  Organization other = make_organization("other");
  ASSERT_TRUE(repo().insert_organization(other));
  EXPECT_FALSE(*repo().find_seat(other.id, s.id));
  auto by_token = repo().find_seat_by_token_hash("hash-a");
  ASSERT_TRUE(by_token && *by_token);
  EXPECT_EQ((*by_token)->id, s.id);
}

TEST_F(SqliteRepositoryTest, OrderSeatsUseTheOrderColumn) {
  SeatContainer order = make_container(ContainerKind::order, customer_, product_, 2);
  ASSERT_TRUE(repo().insert_container(order));
  Seat s = make_seat(order, "o@example.com", 1);
  ASSERT_TRUE(repo().insert_seat(s));
  auto found = repo().find_seat(org_.id, s.id);
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->container_kind, ContainerKind::order);
  EXPECT_EQ((*found)->container_id, order.id);
  EXPECT_EQ(*repo().count_occupied_seats(ContainerKind::order, order.id), 1);
  EXPECT_EQ(*repo().count_occupied_seats(ContainerKind::subscription, order.id), 0);
  EXPECT_EQ(repo().list_seats(ContainerKind::order, order.id)->size(), 1u);
}

TEST_F(SqliteRepositoryTest, ListCountRevokedAndOccupiedByEmail) {
  // Inserted out of order; two share a created_at so the id breaks the tie.
  Seat late = make_seat(subscription_, "late@example.com", 30);
  Seat early = make_seat(subscription_, "early@example.com", 10);
  Seat tie_a = make_seat(subscription_, "Tie@Example.com", 20);
  Seat tie_b = make_seat(subscription_, "revoked@example.com", 20);
  tie_a.id = "aaaaaaaa-0000-4000-8000-000000000000";
  tie_b.id = "bbbbbbbb-0000-4000-8000-000000000000";
  tie_b.status = SeatStatus::revoked;
  late.status = SeatStatus::claimed;
  for (const Seat* s : {&late, &tie_b, &early, &tie_a}) ASSERT_TRUE(repo().insert_seat(*s));

  auto listed = repo().list_seats(ContainerKind::subscription, subscription_.id);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 4u);
  EXPECT_EQ((*listed)[0].id, early.id);
  EXPECT_EQ((*listed)[1].id, tie_a.id);
  EXPECT_EQ((*listed)[2].id, tie_b.id);
  EXPECT_EQ((*listed)[3].id, late.id);

  EXPECT_EQ(*repo().count_occupied_seats(ContainerKind::subscription, subscription_.id), 3);
  auto revoked = repo().find_revoked_seat(ContainerKind::subscription, subscription_.id);
  ASSERT_TRUE(revoked && *revoked);
  EXPECT_EQ((*revoked)->id, tie_b.id);

  auto occupied = repo().find_occupied_seat_by_email(ContainerKind::subscription, subscription_.id, "tie@EXAMPLE.com");
  ASSERT_TRUE(occupied && *occupied);
  EXPECT_EQ((*occupied)->id, tie_a.id);
  auto claimed = repo().find_occupied_seat_by_email(ContainerKind::subscription, subscription_.id, "LATE@example.com");
  ASSERT_TRUE(claimed && *claimed);
  EXPECT_EQ((*claimed)->id, late.id);
  EXPECT_FALSE(*repo().find_occupied_seat_by_email(ContainerKind::subscription, subscription_.id,
                                                   "revoked@example.com"));

  SeatContainer empty = make_container(ContainerKind::subscription, customer_, product_, 1);
  ASSERT_TRUE(repo().insert_container(empty));
  EXPECT_TRUE(repo().list_seats(ContainerKind::subscription, empty.id)->empty());
  EXPECT_EQ(*repo().count_occupied_seats(ContainerKind::subscription, empty.id), 0);
  EXPECT_FALSE(*repo().find_revoked_seat(ContainerKind::subscription, empty.id));
}

TEST_F(SqliteRepositoryTest, MemberSessionTokenHashIsUnique) {
  Member m = make_member(customer_, "holder@example.com");
  ASSERT_TRUE(repo().insert_member(m));
  MemberSession session{crypto::uuid_v4(), "session-hash", m.id, at(1000), at(1)};
  ASSERT_TRUE(repo().insert_member_session(session));
  session.id = crypto::uuid_v4();
  auto found = repo().find_member_session(session.token_hash);
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->member_id, session.member_id);
  EXPECT_EQ((*found)->expires_at, session.expires_at);
  EXPECT_FALSE(*repo().find_member_session("no-such-hash"));
  auto twin = repo().insert_member_session(session);
  ASSERT_FALSE(twin);
  EXPECT_TRUE(is_conflict(twin.error())) << twin.error().detail;
}

TEST_F(SqliteRepositoryTest, OutboxDueCompleteAndReschedule) {
  auto message = [&](const std::string& topic, long long created, long long available) {
    return OutboxMessage{crypto::uuid_v4(), topic, org_.id, "customer_seat.assigned", R"({"n":1})",
                         at(created),       at(available), 0};
  };
  OutboxMessage second = message("webhook_event", 2, 2);
  OutboxMessage first = message("webhook_event", 1, 1);
  OutboxMessage later = message("webhook_event", 0, 100);  // oldest, but not yet due
  OutboxMessage mail = message("email", 0, 0);
  for (const auto* m : {&second, &first, &later, &mail}) ASSERT_TRUE(repo().append_outbox(*m));

  auto due = repo().due_outbox("webhook_event", at(10), 10);
  ASSERT_TRUE(due);
  ASSERT_EQ(due->size(), 2u);
  EXPECT_EQ((*due)[0].id, first.id);
  EXPECT_EQ((*due)[1].id, second.id);
  EXPECT_EQ((*due)[0].payload, R"({"n":1})");
  EXPECT_EQ((*due)[0].event_type, "customer_seat.assigned");
  EXPECT_EQ((*due)[0].available_at, at(1));
  EXPECT_EQ(repo().due_outbox("webhook_event", at(10), 1)->size(), 1u);

  ASSERT_TRUE(repo().complete_outbox(first.id, at(11)));
  ASSERT_TRUE(repo().reschedule_outbox(second.id, at(50), "HTTP 503"));
  ASSERT_TRUE(repo().reschedule_outbox(second.id, at(60), "timeout"));
  EXPECT_TRUE(repo().due_outbox("webhook_event", at(10), 10)->empty());

  due = repo().due_outbox("webhook_event", at(100), 10);
  ASSERT_TRUE(due);
  ASSERT_EQ(due->size(), 2u);
  EXPECT_EQ((*due)[0].id, later.id);
  EXPECT_EQ((*due)[1].id, second.id);
  EXPECT_EQ((*due)[1].attempts, 2);
  EXPECT_EQ((*due)[1].available_at, at(60));

  auto q = db_->query("SELECT last_error, delivered_at FROM outbox WHERE id = ?1", second.id);
  ASSERT_TRUE(q && *q->step());
  EXPECT_EQ(q->text(0), "timeout");
  EXPECT_TRUE(q->is_null(1));

  EXPECT_EQ(repo().due_outbox("email", at(0), 10)->size(), 1u);
  EXPECT_FALSE(repo().complete_outbox("missing", at(1)));

  // A claimed message is leased: invisible until the lease ends, then due again.
  auto claimed = repo().claim_outbox("email", at(0), 10, at(30));
  ASSERT_TRUE(claimed);
  ASSERT_EQ(claimed->size(), 1u);
  EXPECT_EQ((*claimed)[0].id, mail.id);
  EXPECT_TRUE(repo().claim_outbox("email", at(29), 10, at(60))->empty());
  EXPECT_EQ(repo().claim_outbox("email", at(30), 10, at(90))->size(), 1u);
}

}  // namespace
}  // namespace sk::storage::sqlite
