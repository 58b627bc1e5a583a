// GET /v1/customer-seats/claim/{token} and POST /v1/customer-seats/claim (§3.5, §3.6, §5.4, §9.1).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, waitForInvitation } from "../lib/harness.mjs";
import {
  call, makeOrg, newSubscription, newOrder, email, assignOk, listOk, revoke, claimInfo, claim, stopServer,
  expireInvitation, setInvitationExpiry, assertError, assertSeatShape, assertClaimInfoShape, assertValidation,
  assertNear, assertDatetime, assertNoKeyDeep, CLAIM_RESPONSE_KEYS, INVALID_INVITATION,
} from "./helpers.mjs";

let server;
let org;
const T = { timeout: 20000 };

before(async () => {
  server = await startServer();
  org = makeOrg(server);
});
after(async () => stopServer(server));

// Assigns a pending seat on a fresh subscription and returns {seat, token, sub}.
async function pendingSeat({ seats = 3, order = false } = {}) {
  const e = email("claim");
  let container;
  let seat;
  if (order) {
    container = newOrder(server, org, seats);
    seat = await assignOk(server, org, { order_id: container.id, email: e });
  } else {
    container = newSubscription(server, org, seats);
    seat = await assignOk(server, org, { subscription_id: container.id, email: e });
  }
  const token = await waitForInvitation(server, e);
  return { seat, token, container, email: e };
}

const notFound = (r) => assertError(r, 404, "ResourceNotFound", INVALID_INVITATION);
const badToken = (r) => assertError(r, 400, "InvalidInvitationToken", INVALID_INVITATION);

// ---------------------------------------------------------------------------------------------
// claim info

test("claim-info for a pending seat → 200 SeatClaimInfo with product, organization and e-mail", T, async () => {
  const { token, email: e } = await pendingSeat();
  const r = await claimInfo(server, token);
  assert.equal(r.status, 200, r.text);
  assertClaimInfoShape(r.body);
  assert.deepEqual(r.body, {
    product_name: org.productName,
    product_id: org.product.id,
    organization_name: org.name,
    organization_slug: org.slug,
    customer_email: e,
    can_claim: true,
  });
});

test("claim-info for an order-based seat → 200 with the order's product", T, async () => {
  const { token } = await pendingSeat({ order: true });
  const r = await claimInfo(server, token);
  assert.equal(r.status, 200, r.text);
  assertClaimInfoShape(r.body);
  assert.equal(r.body.product_id, org.oneTimeProduct.id);
  assert.equal(r.body.product_name, org.oneTimeProductName);
  assert.equal(r.body.can_claim, true);
});

test("claim-info is side-effect free", T, async () => {
  const { token, container } = await pendingSeat();
  for (let i = 0; i < 3; i++) assert.equal((await claimInfo(server, token)).status, 200);
  const l = await listOk(server, org, { subscription_id: container.id });
  assert.equal(l.seats[0].status, "pending");
  assert.equal((await claim(server, token)).status, 200);
});

test("claim-info for an unknown token → 404 ResourceNotFound", T, async () => {
  for (const t of ["unknown-token", "x".repeat(43), "tok/with space+plus", "ünï", "a".repeat(2000)]) {
    notFound(await claimInfo(server, t));
  }
});

test("claim-info for a revoked seat's token → 404", T, async () => {
  const { seat, token } = await pendingSeat();
  assert.equal((await revoke(server, org, seat.id)).status, 200);
  notFound(await claimInfo(server, token));
});

test("claim-info for an expired token (expired 1 h ago) → 404", T, async () => {
  const { seat, token } = await pendingSeat();
  expireInvitation(server, seat.id);
  notFound(await claimInfo(server, token));
});

test("claim-info for a claimed seat's token → 404", T, async () => {
  const { token } = await pendingSeat();
  assert.equal((await claim(server, token)).status, 200);
  notFound(await claimInfo(server, token));
});

test("a token that expires in the near future is still valid", T, async () => {
  const { seat, token } = await pendingSeat();
  setInvitationExpiry(server, seat.id, Date.now() + 60_000);
  assert.equal((await claimInfo(server, token)).status, 200);
  setInvitationExpiry(server, seat.id, Date.now() - 1000);
  notFound(await claimInfo(server, token));
});

// ---------------------------------------------------------------------------------------------
// claim

test("claim a pending seat → 200 {seat, customer_session_token}; seat claimed by the member", T, async () => {
  const { seat, token, container, email: e } = await pendingSeat();
  const t0 = Date.now();
  const r = await claim(server, token);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(Object.keys(r.body), CLAIM_RESPONSE_KEYS);
  assertNoKeyDeep(r.body, "invitation_token");
  const s = r.body.seat;
  assertSeatShape(s);
  assert.equal(s.id, seat.id);
  assert.equal(s.status, "claimed");
  assertDatetime(s.claimed_at);
  assertNear(Date.parse(s.claimed_at), t0, 60_000, "claimed_at ≈ now");
  assert.equal(s.revoked_at, null);
  assertDatetime(s.modified_at, "modified_at is set by the claim (an UPDATE)");
  assert.equal(s.subscription_id, container.id);
  assert.equal(s.order_id, null);
  assert.equal(s.customer_id, org.customer.id, "customer_id is the billing customer");
  assert.equal(s.member_id, seat.member_id);
  assert.equal(s.member.email, e);
  assert.equal(s.email, e);
  assert.equal(s.customer_email, e);
  // the expiry is kept after the claim (§2.4: "not cleared by claim or revoke")
  assert.equal(s.invitation_token_expires_at, seat.invitation_token_expires_at);
  assert.equal(typeof r.body.customer_session_token, "string");
  assert.ok(r.body.customer_session_token.startsWith("polar_mst_"), r.body.customer_session_token);
  const l = await listOk(server, org, { subscription_id: container.id });
  assert.equal(l.seats[0].status, "claimed");
  assert.equal(l.available_seats, 2);
});

test("claim an order-based seat → 200 with order_id set and subscription_id null", T, async () => {
  const { token, container } = await pendingSeat({ order: true });
  const r = await claim(server, token);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.seat.order_id, container.id);
  assert.equal(r.body.seat.subscription_id, null);
  assert.equal(r.body.seat.status, "claimed");
  assert.ok(r.body.customer_session_token.startsWith("polar_mst_"));
});

test("claim is single-use: the second claim → 400, claim-info → 404", T, async () => {
  const { token } = await pendingSeat();
  const first = await claim(server, token);
  assert.equal(first.status, 200, first.text);
  badToken(await claim(server, token));
  notFound(await claimInfo(server, token));
});

test("each claim mints a distinct session token", T, async () => {
  const a = await pendingSeat();
  const b = await pendingSeat();
  const ra = await claim(server, a.token);
  const rb = await claim(server, b.token);
  assert.notEqual(ra.body.customer_session_token, rb.body.customer_session_token);
});

test("claim with an unknown token → 400 InvalidInvitationToken", T, async () => {
  for (const t of ["unknown-token", "", "x".repeat(43)]) badToken(await claim(server, t));
});

test("claim a revoked seat's token → 400", T, async () => {
  const { seat, token } = await pendingSeat();
  assert.equal((await revoke(server, org, seat.id)).status, 200);
  badToken(await claim(server, token));
});

test("claim an expired token → 400 and the seat stays pending", T, async () => {
  const { seat, token, container } = await pendingSeat();
  expireInvitation(server, seat.id);
  badToken(await claim(server, token));
  const l = await listOk(server, org, { subscription_id: container.id });
  assert.equal(l.seats[0].status, "pending");
});

test("claiming one seat does not affect another seat's token", T, async () => {
  const sub = newSubscription(server, org, 3);
  const e1 = email("one");
  const e2 = email("two");
  await assignOk(server, org, { subscription_id: sub.id, email: e1 });
  await assignOk(server, org, { subscription_id: sub.id, email: e2 });
  const t1 = await waitForInvitation(server, e1);
  const t2 = await waitForInvitation(server, e2);
  assert.notEqual(t1, t2);
  assert.equal((await claim(server, t1)).status, 200);
  const ci = await claimInfo(server, t2);
  assert.equal(ci.status, 200);
  assert.equal(ci.body.customer_email, e2);
});

test("claim body validation: missing invitation_token → 422 missing; wrong type → 422", T, async () => {
  const r = await call(server, "POST", "/v1/customer-seats/claim", { body: {} });
  assertValidation(r, [{ type: "missing", loc: ["body", "invitation_token"], msg: "Field required" }], { exactCount: true });
  const r2 = await call(server, "POST", "/v1/customer-seats/claim", { body: { invitation_token: 42 } });
  assertValidation(r2, [{ loc: ["body", "invitation_token"] }]);
  const r3 = await call(server, "POST", "/v1/customer-seats/claim", { body: "" });
  assertValidation(r3, [{ type: "missing", loc: ["body"] }]);
});
