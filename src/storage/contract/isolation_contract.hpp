// Organizations are isolated in storage: every organization-scoped lookup, list, update and
// delete of the management API, asked by another organization with the first one's ids, finds
// nothing and changes nothing. Included by the per-backend instantiation files only.
#pragma once

#include "storage/contract/management_contract.hpp"

namespace sk::storage::contract {

TEST_P(StoreContract, ManagementLookupsByAnotherOrganizationFindNothing) {
  Shop mine = insert_shop(*store_, "mine");
  const Shop theirs = insert_shop(*store_, "theirs");
  const Subscription subscription = mine.subscription(2, at(10));
  Order order;
  order.id = crypto::uuid_v4();
  order.organization_id = mine.org.id;
  order.customer_id = mine.customer.id;
  order.product_id = mine.product.id;
  order.seats = 1;
  order.created_at = at(11);
  Member member = make_member(mine.customer, "member@example.com");
  mine.customer.external_id = "ext-mine";
  mine.customer.email = "mine@example.com";  // the other shop's customer is billing@example.com too
  write([&](Repository& repo) {
    ASSERT_TRUE(repo.update_customer(mine.customer));
    ASSERT_TRUE(repo.insert_subscription(subscription));
    ASSERT_TRUE(repo.insert_order(order));
    ASSERT_TRUE(repo.insert_member(member));
  });

  const Id& other = theirs.org.id;
  write([&](Repository& repo) {
    EXPECT_EQ(*repo.find_customer(other, mine.customer.id), std::nullopt);
    EXPECT_EQ(*repo.find_customer_including_deleted(other, mine.customer.id), std::nullopt);
    EXPECT_EQ(*repo.find_customer_by_email(other, *mine.customer.email), std::nullopt);
    EXPECT_EQ(*repo.find_customer_by_external_id(other, "ext-mine"), std::nullopt);
    EXPECT_EQ(*repo.find_product(other, mine.product.id), std::nullopt);
    EXPECT_EQ(*repo.find_subscription(other, subscription.id), std::nullopt);
    EXPECT_EQ(*repo.lock_subscription(other, subscription.id), std::nullopt);
    EXPECT_EQ(*repo.find_order(other, order.id), std::nullopt);
    EXPECT_EQ(*repo.find_container(ContainerKind::subscription, other, subscription.id), std::nullopt);
    EXPECT_EQ(*repo.find_container(ContainerKind::order, other, order.id), std::nullopt);

    // Lists of the other organization, even filtered by this one's ids, hold none of its rows.
    EXPECT_EQ(repo.list_customers(other, {}, {})->total_count, 1);  // its own billing customer
    CustomerFilter by_email;
    by_email.email = mine.customer.email;
    EXPECT_EQ(repo.list_customers(other, by_email, {})->total_count, 0);
    ProductFilter by_id;
    by_id.ids = {mine.product.id};
    EXPECT_EQ(repo.list_products(other, by_id, {})->total_count, 0);
    SubscriptionFilter by_customer;
    by_customer.customer_ids = {mine.customer.id};
    EXPECT_EQ(repo.list_subscriptions(other, by_customer, {})->total_count, 0);
    EXPECT_EQ(repo.list_subscriptions(other, {}, {})->total_count, 0);
    OrderFilter orders_by_customer;
    orders_by_customer.customer_ids = {mine.customer.id};
    EXPECT_EQ(repo.list_orders(other, orders_by_customer, {})->total_count, 0);
    EXPECT_EQ(repo.list_orders(other, {}, {})->total_count, 0);
    MemberFilter members_by_customer;
    members_by_customer.customer_id = mine.customer.id;
    EXPECT_EQ(repo.list_members(other, members_by_customer, {})->total_count, 0);
    EXPECT_EQ(repo.list_members(other, {}, {})->total_count, 0);

    // A delete addressed through the other organization changes nothing.
    EXPECT_FALSE(repo.delete_customer(other, mine.customer.id, at(30)));
  });

  // This organization still sees everything, unchanged.
  read([&](Repository& repo) {
    auto customer = repo.find_customer(mine.org.id, mine.customer.id);
    ASSERT_TRUE(customer && *customer);
    EXPECT_EQ((*customer)->deleted_at, std::nullopt);
    EXPECT_TRUE(*repo.find_product(mine.org.id, mine.product.id));
    EXPECT_TRUE(*repo.find_subscription(mine.org.id, subscription.id));
    EXPECT_TRUE(*repo.find_order(mine.org.id, order.id));
    EXPECT_EQ(repo.list_members(mine.org.id, {}, {})->total_count, 1);
  });
}

}  // namespace sk::storage::contract
