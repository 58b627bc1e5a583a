// POST /v1/customer-seats: successful assignments, the CustomerSeat wire shape, request validation
// (§2.6) and metadata limits.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, waitForInvitation, invitations, PUBLIC_URL } from "../lib/harness.mjs";
import {
  makeOrg, newSubscription, newOrder, newCustomer, email, uid, assign, assignOk, listOk, stopServer, sleep,
  randomUuid4, UUID_V1, UUID_V7, assertSeatShape, assertValidation, assertError, assertNear, assertDatetime,
  assertNoKeyDeep, SEAT_KEYS,
} from "./helpers.mjs";

let server;
let org;
const T = { timeout: 20000 };

before(async () => {
  server = await startServer();
  org = makeOrg(server);
});
after(async () => stopServer(server));

// ---------------------------------------------------------------------------------------------
// successful assignment

test("assign by e-mail → 200 pending seat with member under the billing customer", T, async () => {
  const sub = newSubscription(server, org, 5);
  const e = email("new");
  const before = Date.now();
  const r = await assign(server, org, { subscription_id: sub.id, email: e });
  assert.equal(r.status, 200, r.text);
  const seat = r.body;
  assertSeatShape(seat);
  assert.equal(seat.status, "pending");
  assert.equal(seat.subscription_id, sub.id);
  assert.equal(seat.order_id, null);
  // member model: customer_id is the billing customer (DECISIONS §3)
  assert.equal(seat.customer_id, org.customer.id);
  assert.ok(seat.member_id);
  assert.equal(seat.member.id, seat.member_id);
  assert.equal(seat.member.customer_id, org.customer.id);
  assert.equal(seat.member.email, e);
  assert.equal(seat.member.name, null);
  assert.equal(seat.member.external_id, null);
  assert.equal(seat.member.role, "member");
  assert.equal(seat.email, e);
  assert.equal(seat.customer_email, e);
  assert.equal(seat.claimed_at, null);
  assert.equal(seat.revoked_at, null);
  assert.deepEqual(seat.seat_metadata, {});
  assert.equal(seat.modified_at, null, "modified_at is null right after INSERT (§2.4)");
  assertNear(Date.parse(seat.created_at), before, 60_000, "created_at ≈ now");
  assert.ok(!("invitation_token" in seat));
  assert.ok(!("customer" in seat));
});

test("CustomerSeat has exactly the 15 keys of §2.4 in emitted order", T, async () => {
  const sub = newSubscription(server, org, 2);
  const r = await assign(server, org, { subscription_id: sub.id, email: email("keys") });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(Object.keys(r.body), SEAT_KEYS);
  assert.equal(SEAT_KEYS.length, 15);
  // also check the raw text order, independent of the JSON parser
  const positions = SEAT_KEYS.map((k) => r.text.indexOf(`"${k}"`));
  assert.ok(positions.every((p) => p >= 0));
  assert.deepEqual([...positions].sort((a, b) => a - b), positions, "keys appear in §2.4 order in the raw body");
});

test("invitation expires ≈ now + 24 h", T, async () => {
  const sub = newSubscription(server, org, 2);
  const t0 = Date.now();
  const seat = await assignOk(server, org, { subscription_id: sub.id, email: email("exp") });
  assertDatetime(seat.invitation_token_expires_at);
  assertNear(Date.parse(seat.invitation_token_expires_at), t0 + 24 * 3600 * 1000, 60_000, "invitation_token_expires_at");
});

test("assign sends one invitation line <email> <public_url>/<slug>/portal/claim?token=<token>", T, async () => {
  const sub = newSubscription(server, org, 2);
  const e = email("mail");
  const seat = await assignOk(server, org, { subscription_id: sub.id, email: e });
  const token = await waitForInvitation(server, e);
  const mine = invitations(server).filter((i) => i.email === e);
  assert.equal(mine.length, 1);
  assert.equal(mine[0].url, `${PUBLIC_URL}/${org.slug}/portal/claim?token=${encodeURIComponent(token)}`);
  assert.ok(token && token.length >= 32, `token looks random: ${token}`);
  // the token is never in the API response
  const l = await listOk(server, org, { subscription_id: sub.id });
  for (const body of [seat, l]) {
    assertNoKeyDeep(body, "invitation_token");
    assert.ok(!JSON.stringify(body).includes(token), "token must not appear in any response");
  }
});

test("assign by order_id (paid order) → order_id echoed, subscription_id null", T, async () => {
  const order = newOrder(server, org, 3);
  const e = email("order");
  const seat = await assignOk(server, org, { order_id: order.id, email: e });
  assertSeatShape(seat);
  assert.equal(seat.order_id, order.id);
  assert.equal(seat.subscription_id, null);
  assert.equal(seat.status, "pending");
  assert.equal(seat.customer_id, org.customer.id);
  assert.equal(seat.email, e);
  await waitForInvitation(server, e);
});

test("assign by customer_id (member model) → seat for that customer's e-mail, billed to the purchaser", T, async () => {
  const sub = newSubscription(server, org, 3);
  const other = newCustomer(server, org, { email: email("bycid"), name: "By Customer Id" });
  const seat = await assignOk(server, org, { subscription_id: sub.id, customer_id: other.id });
  assertSeatShape(seat);
  assert.equal(seat.status, "pending");
  assert.equal(seat.email, other.email);
  assert.equal(seat.customer_email, other.email);
  assert.equal(seat.member.email, other.email);
  // still attached to a member of the billing customer, not to the other customer (§5.3 member path a.)
  assert.equal(seat.customer_id, org.customer.id);
  assert.equal(seat.member.customer_id, org.customer.id);
  await waitForInvitation(server, other.email);
});

test("assign by external_customer_id (member model) → seat for that customer's e-mail", T, async () => {
  const sub = newSubscription(server, org, 3);
  const ext = `ext-cust-${uid()}`;
  const other = newCustomer(server, org, { email: email("byext"), externalId: ext });
  const seat = await assignOk(server, org, { subscription_id: sub.id, external_customer_id: ext });
  assert.equal(seat.status, "pending");
  assert.equal(seat.email, other.email);
  assert.equal(seat.member.email, other.email);
  assert.equal(seat.customer_id, org.customer.id);
  await waitForInvitation(server, other.email);
});

test("assign with metadata → seat_metadata echoes it", T, async () => {
  const sub = newSubscription(server, org, 2);
  const metadata = { role: "admin", department: "engineering" };
  const seat = await assignOk(server, org, { subscription_id: sub.id, email: email("meta"), metadata });
  assert.deepEqual(seat.seat_metadata, metadata);
  const l = await listOk(server, org, { subscription_id: sub.id });
  assert.deepEqual(l.seats[0].seat_metadata, metadata);
});

test("metadata null or absent → seat_metadata {}", T, async () => {
  const sub = newSubscription(server, org, 2);
  const a = await assignOk(server, org, { subscription_id: sub.id, email: email("mnull"), metadata: null });
  assert.deepEqual(a.seat_metadata, {});
  const b = await assignOk(server, org, { subscription_id: sub.id, email: email("mabsent") });
  assert.deepEqual(b.seat_metadata, {});
});

test("assign with nested/mixed metadata values → kept verbatim", T, async () => {
  const sub = newSubscription(server, org, 2);
  const metadata = { n: 1, f: 1.5, b: true, z: null, s: "é ✓", arr: [1, "two"], obj: { a: { b: "c" } } };
  const seat = await assignOk(server, org, { subscription_id: sub.id, email: email("meta2"), metadata });
  assert.deepEqual(seat.seat_metadata, metadata);
});

test("immediate_claim → claimed at once, no expiry, no invitation e-mail", T, async () => {
  const sub = newSubscription(server, org, 3);
  const e = email("immediate");
  const seat = await assignOk(server, org, { subscription_id: sub.id, email: e, immediate_claim: true });
  assertSeatShape(seat);
  assert.equal(seat.status, "claimed");
  assertDatetime(seat.claimed_at);
  assert.equal(seat.invitation_token_expires_at, null);
  assert.equal(seat.email, e);
  assert.equal(seat.customer_id, org.customer.id);
  assert.ok(seat.member);
  // a later normal assignment's e-mail arrives; none ever arrived for the immediate one
  const sentinel = email("sentinel");
  await assignOk(server, org, { subscription_id: sub.id, email: sentinel });
  await waitForInvitation(server, sentinel);
  assert.equal(invitations(server).filter((i) => i.email === e).length, 0, "no invitation for immediate_claim");
  const l = await listOk(server, org, { subscription_id: sub.id });
  assert.equal(l.available_seats, 1);
});

test("immediate_claim: false behaves like the default (SDK 0.x always sends it)", T, async () => {
  const sub = newSubscription(server, org, 1);
  const e = email("notimmediate");
  const seat = await assignOk(server, org, { subscription_id: sub.id, email: e, immediate_claim: false });
  assert.equal(seat.status, "pending");
  await waitForInvitation(server, e);
});

test("body UUIDs accept any UUID version (v1/v7 subscription_id → 404, not 422)", T, async () => {
  for (const id of [UUID_V1, UUID_V7]) {
    const r = await assign(server, org, { subscription_id: id, email: email("anyver") });
    assertError(r, 404, "ResourceNotFound", "Subscription not found");
  }
  const r = await assign(server, org, { order_id: UUID_V1, email: email("anyver") });
  assertError(r, 404, "ResourceNotFound", "Order not found");
});

test("unknown subscription → 404 Subscription not found; unknown order → 404 Order not found", T, async () => {
  assertError(await assign(server, org, { subscription_id: randomUuid4(), email: email("u") }),
    404, "ResourceNotFound", "Subscription not found");
  assertError(await assign(server, org, { order_id: randomUuid4(), email: email("u") }),
    404, "ResourceNotFound", "Order not found");
});

// ---------------------------------------------------------------------------------------------
// request validation (§2.6) — each invalid combination has an exact message, loc ["body"]

function bodyRule(msg) {
  return { type: "value_error", loc: ["body"], msg };
}
const MSG_CONTAINER = "Value error, Exactly one of subscription_id or order_id must be provided";
const MSG_NONE = "Value error, At least one of email, external_customer_id, customer_id, external_member_id, or member_id must be provided";
const MSG_COMBINE = "Value error, Cannot combine external_customer_id/customer_id with external_member_id/member_id";
const MSG_BOTH_MEMBER = "Value error, Cannot provide both external_member_id and member_id";
const MSG_ONE_CUSTOMER = "Value error, Exactly one of email, external_customer_id, or customer_id must be provided";
const MSG_MEMBER_EMAIL = "Value error, Cannot combine member_id with email";

async function expectRule(body, msg) {
  const r = await assign(server, org, body);
  const [item] = assertValidation(r, [bodyRule(msg)], { exactCount: true });
  // model-level errors carry the request body as input (§1.4 B example)
  assert.deepEqual(item.input, body, `input of ${msg}`);
  if ("ctx" in item) assert.equal(typeof item.ctx, "object");
}

test("422: only subscription_id (no recipient)", T, async () => {
  const sub = newSubscription(server, org, 1);
  await expectRule({ subscription_id: sub.id }, MSG_NONE);
});

test("422: recipient fields all null count as absent", T, async () => {
  const sub = newSubscription(server, org, 1);
  await expectRule({ subscription_id: sub.id, email: null, customer_id: null, external_customer_id: null,
    external_member_id: null, member_id: null }, MSG_NONE);
});

test("422: no container (email only)", T, async () => {
  await expectRule({ email: email("nocontainer") }, MSG_CONTAINER);
});

test("422: both subscription_id and order_id", T, async () => {
  const sub = newSubscription(server, org, 1);
  const order = newOrder(server, org, 1);
  await expectRule({ subscription_id: sub.id, order_id: order.id, email: email("both") }, MSG_CONTAINER);
});

test("422: email + customer_id", T, async () => {
  const sub = newSubscription(server, org, 1);
  await expectRule({ subscription_id: sub.id, email: email("x"), customer_id: org.customer.id }, MSG_ONE_CUSTOMER);
});

test("422: email + external_customer_id", T, async () => {
  const sub = newSubscription(server, org, 1);
  await expectRule({ subscription_id: sub.id, email: email("x"), external_customer_id: "ext" }, MSG_ONE_CUSTOMER);
});

test("422: customer_id + external_customer_id", T, async () => {
  const sub = newSubscription(server, org, 1);
  await expectRule({ subscription_id: sub.id, customer_id: org.customer.id, external_customer_id: "ext" }, MSG_ONE_CUSTOMER);
});

test("422: customer_id + external_member_id", T, async () => {
  const sub = newSubscription(server, org, 1);
  await expectRule({ subscription_id: sub.id, customer_id: org.customer.id, external_member_id: "m" }, MSG_COMBINE);
});

test("422: external_customer_id + member_id", T, async () => {
  const sub = newSubscription(server, org, 1);
  await expectRule({ subscription_id: sub.id, external_customer_id: "c", member_id: randomUuid4() }, MSG_COMBINE);
});

test("422: external_member_id + member_id", T, async () => {
  const sub = newSubscription(server, org, 1);
  await expectRule({ subscription_id: sub.id, external_member_id: "m", member_id: randomUuid4() }, MSG_BOTH_MEMBER);
});

test("422: member_id + email", T, async () => {
  const sub = newSubscription(server, org, 1);
  await expectRule({ subscription_id: sub.id, member_id: randomUuid4(), email: email("x") }, MSG_MEMBER_EMAIL);
});

test("422: invalid email address", T, async () => {
  const sub = newSubscription(server, org, 1);
  for (const bad of ["not-an-email", "a@", "@example.com", "a b@example.com"]) {
    const r = await assign(server, org, { subscription_id: sub.id, email: bad });
    const [item] = assertValidation(r, [{ type: "value_error", loc: ["body", "email"] }], { exactCount: true });
    assert.ok(item.msg.startsWith("value is not a valid email address"), `${bad}: ${item.msg}`);
    assert.equal(item.input, bad);
  }
});

test("422: non-UUID ids in the body → uuid_parsing at their loc", T, async () => {
  const sub = newSubscription(server, org, 1);
  const cases = [
    [{ subscription_id: "abc", email: email("x") }, ["body", "subscription_id"]],
    [{ order_id: "abc", email: email("x") }, ["body", "order_id"]],
    [{ subscription_id: sub.id, customer_id: "abc" }, ["body", "customer_id"]],
    [{ subscription_id: sub.id, member_id: "abc" }, ["body", "member_id"]],
  ];
  for (const [body, loc] of cases) {
    const r = await assign(server, org, body);
    assertValidation(r, [{ type: "uuid_parsing", loc, input: "abc" }], { exactCount: true });
  }
});

test("422: wrong JSON types (metadata array, immediate_claim object, email number)", T, async () => {
  const sub = newSubscription(server, org, 1);
  const cases = [
    [{ subscription_id: sub.id, email: email("x"), metadata: [1, 2] }, ["body", "metadata"]],
    [{ subscription_id: sub.id, email: email("x"), immediate_claim: { a: 1 } }, ["body", "immediate_claim"]],
    [{ subscription_id: sub.id, email: 12345 }, ["body", "email"]],
  ];
  for (const [body, loc] of cases) {
    const r = await assign(server, org, body);
    assertValidation(r, [{ loc }]);
  }
});

// ---------------------------------------------------------------------------------------------
// metadata limits

const MSG_KEYS = "Value error, Metadata cannot have more than 10 keys";
const MSG_SIZE = "Value error, Metadata size cannot exceed 1KB";

test("metadata with 10 keys is accepted", T, async () => {
  const sub = newSubscription(server, org, 1);
  const metadata = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, i]));
  const seat = await assignOk(server, org, { subscription_id: sub.id, email: email("m10"), metadata });
  assert.deepEqual(seat.seat_metadata, metadata);
});

test("metadata with 11 keys → 422 exact message", T, async () => {
  const sub = newSubscription(server, org, 1);
  const metadata = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, i]));
  const r = await assign(server, org, { subscription_id: sub.id, email: email("m11"), metadata });
  assertValidation(r, [{ type: "value_error", loc: ["body", "metadata"], msg: MSG_KEYS }], { exactCount: true });
  const l = await listOk(server, org, { subscription_id: sub.id });
  assert.equal(l.seats.length, 0);
});

test("metadata larger than 1 KB → 422 exact message", T, async () => {
  const sub = newSubscription(server, org, 1);
  const r = await assign(server, org, { subscription_id: sub.id, email: email("mbig"), metadata: { blob: "x".repeat(2000) } });
  assertValidation(r, [{ type: "value_error", loc: ["body", "metadata"], msg: MSG_SIZE }], { exactCount: true });
});

test("metadata size boundary: Python json.dumps length 1024 accepted, 1025 rejected", T, async () => {
  // json.dumps({"k": "<n x>"}) == '{"k": "' + x*n + '"}' → n + 9 characters
  const sub = newSubscription(server, org, 2);
  const ok = await assign(server, org, { subscription_id: sub.id, email: email("m1024"), metadata: { k: "x".repeat(1015) } });
  assert.equal(ok.status, 200, ok.text);
  const bad = await assign(server, org, { subscription_id: sub.id, email: email("m1025"), metadata: { k: "x".repeat(1016) } });
  assertValidation(bad, [{ type: "value_error", loc: ["body", "metadata"], msg: MSG_SIZE }], { exactCount: true });
  // Python's default separators ", " and ": " count towards the limit:
  const meta = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, "y".repeat(94)]));
  // python length: 2 (braces) + 10 * ('"k0"' 4 + ': ' 2 + '"' + 94 + '"' 96) + 9 * ', ' 2 = 2 + 1020 + 18 = 1040 (> 1024)
  // compact JSON length would be 2 + 10 * (4 + 1 + 96) + 9 = 1021 (<= 1024)
  assert.equal(JSON.stringify(meta).length, 1021);
  const sep = await assign(server, org, { subscription_id: sub.id, email: email("msep"), metadata: meta });
  assertValidation(sep, [{ type: "value_error", loc: ["body", "metadata"], msg: MSG_SIZE }], { exactCount: true });
});

test("metadata size counts non-ASCII as \\uXXXX escapes (ensure_ascii)", T, async () => {
  const sub = newSubscription(server, org, 2);
  // 170 × "é" → 170 × 6 + 9 = 1029 Python chars (> 1024) though only 349 UTF-8 bytes
  const bad = await assign(server, org, { subscription_id: sub.id, email: email("mutf"), metadata: { k: "é".repeat(170) } });
  assertValidation(bad, [{ type: "value_error", loc: ["body", "metadata"], msg: MSG_SIZE }], { exactCount: true });
  // 169 × "é" → 1023 → accepted
  const ok = await assign(server, org, { subscription_id: sub.id, email: email("mutf2"), metadata: { k: "é".repeat(169) } });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.body.seat_metadata.k, "é".repeat(169));
});

test("metadata rules are checked before the container rule (field-level first)", T, async () => {
  const metadata = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, i]));
  const r = await assign(server, org, { email: email("order"), metadata });
  assertValidation(r, [{ loc: ["body", "metadata"], msg: MSG_KEYS }], { exactCount: true });
});
