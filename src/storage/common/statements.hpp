// Statements both stores run as written, with $1, $2, ... placeholders (SQLite rewrites them to
// ?1, ?2, ... once, when it first prepares one). Where a backend needs more — a row lock, ON
// CONFLICT DO NOTHING — it appends that to the shared text, so what differs is visible at the
// call site. (Macros, so every statement stays one string literal.)
#pragma once

#include "storage/common/columns.hpp"

// ---- organizations, access tokens, member sessions ----
#define SK_SQL_INSERT_ORGANIZATION "INSERT INTO organizations (" SK_ORGANIZATION_COLUMNS ") VALUES ($1, $2, $3, $4, $5)"
#define SK_SQL_FIND_ORGANIZATION "SELECT " SK_ORGANIZATION_COLUMNS " FROM organizations WHERE id = $1"
#define SK_SQL_FIND_ORGANIZATION_BY_SLUG "SELECT " SK_ORGANIZATION_COLUMNS " FROM organizations WHERE slug = $1"
#define SK_SQL_UPDATE_ORGANIZATION \
  "UPDATE organizations SET name = $2, slug = $3, seat_based_pricing_enabled = $4, created_at = $5 WHERE id = $1"
// The model has no creation time; the row records when it was written ($6).
#define SK_SQL_INSERT_ACCESS_TOKEN                                                              \
  "INSERT INTO access_tokens (id, organization_id, token_hash, scopes, expires_at, created_at) " \
  "VALUES ($1, $2, $3, $4, $5, $6)"
#define SK_SQL_FIND_ACCESS_TOKEN "SELECT " SK_ACCESS_TOKEN_COLUMNS " FROM access_tokens WHERE token_hash = $1 AND revoked_at IS NULL"
#define SK_SQL_INSERT_MEMBER_SESSION \
  "INSERT INTO member_sessions (" SK_MEMBER_SESSION_COLUMNS ") VALUES ($1, $2, $3, $4, $5)"
#define SK_SQL_FIND_MEMBER_SESSION "SELECT " SK_MEMBER_SESSION_COLUMNS " FROM member_sessions WHERE token_hash = $1"

// ---- customers and members (email_lower is bound as lower_ascii(email)) ----
#define SK_SQL_INSERT_CUSTOMER                                                                                   \
  "INSERT INTO customers (id, organization_id, email, email_lower, external_id, name, created_at, modified_at, " \
  "type, metadata) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
#define SK_SQL_FIND_CUSTOMER \
  "SELECT " SK_CUSTOMER_COLUMNS " FROM customers WHERE id = $1 AND organization_id = $2 AND deleted_at IS NULL"
#define SK_SQL_FIND_CUSTOMER_BY_ID "SELECT " SK_CUSTOMER_COLUMNS " FROM customers WHERE id = $1 AND deleted_at IS NULL"
#define SK_SQL_FIND_CUSTOMER_BY_EMAIL \
  "SELECT " SK_CUSTOMER_COLUMNS " FROM customers WHERE organization_id = $1 AND email_lower = $2 AND deleted_at IS NULL"
#define SK_SQL_FIND_CUSTOMER_BY_EXTERNAL_ID \
  "SELECT " SK_CUSTOMER_COLUMNS " FROM customers WHERE organization_id = $1 AND external_id = $2 AND deleted_at IS NULL"
#define SK_SQL_INSERT_MEMBER                                                                                    \
  "INSERT INTO members (id, customer_id, organization_id, email, email_lower, name, external_id, role, "       \
  "created_at, modified_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
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
  "$14, $15, $16, $17, $18, $19)"
#define SK_SQL_FIND_PRODUCT "SELECT " SK_PRODUCT_COLUMNS " FROM products WHERE id = $1 AND organization_id = $2"
#define SK_SQL_INSERT_SUBSCRIPTION_CONTAINER \
  "INSERT INTO subscriptions (" SK_CONTAINER_COLUMNS ") VALUES ($1, $2, $3, $4, $5, $6, $7)"
#define SK_SQL_INSERT_ORDER_CONTAINER "INSERT INTO orders (" SK_CONTAINER_COLUMNS ") VALUES ($1, $2, $3, $4, $5, $6, $7)"
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
#define SK_SQL_COUNT_OCCUPIED_OF_SUBSCRIPTION \
  "SELECT count(*) FROM customer_seats WHERE subscription_id = $1 AND status IN ('pending', 'claimed')"
#define SK_SQL_COUNT_OCCUPIED_OF_ORDER \
  "SELECT count(*) FROM customer_seats WHERE order_id = $1 AND status IN ('pending', 'claimed')"
// No ORDER BY: any revoked seat will do, and sorting would steer SQLite's planner away from the
// occupancy index onto a scan of every seat in the container.
#define SK_SQL_REVOKED_SEAT_OF_SUBSCRIPTION \
  "SELECT " SK_SEAT_COLUMNS " FROM customer_seats WHERE subscription_id = $1 AND status = 'revoked' LIMIT 1"
#define SK_SQL_REVOKED_SEAT_OF_ORDER \
  "SELECT " SK_SEAT_COLUMNS " FROM customer_seats WHERE order_id = $1 AND status = 'revoked' LIMIT 1"

// ---- outbox ----
#define SK_SQL_INSERT_OUTBOX \
  "INSERT INTO outbox (" SK_OUTBOX_COLUMNS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
#define SK_SQL_DUE_OUTBOX                                                                              \
  "SELECT " SK_OUTBOX_COLUMNS " FROM outbox WHERE topic = $1 AND delivered_at IS NULL AND available_at <= $2 " \
  "ORDER BY created_at, id LIMIT $3"
#define SK_SQL_COMPLETE_OUTBOX "UPDATE outbox SET delivered_at = $2 WHERE id = $1"
#define SK_SQL_RESCHEDULE_OUTBOX \
  "UPDATE outbox SET attempts = attempts + 1, available_at = $2, last_error = $3 WHERE id = $1"

// ---- operations (whole-database counts for /metrics, the schema check of /readyz) ----
#define SK_SQL_COUNT_SEATS_BY_STATUS "SELECT status, count(*) FROM customer_seats GROUP BY status ORDER BY status"
#define SK_SQL_COUNT_PENDING_OUTBOX_BY_TOPIC \
  "SELECT topic, count(*) FROM outbox WHERE delivered_at IS NULL GROUP BY topic ORDER BY topic"
#define SK_SQL_APPLIED_SCHEMA_VERSIONS "SELECT version FROM schema_migrations"
