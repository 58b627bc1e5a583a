// The customer portal's seat operations through @polar-sh/sdk 0.49.0 (npm alias polar-sdk-0,
// Speakeasy): `polar.customerPortal.seats.*({ customerSession } | { memberSession }, request)`.
// Its zod schemas validate every success body (CustomerSeat, SeatsList, and the large
// CustomerSubscription), so a passing call proves the shape; other 4xx arrive as SDKError.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";

import { Polar } from "polar-sdk-0";
import { HTTPValidationError } from "polar-sdk-0/models/errors/httpvalidationerror.js";
import { SDKError } from "polar-sdk-0/models/errors/sdkerror.js";

import { startServer } from "../lib/harness.mjs";
import { assertErrorClass, assertSeatShapeV0, describeError, jsonBody, ok, rejectsWith, uniqueEmail, unknownId } from "./helpers.mjs";
import { NOT_PERMITTED, NO_CHECKOUT, customerSession, memberSession, portalWorld } from "./portal_helpers.mjs";

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

// No accessToken: the portal operations take their security per call.
const seats = () => new Polar({ serverURL: server.baseUrl }).customerPortal.seats;

function assertSdkError(e, status, errorName, detail, label) {
  assertErrorClass(e, SDKError, label);
  assert.equal(e.statusCode, status, `${label}: ${describeError(e)}`);
  const body = jsonBody(e);
  assert.equal(body.error, errorName, label);
  if (detail !== undefined) assert.equal(body.detail, detail, label);
}

async function allPages(iterator) {
  const items = [];
  for await (const page of iterator) items.push(...page.result.items);
  return items;
}

describe("@polar-sh/sdk 0.49.0: customerPortal.seats", () => {
  it("{ customerSession }: list, assign, resend, revoke on a subscription and an order", async () => {
    const w = portalWorld(server);
    const security = { customerSession: await customerSession(server, w, w.alice) };
    const p = seats();
    const empty = await ok(p.listSeats(security, { subscriptionId: w.alice.subscription.id }), "listSeats");
    assert.deepEqual(empty, { seats: [], availableSeats: 5, totalSeats: 5 });
    const email = uniqueEmail("portal-v0");
    const seat = await ok(p.assignSeat(security, { subscriptionId: w.alice.subscription.id, email, metadata: { k: "v" } }));
    assertSeatShapeV0(seat);
    assert.equal(seat.status, "pending");
    assert.equal(seat.customerEmail, email);
    assert.deepEqual(seat.seatMetadata, { k: "v" });
    assertSeatShapeV0(await ok(p.resendInvitation(security, { seatId: seat.id }), "resendInvitation"));
    const revoked = await ok(p.revokeSeat(security, { seatId: seat.id }), "revokeSeat");
    assert.equal(revoked.status, "revoked");
    assert.ok(revoked.revokedAt instanceof Date);

    const onOrder = await ok(p.assignSeat(security, { orderId: w.alice.order.id, email: uniqueEmail() }), "assign order");
    const list = await ok(p.listSeats(security, { orderId: w.alice.order.id }));
    assert.deepEqual(list.seats.map((s) => s.id), [onOrder.id]);
    assert.equal(list.availableSeats, 1);
  });

  it("{ memberSession }: lists, pages through claimed subscriptions (zod-validated), and is refused writes by role", async () => {
    const w = portalWorld(server);
    const { seat, memberSession: token } = await memberSession(server, w, w.alice, uniqueEmail("member-v0"));
    const security = { memberSession: token };
    const p = seats();
    const list = await ok(p.listSeats(security, { subscriptionId: w.alice.subscription.id }));
    assert.deepEqual(list.seats.map((s) => s.id), [seat.id]);
    assert.equal(list.seats[0].status, "claimed");

    const claimed = await allPages(await ok(p.listClaimedSubscriptions(security, { limit: 1 }), "listClaimedSubscriptions"));
    assert.equal(claimed.length, 1);
    const [subscription] = claimed;
    assert.equal(subscription.id, w.alice.subscription.id);
    assert.ok(subscription.currentPeriodEnd instanceof Date);
    assert.equal(subscription.product.organization.slug, w.slug);
    assert.equal(subscription.product.prices[0].amountType, "seat_based");
    assert.equal(subscription.seats, 5);

    const writes = [
      ["assign", () => p.assignSeat(security, { subscriptionId: w.alice.subscription.id, email: uniqueEmail() })],
      ["revoke", () => p.revokeSeat(security, { seatId: seat.id })],
      ["resend", () => p.resendInvitation(security, { seatId: seat.id })],
    ];
    for (const [label, op] of writes) assertSdkError(await rejectsWith(op()), 403, "NotPermitted", NOT_PERMITTED, label);

    const { memberSession: owner } = await memberSession(server, w, w.alice, uniqueEmail("owner-v0"), { role: "owner" });
    const byOwner = await ok(p.assignSeat({ memberSession: owner }, { subscriptionId: w.alice.subscription.id, email: uniqueEmail() }));
    assertSeatShapeV0(byOwner);
  });

  it("401 without a session, with an organization token and with an unknown session", async () => {
    const w = portalWorld(server);
    const p = seats();
    const id = unknownId();
    for (const [label, security, expected] of [
      ["none", {}, "Unauthorized"],
      ["org token as session", { customerSession: w.token }, "Unauthorized"],
      ["unknown member session", { memberSession: "polar_mst_" + "y".repeat(43) }, "invalid_token"],
    ]) {
      assertSdkError(await rejectsWith(p.listSeats(security, { subscriptionId: w.alice.subscription.id })), 401, expected, undefined, label);
      assertSdkError(await rejectsWith(p.assignSeat(security, { subscriptionId: w.alice.subscription.id, email: uniqueEmail() })),
        401, expected, undefined, label);
      assertSdkError(await rejectsWith(p.revokeSeat(security, { seatId: id })), 401, expected, undefined, label);
      assertSdkError(await rejectsWith(p.resendInvitation(security, { seatId: id })), 401, expected, undefined, label);
      const claimed = (async () => allPages(await p.listClaimedSubscriptions(security, {})))();
      assertSdkError(await rejectsWith(claimed), 401, expected, undefined, label);
    }
  });

  it("404 across customers and for checkouts; 400 and 422", async () => {
    const w = portalWorld(server);
    const alice = { customerSession: await customerSession(server, w, w.alice) };
    const bob = { customerSession: await customerSession(server, w, w.bob) };
    const p = seats();
    const seat = await ok(p.assignSeat(alice, { subscriptionId: w.alice.subscription.id, email: uniqueEmail() }));
    assertSdkError(await rejectsWith(p.listSeats(bob, { orderId: w.alice.order.id })), 404, "ResourceNotFound", "Order not found", "list");
    assertSdkError(await rejectsWith(p.assignSeat(bob, { subscriptionId: w.alice.subscription.id, email: uniqueEmail() })), 404,
      "ResourceNotFound", "Subscription not found", "assign");
    assertSdkError(await rejectsWith(p.assignSeat(alice, { checkoutId: unknownId(), email: uniqueEmail() })), 404,
      "ResourceNotFound", NO_CHECKOUT, "checkout");
    assertSdkError(await rejectsWith(p.revokeSeat(bob, { seatId: seat.id })), 404, "ResourceNotFound", "Seat not found", "revoke");
    assertSdkError(await rejectsWith(p.resendInvitation(bob, { seatId: seat.id })), 404, "ResourceNotFound", "Seat not found", "resend");
    await ok(p.revokeSeat(alice, { seatId: seat.id }));
    assertSdkError(await rejectsWith(p.resendInvitation(alice, { seatId: seat.id })), 400, "SeatNotPending",
      "Seat is not in pending status", "resend revoked");
    assertSdkError(await rejectsWith(p.listSeats(alice, {})), 400, "BadRequest",
      "Either subscription_id or order_id must be provided", "list without container");
    const invalid = await rejectsWith(p.assignSeat(alice, { subscriptionId: w.alice.subscription.id, orderId: w.alice.order.id, email: uniqueEmail() }));
    assertErrorClass(invalid, HTTPValidationError, "two sources");
    assert.equal(invalid.detail[0].msg, "Value error, Exactly one of subscription_id, order_id, or checkout_id must be provided");
  });
});
