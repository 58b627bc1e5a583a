// The storage port: everything the domain reads and writes, as one interface.
// SQLite (storage/sqlite) and PostgreSQL (storage/postgres) implement it side by side.
// A Repository is always bound to one transaction; the Store decides which.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "domain/commerce.hpp"
#include "domain/model.hpp"

namespace sk::domain {

struct OutboxMessage {
  Id id;
  std::string topic;  // "email" | "webhook_event"
  Id organization_id;
  std::string event_type;  // e.g. "customer_seat.assigned", "seat_invitation"
  std::string payload;     // JSON text; for e-mail, sealed (encrypted) because it carries a claim link
  Timestamp created_at;
  Timestamp available_at;
  int attempts = 0;
};

class Repository {
 public:
  virtual ~Repository() = default;

  // organizations and their access tokens
  virtual Status insert_organization(const Organization&) = 0;
  virtual Result<std::optional<Organization>> find_organization(const Id&) = 0;
  virtual Result<std::optional<Organization>> find_organization_by_slug(const std::string&) = 0;
  virtual Status update_organization(const Organization&) = 0;
  virtual Status insert_access_token(const AccessToken&, const std::string& token_hash) = 0;
  virtual Result<std::optional<AccessToken>> find_access_token(const std::string& token_hash) = 0;

  // customers, scoped to an organization
  virtual Status insert_customer(const Customer&) = 0;
  virtual Result<std::optional<Customer>> find_customer(const Id& organization_id, const Id& id) = 0;
  // Any organization's customer (operator tools only; API calls always scope by organization).
  virtual Result<std::optional<Customer>> find_customer_by_id(const Id& id) = 0;
  virtual Result<std::optional<Customer>> find_customer_by_email(const Id& organization_id, const std::string& email) = 0;
  virtual Result<std::optional<Customer>> find_customer_by_external_id(const Id& organization_id,
                                                                       const std::string& external_id) = 0;

  // members, scoped to their (billing) customer
  virtual Status insert_member(const Member&) = 0;
  virtual Status update_member(const Member&) = 0;
  virtual Result<std::optional<Member>> find_member(const Id& id) = 0;
  virtual Result<std::optional<Member>> find_member_by_email(const Id& customer_id, const std::string& email) = 0;
  virtual Result<std::optional<Member>> find_member_by_external_id(const Id& customer_id,
                                                                   const std::string& external_id) = 0;

  // products and seat containers
  virtual Status insert_product(const Product&) = 0;
  virtual Result<std::optional<Product>> find_product(const Id& organization_id, const Id& id) = 0;
  virtual Status insert_container(const SeatContainer&) = 0;
  virtual Result<std::optional<SeatContainer>> find_container(ContainerKind, const Id& organization_id, const Id& id) = 0;

  // seats
  virtual Status insert_seat(const Seat&) = 0;
  virtual Status update_seat(const Seat&) = 0;
  virtual Result<std::optional<Seat>> find_seat(const Id& organization_id, const Id& seat_id) = 0;
  virtual Result<std::optional<Seat>> find_seat_by_token_hash(const std::string& token_hash) = 0;
  virtual Result<std::vector<Seat>> list_seats(ContainerKind, const Id& container_id) = 0;  // created_at, id
  virtual Result<int> count_occupied_seats(ContainerKind, const Id& container_id) = 0;    // pending + claimed
  virtual Result<std::optional<Seat>> find_revoked_seat(ContainerKind, const Id& container_id) = 0;
  // A pending or claimed seat of the container held by this e-mail (case-insensitive).
  virtual Result<std::optional<Seat>> find_occupied_seat_by_email(ContainerKind, const Id& container_id,
                                                                  const std::string& email) = 0;

  // sessions minted by claim
  virtual Status insert_member_session(const MemberSession&) = 0;
  virtual Result<std::optional<MemberSession>> find_member_session(const std::string& token_hash) = 0;

  // the durable outbox, written in the same transaction as the change it reports
  virtual Status append_outbox(const OutboxMessage&) = 0;
  virtual Result<std::vector<OutboxMessage>> due_outbox(const std::string& topic, Timestamp now, int limit) = 0;
  // Takes up to `limit` due messages for delivery: each becomes invisible to other workers until
  // `lease_until` (so a crashed worker's messages come back), oldest first. Write jobs only.
  virtual Result<std::vector<OutboxMessage>> claim_outbox(const std::string& topic, Timestamp now, int limit,
                                                          Timestamp lease_until) = 0;
  virtual Status complete_outbox(const Id& id, Timestamp at) = 0;
  virtual Status reschedule_outbox(const Id& id, Timestamp next_attempt_at, const std::string& last_error) = 0;

  // ---- management API (issue 3): customers, products, subscriptions, orders, members, sessions ----
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
