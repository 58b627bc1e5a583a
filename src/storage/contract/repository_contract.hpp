// Repository contract: every method round-trips, scopes, filters and orders the same way on
// every store. Included by the per-backend instantiation files only.
#pragma once

#include <algorithm>
#include <cctype>

#include "storage/contract/store_contract.hpp"

namespace sk::storage::contract {

using namespace sk::domain;

TEST_P(StoreContract, OrganizationRoundTripsAndUpdates) {
  write([&](Repository& repo) {
    auto found = repo.find_organization(org_.id);
    ASSERT_TRUE(found && *found);
    EXPECT_EQ((*found)->name, org_.name);
    EXPECT_EQ((*found)->slug, "acme");
    EXPECT_TRUE((*found)->seat_based_pricing_enabled);
    EXPECT_EQ((*found)->created_at, org_.created_at);

    Organization changed = org_;
    changed.name = "Acme Inc";
    changed.seat_based_pricing_enabled = false;
    ASSERT_TRUE(repo.update_organization(changed));
    auto missing = repo.update_organization(make_organization("ghost"));
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().kind, ErrorKind::not_found);
  });
  read([&](Repository& repo) {
    auto by_slug = repo.find_organization_by_slug("acme");
    ASSERT_TRUE(by_slug && *by_slug);
    EXPECT_EQ((*by_slug)->name, "Acme Inc");
    EXPECT_FALSE((*by_slug)->seat_based_pricing_enabled);
    EXPECT_FALSE(*repo.find_organization("00000000-0000-4000-8000-000000000000"));
    EXPECT_FALSE(*repo.find_organization_by_slug("nope"));
  });
}

// The domain re-reads after a UniqueViolation, so the job must be able to go on after one.
TEST_P(StoreContract, UniqueViolationLeavesTheJobUsable) {
  Organization later = make_organization("later");
  write([&](Repository& repo) {
    auto twin = repo.insert_organization(make_organization("acme"));
    ASSERT_FALSE(twin);
    EXPECT_TRUE(is_conflict(twin.error())) << twin.error().detail;
    EXPECT_EQ(twin.error().kind, ErrorKind::conflict);
    auto same_id = repo.insert_organization(org_);
    ASSERT_FALSE(same_id);
    EXPECT_TRUE(is_conflict(same_id.error())) << same_id.error().detail;
    auto found = repo.find_organization_by_slug("acme");
    ASSERT_TRUE(found && *found);
    EXPECT_EQ((*found)->id, org_.id);
    EXPECT_TRUE(repo.insert_organization(later));
  });
  EXPECT_TRUE(organization_exists(later.id));
}

TEST_P(StoreContract, ForeignKeyViolationIsInternalAndFailsTheJob) {
  Status inner;
  auto status = store_->write_now([&](Repository& repo) {
    inner = repo.insert_customer(make_customer("00000000-0000-4000-8000-000000000000", "x@example.com"));
    return inner.has_value();
  });
  EXPECT_TRUE(status);  // the job chose to roll back
  ASSERT_FALSE(inner);
  EXPECT_EQ(inner.error().kind, ErrorKind::internal);
  std::string detail = inner.error().detail;
  std::ranges::transform(detail, detail.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  EXPECT_NE(detail.find("foreign key"), std::string::npos) << inner.error().detail;
}

TEST_P(StoreContract, AccessTokenRoundTrips) {
  AccessToken token{crypto::uuid_v4(), org_.id, {"customer_seats:read", "customer_seats:write"}, at(100)};
  AccessToken forever{crypto::uuid_v4(), org_.id, {}, std::nullopt};
  write([&](Repository& repo) {
    ASSERT_TRUE(repo.insert_access_token(token, "hash-1"));
    ASSERT_TRUE(repo.insert_access_token(forever, "hash-2"));
    auto duplicate = repo.insert_access_token(AccessToken{crypto::uuid_v4(), org_.id, {}, {}}, "hash-1");
    ASSERT_FALSE(duplicate);
    EXPECT_TRUE(is_conflict(duplicate.error())) << duplicate.error().detail;
  });
  read([&](Repository& repo) {
    auto found = repo.find_access_token("hash-1");
    ASSERT_TRUE(found && *found);
    EXPECT_EQ((*found)->id, token.id);
    EXPECT_EQ((*found)->organization_id, org_.id);
    EXPECT_EQ((*found)->scopes, token.scopes);
    EXPECT_EQ((*found)->expires_at, at(100));
    auto other = repo.find_access_token("hash-2");
    ASSERT_TRUE(other && *other);
    EXPECT_TRUE((*other)->scopes.empty());
    EXPECT_FALSE((*other)->expires_at);
    EXPECT_FALSE(*repo.find_access_token("hash-3"));
  });
}

TEST_P(StoreContract, CustomerLookupsAreCaseInsensitiveAndScoped) {
  Customer c = make_customer(org_.id, "Jane.Doe@Example.COM");
  c.external_id = "ext-1";
  c.modified_at = at(9);
  Organization other = make_organization("other");
  write([&](Repository& repo) {
    ASSERT_TRUE(repo.insert_customer(c));
    ASSERT_TRUE(repo.insert_organization(other));
  });
  read([&](Repository& repo) {
    auto by_id = repo.find_customer(org_.id, c.id);
    ASSERT_TRUE(by_id && *by_id);
    EXPECT_EQ((*by_id)->email, "Jane.Doe@Example.COM");  // stored as given
    EXPECT_EQ((*by_id)->external_id, "ext-1");
    EXPECT_EQ((*by_id)->name, "Billing");
    EXPECT_EQ((*by_id)->created_at, c.created_at);
    EXPECT_EQ((*by_id)->modified_at, at(9));
    auto by_email = repo.find_customer_by_email(org_.id, "jane.doe@example.com");
    ASSERT_TRUE(by_email && *by_email);
    EXPECT_EQ((*by_email)->id, c.id);
    auto by_external = repo.find_customer_by_external_id(org_.id, "ext-1");
    ASSERT_TRUE(by_external && *by_external);
    EXPECT_EQ((*by_external)->id, c.id);
    auto any_org = repo.find_customer_by_id(c.id);
    ASSERT_TRUE(any_org && *any_org);
    EXPECT_EQ((*any_org)->organization_id, org_.id);
    EXPECT_FALSE(*repo.find_customer(other.id, c.id));
    EXPECT_FALSE(*repo.find_customer_by_email(other.id, "jane.doe@example.com"));
  });
}

// Case folding is ASCII-only on every store (SQLite's lower()), whatever the database's locale.
TEST_P(StoreContract, EmailCaseFoldingIsAsciiOnly) {
  Customer c = make_customer(org_.id, "\xC3\x89lise@Example.com");  // "Élise"
  write([&](Repository& repo) { ASSERT_TRUE(repo.insert_customer(c)); });
  read([&](Repository& repo) {
    EXPECT_TRUE(*repo.find_customer_by_email(org_.id, "\xC3\x89LISE@example.COM"));
    EXPECT_FALSE(*repo.find_customer_by_email(org_.id, "\xC3\xA9lise@example.com"));  // "élise"
  });
}

TEST_P(StoreContract, CustomerEmailIsUniqueAmongNonDeleted) {
  write([&](Repository& repo) {
    auto twin = repo.insert_customer(make_customer(org_.id, "BILLING@example.com"));
    ASSERT_FALSE(twin);
    EXPECT_TRUE(is_conflict(twin.error())) << twin.error().detail;
  });
  sql("UPDATE customers SET deleted_at = 1 WHERE id = '" + customer_.id + "'");
  Customer again = make_customer(org_.id, "billing@example.com");
  write([&](Repository& repo) {
    EXPECT_FALSE(*repo.find_customer(org_.id, customer_.id));
    EXPECT_FALSE(*repo.find_customer_by_id(customer_.id));
    EXPECT_FALSE(*repo.find_customer_by_email(org_.id, "billing@example.com"));
    ASSERT_TRUE(repo.insert_customer(again));
  });
  read([&](Repository& repo) {
    auto found = repo.find_customer_by_email(org_.id, "Billing@Example.com");
    ASSERT_TRUE(found && *found);
    EXPECT_EQ((*found)->id, again.id);
  });
}

TEST_P(StoreContract, CustomersWithoutEmailDoNotCollide) {
  Customer a = make_customer(org_.id, "");
  a.email.reset();
  Customer b = a;
  b.id = crypto::uuid_v4();
  write([&](Repository& repo) {
    ASSERT_TRUE(repo.insert_customer(a));
    ASSERT_TRUE(repo.insert_customer(b));
  });
  read([&](Repository& repo) {
    auto found = repo.find_customer(org_.id, b.id);
    ASSERT_TRUE(found && *found);
    EXPECT_FALSE((*found)->email);
  });
}

TEST_P(StoreContract, MemberRoundTripsUpdatesAndFilters) {
  Member m = make_member(customer_, "Seat.Holder@Example.com");
  m.external_id = "m-1";
  m.name = "Holder";
  write([&](Repository& repo) { ASSERT_TRUE(repo.insert_member(m)); });
  read([&](Repository& repo) {
    auto found = repo.find_member(m.id);
    ASSERT_TRUE(found && *found);
    EXPECT_EQ((*found)->customer_id, customer_.id);
    EXPECT_EQ((*found)->organization_id, org_.id);
    EXPECT_EQ((*found)->email, "Seat.Holder@Example.com");
    EXPECT_EQ((*found)->name, "Holder");
    EXPECT_EQ((*found)->external_id, "m-1");
    EXPECT_EQ((*found)->role, "member");
    EXPECT_EQ((*found)->created_at, m.created_at);
    EXPECT_FALSE((*found)->modified_at);
    auto by_email = repo.find_member_by_email(customer_.id, "seat.holder@EXAMPLE.com");
    ASSERT_TRUE(by_email && *by_email);
    EXPECT_EQ((*by_email)->id, m.id);
    EXPECT_TRUE(*repo.find_member_by_external_id(customer_.id, "m-1"));
  });

  m.email = "New@Example.com";
  m.role = "billing_manager";
  m.modified_at = at(50);
  Member other = make_member(customer_, "other@example.com");
  write([&](Repository& repo) {
    ASSERT_TRUE(repo.update_member(m));
    auto twin = repo.insert_member(make_member(customer_, "NEW@example.com"));
    ASSERT_FALSE(twin);
    EXPECT_TRUE(is_conflict(twin.error())) << twin.error().detail;
    // An update that would take another member's external id is refused; the job goes on.
    ASSERT_TRUE(repo.insert_member(other));
    Member clash = other;
    clash.external_id = "m-1";
    auto refused = repo.update_member(clash);
    ASSERT_FALSE(refused);
    EXPECT_TRUE(is_conflict(refused.error())) << refused.error().detail;
    EXPECT_TRUE(repo.update_member(other));
  });
  read([&](Repository& repo) {
    EXPECT_FALSE(*repo.find_member_by_email(customer_.id, "seat.holder@example.com"));
    auto updated = repo.find_member_by_email(customer_.id, "new@example.com");
    ASSERT_TRUE(updated && *updated);
    EXPECT_EQ((*updated)->role, "billing_manager");
    EXPECT_EQ((*updated)->modified_at, at(50));
    EXPECT_TRUE(*repo.find_member(other.id));
  });

  sql("UPDATE members SET deleted_at = 1 WHERE id = '" + m.id + "'");
  write([&](Repository& repo) {
    EXPECT_FALSE(*repo.find_member(m.id));
    EXPECT_FALSE(*repo.find_member_by_email(customer_.id, "new@example.com"));
    EXPECT_FALSE(*repo.find_member_by_external_id(customer_.id, "m-1"));
    EXPECT_TRUE(repo.insert_member(make_member(customer_, "new@example.com")));
  });
}

TEST_P(StoreContract, ProductRoundTrips) {
  Product p = make_product(org_.id, false);
  p.minimum_seats = 2;
  p.maximum_seats = 10;
  write([&](Repository& repo) { ASSERT_TRUE(repo.insert_product(p)); });
  read([&](Repository& repo) {
    auto found = repo.find_product(org_.id, p.id);
    ASSERT_TRUE(found && *found);
    EXPECT_EQ((*found)->name, p.name);
    EXPECT_FALSE((*found)->recurring);
    EXPECT_EQ((*found)->minimum_seats, 2);
    EXPECT_EQ((*found)->maximum_seats, 10);
    EXPECT_EQ((*found)->created_at, p.created_at);
    auto unlimited = repo.find_product(org_.id, product_.id);
    ASSERT_TRUE(unlimited && *unlimited);
    EXPECT_TRUE((*unlimited)->recurring);
    EXPECT_FALSE((*unlimited)->maximum_seats);
    EXPECT_FALSE(*repo.find_product("00000000-0000-4000-8000-000000000000", p.id));
  });
}

TEST_P(StoreContract, ContainersOfBothKindsRoundTrip) {
  SeatContainer order = make_container(ContainerKind::order, customer_, product_, 3);
  order.product_id.clear();
  order.seats.reset();
  Organization other = make_organization("other");
  write([&](Repository& repo) {
    ASSERT_TRUE(repo.insert_container(order));
    ASSERT_TRUE(repo.insert_organization(other));
  });
  // Both a write job (which locks what it finds) and a read job see the same rows.
  for (bool writing : {true, false}) {
    auto check = [&](Repository& repo) {
      auto sub = repo.find_container(ContainerKind::subscription, org_.id, subscription_.id);
      ASSERT_TRUE(sub && *sub);
      EXPECT_EQ((*sub)->kind, ContainerKind::subscription);
      EXPECT_EQ((*sub)->customer_id, customer_.id);
      EXPECT_EQ((*sub)->product_id, product_.id);
      EXPECT_EQ((*sub)->seats, 5);
      EXPECT_EQ((*sub)->status, "active");
      EXPECT_EQ((*sub)->created_at, subscription_.created_at);
      EXPECT_FALSE(*repo.find_container(ContainerKind::order, org_.id, subscription_.id));
      auto found = repo.find_container(ContainerKind::order, org_.id, order.id);
      ASSERT_TRUE(found && *found);
      EXPECT_EQ((*found)->kind, ContainerKind::order);
      EXPECT_EQ((*found)->product_id, "");
      EXPECT_FALSE((*found)->seats);
      EXPECT_EQ((*found)->status, "paid");
      EXPECT_FALSE(*repo.find_container(ContainerKind::subscription, other.id, subscription_.id));
    };
    if (writing) write(check);
    else read(check);
  }
}

}  // namespace sk::storage::contract
