// The customer portal's seat operations through @polar-sh/sdk 1.0.1 (npm alias polar-sdk-1):
// `createPolar({ accessToken: <customer or member session>, baseUrl }).customerPortal.seats.*`.
// 1.x validates no response, so every body is checked against Polar's models here (exact keys,
// and 0.49.0's zod for CustomerSubscription); its typed errors need a JSON body on every status.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";

import { PolarClientError } from "polar-sdk-1";
import * as v2026_04 from "polar-sdk-1/2026-04";
import * as v2026_10 from "polar-sdk-1/2026-10";
import * as v2027_01 from "polar-sdk-1/2027-01";

import { startServer } from "../lib/harness.mjs";
import {
  BOGUS_TOKEN, assertEnvelope, assertErrorClass, assertSeatShapeV1, ok, rejectsWith, uniqueEmail, unknownId,
} from "./helpers.mjs";
import {
  NOT_PERMITTED, NO_CHECKOUT, assertCustomerSubscription, customerSession, memberSession, portalWorld,
} from "./portal_helpers.mjs";

const { errors } = v2026_04;

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

const seats = (token, entry = v2026_04) =>
  entry.createPolar({ accessToken: token, baseUrl: server.baseUrl }).customerPortal.seats;

function assertTyped(e, cls, status, errorName, detail, label) {
  assertErrorClass(e, cls, label);
  assert.ok(e instanceof PolarClientError, `${label}: should extend PolarClientError`);
  assert.equal(e.statusCode, status, `${label}: statusCode`);
  if (errorName) assertEnvelope(e.error, errorName, label);
  if (detail) assert.equal(e.error.detail, detail, label);
}

describe("@polar-sh/sdk 1.0.1: customerPortal.seats", () => {
  it("a customer session lists, assigns, resends and revokes; every API version entry point works", async () => {
    const w = portalWorld(server);
    const session = await customerSession(server, w, w.alice);
    const p = seats(session);
    const empty = await ok(p.listSeats({ subscription_id: w.alice.subscription.id }), "listSeats");
    assert.deepEqual(empty, { seats: [], available_seats: 5, total_seats: 5 });

    const email = uniqueEmail("portal-v1");
    const seat = await ok(p.assignSeat({ subscription_id: w.alice.subscription.id, email }), "assignSeat");
    assertSeatShapeV1(seat);
    assert.equal(seat.status, "pending");
    assert.equal(seat.customer_email, email);
    assertSeatShapeV1(await ok(p.resendInvitation(seat.id), "resendInvitation"));
    const listed = await ok(p.listSeats({ subscription_id: w.alice.subscription.id }), "listSeats");
    assert.deepEqual(listed.seats.map((s) => s.id), [seat.id]);
    assert.equal(listed.available_seats, 4);
    listed.seats.forEach((s) => assertSeatShapeV1(s));
    const revoked = await ok(p.revokeSeat(seat.id), "revokeSeat");
    assertSeatShapeV1(revoked);
    assert.equal(revoked.status, "revoked");

    const onOrder = await ok(p.assignSeat({ order_id: w.alice.order.id, email: uniqueEmail() }), "assignSeat order");
    assert.equal(onOrder.order_id, w.alice.order.id);
    for (const entry of [v2026_10, v2027_01]) {
      const list = await ok(seats(session, entry).listSeats({ order_id: w.alice.order.id }), "listSeats other version");
      assert.deepEqual(list.seats.map((s) => s.id), [onOrder.id]);
    }
  });

  it("a member session lists and sees its claimed subscriptions; a plain member gets 403 NotPermitted on writes", async () => {
    const w = portalWorld(server);
    const { seat, memberSession: token } = await memberSession(server, w, w.alice, uniqueEmail("member-v1"));
    const p = seats(token);
    const list = await ok(p.listSeats({ subscription_id: w.alice.subscription.id }), "listSeats as member");
    assert.deepEqual(list.seats.map((s) => s.id), [seat.id]);

    const page = await ok(p.listClaimedSubscriptions(), "listClaimedSubscriptions");
    assert.deepEqual(page.pagination, { total_count: 1, max_page: 1 });
    assertCustomerSubscription(page.items[0]);
    assert.equal(page.items[0].id, w.alice.subscription.id);
    const iterated = [];
    for await (const item of p.iterListClaimedSubscriptions({ limit: 1 })) iterated.push(item.id);
    assert.deepEqual(iterated, [w.alice.subscription.id]);

    assertTyped(await rejectsWith(p.assignSeat({ subscription_id: w.alice.subscription.id, email: uniqueEmail() })),
      errors.CustomerPortalSeatsAssignSeat403Error, 403, "NotPermitted", NOT_PERMITTED, "assign as member");
    assertTyped(await rejectsWith(p.revokeSeat(seat.id)), errors.CustomerPortalSeatsRevokeSeat403Error, 403,
      "NotPermitted", NOT_PERMITTED, "revoke as member");
    assertTyped(await rejectsWith(p.resendInvitation(seat.id)), errors.CustomerPortalSeatsResendInvitation403Error, 403,
      "NotPermitted", NOT_PERMITTED, "resend as member");

    const { memberSession: manager } = await memberSession(server, w, w.alice, uniqueEmail("manager-v1"), { role: "billing_manager" });
    const byManager = await ok(seats(manager).assignSeat({ subscription_id: w.alice.subscription.id, email: uniqueEmail() }));
    assert.equal(byManager.status, "pending");
  });

  it("401 for organization tokens and unknown sessions on all five operations", async () => {
    const w = portalWorld(server);
    const id = unknownId();
    for (const token of [w.token, BOGUS_TOKEN, "polar_cst_" + "x".repeat(43)]) {
      const p = seats(token);
      const label = token.slice(0, 10);
      assertTyped(await rejectsWith(p.listSeats({ subscription_id: w.alice.subscription.id })),
        errors.CustomerPortalSeatsListSeats401Error, 401, null, null, `list ${label}`);
      assertTyped(await rejectsWith(p.assignSeat({ subscription_id: w.alice.subscription.id, email: uniqueEmail() })),
        errors.CustomerPortalSeatsAssignSeat401Error, 401, null, null, `assign ${label}`);
      assertTyped(await rejectsWith(p.revokeSeat(id)), errors.CustomerPortalSeatsRevokeSeat401Error, 401, null, null,
        `revoke ${label}`);
      assertTyped(await rejectsWith(p.resendInvitation(id)), errors.CustomerPortalSeatsResendInvitation401Error, 401,
        null, null, `resend ${label}`);
      assertTyped(await rejectsWith(p.listClaimedSubscriptions()), errors.CustomerPortalSeatsListClaimedSubscriptions401Error,
        401, null, null, `claimed ${label}`);
    }
    const e = await rejectsWith(seats(w.token).listSeats({ subscription_id: w.alice.subscription.id }));
    assertEnvelope(e.error, "Unauthorized", "organization token");
  });

  it("404 for another customer's containers and seats and for checkouts; 400 and 422 typed", async () => {
    const w = portalWorld(server);
    const alice = seats(await customerSession(server, w, w.alice));
    const bob = seats(await customerSession(server, w, w.bob));
    const seat = await ok(alice.assignSeat({ subscription_id: w.alice.subscription.id, email: uniqueEmail() }));
    assertTyped(await rejectsWith(bob.listSeats({ subscription_id: w.alice.subscription.id })),
      errors.CustomerPortalSeatsListSeats404Error, 404, "ResourceNotFound", "Subscription not found", "list other's");
    assertTyped(await rejectsWith(bob.assignSeat({ order_id: w.alice.order.id, email: uniqueEmail() })),
      errors.CustomerPortalSeatsAssignSeat404Error, 404, "ResourceNotFound", "Order not found", "assign other's");
    assertTyped(await rejectsWith(alice.assignSeat({ checkout_id: unknownId(), email: uniqueEmail() })),
      errors.CustomerPortalSeatsAssignSeat404Error, 404, "ResourceNotFound", NO_CHECKOUT, "checkout");
    assertTyped(await rejectsWith(bob.revokeSeat(seat.id)), errors.CustomerPortalSeatsRevokeSeat404Error, 404,
      "ResourceNotFound", "Seat not found", "revoke other's");
    assertTyped(await rejectsWith(bob.resendInvitation(seat.id)), errors.CustomerPortalSeatsResendInvitation404Error, 404,
      "ResourceNotFound", "Seat not found", "resend other's");

    await ok(alice.revokeSeat(seat.id));
    assertTyped(await rejectsWith(alice.resendInvitation(seat.id)), errors.CustomerPortalSeatsResendInvitation400Error,
      400, "SeatNotPending", "Seat is not in pending status", "resend revoked");
    const full = await rejectsWith(alice.assignSeat({ email: uniqueEmail() }));
    assertErrorClass(full, errors.HTTPValidationError, "no source");
    assert.equal(full.statusCode, 422);
    assert.equal(full.error.detail[0].msg, "Value error, Exactly one of subscription_id, order_id, or checkout_id must be provided");
  });
});
