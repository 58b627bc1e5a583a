// Capacity, duplicates and the recycling of revoked rows (§5.2, §5.3, §9.1, §9.2).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, waitForInvitation } from "../lib/harness.mjs";
import {
  makeOrg, newSubscription, newOrder, email, uid, assign, assignOk, listOk, revoke, claim, claimInfo, stopServer,
  assertError, assertSeatShape, assertNear, micros, INVALID_INVITATION,
} from "./helpers.mjs";

let server;
let org;
const T = { timeout: 20000 };

before(async () => {
  server = await startServer();
  org = makeOrg(server);
});
after(async () => stopServer(server));

test("subscription with 0 seats → 400 SeatNotAvailable", T, async () => {
  // The admin CLI may refuse --seats 0 (products default to minimum_seats 1); then a 1-seat
  // subscription whose only seat is taken is the equivalent "no capacity" state.
  let sub;
  const r = server.adminRaw("create-subscription", "--customer", org.customer.id, "--product", org.product.id, "--seats", "0");
  if (r.status === 0) {
    sub = JSON.parse(r.stdout);
  } else {
    sub = newSubscription(server, org, 1);
    await assignOk(server, org, { subscription_id: sub.id, email: email("filler"), immediate_claim: true });
  }
  assertError(await assign(server, org, { subscription_id: sub.id, email: email("zero") }),
    400, "SeatNotAvailable", `No available seats for ${sub.id}`);
});

test("capacity exhausted → 400 SeatNotAvailable with the container id", T, async () => {
  const sub = newSubscription(server, org, 2);
  await assignOk(server, org, { subscription_id: sub.id, email: email("c1") });
  await assignOk(server, org, { subscription_id: sub.id, email: email("c2"), immediate_claim: true });
  assertError(await assign(server, org, { subscription_id: sub.id, email: email("c3") }),
    400, "SeatNotAvailable", `No available seats for ${sub.id}`);
  const l = await listOk(server, org, { subscription_id: sub.id });
  assert.equal(l.seats.length, 2);
  assert.equal(l.available_seats, 0);
  assert.equal(l.total_seats, 2);
});

test("order capacity exhausted → 400 SeatNotAvailable with the order id", T, async () => {
  const order = newOrder(server, org, 1);
  await assignOk(server, org, { order_id: order.id, email: email("o1") });
  assertError(await assign(server, org, { order_id: order.id, email: email("o2") }),
    400, "SeatNotAvailable", `No available seats for ${order.id}`);
});

test("capacity is checked before duplicates", T, async () => {
  const sub = newSubscription(server, org, 1);
  const e = email("capfirst");
  await assignOk(server, org, { subscription_id: sub.id, email: e });
  // the same e-mail again on a full container: SeatNotAvailable, not SeatAlreadyAssigned
  assertError(await assign(server, org, { subscription_id: sub.id, email: e }),
    400, "SeatNotAvailable", `No available seats for ${sub.id}`);
});

test("same e-mail twice in a container with room → 400 SeatAlreadyAssigned (case-insensitive)", T, async () => {
  const sub = newSubscription(server, org, 3);
  const u = uid();
  const e = `dup-${u}@example.com`;
  await assignOk(server, org, { subscription_id: sub.id, email: e });
  assertError(await assign(server, org, { subscription_id: sub.id, email: e }),
    400, "SeatAlreadyAssigned", `Seat already assigned to customer ${e}`);
  assertError(await assign(server, org, { subscription_id: sub.id, email: `DUP-${u}@example.com` }),
    400, "SeatAlreadyAssigned", `Seat already assigned to customer ${e}`);
  const l = await listOk(server, org, { subscription_id: sub.id });
  assert.equal(l.seats.length, 1);
  assert.equal(l.available_seats, 2);
});

test("double immediate claim for the same e-mail → 400 SeatAlreadyAssigned", T, async () => {
  const sub = newSubscription(server, org, 3);
  const e = email("dupimm");
  await assignOk(server, org, { subscription_id: sub.id, email: e, immediate_claim: true });
  assertError(await assign(server, org, { subscription_id: sub.id, email: e, immediate_claim: true }),
    400, "SeatAlreadyAssigned", `Seat already assigned to customer ${e}`);
});

test("the same e-mail may hold seats in different containers", T, async () => {
  const s1 = newSubscription(server, org, 1);
  const s2 = newSubscription(server, org, 1);
  const e = email("multi");
  await assignOk(server, org, { subscription_id: s1.id, email: e });
  await assignOk(server, org, { subscription_id: s2.id, email: e });
});

test("pending order → 400 SeatNotAvailable \"Order must be paid before assigning seats\"", T, async () => {
  const order = newOrder(server, org, 3, { status: "pending" });
  assertError(await assign(server, org, { order_id: order.id, email: email("unpaid") }),
    400, "SeatNotAvailable", "Order must be paid before assigning seats");
  // the order is listable, empty
  const l = await listOk(server, org, { order_id: order.id });
  assert.equal(l.seats.length, 0);
  assert.equal(l.total_seats, 3);
  assert.equal(l.available_seats, 3);
});

test("pending order is refused even with immediate_claim", T, async () => {
  const order = newOrder(server, org, 3, { status: "pending" });
  assertError(await assign(server, org, { order_id: order.id, email: email("unpaid2"), immediate_claim: true }),
    400, "SeatNotAvailable", "Order must be paid before assigning seats");
});

test("revoked seats do not consume capacity", T, async () => {
  const sub = newSubscription(server, org, 1);
  const a = await assignOk(server, org, { subscription_id: sub.id, email: email("r1") });
  assert.equal((await revoke(server, org, a.id)).status, 200);
  const l = await listOk(server, org, { subscription_id: sub.id });
  assert.equal(l.available_seats, 1);
  await assignOk(server, org, { subscription_id: sub.id, email: email("r2") });
});

test("revoked row is recycled: same id and created_at, pending, fresh token, cleared timestamps", T, async () => {
  const sub = newSubscription(server, org, 1);
  const e1 = email("first");
  const first = await assignOk(server, org, { subscription_id: sub.id, email: e1, metadata: { gen: 1 } });
  const token1 = await waitForInvitation(server, e1);
  // claim it so claimed_at is set before the revoke
  assert.equal((await claim(server, token1)).status, 200);
  const rv = await revoke(server, org, first.id);
  assert.equal(rv.status, 200, rv.text);
  assert.ok(rv.body.claimed_at);

  const e2 = email("second");
  const t0 = Date.now();
  const second = await assignOk(server, org, { subscription_id: sub.id, email: e2, metadata: { gen: 2 } });
  assertSeatShape(second);
  assert.equal(second.id, first.id, "recycled row keeps its id");
  assert.equal(second.created_at, first.created_at, "recycled row keeps created_at");
  assert.equal(second.status, "pending");
  assert.equal(second.revoked_at, null);
  assert.equal(second.claimed_at, null);
  assert.equal(second.email, e2);
  assert.equal(second.member.email, e2);
  assert.equal(second.customer_id, org.customer.id);
  assert.deepEqual(second.seat_metadata, { gen: 2 });
  assertNear(Date.parse(second.invitation_token_expires_at), t0 + 24 * 3600e3, 60_000, "fresh 24 h expiry");
  const token2 = await waitForInvitation(server, e2);
  assert.notEqual(token2, token1, "fresh token");
  // the recycled seat's new token works, the old one does not
  assert.equal((await claimInfo(server, token2)).status, 200);
  assertError(await claimInfo(server, token1), 404, "ResourceNotFound", INVALID_INVITATION);
  const l = await listOk(server, org, { subscription_id: sub.id });
  assert.equal(l.seats.length, 1, "no new row");
  assert.equal(l.available_seats, 0);
});

test("revoked row is recycled for an immediate claim too", T, async () => {
  const sub = newSubscription(server, org, 1);
  const first = await assignOk(server, org, { subscription_id: sub.id, email: email("imm1") });
  assert.equal((await revoke(server, org, first.id)).status, 200);
  const second = await assignOk(server, org, { subscription_id: sub.id, email: email("imm2"), immediate_claim: true });
  assert.equal(second.id, first.id);
  assert.equal(second.created_at, first.created_at);
  assert.equal(second.status, "claimed");
  assert.equal(second.invitation_token_expires_at, null);
  assert.equal(second.revoked_at, null);
  assert.ok(second.claimed_at);
});

test("re-assigning the revoked holder's own e-mail recycles the row", T, async () => {
  const sub = newSubscription(server, org, 2);
  const e = email("again");
  const first = await assignOk(server, org, { subscription_id: sub.id, email: e });
  const t1 = await waitForInvitation(server, e);
  assert.equal((await revoke(server, org, first.id)).status, 200);
  const again = await assignOk(server, org, { subscription_id: sub.id, email: e });
  assert.equal(again.id, first.id);
  assert.equal(again.status, "pending");
  assert.equal(again.member_id, first.member_id, "same member");
  const t2 = await waitForInvitation(server, e, { count: 2 });
  assert.notEqual(t2, t1);
});

test("listing order is created_at, id ascending; a recycled row keeps its place", T, async () => {
  const sub = newSubscription(server, org, 3);
  const a = await assignOk(server, org, { subscription_id: sub.id, email: email("ord-a") });
  const b = await assignOk(server, org, { subscription_id: sub.id, email: email("ord-b") });
  const c = await assignOk(server, org, { subscription_id: sub.id, email: email("ord-c") });
  let l = await listOk(server, org, { subscription_id: sub.id });
  assert.deepEqual(l.seats.map((s) => s.id), [a.id, b.id, c.id]);
  assert.equal((await revoke(server, org, a.id)).status, 200);
  const d = await assignOk(server, org, { subscription_id: sub.id, email: email("ord-d") });
  assert.equal(d.id, a.id);
  l = await listOk(server, org, { subscription_id: sub.id });
  assert.deepEqual(l.seats.map((s) => s.id), [a.id, b.id, c.id]);
  assert.equal(l.seats[0].email, d.email);
  // sorted by (created_at, id) at microsecond precision
  const keys = l.seats.map((s) => [micros(s.created_at), s.id]);
  for (let i = 1; i < keys.length; i++) {
    const [pt, pid] = keys[i - 1];
    const [t, id] = keys[i];
    assert.ok(pt < t || (pt === t && pid < id), `seat ${i} out of (created_at, id) order`);
  }
});
