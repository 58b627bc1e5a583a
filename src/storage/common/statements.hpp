// Statements both stores run as written, with $1, $2, ... placeholders (SQLite rewrites them to
// ?1, ?2, ... once, when it first prepares one). (Macros, so every statement stays one string
// literal.)
//
// Portable SQL where it exists: CAST($n AS TEXT) (not $n::text) gives PostgreSQL the type of a
// filter parameter that may be NULL; INSERT ... ON CONFLICT DO NOTHING reports a lost race
// without aborting a PostgreSQL transaction, and both stores' insert_unique turn "no row
// inserted" into ErrorKind::conflict. Where the dialects really differ, a statement names the
// fragment, and each backend's <backend>_dialect.hpp defines it:
//   SK_SQL_LOWER_ASCII(x)      x in lower case, ASCII letters only (as email_lower is stored)
//   SK_SQL_CONTAINS(h, n)      the text h contains the text n
//   SK_SQL_JSON_TEXTS(p)       a subquery: the strings of the JSON array in text parameter p
//   SK_SQL_FOR_UPDATE          the row lock a write job takes on what it read (SQLite: nothing,
//                              its single writer already excludes every other write)
//   SK_SQL_SKIP_LOCKED         FOR UPDATE that passes over rows another instance holds
//   SK_SQL_UUID_STORED(x)      an id as a compact-id column stores it (SQLite: a canonical UUID
//                              as 16 bytes; PostgreSQL: x)
//   SK_SQL_UUID_READ(c)        a compact-id column's value as the id's text
#pragma once

#include "storage/common/columns.hpp"

// ---- organizations, access tokens, member sessions ----
#define SK_SQL_INSERT_ORGANIZATION "INSERT INTO organizations (" SK_ORGANIZATION_COLUMNS ") VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING"
#define SK_SQL_FIND_ORGANIZATION "SELECT " SK_ORGANIZATION_COLUMNS " FROM organizations WHERE id = $1"
#define SK_SQL_FIND_ORGANIZATION_BY_SLUG "SELECT " SK_ORGANIZATION_COLUMNS " FROM organizations WHERE slug = $1"
#define SK_SQL_UPDATE_ORGANIZATION \
  "UPDATE organizations SET name = $2, slug = $3, seat_based_pricing_enabled = $4, created_at = $5 WHERE id = $1"
// The model has no creation time; the row records when it was written ($6).
#define SK_SQL_INSERT_ACCESS_TOKEN                                                              \
  "INSERT INTO access_tokens (id, organization_id, token_hash, scopes, expires_at, created_at) " \
  "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING"
#define SK_SQL_FIND_ACCESS_TOKEN "SELECT " SK_ACCESS_TOKEN_COLUMNS " FROM access_tokens WHERE token_hash = $1 AND revoked_at IS NULL"
#define SK_SQL_INSERT_MEMBER_SESSION \
  "INSERT INTO member_sessions (" SK_MEMBER_SESSION_COLUMNS ") VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING"
#define SK_SQL_FIND_MEMBER_SESSION "SELECT " SK_MEMBER_SESSION_COLUMNS " FROM member_sessions WHERE token_hash = $1"

// ---- customers and members (email_lower is bound as lower_ascii(email)) ----
#define SK_SQL_INSERT_CUSTOMER                                                                                   \
  "INSERT INTO customers (id, organization_id, email, email_lower, external_id, name, created_at, modified_at, " \
  "type, metadata) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING"
#define SK_SQL_FIND_CUSTOMER \
  "SELECT " SK_CUSTOMER_COLUMNS " FROM customers WHERE id = $1 AND organization_id = $2 AND deleted_at IS NULL"
#define SK_SQL_FIND_CUSTOMER_BY_ID "SELECT " SK_CUSTOMER_COLUMNS " FROM customers WHERE id = $1 AND deleted_at IS NULL"
#define SK_SQL_FIND_CUSTOMER_BY_EMAIL \
  "SELECT " SK_CUSTOMER_COLUMNS " FROM customers WHERE organization_id = $1 AND email_lower = $2 AND deleted_at IS NULL"
#define SK_SQL_FIND_CUSTOMER_BY_EXTERNAL_ID \
  "SELECT " SK_CUSTOMER_COLUMNS " FROM customers WHERE organization_id = $1 AND external_id = $2 AND deleted_at IS NULL"
#define SK_SQL_INSERT_MEMBER                                                                                    \
  "INSERT INTO members (id, customer_id, organization_id, email, email_lower, name, external_id, role, "       \
  "created_at, modified_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING"
#define SK_SQL_UPDATE_MEMBER                                                                                     \
  "UPDATE members SET customer_id = $2, organization_id = $3, email = $4, email_lower = $5, name = $6, "        \
  "external_id = $7, role = $8, created_at = $9, modified_at = $10 WHERE id = $1"
#define SK_SQL_FIND_MEMBER "SELECT " SK_MEMBER_COLUMNS " FROM members WHERE id = $1 AND deleted_at IS NULL"
#define SK_SQL_FIND_MEMBER_BY_EMAIL \
  "SELECT " SK_MEMBER_COLUMNS " FROM members WHERE customer_id = $1 AND email_lower = $2 AND deleted_at IS NULL"
#define SK_SQL_FIND_MEMBER_BY_EXTERNAL_ID \
  "SELECT " SK_MEMBER_COLUMNS " FROM members WHERE customer_id = $1 AND external_id = $2 AND deleted_at IS NULL"
// The members holding seats of a container, in one query.
#define SK_SQL_SEAT_MEMBERS_OF_SUBSCRIPTION                                     \
  "SELECT " SK_MEMBER_COLUMNS " FROM members WHERE deleted_at IS NULL AND id IN " \
  "(SELECT member_id FROM customer_seats WHERE subscription_id = $1 AND member_id IS NOT NULL)"
#define SK_SQL_SEAT_MEMBERS_OF_ORDER                                            \
  "SELECT " SK_MEMBER_COLUMNS " FROM members WHERE deleted_at IS NULL AND id IN " \
  "(SELECT member_id FROM customer_seats WHERE order_id = $1 AND member_id IS NOT NULL)"

// ---- products and seat containers ----
#define SK_SQL_INSERT_PRODUCT                                                                                   \
  "INSERT INTO products (" SK_PRODUCT_COLUMNS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, " \
  "$14, $15, $16, $17, $18, $19) ON CONFLICT DO NOTHING"
#define SK_SQL_FIND_PRODUCT "SELECT " SK_PRODUCT_COLUMNS " FROM products WHERE id = $1 AND organization_id = $2"
#define SK_SQL_INSERT_SUBSCRIPTION_CONTAINER \
  "INSERT INTO subscriptions (" SK_CONTAINER_COLUMNS ") VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING"
#define SK_SQL_INSERT_ORDER_CONTAINER "INSERT INTO orders (" SK_CONTAINER_COLUMNS ") VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING"
#define SK_SQL_FIND_SUBSCRIPTION_CONTAINER \
  "SELECT " SK_CONTAINER_COLUMNS " FROM subscriptions WHERE id = $1 AND organization_id = $2"
#define SK_SQL_FIND_ORDER_CONTAINER "SELECT " SK_CONTAINER_COLUMNS " FROM orders WHERE id = $1 AND organization_id = $2"

// ---- seats ----
#define SK_SQL_INSERT_SEAT \
  "INSERT INTO customer_seats (" SK_SEAT_COLUMNS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"
#define SK_SQL_UPDATE_SEAT                                                                                  \
  "UPDATE customer_seats SET created_at = $2, modified_at = $3, subscription_id = $4, order_id = $5, "     \
  "organization_id = $6, status = $7, customer_id = $8, member_id = $9, email = $10, "                    \
  "invitation_token_hash = $11, invitation_token_expires_at = $12, claimed_at = $13, revoked_at = $14, " \
  "metadata = $15 WHERE id = $1"
#define SK_SQL_FIND_SEAT "SELECT " SK_SEAT_COLUMNS " FROM customer_seats WHERE id = $1 AND organization_id = $2"
#define SK_SQL_FIND_SEAT_BY_TOKEN_HASH \
  "SELECT " SK_SEAT_COLUMNS " FROM customer_seats WHERE invitation_token_hash = $1 LIMIT 1"
#define SK_SQL_SEATS_OF_SUBSCRIPTION \
  "SELECT " SK_SEAT_COLUMNS " FROM customer_seats WHERE subscription_id = $1 ORDER BY created_at, id"
#define SK_SQL_SEATS_OF_ORDER "SELECT " SK_SEAT_COLUMNS " FROM customer_seats WHERE order_id = $1 ORDER BY created_at, id"
// The container keeps its occupied (pending + claimed) count, maintained by triggers on
// customer_seats (migration 5), so a capacity check reads one row however many seats it holds.
#define SK_SQL_COUNT_OCCUPIED_OF_SUBSCRIPTION "SELECT occupied_seats FROM subscriptions WHERE id = $1"
#define SK_SQL_COUNT_OCCUPIED_OF_ORDER "SELECT occupied_seats FROM orders WHERE id = $1"
// No ORDER BY: any revoked seat will do, and sorting would steer SQLite's planner away from the
// occupancy index onto a scan of every seat in the container.
#define SK_SQL_REVOKED_SEAT_OF_SUBSCRIPTION \
  "SELECT " SK_SEAT_COLUMNS " FROM customer_seats WHERE subscription_id = $1 AND status = 'revoked' LIMIT 1"
#define SK_SQL_REVOKED_SEAT_OF_ORDER \
  "SELECT " SK_SEAT_COLUMNS " FROM customer_seats WHERE order_id = $1 AND status = 'revoked' LIMIT 1"

// ---- outbox ----
#define SK_SQL_INSERT_OUTBOX \
  "INSERT INTO outbox (" SK_OUTBOX_COLUMNS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING"
#define SK_SQL_DUE_OUTBOX                                                                              \
  "SELECT " SK_OUTBOX_COLUMNS " FROM outbox WHERE topic = $1 AND delivered_at IS NULL AND available_at <= $2 " \
  "ORDER BY created_at, id LIMIT $3"
#define SK_SQL_COMPLETE_OUTBOX "UPDATE outbox SET delivered_at = $2 WHERE id = $1"
#define SK_SQL_REMOVE_OUTBOX "DELETE FROM outbox WHERE id = $1"
#define SK_SQL_RESCHEDULE_OUTBOX \
  "UPDATE outbox SET attempts = attempts + 1, available_at = $2, last_error = $3 WHERE id = $1"

// ---- management: customers, products, members, customer sessions ----
#define SK_SQL_UPDATE_CUSTOMER                                                                    \
  "UPDATE customers SET email = $3, email_lower = $4, external_id = $5, name = $6, modified_at = $7, " \
  "type = $8, metadata = $9 WHERE id = $1 AND organization_id = $2 AND deleted_at IS NULL"
#define SK_SQL_DELETE_CUSTOMER                                                                 \
  "UPDATE customers SET deleted_at = $3, modified_at = $3, external_id = NULL "                  \
  "WHERE id = $1 AND organization_id = $2 AND deleted_at IS NULL"
#define SK_SQL_DELETE_SESSIONS_OF_CUSTOMER "DELETE FROM customer_sessions WHERE customer_id = $1"
#define SK_SQL_FIND_CUSTOMER_INCLUDING_DELETED \
  "SELECT " SK_CUSTOMER_COLUMNS " FROM customers WHERE id = $1 AND organization_id = $2"
// Matches the query against e-mail, name and external id, one per line so no match spans two.
#define SK_SQL_CUSTOMER_FILTER                                                                                    \
  " FROM customers WHERE organization_id = $1 AND deleted_at IS NULL"                                             \
  " AND (CAST($2 AS TEXT) IS NULL OR email_lower = " SK_SQL_LOWER_ASCII("CAST($2 AS TEXT)") ")"                  \
  " AND (CAST($3 AS TEXT) IS NULL OR "                                                                            \
  SK_SQL_CONTAINS("lower(coalesce(email, '') || '\n' || coalesce(name, '') || '\n' || coalesce(external_id, ''))", \
                  SK_SQL_LOWER_ASCII("CAST($3 AS TEXT)")) ")"
#define SK_SQL_UPDATE_PRODUCT                                                                            \
  "UPDATE products SET name = $3, minimum_seats = $4, maximum_seats = $5, modified_at = $6, "             \
  "description = $7, visibility = $8, is_archived = $9, metadata = $10, price_id = $11, "                 \
  "price_currency = $12, seat_tier_type = $13, seat_tiers = $14, price_created_at = $15 "                 \
  "WHERE id = $1 AND organization_id = $2"
#define SK_SQL_PRODUCT_FILTER                                                                         \
  " FROM products WHERE organization_id = $1"                                                         \
  " AND (CAST($2 AS TEXT) IS NULL OR id IN (" SK_SQL_JSON_TEXTS("$2") "))"                             \
  " AND (CAST($3 AS TEXT) IS NULL OR " SK_SQL_CONTAINS("lower(name)", SK_SQL_LOWER_ASCII("CAST($3 AS TEXT)")) ")" \
  " AND (CAST($4 AS INTEGER) IS NULL OR is_archived = CAST($4 AS INTEGER))"                           \
  " AND (CAST($5 AS INTEGER) IS NULL OR recurring = CAST($5 AS INTEGER))"
#define SK_SQL_MEMBER_FILTER                                                                          \
  " FROM members WHERE organization_id = $1 AND deleted_at IS NULL"                                   \
  " AND (CAST($2 AS TEXT) IS NULL OR customer_id = CAST($2 AS TEXT))"                                 \
  " AND (CAST($3 AS TEXT) IS NULL OR customer_id IN (SELECT id FROM customers WHERE organization_id = $1" \
  " AND external_id = CAST($3 AS TEXT) AND deleted_at IS NULL))"                                      \
  " AND (CAST($4 AS TEXT) IS NULL OR role = CAST($4 AS TEXT))"
#define SK_SQL_DELETE_MEMBER \
  "UPDATE members SET deleted_at = $2, modified_at = $2 WHERE id = $1 AND deleted_at IS NULL"
#define SK_SQL_DELETE_SESSIONS_OF_MEMBER "DELETE FROM member_sessions WHERE member_id = $1"
#define SK_SQL_FIND_OWNER_MEMBER \
  "SELECT " SK_MEMBER_COLUMNS " FROM members WHERE customer_id = $1 AND role = 'owner' AND deleted_at IS NULL"
#define SK_SQL_OCCUPIED_SEATS_OF_MEMBER                                                         \
  "SELECT " SK_SEAT_COLUMNS " FROM customer_seats "                                             \
  "WHERE member_id = $1 AND status IN ('pending', 'claimed') ORDER BY created_at, id"
#define SK_CUSTOMER_SESSION_COLUMNS "id, token_hash, customer_id, return_url, expires_at, created_at"
#define SK_SQL_INSERT_CUSTOMER_SESSION \
  "INSERT INTO customer_sessions (" SK_CUSTOMER_SESSION_COLUMNS ") VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING"
#define SK_SQL_FIND_CUSTOMER_SESSION \
  "SELECT " SK_CUSTOMER_SESSION_COLUMNS " FROM customer_sessions WHERE token_hash = $1"

// ---- management: subscriptions and orders ----
#define SK_SQL_IN_JSON(p) " IN (" SK_SQL_JSON_TEXTS(p) ")"
#define SK_SQL_INSERT_SUBSCRIPTION                                                                  \
  "INSERT INTO subscriptions (" SK_SUBSCRIPTION_COLUMNS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, " \
  "$11, $12, $13, $14, $15, $16) ON CONFLICT DO NOTHING"
#define SK_SQL_UPDATE_SUBSCRIPTION                                                                     \
  "UPDATE subscriptions SET customer_id = $3, product_id = $4, seats = $5, status = $6, "               \
  "modified_at = $7, started_at = $8, cancel_at_period_end = $9, canceled_at = $10, ends_at = $11, "    \
  "ended_at = $12, cancellation_reason = $13, cancellation_comment = $14, metadata = $15 "              \
  "WHERE id = $1 AND organization_id = $2"
#define SK_SQL_FIND_SUBSCRIPTION \
  "SELECT " SK_SUBSCRIPTION_COLUMNS " FROM subscriptions WHERE id = $1 AND organization_id = $2"
#define SK_SQL_SUBSCRIPTION_FILTER                                                                     \
  " FROM subscriptions WHERE organization_id = $1"                                                     \
  " AND (CAST($2 AS TEXT) IS NULL OR customer_id" SK_SQL_IN_JSON("$2") ")"                             \
  " AND (CAST($3 AS TEXT) IS NULL OR customer_id IN (SELECT id FROM customers WHERE organization_id = $1" \
  " AND external_id" SK_SQL_IN_JSON("$3") "))"                                                         \
  " AND (CAST($4 AS TEXT) IS NULL OR product_id" SK_SQL_IN_JSON("$4") ")"                              \
  " AND (CAST($5 AS INTEGER) IS NULL OR "                                                              \
  "(CASE WHEN status IN ('active', 'trialing') THEN 1 ELSE 0 END) = CAST($5 AS INTEGER))"              \
  " AND (CAST($6 AS TEXT) IS NULL OR status" SK_SQL_IN_JSON("$6") ")"                                  \
  " AND (CAST($7 AS INTEGER) IS NULL OR cancel_at_period_end = CAST($7 AS INTEGER))"
#define SK_SQL_ACTIVE_SUBSCRIPTIONS_OF_CUSTOMER                                               \
  "SELECT " SK_SUBSCRIPTION_COLUMNS " FROM subscriptions "                                   \
  "WHERE customer_id = $1 AND status IN ('active', 'trialing') ORDER BY created_at, id"
#define SK_SQL_SUBSCRIPTIONS_DUE_TO_END                                                                \
  "SELECT " SK_SUBSCRIPTION_COLUMNS " FROM subscriptions "                                            \
  "WHERE cancel_at_period_end = 1 AND ended_at IS NULL AND status IN ('active', 'trialing') "         \
  "AND ends_at <= $1 ORDER BY ends_at, id LIMIT $2"
#define SK_SQL_INSERT_ORDER \
  "INSERT INTO orders (" SK_ORDER_COLUMNS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT DO NOTHING"
#define SK_SQL_UPDATE_ORDER                                                                                 \
  "UPDATE orders SET seats = $3, status = $4, modified_at = $5, currency = $6, description = $7, metadata = $8 " \
  "WHERE id = $1 AND organization_id = $2"
#define SK_SQL_FIND_ORDER "SELECT " SK_ORDER_COLUMNS " FROM orders WHERE id = $1 AND organization_id = $2"
#define SK_SQL_ORDER_FILTER                                                                            \
  " FROM orders WHERE organization_id = $1"                                                            \
  " AND (CAST($2 AS TEXT) IS NULL OR customer_id" SK_SQL_IN_JSON("$2") ")"                             \
  " AND (CAST($3 AS TEXT) IS NULL OR customer_id IN (SELECT id FROM customers WHERE organization_id = $1" \
  " AND external_id" SK_SQL_IN_JSON("$3") "))"                                                         \
  " AND (CAST($4 AS TEXT) IS NULL OR product_id" SK_SQL_IN_JSON("$4") ")"                              \
  " AND (CAST($5 AS TEXT) IS NULL OR status" SK_SQL_IN_JSON("$5") ")"

// ---- webhooks ----
#define SK_SQL_INSERT_WEBHOOK_ENDPOINT \
  "INSERT INTO webhook_endpoints (" SK_ENDPOINT_COLUMNS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING"
#define SK_SQL_UPDATE_WEBHOOK_ENDPOINT                                                                  \
  "UPDATE webhook_endpoints SET url = $2, name = $3, format = $4, sealed_secret = $5, events = $6, "      \
  "enabled = $7, modified_at = $8 WHERE id = $1 AND deleted_at IS NULL"
#define SK_SQL_DELETE_WEBHOOK_ENDPOINT                                                         \
  "UPDATE webhook_endpoints SET deleted_at = $2, next_attempt_at = NULL, lease_token = NULL " \
  "WHERE id = $1 AND deleted_at IS NULL"
#define SK_SQL_DROP_QUEUED_WEBHOOK_EVENTS \
  "UPDATE webhook_events SET done_at = $2, modified_at = $2 WHERE endpoint_id = $1 AND done_at IS NULL"
#define SK_SQL_FIND_WEBHOOK_ENDPOINT \
  "SELECT " SK_ENDPOINT_COLUMNS " FROM webhook_endpoints WHERE id = $1 AND organization_id = $2 AND deleted_at IS NULL"
#define SK_SQL_COUNT_WEBHOOK_ENDPOINTS \
  "SELECT count(*) FROM webhook_endpoints WHERE organization_id = $1 AND deleted_at IS NULL"
#define SK_SQL_WEBHOOK_ENDPOINTS_PAGE                                                          \
  "SELECT " SK_ENDPOINT_COLUMNS " FROM webhook_endpoints WHERE organization_id = $1 AND deleted_at IS NULL " \
  "ORDER BY created_at, id LIMIT $2 OFFSET $3"
#define SK_SQL_LIVE_WEBHOOK_ENDPOINTS \
  "SELECT " SK_ENDPOINT_COLUMNS " FROM webhook_endpoints WHERE organization_id = $1 AND deleted_at IS NULL ORDER BY created_at, id"
// The endpoint's schedule once its queue changed: due now when it is live and has queued events,
// idle otherwise. Leaves an endpoint whose attempt is in flight (lease_token set) alone.
#define SK_SQL_RESCHEDULE_IDLE_ENDPOINT                                                               \
  "UPDATE webhook_endpoints SET next_attempt_at = CASE "                                              \
  "  WHEN enabled = 1 AND deleted_at IS NULL AND EXISTS "                                             \
  "    (SELECT 1 FROM webhook_events WHERE endpoint_id = $1 AND done_at IS NULL) THEN CAST($2 AS BIGINT) " \
  "  ELSE NULL END "                                                                                  \
  "WHERE id = $1 AND lease_token IS NULL"
#define SK_SQL_INSERT_WEBHOOK_EVENT                                                                 \
  "INSERT INTO webhook_events (id, endpoint_id, organization_id, type, payload, created_at, modified_at, " \
  "last_http_code, succeeded, skipped, attempts, retry_from, done_at) "                              \
  "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT DO NOTHING"
// Matches the live endpoint whatever its schedule, so the UPDATE always takes the row lock: an
// instance settling this endpoint's attempt in flight (RETURN_LEASE, then RESCHEDULE_IDLE) either
// commits first, and this re-reads the released row and wakes it, or waits for this commit and
// then sees the queued event. Matching only idle rows took no lock and let both miss the event.
#define SK_SQL_WAKE_IDLE_ENDPOINT                                                                           \
  "UPDATE webhook_endpoints SET next_attempt_at = CASE WHEN next_attempt_at IS NULL AND lease_token IS NULL " \
  "THEN CAST($2 AS BIGINT) ELSE next_attempt_at END WHERE id = $1 AND enabled = 1 AND deleted_at IS NULL"
#define SK_SQL_FIND_WEBHOOK_EVENT                                                                        \
  "SELECT " SK_EVENT_COLUMNS " FROM webhook_events e JOIN webhook_endpoints p ON p.id = e.endpoint_id " \
  "WHERE e.id = $1 AND e.organization_id = $2 AND p.deleted_at IS NULL"
#define SK_SQL_ENDPOINT_OF_EVENT "SELECT endpoint_id FROM webhook_events WHERE id = $1"
#define SK_SQL_REQUEUE_WEBHOOK_EVENT                                                                     \
  "UPDATE webhook_events SET done_at = NULL, skipped = 0, attempts = 0, retry_from = $2, modified_at = $2 " \
  "WHERE id = $1"
#define SK_SQL_MAKE_ENDPOINT_DUE \
  "UPDATE webhook_endpoints SET next_attempt_at = $2 WHERE id = $1 AND lease_token IS NULL AND enabled = 1 AND deleted_at IS NULL"
#define SK_SQL_DUE_WEBHOOK_ENDPOINTS                                                                 \
  "SELECT id, url, sealed_secret, enabled = 1 AND deleted_at IS NULL FROM webhook_endpoints "        \
  "WHERE next_attempt_at IS NOT NULL AND next_attempt_at <= $1 ORDER BY next_attempt_at LIMIT $2"
#define SK_SQL_PARK_ENDPOINT "UPDATE webhook_endpoints SET next_attempt_at = NULL, lease_token = NULL WHERE id = $1"
#define SK_SQL_HEAD_WEBHOOK_EVENT                                                           \
  "SELECT " SK_EVENT_COLUMNS ", e.retry_from FROM webhook_events e "                        \
  "WHERE e.endpoint_id = $1 AND e.done_at IS NULL ORDER BY e.seq LIMIT 1"
#define SK_SQL_LEASE_ENDPOINT "UPDATE webhook_endpoints SET next_attempt_at = $2, lease_token = $3 WHERE id = $1"
#define SK_SQL_INSERT_WEBHOOK_DELIVERY                                                                        \
  "INSERT INTO webhook_deliveries (id, event_id, endpoint_id, organization_id, created_at, succeeded, http_code, " \
  "response, duration_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING"
#define SK_SQL_RETURN_LEASE \
  "UPDATE webhook_endpoints SET lease_token = NULL, next_attempt_at = NULL WHERE id = $1 AND lease_token = $2"
#define SK_SQL_RECORD_WEBHOOK_ATTEMPT                                                                     \
  "UPDATE webhook_events SET attempts = attempts + 1, last_http_code = $2, succeeded = $3, modified_at = $4, " \
  "done_at = CASE WHEN CAST($5 AS INTEGER) = 1 THEN CAST($4 AS BIGINT) ELSE NULL END WHERE id = $1"
#define SK_SQL_RETRY_ENDPOINT_AT \
  "UPDATE webhook_endpoints SET next_attempt_at = $2 WHERE id = $1 AND enabled = 1 AND deleted_at IS NULL"
#define SK_SQL_RELEASE_LEASE "UPDATE webhook_endpoints SET lease_token = NULL WHERE id = $1 AND lease_token = $2"
#define SK_SQL_DELIVERY_FILTER                                                                              \
  " FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id WHERE d.organization_id = $1"      \
  " AND (CAST($2 AS TEXT) IS NULL OR d.endpoint_id" SK_SQL_IN_JSON("$2") ")"                                \
  " AND (CAST($3 AS TEXT) IS NULL OR e.type" SK_SQL_IN_JSON("$3") ")"                                       \
  " AND (CAST($4 AS INTEGER) IS NULL OR d.succeeded = CAST($4 AS INTEGER))"                                 \
  " AND (CAST($5 AS INTEGER) IS NULL OR d.http_code / 100 = CAST($5 AS INTEGER))"                           \
  " AND (CAST($6 AS BIGINT) IS NULL OR d.created_at >= CAST($6 AS BIGINT))"                                 \
  " AND (CAST($7 AS BIGINT) IS NULL OR d.created_at <= CAST($7 AS BIGINT))"

// ---- upkeep: tokens, retention, endpoint health ----
#define SK_SQL_LIST_ACCESS_TOKENS                                                                  \
  "SELECT id, organization_id, scopes, expires_at, created_at, revoked_at FROM access_tokens "     \
  "WHERE organization_id = $1 ORDER BY created_at, id"
#define SK_SQL_REVOKE_ACCESS_TOKEN "UPDATE access_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL"
// Old rows go in bounded batches, so one job never holds the writer (or row locks) for long.
#define SK_SQL_PRUNE_DELIVERED_OUTBOX                                                      \
  "DELETE FROM outbox WHERE id IN (SELECT id FROM outbox "                                \
  "WHERE delivered_at IS NOT NULL AND delivered_at < $1 LIMIT $2" SK_SQL_SKIP_LOCKED ")"
#define SK_SQL_PRUNE_DELIVERY_LOGS \
  "DELETE FROM webhook_deliveries WHERE id IN (SELECT id FROM webhook_deliveries WHERE created_at < $1 LIMIT $2" SK_SQL_SKIP_LOCKED ")"
#define SK_SQL_PRUNE_MEMBER_SESSIONS \
  "DELETE FROM member_sessions WHERE id IN (SELECT id FROM member_sessions WHERE expires_at < $1 LIMIT $2" SK_SQL_SKIP_LOCKED ")"
#define SK_SQL_PRUNE_CUSTOMER_SESSIONS \
  "DELETE FROM customer_sessions WHERE id IN (SELECT id FROM customer_sessions WHERE expires_at < $1 LIMIT $2" SK_SQL_SKIP_LOCKED ")"
#define SK_SQL_ENDPOINT_SUCCEEDED "UPDATE webhook_endpoints SET failing_since = NULL WHERE id = $1"
// A failure starts the streak unless one is running since the endpoint was last changed.
#define SK_SQL_ENDPOINT_FAILED                                                                   \
  "UPDATE webhook_endpoints SET failing_since = CASE "                                           \
  "WHEN failing_since IS NULL OR failing_since < coalesce(modified_at, 0) THEN $2 "              \
  "ELSE failing_since END WHERE id = $1 RETURNING failing_since"

// ---- seatkeeper's seat pages, invitation policies and idempotency keys ----
// A filtered page of a container's seats: $2 status bits (pending 1, claimed 2, revoked 4; the
// repository passes 7 for "any"), $3 an e-mail substring or NULL (% and _ are plain characters),
// $4 limit, $5 offset.
#define SK_SQL_SEAT_EMAIL_FILTER       \
  " AND (CAST($3 AS TEXT) IS NULL OR " \
  SK_SQL_CONTAINS(SK_SQL_LOWER_ASCII("email"), SK_SQL_LOWER_ASCII("CAST($3 AS TEXT)")) ")"
#define SK_SQL_SEAT_PAGE_FILTER                                                               \
  " AND (CAST($2 AS INTEGER) & CASE status WHEN 'pending' THEN 1 WHEN 'claimed' THEN 2 ELSE 4" \
  " END) <> 0" SK_SQL_SEAT_EMAIL_FILTER
// A page: one ordered run of the (container, status, created_at, id) index per wanted
// status, each cut at offset + limit, merged. A page reads at most 3 x (offset + limit) index
// entries however many seats of the other statuses the container holds (revoked seats pile up).
#define SK_SQL_SEAT_PAGE_OF_STATUS(column, status, bit, alias)                                        \
  "SELECT * FROM (SELECT " SK_SEAT_COLUMNS " FROM customer_seats WHERE " column " = $1 AND status = '" \
  status "' AND (CAST($2 AS INTEGER) & " bit ") <> 0" SK_SQL_SEAT_EMAIL_FILTER                         \
  " ORDER BY created_at, id LIMIT CAST($4 AS BIGINT) + CAST($5 AS BIGINT)) AS " alias
#define SK_SQL_SEAT_PAGE_BY_STATUS(column)                                                   \
  "SELECT " SK_SEAT_COLUMNS " FROM (" SK_SQL_SEAT_PAGE_OF_STATUS(column, "pending", "1", "p") \
  " UNION ALL " SK_SQL_SEAT_PAGE_OF_STATUS(column, "claimed", "2", "c")                      \
  " UNION ALL " SK_SQL_SEAT_PAGE_OF_STATUS(column, "revoked", "4", "r")                      \
  ") AS wanted ORDER BY created_at, id LIMIT $4 OFFSET $5"
// The number of matches when an e-mail is searched: a substring has no index, so this counts.
#define SK_SQL_SEAT_PAGE_COUNT(column) \
  "SELECT count(*) FROM customer_seats WHERE " column " = $1" SK_SQL_SEAT_PAGE_FILTER
// The number of matches by status alone, from the counts the container keeps (migration 9).
#define SK_SQL_SEAT_KEPT_COUNT(table)                                                              \
  "SELECT CASE WHEN (CAST($2 AS INTEGER) & 1) <> 0 THEN pending_seats ELSE 0 END"                 \
  " + CASE WHEN (CAST($2 AS INTEGER) & 2) <> 0 THEN claimed_seats ELSE 0 END"                     \
  " + CASE WHEN (CAST($2 AS INTEGER) & 4) <> 0 THEN revoked_seats ELSE 0 END FROM " table " WHERE id = $1"
#define SK_SQL_FIND_INVITATION_POLICY \
  "SELECT send_email, lifetime_seconds FROM invitation_policies WHERE organization_id = $1"
#define SK_SQL_SAVE_INVITATION_POLICY                                                                       \
  "INSERT INTO invitation_policies (organization_id, send_email, lifetime_seconds, modified_at) "          \
  "VALUES ($1, $2, $3, $4) ON CONFLICT (organization_id) DO UPDATE SET send_email = excluded.send_email, " \
  "lifetime_seconds = excluded.lifetime_seconds, modified_at = excluded.modified_at"
#define SK_IDEMPOTENCY_COLUMNS \
  "scope, idempotency_key, fingerprint, response_status, response_body, response_headers, created_at, expires_at"
#define SK_SQL_FIND_IDEMPOTENCY_RECORD \
  "SELECT " SK_IDEMPOTENCY_COLUMNS " FROM idempotency_keys WHERE scope = $1 AND idempotency_key = $2 AND expires_at > $3"
// Replaces only an expired record: a live one is never overwritten (no row changes then).
#define SK_SQL_SAVE_IDEMPOTENCY_RECORD                                                                     \
  "INSERT INTO idempotency_keys (" SK_IDEMPOTENCY_COLUMNS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "     \
  "ON CONFLICT (scope, idempotency_key) DO UPDATE SET fingerprint = excluded.fingerprint, "               \
  "response_status = excluded.response_status, response_body = excluded.response_body, "                 \
  "response_headers = excluded.response_headers, created_at = excluded.created_at, "                      \
  "expires_at = excluded.expires_at WHERE idempotency_keys.expires_at <= excluded.created_at"
// One batch ($2) of records expired by $1; instances pruning at once take different rows.
#define SK_SQL_DELETE_EXPIRED_IDEMPOTENCY_RECORDS                                                   \
  "DELETE FROM idempotency_keys WHERE (scope, idempotency_key) IN (SELECT scope, idempotency_key " \
  "FROM idempotency_keys WHERE expires_at <= $1 ORDER BY expires_at LIMIT $2" SK_SQL_SKIP_LOCKED ")"

// ---- the seat history (append-only; oldest first means by time, then by write order) ----
// The history's ids may be stored in the dialect's compact form (SK_SQL_UUID_STORED): each
// parameter compared with or written to an id column goes through it, and each id read comes
// back through SK_SQL_UUID_READ, so the domain sees the same text either way.
#define SK_SEAT_EVENT_READ_COLUMNS                                                                              \
  SK_SQL_UUID_READ("id") ", " SK_SQL_UUID_READ("seat_id") ", " SK_SQL_UUID_READ("organization_id") ", "      \
  SK_SQL_UUID_READ("subscription_id") ", " SK_SQL_UUID_READ("order_id") ", kind, occurred_at, email, "        \
  SK_SQL_UUID_READ("member_id") ", actor_type, " SK_SQL_UUID_READ("actor_id")
#define SK_SQL_INSERT_SEAT_EVENT                                                                               \
  "INSERT INTO seat_events (" SK_SEAT_EVENT_COLUMNS ") VALUES (" SK_SQL_UUID_STORED("$1") ", "               \
  SK_SQL_UUID_STORED("$2") ", " SK_SQL_UUID_STORED("$3") ", " SK_SQL_UUID_STORED("$4") ", "                   \
  SK_SQL_UUID_STORED("$5") ", $6, $7, $8, " SK_SQL_UUID_STORED("$9") ", $10, " SK_SQL_UUID_STORED("$11") ")"
#define SK_SQL_COUNT_SEAT_EVENTS_AT \
  "SELECT count(*) FROM seat_events WHERE seat_id = " SK_SQL_UUID_STORED("$1") " AND kind = $2 AND occurred_at = $3"
#define SK_SQL_SEAT_EVENTS_PAGE                                                                          \
  "SELECT " SK_SEAT_EVENT_READ_COLUMNS " FROM seat_events WHERE seat_id = " SK_SQL_UUID_STORED("$1")    \
  " ORDER BY occurred_at, seq LIMIT $2 OFFSET $3"
#define SK_SQL_SEAT_EVENTS_COUNT "SELECT count(*) FROM seat_events WHERE seat_id = " SK_SQL_UUID_STORED("$1")
#define SK_SQL_CONTAINER_SEAT_EVENTS_UNTIL(column)                                                         \
  "SELECT " SK_SEAT_EVENT_READ_COLUMNS " FROM seat_events WHERE " column " = " SK_SQL_UUID_STORED("$1") \
  " AND occurred_at <= $2 ORDER BY occurred_at, seq"
// Pending seats whose invitation lapsed before $1 and whose lapse is not recorded yet.
#define SK_SQL_SEATS_WITH_UNRECORDED_LAPSE                                                                   \
  "SELECT " SK_SEAT_COLUMNS " FROM customer_seats s WHERE s.status = 'pending' "                             \
  "AND s.invitation_token_expires_at < $1 AND NOT EXISTS (SELECT 1 FROM seat_events e "                      \
  "WHERE e.seat_id = " SK_SQL_UUID_STORED("s.id") " AND e.kind = 'expired' AND e.occurred_at = s.invitation_token_expires_at) "        \
  "ORDER BY s.invitation_token_expires_at LIMIT $2"

// ---- operations (whole-database counts for /metrics) ----
// From the counts each container keeps (one row per subscription and order, not per seat).
#define SK_SQL_SEATS_OF_STATUS(status)                                                                    \
  "SELECT '" status "', (SELECT coalesce(sum(" status "_seats), 0) FROM subscriptions)"                  \
  " + (SELECT coalesce(sum(" status "_seats), 0) FROM orders)"
#define SK_SQL_COUNT_SEATS_BY_STATUS                                                       \
  SK_SQL_SEATS_OF_STATUS("claimed") " UNION ALL " SK_SQL_SEATS_OF_STATUS("pending") \
  " UNION ALL " SK_SQL_SEATS_OF_STATUS("revoked")
#define SK_SQL_COUNT_PENDING_OUTBOX_BY_TOPIC \
  "SELECT topic, count(*) FROM outbox WHERE delivered_at IS NULL GROUP BY topic ORDER BY topic"
