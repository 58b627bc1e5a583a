// The storage port, management API: customers, products, subscriptions, orders, members and
// customer sessions beyond what the seats need.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "domain/commerce.hpp"
#include "domain/model.hpp"
#include "domain/paging.hpp"

namespace sk::domain {

class ManagementRepository {
 public:
  virtual ~ManagementRepository() = default;

  // ---- management API: customers, products, subscriptions, orders, members, sessions ----
  // Lists order by created_at then id (PageRequest::newest_first picks the direction) and count
  // every match for the pagination envelope.

  virtual Status update_customer(const Customer&) = 0;
  // Soft delete: the row stays for history (subscriptions, orders), its external id is cleared,
  // its e-mail and external id become free again, and its customer sessions die.
  virtual Status delete_customer(const Id& organization_id, const Id& id, Timestamp at) = 0;
  // Also finds deleted customers: subscriptions and orders keep showing who bought them.
  virtual Result<std::optional<Customer>> find_customer_including_deleted(const Id& organization_id, const Id& id) = 0;
  virtual Result<Page<Customer>> list_customers(const Id& organization_id, const CustomerFilter&, const PageRequest&) = 0;

  virtual Status update_product(const Product&) = 0;
  virtual Result<Page<Product>> list_products(const Id& organization_id, const ProductFilter&, const PageRequest&) = 0;

  virtual Status insert_subscription(const Subscription&) = 0;
  virtual Status update_subscription(const Subscription&) = 0;
  virtual Result<std::optional<Subscription>> find_subscription(const Id& organization_id, const Id& id) = 0;
  // find_subscription for a write that then counts or changes seats. SQLite serialises every
  // write on one writer, so a plain read is enough there; PostgreSQL must lock the row
  // (SELECT ... FOR UPDATE) so a concurrent seat assignment or seat-count change waits for us.
  virtual Result<std::optional<Subscription>> lock_subscription(const Id& organization_id, const Id& id) = 0;
  virtual Result<Page<Subscription>> list_subscriptions(const Id& organization_id, const SubscriptionFilter&,
                                                        const PageRequest&) = 0;
  // Active subscriptions of the customer (any organization-scoped caller checks the customer first).
  virtual Result<std::vector<Subscription>> active_subscriptions_of_customer(const Id& customer_id) = 0;
  // Active subscriptions whose scheduled end (ends_at) is at or before `now`, oldest first.
  virtual Result<std::vector<Subscription>> subscriptions_due_to_end(Timestamp now, int limit) = 0;

  virtual Status insert_order(const Order&) = 0;
  virtual Status update_order(const Order&) = 0;
  virtual Result<std::optional<Order>> find_order(const Id& organization_id, const Id& id) = 0;
  virtual Result<Page<Order>> list_orders(const Id& organization_id, const OrderFilter&, const PageRequest&) = 0;

  virtual Result<Page<Member>> list_members(const Id& organization_id, const MemberFilter&, const PageRequest&) = 0;
  // Soft delete; the member's sessions die with it.
  virtual Status delete_member(const Id& id, Timestamp at) = 0;
  virtual Result<std::optional<Member>> find_owner_member(const Id& customer_id) = 0;
  // Pending and claimed seats held by the member, in any container.
  virtual Result<std::vector<Seat>> occupied_seats_of_member(const Id& member_id) = 0;

  virtual Status insert_customer_session(const CustomerSession&) = 0;
  virtual Result<std::optional<CustomerSession>> find_customer_session(const std::string& token_hash) = 0;
};

}  // namespace sk::domain
