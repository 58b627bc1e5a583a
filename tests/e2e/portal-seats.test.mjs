// The customer portal's seat endpoints (/v1/customer-portal/seats) over raw HTTP, on the store
// the run selects: who may call them (customer sessions, member sessions by role; never
// organization tokens), isolation between two customers of one organization, Polar's 400/401/
// 403/404/422 answers, and the claimed-subscriptions list with Polar's CustomerSubscription.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";

import { startServer } from "../lib/harness.mjs";
import {
  NOT_PERMITTED, NO_CHECKOUT, assertCustomerSubscription, customerSession, memberSession, portalWorld,
} from "../sdk/portal_helpers.mjs";
import {
  assertError, assertInvalidToken, assertJsonContentType, assertRevokedSeat, assertSeatShape, assertSeatsList,
  assertUnauthorized, assertValidation, call, email, stopServer,
} from "./helpers.mjs";

let server;
const T = { timeout: 60000 };

before(async () => {
  server = await startServer();
});
after(async () => stopServer(server));

const BASE = "/v1/customer-portal/seats";
const portal = (method, path, token, body) => call(server, method, BASE + path, { token, body });
const listSeats = (token, query) => portal("GET", `?${new URLSearchParams(query)}`, token);
const assign = (token, body) => portal("POST", "", token, body);
const revoke = (token, id) => portal("DELETE", `/${id}`, token);
const resend = (token, id) => portal("POST", `/${id}/resend`, token);
const claimed = (token, query = {}) => portal("GET", `/subscriptions?${new URLSearchParams(query)}`, token);

// The five operations, each with arguments that would otherwise be valid for `w.alice`.
function everyOperation(w, seatId) {
  return [
    (t) => listSeats(t, { subscription_id: w.alice.subscription.id }),
    (t) => assign(t, { subscription_id: w.alice.subscription.id, email: email("never") }),
    (t) => revoke(t, seatId),
    (t) => resend(t, seatId),
    (t) => claimed(t),
  ];
}

test("a customer session lists, assigns, resends and revokes the seats of its own subscription and order", T, async () => {
  const w = portalWorld(server);
  const session = await customerSession(server, w, w.alice);

  const empty = await listSeats(session, { subscription_id: w.alice.subscription.id });
  assert.equal(empty.status, 200, empty.text);
  assertJsonContentType(empty);
  assertSeatsList(empty.body);
  assert.deepEqual(empty.body, { seats: [], available_seats: 5, total_seats: 5 });

  const invitee = email("invitee");
  const assigned = await assign(session, { subscription_id: w.alice.subscription.id, email: invitee, metadata: { team: "a" } });
  assert.equal(assigned.status, 200, assigned.text);
  assertSeatShape(assigned.body);
  assert.equal(assigned.body.status, "pending");
  assert.equal(assigned.body.customer_email, invitee);
  assert.equal(assigned.body.customer_id, w.alice.id);
  assert.deepEqual(assigned.body.seat_metadata, { team: "a" });

  const resent = await resend(session, assigned.body.id);
  assert.equal(resent.status, 200, resent.text);
  assert.equal(resent.body.status, "pending");

  const revoked = await revoke(session, assigned.body.id);
  assert.equal(revoked.status, 200, revoked.text);
  assertRevokedSeat(revoked.body);
  assertError(await resend(session, assigned.body.id), 400, "SeatNotPending", "Seat is not in pending status");

  // The order works the same way; the merchant sees what the portal did.
  const onOrder = await assign(session, { order_id: w.alice.order.id, email: email("order") });
  assert.equal(onOrder.status, 200, onOrder.text);
  assert.equal(onOrder.body.order_id, w.alice.order.id);
  const orderList = await listSeats(session, { order_id: w.alice.order.id });
  assert.equal(orderList.status, 200, orderList.text);
  assert.equal(orderList.body.available_seats, 1);
  const merchant = await call(server, "GET", `/v1/customer-seats?subscription_id=${w.alice.subscription.id}`, { token: w.token });
  assert.equal(merchant.status, 200, merchant.text);
  assert.deepEqual(merchant.body.seats.map((s) => [s.id, s.status]), [[assigned.body.id, "revoked"]]);
});

test("the portal applies the seat rules of the merchant API: capacity and duplicates", T, async () => {
  const w = portalWorld(server);
  const session = await customerSession(server, w, w.alice);
  const first = email("dup");
  assert.equal((await assign(session, { order_id: w.alice.order.id, email: first })).status, 200);
  assertError(await assign(session, { order_id: w.alice.order.id, email: first.toUpperCase() }), 400,
    "SeatAlreadyAssigned", `Seat already assigned to customer ${first}`);
  assert.equal((await assign(session, { order_id: w.alice.order.id, email: email("second") })).status, 200);
  assertError(await assign(session, { order_id: w.alice.order.id, email: email("third") }), 400, "SeatNotAvailable",
    `No available seats for ${w.alice.order.id}`);
});

test("another customer's subscription, order, seat and any checkout are 404, exactly like unknown ones", T, async () => {
  const w = portalWorld(server);
  const alice = await customerSession(server, w, w.alice);
  const bob = await customerSession(server, w, w.bob);
  const seat = (await assign(alice, { subscription_id: w.alice.subscription.id, email: email("iso") })).body;

  assertError(await listSeats(bob, { subscription_id: w.alice.subscription.id }), 404, "ResourceNotFound", "Subscription not found");
  assertError(await listSeats(bob, { order_id: w.alice.order.id }), 404, "ResourceNotFound", "Order not found");
  assertError(await assign(bob, { subscription_id: w.alice.subscription.id, email: email("x") }), 404,
    "ResourceNotFound", "Subscription not found");
  assertError(await assign(bob, { order_id: w.alice.order.id, email: email("x") }), 404, "ResourceNotFound", "Order not found");
  assertError(await revoke(bob, seat.id), 404, "ResourceNotFound", "Seat not found");
  assertError(await resend(bob, seat.id), 404, "ResourceNotFound", "Seat not found");
  assertError(await revoke(alice, crypto.randomUUID()), 404, "ResourceNotFound", "Seat not found");
  assertError(await assign(alice, { checkout_id: crypto.randomUUID(), email: email("x") }), 404, "ResourceNotFound", NO_CHECKOUT);
  // Naming another customer of the organization as the recipient is refused without revealing it.
  assertError(await assign(alice, { subscription_id: w.alice.subscription.id, customer_id: w.bob.id }), 400,
    "InvalidSeatAssignmentRequest", "Customer not found for the provided customer_id or external_customer_id.");
  assertError(await assign(alice, { subscription_id: w.alice.subscription.id, external_customer_id: w.bob.externalId }), 400,
    "InvalidSeatAssignmentRequest", "Customer not found for the provided customer_id or external_customer_id.");

  // Nothing changed for Alice's seat.
  const list = await listSeats(alice, { subscription_id: w.alice.subscription.id });
  assert.deepEqual(list.body.seats.map((s) => [s.id, s.status]), [[seat.id, "pending"]]);
  // A customer of another organization is no closer.
  const other = portalWorld(server);
  const stranger = await customerSession(server, other, other.alice);
  assertError(await listSeats(stranger, { subscription_id: w.alice.subscription.id }), 404, "ResourceNotFound",
    "Subscription not found");
  assertError(await revoke(stranger, seat.id), 404, "ResourceNotFound", "Seat not found");
});

test("anonymous callers and organization tokens are 401 Unauthorized; unknown or dead sessions invalid_token", T, async () => {
  const w = portalWorld(server);
  const session = await customerSession(server, w, w.alice);
  const seat = (await assign(session, { subscription_id: w.alice.subscription.id, email: email("auth") })).body;
  for (const op of everyOperation(w, seat.id)) {
    assertUnauthorized(await op(undefined));
    assertUnauthorized(await op(w.token));  // organization tokens are not portal subjects
    assertInvalidToken(await op("polar_cst_" + "x".repeat(43)));
    assertInvalidToken(await op("polar_mst_" + "x".repeat(43)));
    assertInvalidToken(await op("not-a-polar-token"));
  }
  // Deleting the customer ends its sessions.
  const doomed = await customerSession(server, w, w.bob);
  assert.equal((await claimed(doomed)).status, 200);
  const deleted = await call(server, "DELETE", `/v1/customers/${w.bob.id}`, { token: w.token });
  assert.equal(deleted.status, 204, deleted.text);
  assertInvalidToken(await claimed(doomed));
  // Sessions are for the portal only: the merchant seat API treats them as anonymous.
  assertUnauthorized(await call(server, "GET", `/v1/customer-seats?subscription_id=${w.alice.subscription.id}`, { token: session }));
});

test("a plain member may list but not assign, revoke or resend; owners and billing managers may", T, async () => {
  const w = portalWorld(server);
  const { seat, memberSession: member } = await memberSession(server, w, w.alice, email("plain"));
  assert.match(member, /^polar_mst_/);
  const list = await listSeats(member, { subscription_id: w.alice.subscription.id });
  assert.equal(list.status, 200, list.text);
  assert.deepEqual(list.body.seats.map((s) => s.id), [seat.id]);
  assertError(await listSeats(member, { subscription_id: w.bob.subscription.id }), 404, "ResourceNotFound", "Subscription not found");
  assertError(await assign(member, { subscription_id: w.alice.subscription.id, email: email("x") }), 403, "NotPermitted", NOT_PERMITTED);
  assertError(await revoke(member, seat.id), 403, "NotPermitted", NOT_PERMITTED);
  assertError(await resend(member, seat.id), 403, "NotPermitted", NOT_PERMITTED);
  // The role is checked before the request is validated, as in Polar.
  assertError(await assign(member, {}), 403, "NotPermitted", NOT_PERMITTED);
  assertError(await revoke(member, "not-a-uuid"), 403, "NotPermitted", NOT_PERMITTED);

  const { memberSession: manager } = await memberSession(server, w, w.alice, email("manager"), { role: "billing_manager" });
  const byManager = await assign(manager, { subscription_id: w.alice.subscription.id, email: email("by-manager") });
  assert.equal(byManager.status, 200, byManager.text);
  assert.equal((await resend(manager, byManager.body.id)).status, 200);
  assert.equal((await revoke(manager, byManager.body.id)).status, 200);
  assertError(await revoke(manager, (await assign(await customerSession(server, w, w.bob),
    { subscription_id: w.bob.subscription.id, email: email("bobs") })).body.id), 404, "ResourceNotFound", "Seat not found");
});

test("request validation: Polar's 400 and 422 answers", T, async () => {
  const w = portalWorld(server);
  const session = await customerSession(server, w, w.alice);
  assertError(await portal("GET", "", session), 400, "BadRequest", "Either subscription_id or order_id must be provided");
  assertValidation(await listSeats(session, { subscription_id: "nope" }), [{ type: "uuid_parsing", loc: ["query", "subscription_id"] }]);
  assertValidation(await assign(session, { email: email("x") }), [{
    type: "value_error", loc: ["body"], msg: "Value error, Exactly one of subscription_id, order_id, or checkout_id must be provided",
  }], { exactCount: true });
  assertValidation(await assign(session, { subscription_id: w.alice.subscription.id, checkout_id: crypto.randomUUID(), email: email("x") }),
    [{ loc: ["body"], msg: "Value error, Exactly one of subscription_id, order_id, or checkout_id must be provided" }]);
  assertValidation(await assign(session, { subscription_id: w.alice.subscription.id }), [{
    loc: ["body"],
    msg: "Value error, At least one of email, external_customer_id, customer_id, external_member_id, or member_id must be provided",
  }]);
  assertValidation(await assign(session, { checkout_id: "abc", email: "not-an-email" }), [
    { type: "uuid_parsing", loc: ["body", "checkout_id"] },
    { type: "value_error", loc: ["body", "email"] },
  ]);
  assertValidation(await assign(session, "[1"), [{ type: "json_invalid" }]);
  assertValidation(await revoke(session, "abc"), [{ type: "uuid_parsing", loc: ["path", "seat_id"] }]);
  assertValidation(await resend(session, "00000000-0000-1000-8000-000000000000"), [{ type: "uuid_version", loc: ["path", "seat_id"] }]);
  assertValidation(await claimed(session, { page: "0" }), [{ type: "greater_than", loc: ["query", "page"] }]);
  assertValidation(await claimed(session, { limit: "x" }), [{ type: "int_parsing", loc: ["query", "limit"] }]);
});

test("claimed subscriptions: a member's claimed seats, a customer's subscriptions with a claimed seat, paged", T, async () => {
  const w = portalWorld(server);
  const alice = await customerSession(server, w, w.alice);
  assert.deepEqual((await claimed(alice)).body, { items: [], pagination: { total_count: 0, max_page: 0 } });
  // A pending seat does not count.
  const pendingEmail = email("pending");
  await assign(alice, { subscription_id: w.alice.subscription.id, email: pendingEmail });
  assert.equal((await claimed(alice)).body.pagination.total_count, 0);

  const { memberSession: member, seat } = await memberSession(server, w, w.alice, email("holder"));
  const mine = await claimed(member);
  assert.equal(mine.status, 200, mine.text);
  assertJsonContentType(mine);
  assert.deepEqual(mine.body.pagination, { total_count: 1, max_page: 1 });
  const [subscription] = mine.body.items;
  assertCustomerSubscription(subscription);
  assert.equal(subscription.id, w.alice.subscription.id);
  assert.equal(subscription.customer_id, w.alice.id);
  assert.equal(subscription.seats, 5);
  assert.equal(subscription.product.id, w.product.id);
  assert.equal(subscription.product.organization.slug, w.slug);
  assert.equal(subscription.product.organization.name, w.organization.name);
  assert.equal(subscription.prices[0].amount_type, "seat_based");

  // The billing customer sees its subscription once, however many seats are claimed in it.
  await memberSession(server, w, w.alice, email("holder2"));
  const customerView = await claimed(alice, { limit: "1" });
  assert.deepEqual(customerView.body.pagination, { total_count: 1, max_page: 1 });
  assert.equal(customerView.body.items[0].id, w.alice.subscription.id);
  assert.equal((await claimed(await customerSession(server, w, w.bob))).body.pagination.total_count, 0);
  assert.deepEqual((await claimed(member, { page: "2", limit: "1" })).body, { items: [], pagination: { total_count: 1, max_page: 1 } });

  // A revoked seat no longer counts for its member.
  assert.equal((await revoke(alice, seat.id)).status, 200);
  assert.deepEqual((await claimed(member)).body, { items: [], pagination: { total_count: 0, max_page: 0 } });
});
