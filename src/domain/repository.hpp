// The storage port: everything the domain reads and writes, as one interface.
// SQLite (storage/sqlite) and PostgreSQL (storage/postgres) implement it side by side.
// A Repository is always bound to one transaction; the Store decides which.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/error.hpp"
#include "domain/commerce.hpp"
#include "domain/model.hpp"
#include "domain/webhook_model.hpp"

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

// A label and how many rows carry it (operations gauges).
using KeyCount = std::pair<std::string, std::int64_t>;

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
  // The members holding seats of a container, in one query (listing would otherwise ask per seat).
  virtual Result<std::vector<Member>> find_seat_members(ContainerKind, const Id& container_id) = 0;

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

  // ---- webhooks (issue 4): endpoints, their ordered event queues and the delivery log ----
  virtual Status insert_webhook_endpoint(const WebhookEndpoint&) = 0;
  // Writes every field. Enabling an endpoint that has queued events makes it due at `now`;
  // disabling it parks its queue (nothing is sent, nothing is dropped).
  virtual Status update_webhook_endpoint(const WebhookEndpoint&, Timestamp now) = 0;
  // Soft delete: the endpoint disappears from the API and its queued events are dropped.
  virtual Status delete_webhook_endpoint(const Id& id, Timestamp at) = 0;
  virtual Result<std::optional<WebhookEndpoint>> find_webhook_endpoint(const Id& organization_id, const Id& id) = 0;
  virtual Result<Page<WebhookEndpoint>> list_webhook_endpoints(const Id& organization_id, PageRequest) = 0;  // created_at, id
  // The organization's live endpoints (enabled or not) subscribed to `event_type`.
  virtual Result<std::vector<WebhookEndpoint>> find_subscribed_webhook_endpoints(const Id& organization_id,
                                                                                 const std::string& event_type) = 0;
  // The oldest undelivered messages of a topic, in the order they were committed (not by clock).
  virtual Result<std::vector<OutboxMessage>> oldest_outbox(const std::string& topic, int limit) = 0;
  // Appends the event to its endpoint's queue (or records it as already done when `event.done`);
  // an idle, enabled endpoint becomes due at `now`.
  virtual Status enqueue_webhook_event(const WebhookEvent&, Timestamp now) = 0;
  virtual Result<std::optional<WebhookEvent>> find_webhook_event(const Id& organization_id, const Id& id) = 0;
  // Redelivery: queues the event again with a fresh retry window; an endpoint waiting out a
  // back-off becomes due at `now`.
  virtual Status requeue_webhook_event(const Id& id, Timestamp now) = 0;
  // Leases the head event of up to `limit` due endpoints until `lease_until`: one event in flight per
  // endpoint, so each endpoint receives its events in order. Write jobs only.
  virtual Result<std::vector<WebhookTicket>> claim_webhook_tickets(Timestamp now, int limit, Timestamp lease_until) = 0;
  // Logs the attempt; if the lease is still ours, updates the event and schedules the endpoint.
  virtual Status record_webhook_attempt(const WebhookAttemptResult&, Timestamp now) = 0;
  // Gives a lease back unused (the attempt was abandoned at shutdown): the endpoint is due at `now`.
  virtual Status release_webhook_lease(const Id& endpoint_id, const std::string& lease_token, Timestamp now) = 0;
  virtual Result<Page<WebhookDeliveryView>> list_webhook_deliveries(const Id& organization_id, const DeliveryFilter&,
                                                                    PageRequest) = 0;  // newest first

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

  // operations: what /metrics and /readyz ask of the database, across all organizations
  virtual Result<std::vector<KeyCount>> count_seats_by_status() = 0;
  virtual Result<std::vector<KeyCount>> count_pending_outbox_by_topic() = 0;
  // True when every migration this binary knows has been applied.
  virtual Result<bool> schema_is_current() = 0;
};

}  // namespace sk::domain
