// Helpers for the customer-portal seat tests (tests/e2e/portal-seats.test.mjs and the SDK files
// tests/sdk/portal_v0.test.mjs, portal_v1.test.mjs): a world of two customers of one
// organization with subscriptions and orders, customer sessions, member sessions from claims,
// and exact checks of Polar's CustomerSubscription (key sets and 0.49.0's own zod schema).
import assert from "node:assert/strict";

import { CustomerSubscription$inboundSchema } from "polar-sdk-0/models/components/customersubscription.js";

import { call, waitForInvitation } from "../lib/harness.mjs";
import { ALL_SCOPES, KEYS } from "./management_helpers.mjs";
import { RFC3339_UTC, UUID } from "./helpers.mjs";

// Field lists of Polar's models (OpenAPI 2026-04, `properties`): a response carries exactly these.
export const PORTAL_KEYS = {
  customerSubscription: ["created_at", "modified_at", "id", "amount", "currency", "recurring_interval",
    "recurring_interval_count", "status", "current_period_start", "current_period_end", "current_meter_period_start",
    "current_meter_period_end", "trial_start", "trial_end", "cancel_at_period_end", "canceled_at", "started_at",
    "ends_at", "ended_at", "past_due_at", "pause_at_period_end", "paused_at", "resumes_at", "customer_id",
    "product_id", "discount_id", "checkout_id", "seats", "customer_cancellation_reason",
    "customer_cancellation_comment", "product", "prices", "meters", "pending_update"],
  customerSubscriptionProduct: ["id", "created_at", "modified_at", "trial_interval", "trial_interval_count", "name",
    "description", "visibility", "recurring_interval", "recurring_interval_count", "meter_interval",
    "meter_interval_count", "is_recurring", "is_archived", "organization_id", "prices", "benefits", "medias",
    "organization"],
  customerOrganization: ["created_at", "modified_at", "id", "name", "slug", "avatar_url", "proration_behavior",
    "allow_customer_updates", "customer_portal_settings", "organization_features"],
};

export const NOT_PERMITTED = "Only owners and billing managers can access billing features.";
export const NO_CHECKOUT = "No subscription or order found for this checkout";

function assertKeys(obj, keys, label) {
  assert.equal(typeof obj, "object", `${label} should be an object: ${JSON.stringify(obj)}`);
  assert.notEqual(obj, null, label);
  assert.deepEqual(Object.keys(obj).sort(), [...keys].sort(), `${label}: keys`);
}

// A raw (snake_case) CustomerSubscription: exact keys at every level, UTC datetimes, and 0.49.0's zod.
export function assertCustomerSubscription(raw, label = "subscription") {
  assertKeys(raw, PORTAL_KEYS.customerSubscription, label);
  assertKeys(raw.product, PORTAL_KEYS.customerSubscriptionProduct, `${label}.product`);
  assertKeys(raw.product.organization, PORTAL_KEYS.customerOrganization, `${label}.product.organization`);
  for (const price of [...raw.prices, ...raw.product.prices]) assertKeys(price, KEYS.price, `${label} price`);
  assert.match(raw.id, UUID, `${label}.id`);
  for (const [k, v] of Object.entries(raw)) {
    if (/_at$|_start$|_end$/.test(k) && typeof v === "string") assert.match(v, RFC3339_UTC, `${label}.${k}: ${v}`);
  }
  const parsed = CustomerSubscription$inboundSchema.safeParse(raw);
  assert.ok(parsed.success, `${label}: 0.49.0 zod rejects it: ${JSON.stringify(parsed.error?.issues ?? parsed.error)}`);
  return raw;
}

let counter = 0;

// One organization (token with every scope), a recurring and a one-time seat product, and two
// customers, each with a subscription (5 seats) and a paid order (2 seats). All through the CLI.
export function portalWorld(server) {
  const n = `${process.pid}-p${++counter}`;
  const slug = `portal-${n}`;
  const organization = server.admin("create-organization", "--name", `Portal Org ${n}`, "--slug", slug);
  const token = server.admin("create-token", "--organization", slug, "--scopes", ALL_SCOPES).token;
  const product = server.admin("create-product", "--organization", slug, "--name", `Team ${n}`);
  const oneTime = server.admin("create-product", "--organization", slug, "--name", `Pack ${n}`, "--one-time");
  const customer = (tag) => {
    const email = `${tag}-${n}@example.com`;
    const c = server.admin("create-customer", "--organization", slug, "--email", email, "--external-id", `${tag}-${n}`);
    return {
      ...c, email, externalId: `${tag}-${n}`,
      subscription: server.admin("create-subscription", "--customer", c.id, "--product", product.id, "--seats", "5"),
      order: server.admin("create-order", "--customer", c.id, "--product", oneTime.id, "--seats", "2", "--status", "paid"),
    };
  };
  return { organization, slug, token, product, oneTime, alice: customer("alice"), bob: customer("bob"), n };
}

// A fresh customer session token (polar_cst_…) for `customer`.
export async function customerSession(server, world, customer) {
  const r = await call(server, "POST", "/v1/customer-sessions/", { token: world.token, body: { customer_id: customer.id } });
  assert.equal(r.status, 201, `customer session: ${r.text}`);
  assert.match(r.body.token, /^polar_cst_/);
  return r.body.token;
}

// Assigns a seat of the customer's subscription to `email` (merchant API), claims it from the
// invitation e-mail and returns { seat, memberSession } (polar_mst_…). `role` other than member
// is then set through the members API.
export async function memberSession(server, world, customer, email, { role = "member" } = {}) {
  const assigned = await call(server, "POST", "/v1/customer-seats", {
    token: world.token, body: { subscription_id: customer.subscription.id, email },
  });
  assert.equal(assigned.status, 200, `assign: ${assigned.text}`);
  const invitation = await waitForInvitation(server, email);
  const claimed = await call(server, "POST", "/v1/customer-seats/claim", { body: { invitation_token: invitation } });
  assert.equal(claimed.status, 200, `claim: ${claimed.text}`);
  if (role !== "member") {
    const changed = await call(server, "PATCH", `/v1/customers/${customer.id}/members/${claimed.body.seat.member_id}`, {
      token: world.token, body: { role },
    });
    assert.equal(changed.status, 200, `role: ${changed.text}`);
  }
  return { seat: claimed.body.seat, memberSession: claimed.body.customer_session_token };
}
