// The declarations of every domain::Repository method, once for both stores, in two lists:
//  - SK_SHARED_REPOSITORY_OVERRIDES: written once, for both stores, by SqlRepository
//    (storage/common/sql_repository.hpp, bodies in storage/common/sql_repository_<area>.hpp);
//  - SK_BACKEND_REPOSITORY_OVERRIDES: written by each backend's repository class in its
//    <backend>_repository_<area>.cpp files, because the two stores do them differently (row locks
//    and SKIP LOCKED claims on PostgreSQL, the single writer's plain reads on SQLite).
// A method added to the port goes into one of the two lists; shared unless it cannot be.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/repository.hpp"

// clang-format off
#define SK_SHARED_REPOSITORY_OVERRIDES \
  Status insert_organization(const domain::Organization&) override; \
  Result<std::optional<domain::Organization>> find_organization(const domain::Id&) override; \
  Result<std::optional<domain::Organization>> find_organization_by_slug(const std::string&) override; \
  Status update_organization(const domain::Organization&) override; \
  Status insert_access_token(const domain::AccessToken&, const std::string& token_hash) override; \
  Result<std::optional<domain::AccessToken>> find_access_token(const std::string& token_hash) override; \
  Status insert_customer(const domain::Customer&) override; \
  Result<std::optional<domain::Customer>> find_customer(const domain::Id& organization_id, const domain::Id& id) override; \
  Result<std::optional<domain::Customer>> find_customer_by_id(const domain::Id& id) override; \
  Result<std::optional<domain::Customer>> find_customer_by_email(const domain::Id& organization_id, const std::string& email) override; \
  Result<std::optional<domain::Customer>> find_customer_by_external_id(const domain::Id& organization_id, const std::string& external_id) override; \
  Status insert_member(const domain::Member&) override; \
  Status update_member(const domain::Member&) override; \
  Result<std::optional<domain::Member>> find_member(const domain::Id& id) override; \
  Result<std::optional<domain::Member>> find_member_by_email(const domain::Id& customer_id, const std::string& email) override; \
  Result<std::optional<domain::Member>> find_member_by_external_id(const domain::Id& customer_id, const std::string& external_id) override; \
  Result<std::vector<domain::Member>> find_seat_members(domain::ContainerKind, const domain::Id& container_id) override; \
  Status insert_product(const domain::Product&) override; \
  Result<std::optional<domain::Product>> find_product(const domain::Id& organization_id, const domain::Id& id) override; \
  Status insert_container(const domain::SeatContainer&) override; \
  Result<std::optional<domain::SeatContainer>> find_container(domain::ContainerKind, const domain::Id& organization_id, const domain::Id& id) override; \
  Status insert_member_session(const domain::MemberSession&) override; \
  Result<std::optional<domain::MemberSession>> find_member_session(const std::string& token_hash) override; \
  Status append_outbox(const domain::OutboxMessage&) override; \
  Result<std::vector<domain::OutboxMessage>> due_outbox(const std::string& topic, Timestamp now, int limit) override; \
  Status complete_outbox(const domain::Id& id, Timestamp at) override; \
  Status remove_outbox(const domain::Id& id) override; \
  Status reschedule_outbox(const domain::Id& id, Timestamp next_attempt_at, const std::string& last_error) override; \
  Status insert_webhook_endpoint(const domain::WebhookEndpoint&) override; \
  Status update_webhook_endpoint(const domain::WebhookEndpoint&, Timestamp now) override; \
  Status delete_webhook_endpoint(const domain::Id& id, Timestamp at) override; \
  Result<std::optional<domain::WebhookEndpoint>> find_webhook_endpoint(const domain::Id& organization_id, const domain::Id& id) override; \
  Result<domain::Page<domain::WebhookEndpoint>> list_webhook_endpoints(const domain::Id& organization_id, domain::PageRequest) override; \
  Result<std::vector<domain::WebhookEndpoint>> find_subscribed_webhook_endpoints(const domain::Id& organization_id, const std::string& event_type) override; \
  Status enqueue_webhook_event(const domain::WebhookEvent&, Timestamp now) override; \
  Result<std::optional<domain::WebhookEvent>> find_webhook_event(const domain::Id& organization_id, const domain::Id& id) override; \
  Status requeue_webhook_event(const domain::Id& id, Timestamp now) override; \
  Result<std::vector<domain::WebhookTicket>> claim_webhook_tickets(Timestamp now, int limit, Timestamp lease_until) override; \
  Status record_webhook_attempt(const domain::WebhookAttemptResult&, Timestamp now) override; \
  Status release_webhook_lease(const domain::Id& endpoint_id, const std::string& lease_token, Timestamp now) override; \
  Result<domain::Page<domain::WebhookDeliveryView>> list_webhook_deliveries(const domain::Id& organization_id, const domain::DeliveryFilter&, domain::PageRequest) override; \
  Status update_customer(const domain::Customer&) override; \
  Status delete_customer(const domain::Id& organization_id, const domain::Id& id, Timestamp at) override; \
  Result<std::optional<domain::Customer>> find_customer_including_deleted(const domain::Id& organization_id, const domain::Id& id) override; \
  Result<domain::Page<domain::Customer>> list_customers(const domain::Id& organization_id, const domain::CustomerFilter&, const domain::PageRequest&) override; \
  Status update_product(const domain::Product&) override; \
  Result<domain::Page<domain::Product>> list_products(const domain::Id& organization_id, const domain::ProductFilter&, const domain::PageRequest&) override; \
  Status insert_subscription(const domain::Subscription&) override; \
  Status update_subscription(const domain::Subscription&) override; \
  Result<std::optional<domain::Subscription>> find_subscription(const domain::Id& organization_id, const domain::Id& id) override; \
  Result<std::optional<domain::Subscription>> lock_subscription(const domain::Id& organization_id, const domain::Id& id) override; \
  Result<domain::Page<domain::Subscription>> list_subscriptions(const domain::Id& organization_id, const domain::SubscriptionFilter&, const domain::PageRequest&) override; \
  Result<std::vector<domain::Subscription>> active_subscriptions_of_customer(const domain::Id& customer_id) override; \
  Result<std::vector<domain::Subscription>> subscriptions_due_to_end(Timestamp now, int limit) override; \
  Status insert_order(const domain::Order&) override; \
  Status update_order(const domain::Order&) override; \
  Result<std::optional<domain::Order>> find_order(const domain::Id& organization_id, const domain::Id& id) override; \
  Result<domain::Page<domain::Order>> list_orders(const domain::Id& organization_id, const domain::OrderFilter&, const domain::PageRequest&) override; \
  Result<domain::Page<domain::Member>> list_members(const domain::Id& organization_id, const domain::MemberFilter&, const domain::PageRequest&) override; \
  Status delete_member(const domain::Id& id, Timestamp at) override; \
  Result<std::optional<domain::Member>> find_owner_member(const domain::Id& customer_id) override; \
  Result<std::vector<domain::Seat>> occupied_seats_of_member(const domain::Id& member_id) override; \
  Status insert_customer_session(const domain::CustomerSession&) override; \
  Result<std::optional<domain::CustomerSession>> find_customer_session(const std::string& token_hash) override; \
  Result<domain::Page<domain::Seat>> list_seat_page(domain::ContainerKind, const domain::Id& container_id, const domain::SeatFilter&, const domain::PageRequest&) override; \
  Result<domain::InvitationPolicy> find_invitation_policy(const domain::Id& organization_id) override; \
  Status save_invitation_policy(const domain::Id& organization_id, const domain::InvitationPolicy&, Timestamp at) override; \
  Result<std::optional<domain::IdempotencyRecord>> find_idempotency_record(const std::string& scope, const std::string& key, Timestamp now) override; \
  Status save_idempotency_record(const domain::IdempotencyRecord&) override; \
  Result<int> delete_expired_idempotency_records(Timestamp now, int limit) override; \
  Status append_seat_event(const domain::SeatHistoryEvent&) override; \
  Result<bool> has_seat_event(const domain::Id& seat_id, domain::SeatEventKind, Timestamp at) override; \
  Result<domain::Page<domain::SeatHistoryEvent>> list_seat_events(const domain::Id& seat_id, const domain::PageRequest&) override; \
  Result<std::vector<domain::SeatHistoryEvent>> container_seat_events_until(domain::ContainerKind, const domain::Id& container_id, Timestamp at) override; \
  Result<std::vector<domain::Seat>> seats_with_unrecorded_lapse(Timestamp now, int limit) override; \
  Result<std::vector<domain::KeyCount>> count_seats_by_status() override; \
  Result<std::vector<domain::KeyCount>> count_pending_outbox_by_topic() override;

#define SK_BACKEND_REPOSITORY_OVERRIDES \
  Status insert_seat(const domain::Seat&) override; \
  Status update_seat(const domain::Seat&) override; \
  Result<std::optional<domain::Seat>> find_seat(const domain::Id& organization_id, const domain::Id& seat_id) override; \
  Result<std::optional<domain::Seat>> find_seat_by_token_hash(const std::string& token_hash) override; \
  Result<std::vector<domain::Seat>> list_seats(domain::ContainerKind, const domain::Id& container_id) override; \
  Result<int> count_occupied_seats(domain::ContainerKind, const domain::Id& container_id) override; \
  Result<std::optional<domain::Seat>> find_revoked_seat(domain::ContainerKind, const domain::Id& container_id) override; \
  Result<std::optional<domain::Seat>> find_occupied_seat_by_email(domain::ContainerKind, const domain::Id& container_id, const std::string& email) override; \
  Result<std::vector<domain::OutboxMessage>> claim_outbox(const std::string& topic, Timestamp now, int limit, Timestamp lease_until) override; \
  Result<std::vector<domain::OutboxMessage>> oldest_outbox(const std::string& topic, int limit) override; \
  Result<bool> hold_idempotency_key(const std::string& scope, const std::string& key) override; \
  Result<bool> schema_is_current() override;
// clang-format on
