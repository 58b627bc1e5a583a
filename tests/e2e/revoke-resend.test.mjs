// DELETE /v1/customer-seats/{id} and POST /v1/customer-seats/{id}/resend (§3.3, §3.4, §5.5, §5.6,
// DECISIONS §2 resend rotates, §6 revoked seats show no stale holder).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, waitForInvitation, invitations } from "../lib/harness.mjs";
import {
  makeOrg, newSubscription, newOrder, email, assignOk, listOk, revoke, resend, claimInfo, claim, stopServer, sleep,
  expireInvitation, randomUuid4, assertError, assertSeatShape, assertRevokedSeat, assertNear, assertDatetime,
  INVALID_INVITATION,
} from "./helpers.mjs";

let server;
let org;
const T = { timeout: 20000 };

before(async () => {
  server = await startServer();
  org = makeOrg(server);
});
after(async () => stopServer(server));

async function pendingSeat({ order = false, metadata } = {}) {
  const e = email("rr");
  const container = order ? newOrder(server, org, 3) : newSubscription(server, org, 3);
  const body = order ? { order_id: container.id, email: e } : { subscription_id: container.id, email: e };
  if (metadata) body.metadata = metadata;
  const seat = await assignOk(server, org, body);
  const token = await waitForInvitation(server, e);
  return { seat, token, container, email: e };
}

// ---------------------------------------------------------------------------------------------
// revoke

test("revoke a pending seat → 200 revoked, holder fields null, token dead", T, async () => {
  const { seat, token, container } = await pendingSeat({ metadata: { team: "a" } });
  const t0 = Date.now();
  const r = await revoke(server, org, seat.id);
  assert.equal(r.status, 200, r.text);
  assertRevokedSeat(r.body);
  assert.equal(r.body.id, seat.id);
  assert.equal(r.body.created_at, seat.created_at);
  assertNear(Date.parse(r.body.revoked_at), t0, 60_000, "revoked_at ≈ now");
  assertDatetime(r.body.modified_at, "modified_at is set by the update");
  assert.equal(r.body.claimed_at, null);
  // not cleared by revoke (§2.4)
  assert.equal(r.body.invitation_token_expires_at, seat.invitation_token_expires_at);
  assert.deepEqual(r.body.seat_metadata, { team: "a" });
  assert.equal(r.body.subscription_id, container.id);
  assertError(await claimInfo(server, token), 404, "ResourceNotFound", INVALID_INVITATION);
  assertError(await claim(server, token), 400, "InvalidInvitationToken", INVALID_INVITATION);
  // the list shows the revoked seat, the same way
  const l = await listOk(server, org, { subscription_id: container.id });
  assert.equal(l.seats.length, 1);
  assertRevokedSeat(l.seats[0]);
  assert.deepEqual(l.seats[0], r.body);
  assert.equal(l.available_seats, 3);
});

test("revoke a claimed seat → 200 revoked, customer_id/member/email null, claimed_at kept", T, async () => {
  const { seat, token } = await pendingSeat();
  const c = await claim(server, token);
  assert.equal(c.status, 200, c.text);
  const r = await revoke(server, org, seat.id);
  assert.equal(r.status, 200, r.text);
  assertRevokedSeat(r.body);
  assert.equal(r.body.claimed_at, c.body.seat.claimed_at, "claimed_at is not cleared by revoke");
});

test("revoke a claimed order seat → 200 revoked, customer_id null", T, async () => {
  const { seat, token, container } = await pendingSeat({ order: true });
  assert.equal((await claim(server, token)).status, 200);
  const r = await revoke(server, org, seat.id);
  assert.equal(r.status, 200, r.text);
  assertRevokedSeat(r.body);
  assert.equal(r.body.order_id, container.id);
  assert.equal(r.body.subscription_id, null);
});

test("revoke an immediately claimed seat → 200 revoked", T, async () => {
  const sub = newSubscription(server, org, 2);
  const seat = await assignOk(server, org, { subscription_id: sub.id, email: email("immrev"), immediate_claim: true });
  const r = await revoke(server, org, seat.id);
  assert.equal(r.status, 200, r.text);
  assertRevokedSeat(r.body);
  assert.equal(r.body.invitation_token_expires_at, null);
});

test("revoke is idempotent: second revoke → 200 with the same revoked_at and body", T, async () => {
  const { seat } = await pendingSeat();
  const first = await revoke(server, org, seat.id);
  assert.equal(first.status, 200);
  await sleep(20);
  const second = await revoke(server, org, seat.id);
  assert.equal(second.status, 200, second.text);
  assertRevokedSeat(second.body);
  assert.equal(second.body.revoked_at, first.body.revoked_at);
  assert.deepEqual(second.body, first.body);
});

test("revoke an unknown seat id → 404 Seat not found", T, async () => {
  assertError(await revoke(server, org, randomUuid4()), 404, "ResourceNotFound", "Seat not found");
});

// ---------------------------------------------------------------------------------------------
// resend

test("resend a pending seat rotates the invitation: new token, new expiry, old token dead", T, async () => {
  const { seat, token: oldToken, container, email: e } = await pendingSeat();
  await sleep(5);
  const t0 = Date.now();
  const r = await resend(server, org, seat.id);
  assert.equal(r.status, 200, r.text);
  assertSeatShape(r.body);
  assert.equal(r.body.id, seat.id);
  assert.equal(r.body.status, "pending");
  assert.equal(r.body.email, e);
  assert.equal(r.body.member_id, seat.member_id);
  assert.notEqual(r.body.invitation_token_expires_at, seat.invitation_token_expires_at, "expiry changes (DECISIONS §2)");
  assert.ok(Date.parse(r.body.invitation_token_expires_at) >= Date.parse(seat.invitation_token_expires_at));
  assertNear(Date.parse(r.body.invitation_token_expires_at), t0 + 24 * 3600e3, 60_000, "fresh 24 h expiry");
  const newToken = await waitForInvitation(server, e, { count: 2 });
  assert.notEqual(newToken, oldToken, "resend mints a new token");
  assert.equal(invitations(server).filter((i) => i.email === e).length, 2, "exactly one new invitation line");
  // old token no longer works
  assertError(await claimInfo(server, oldToken), 404, "ResourceNotFound", INVALID_INVITATION);
  assertError(await claim(server, oldToken), 400, "InvalidInvitationToken", INVALID_INVITATION);
  // new one does
  const ci = await claimInfo(server, newToken);
  assert.equal(ci.status, 200, ci.text);
  assert.equal(ci.body.customer_email, e);
  // list reflects the new expiry
  const l = await listOk(server, org, { subscription_id: container.id });
  assert.equal(l.seats[0].invitation_token_expires_at, r.body.invitation_token_expires_at);
  const c = await claim(server, newToken);
  assert.equal(c.status, 200, c.text);
  assert.equal(c.body.seat.status, "claimed");
});

test("resend twice: only the newest token works", T, async () => {
  const { seat, token: t1, email: e } = await pendingSeat();
  assert.equal((await resend(server, org, seat.id)).status, 200);
  const t2 = await waitForInvitation(server, e, { count: 2 });
  assert.equal((await resend(server, org, seat.id)).status, 200);
  const t3 = await waitForInvitation(server, e, { count: 3 });
  assert.equal(new Set([t1, t2, t3]).size, 3);
  assert.equal((await claimInfo(server, t1)).status, 404);
  assert.equal((await claimInfo(server, t2)).status, 404);
  assert.equal((await claimInfo(server, t3)).status, 200);
});

test("resend an expired invitation → 200 with a working fresh link", T, async () => {
  const { seat, token: oldToken, email: e } = await pendingSeat();
  expireInvitation(server, seat.id);
  assert.equal((await claimInfo(server, oldToken)).status, 404);
  const t0 = Date.now();
  const r = await resend(server, org, seat.id);
  assert.equal(r.status, 200, r.text);
  assertNear(Date.parse(r.body.invitation_token_expires_at), t0 + 24 * 3600e3, 60_000, "fresh 24 h expiry");
  const newToken = await waitForInvitation(server, e, { count: 2 });
  assert.equal((await claim(server, newToken)).status, 200);
});

test("resend an order seat → 200 pending", T, async () => {
  const { seat, email: e } = await pendingSeat({ order: true });
  const r = await resend(server, org, seat.id);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.order_id, seat.order_id);
  await waitForInvitation(server, e, { count: 2 });
});

test("resend a claimed seat → 400 SeatNotPending", T, async () => {
  const { seat, token, email: e } = await pendingSeat();
  assert.equal((await claim(server, token)).status, 200);
  assertError(await resend(server, org, seat.id), 400, "SeatNotPending", "Seat is not in pending status");
  // E-mails leave in outbox order: once a later invitation is out, a wrong one would be too.
  const sentinel = email("after-claimed-resend");
  await assignOk(server, org, { subscription_id: newSubscription(server, org, 1).id, email: sentinel });
  await waitForInvitation(server, sentinel);
  assert.equal(invitations(server).filter((i) => i.email === e).length, 1, "no e-mail sent");
});

test("resend an immediately claimed seat → 400 SeatNotPending", T, async () => {
  const sub = newSubscription(server, org, 2);
  const seat = await assignOk(server, org, { subscription_id: sub.id, email: email("immres"), immediate_claim: true });
  assertError(await resend(server, org, seat.id), 400, "SeatNotPending", "Seat is not in pending status");
});

test("resend a revoked seat → 400 SeatNotPending", T, async () => {
  const { seat } = await pendingSeat();
  assert.equal((await revoke(server, org, seat.id)).status, 200);
  assertError(await resend(server, org, seat.id), 400, "SeatNotPending", "Seat is not in pending status");
});

test("resend an unknown seat id → 404 Seat not found", T, async () => {
  assertError(await resend(server, org, randomUuid4()), 404, "ResourceNotFound", "Seat not found");
});
