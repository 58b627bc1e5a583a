// The column lists of every table, in the order the row readers read them: one place to add a
// column, whichever store runs the statement. (Macros, so statements stay string literals.)
#pragma once

#define SK_CUSTOMER_COLUMNS \
  "id, organization_id, email, external_id, name, created_at, modified_at, type, metadata, deleted_at"
#define SK_MEMBER_COLUMNS \
  "id, customer_id, organization_id, email, name, external_id, role, created_at, modified_at"
#define SK_PRODUCT_COLUMNS                                                                                  \
  "id, organization_id, name, recurring, minimum_seats, maximum_seats, created_at, modified_at, description, " \
  "visibility, recurring_interval, recurring_interval_count, is_archived, metadata, price_id, price_currency, " \
  "seat_tier_type, seat_tiers, price_created_at"
#define SK_SEAT_COLUMNS                                                                                         \
  "id, created_at, modified_at, subscription_id, order_id, organization_id, status, customer_id, member_id, " \
  "email, invitation_token_hash, invitation_token_expires_at, claimed_at, revoked_at, metadata"
#define SK_SUBSCRIPTION_COLUMNS                                                                            \
  "id, organization_id, customer_id, product_id, seats, status, created_at, modified_at, started_at, "      \
  "cancel_at_period_end, canceled_at, ends_at, ended_at, cancellation_reason, cancellation_comment, metadata"
#define SK_ORDER_COLUMNS                                                                                   \
  "id, organization_id, customer_id, product_id, seats, status, created_at, modified_at, currency, "        \
  "description, metadata, item_id"
#define SK_ACCESS_TOKEN_COLUMNS "id, organization_id, scopes, expires_at"
#define SK_MEMBER_SESSION_COLUMNS "id, token_hash, member_id, expires_at, created_at"
#define SK_ORGANIZATION_COLUMNS "id, name, slug, seat_based_pricing_enabled, created_at"
#define SK_CONTAINER_COLUMNS "id, organization_id, customer_id, product_id, seats, status, created_at"
#define SK_OUTBOX_COLUMNS \
  "id, topic, organization_id, event_type, payload, created_at, available_at, attempts, request_id"
#define SK_ENDPOINT_COLUMNS \
  "id, organization_id, url, name, format, sealed_secret, events, enabled, created_at, modified_at"
#define SK_EVENT_COLUMNS                                                                                       \
  "e.id, e.endpoint_id, e.organization_id, e.type, e.payload, e.created_at, e.modified_at, e.last_http_code, " \
  "e.succeeded, e.skipped, e.attempts, e.done_at IS NOT NULL"
#define SK_DELIVERY_COLUMNS \
  "d.id, d.event_id, d.endpoint_id, d.organization_id, d.created_at, d.succeeded, d.http_code, d.response, d.duration_ms"
