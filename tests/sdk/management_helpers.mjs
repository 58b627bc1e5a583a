// Helpers for the management-API SDK tests (customers, products, subscriptions, orders, members,
// customer sessions). Shapes are checked twice: the exact key set of Polar's model (every field,
// no more), and Polar's own 0.49.0 zod schema, so the 1.x tests get 0.x's strictness too.
import assert from "node:assert/strict";

import { Customer$inboundSchema } from "polar-sdk-0/models/components/customer.js";
import { CustomerSession$inboundSchema } from "polar-sdk-0/models/components/customersession.js";
import { Member$inboundSchema } from "polar-sdk-0/models/components/member.js";
import { Order$inboundSchema } from "polar-sdk-0/models/components/order.js";
import { Product$inboundSchema } from "polar-sdk-0/models/components/product.js";
import { Subscription$inboundSchema } from "polar-sdk-0/models/components/subscription.js";

import { RFC3339_UTC, UUID } from "./helpers.mjs";

// Every scope the management API and the seats API know.
export const ALL_SCOPES = [
  "customers:read", "customers:write", "products:read", "products:write", "subscriptions:read",
  "subscriptions:write", "orders:read", "orders:write", "members:read", "members:write", "customer_sessions:write",
  "customer_seats:read", "customer_seats:write",
].join(" ");

// Field lists of Polar's models (OpenAPI 2026-04, `properties`): a response must carry exactly these.
export const KEYS = {
  customer: ["id", "created_at", "modified_at", "metadata", "external_id", "email", "email_verified", "type", "name",
    "billing_name", "billing_address", "tax_id", "locale", "organization_id", "default_payment_method_id",
    "deleted_at", "first_user_event_at", "avatar_url"],
  product: ["id", "created_at", "modified_at", "trial_interval", "trial_interval_count", "name", "description",
    "visibility", "recurring_interval", "recurring_interval_count", "meter_interval", "meter_interval_count",
    "is_recurring", "is_archived", "organization_id", "metadata", "prices", "benefits", "medias",
    "attached_custom_fields"],
  price: ["created_at", "modified_at", "id", "source", "amount_type", "price_currency", "tax_behavior", "is_archived",
    "product_id", "seat_tiers"],
  subscription: ["created_at", "modified_at", "id", "amount", "currency", "recurring_interval",
    "recurring_interval_count", "status", "current_period_start", "current_period_end", "current_meter_period_start",
    "current_meter_period_end", "trial_start", "trial_end", "cancel_at_period_end", "canceled_at", "started_at",
    "ends_at", "ended_at", "past_due_at", "pause_at_period_end", "paused_at", "resumes_at", "customer_id",
    "product_id", "discount_id", "checkout_id", "seats", "customer_cancellation_reason",
    "customer_cancellation_comment", "metadata", "custom_field_data", "customer", "product", "discount", "prices",
    "meters", "pending_update"],
  order: ["id", "created_at", "modified_at", "status", "paid", "subtotal_amount", "discount_amount", "net_amount",
    "tax_amount", "total_amount", "applied_balance_amount", "due_amount", "refunded_amount", "refunded_tax_amount",
    "currency", "billing_reason", "billing_name", "billing_address", "invoice_number", "is_invoice_generated",
    "receipt_number", "seats", "customer_id", "product_id", "discount_id", "subscription_id", "checkout_id",
    "next_payment_attempt_at", "metadata", "custom_field_data", "platform_fee_amount", "platform_fee_currency",
    "customer", "product", "discount", "subscription", "items", "description", "refundable_amount",
    "refundable_tax_amount"],
  orderProduct: ["metadata", "id", "created_at", "modified_at", "trial_interval", "trial_interval_count", "name",
    "description", "visibility", "recurring_interval", "recurring_interval_count", "meter_interval",
    "meter_interval_count", "is_recurring", "is_archived", "organization_id"],
  orderItem: ["created_at", "modified_at", "id", "label", "amount", "tax_amount", "proration", "product_price_id"],
  member: ["id", "created_at", "modified_at", "customer_id", "email", "name", "external_id", "role"],
  customerSession: ["created_at", "modified_at", "id", "token", "expires_at", "return_url", "customer_portal_url",
    "customer_id", "customer"],
};

const SCHEMAS = {
  customer: Customer$inboundSchema,
  product: Product$inboundSchema,
  subscription: Subscription$inboundSchema,
  order: Order$inboundSchema,
  member: Member$inboundSchema,
  customerSession: CustomerSession$inboundSchema,
};

function assertKeys(obj, keys, label) {
  assert.equal(typeof obj, "object", `${label} should be an object: ${JSON.stringify(obj)}`);
  assert.notEqual(obj, null, label);
  assert.deepEqual(Object.keys(obj).sort(), [...keys].sort(), `${label}: keys`);
}

function assertDates(obj, label) {
  for (const [k, v] of Object.entries(obj)) {
    if (/_at$|_start$|_end$/.test(k) && v !== null && typeof v === "string") {
      assert.match(v, RFC3339_UTC, `${label}.${k} is not RFC 3339 UTC: ${v}`);
    }
  }
}

// A raw (snake_case) response body of model `kind`: exact keys, nested shapes, and Polar's zod.
export function assertShape(raw, kind, label = kind) {
  assertKeys(raw, KEYS[kind], label);
  assertDates(raw, label);
  if (raw.id !== undefined) assert.match(raw.id, UUID, `${label}.id`);
  if (kind === "product") {
    assert.equal(raw.prices.length, 1, `${label}: one price`);
    assertKeys(raw.prices[0], KEYS.price, `${label}.prices[0]`);
    assert.equal(raw.prices[0].amount_type, "seat_based");
  }
  if (kind === "subscription") {
    assertShape(raw.customer, "customer", `${label}.customer`);
    assertShape(raw.product, "product", `${label}.product`);
  }
  if (kind === "order") {
    assertShape(raw.customer, "customer", `${label}.customer`);
    if (raw.product !== null) assertKeys(raw.product, KEYS.orderProduct, `${label}.product`);
    for (const item of raw.items) assertKeys(item, KEYS.orderItem, `${label}.items[]`);
  }
  if (kind === "customerSession") assertShape(raw.customer, "customer", `${label}.customer`);
  const parsed = SCHEMAS[kind].safeParse(raw);
  assert.ok(parsed.success, `${label}: 0.49.0 zod rejects it: ${JSON.stringify(parsed.error?.issues ?? parsed.error)}`);
  return raw;
}

// Polar's list envelope with `kind` items.
export function assertList(raw, kind, { total, maxPage } = {}) {
  assertKeys(raw, ["items", "pagination"], "list");
  assertKeys(raw.pagination, ["total_count", "max_page"], "list.pagination");
  assert.ok(Number.isInteger(raw.pagination.total_count) && Number.isInteger(raw.pagination.max_page));
  if (total !== undefined) assert.equal(raw.pagination.total_count, total, "total_count");
  if (maxPage !== undefined) assert.equal(raw.pagination.max_page, maxPage, "max_page");
  raw.items.forEach((item, i) => assertShape(item, kind, `items[${i}]`));
  return raw.items;
}

let counter = 0;
// An organization and a token holding `scopes`: the only CLI step the management API needs.
export function managementWorld(server, { scopes = ALL_SCOPES } = {}) {
  const n = `${process.pid}-m${++counter}`;
  const slug = `mgmt-${n}`;
  const organization = server.admin("create-organization", "--name", `Mgmt ${n}`, "--slug", slug);
  const token = server.admin("create-token", "--organization", slug, "--scopes", scopes).token;
  return { organization, slug, token, n };
}

// Another token of the same organization with other scopes.
export function tokenWith(server, world, scopes) {
  return server.admin("create-token", "--organization", world.slug, "--scopes", scopes).token;
}

// A seat-based price body (snake_case, 1.x and raw HTTP).
export function seatPrice(tiers, { currency = "usd", type = "volume" } = {}) {
  return {
    amount_type: "seat_based",
    price_currency: currency,
    seat_tiers: { seat_tier_type: type, tiers: tiers.map(([min, max, price]) => ({ min_seats: min, max_seats: max, price_per_seat: price })) },
  };
}

// customer_seat.* events the outbox holds for an organization (the durable record webhooks deliver).
export function seatEvents(server, organizationId, type) {
  const out = server.sql(
    `SELECT count(*) FROM outbox WHERE organization_id = '${organizationId}' AND event_type = '${type}';`);
  return Number(out.trim());
}
