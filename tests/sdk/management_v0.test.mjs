// The management API through @polar-sh/sdk 0.49.0 (npm alias polar-sdk-0, Speakeasy). This SDK
// checks every response with zod and accepts only the documented success status (201 for
// creations, 204 for deletions, 200 otherwise), so a passing call proves the shape and status.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";

import { Polar } from "polar-sdk-0";
import { AlreadyCanceledSubscription } from "polar-sdk-0/models/errors/alreadycanceledsubscription.js";
import { HTTPValidationError } from "polar-sdk-0/models/errors/httpvalidationerror.js";
import { OrderNotDraft } from "polar-sdk-0/models/errors/ordernotdraft.js";
import { ResourceNotFound } from "polar-sdk-0/models/errors/resourcenotfound.js";
import { SDKError } from "polar-sdk-0/models/errors/sdkerror.js";

import { startServer, KEEP_DELIVERED_OUTBOX } from "../lib/harness.mjs";
import { assertErrorClass, describeError, jsonBody, ok, rejectsWith, uniqueEmail, unknownId, UUID } from "./helpers.mjs";
import { managementWorld, seatEvents } from "./management_helpers.mjs";

let server;
before(async () => {
  server = await startServer({ extraArgs: KEEP_DELIVERED_OUTBOX });
});
after(async () => {
  await server?.stop();
});

const polar = (token) => new Polar({ accessToken: token, serverURL: server.baseUrl });

// 0.x reports unmapped statuses as SDKError with the raw body.
function assertSdkError(e, status, errorName, detail, label) {
  assertErrorClass(e, SDKError, label);
  assert.equal(e.statusCode, status, `${label}: ${describeError(e)}`);
  const body = jsonBody(e);
  assert.equal(body.error, errorName, label);
  if (detail !== undefined) assert.equal(body.detail, detail, label);
}

function assertValidation(e, loc, msg, label) {
  assertErrorClass(e, HTTPValidationError, label);
  const item = e.detail.find((d) => JSON.stringify(d.loc) === JSON.stringify(loc));
  assert.ok(item, `${label}: no issue at ${JSON.stringify(loc)} in ${JSON.stringify(e.detail)}`);
  if (msg !== undefined) assert.equal(item.msg, msg, label);
}

const seatBased = (tiers) => ({
  amountType: "seat_based",
  priceCurrency: "usd",
  seatTiers: { seatTierType: "volume", tiers: tiers.map(([minSeats, maxSeats, pricePerSeat]) => ({ minSeats, maxSeats, pricePerSeat })) },
});

describe("@polar-sh/sdk 0.49.0: the full seat story with only the SDK", () => {
  it("create product, customer, subscription; raise to 5, fill, refuse a 6th, refuse lowering, revoke two, lower, revoke all", async () => {
    const w = managementWorld(server);
    const p = polar(w.token);
    const product = await ok(p.products.create({ name: "Team plan", recurringInterval: "month", prices: [seatBased([[1, 10, 1200]])] }));
    assert.equal(product.prices[0].amountType, "seat_based");
    assert.equal(product.prices[0].seatTiers.minimumSeats, 1);
    assert.equal(product.prices[0].seatTiers.maximumSeats, 10);
    assert.ok(product.createdAt instanceof Date);
    const customer = await ok(p.customers.create({ email: uniqueEmail("buyer"), name: "Buyer" }));
    let s = await ok(p.subscriptions.create({ productId: product.id, customerId: customer.id }), "subscriptions.create (201)");
    assert.equal(s.seats, 1);
    assert.equal(s.status, "active");
    assert.ok(s.currentPeriodEnd > s.currentPeriodStart);
    s = await ok(p.subscriptions.update({ id: s.id, subscriptionUpdate: { seats: 5 } }));
    assert.equal(s.seats, 5);

    const seats = [];
    for (let i = 0; i < 5; i++) seats.push(await ok(p.customerSeats.assignSeat({ subscriptionId: s.id, email: uniqueEmail("seat") })));
    assertSdkError(await rejectsWith(p.customerSeats.assignSeat({ subscriptionId: s.id, email: uniqueEmail() })), 400,
      "SeatNotAvailable", undefined, "6th seat");
    assertSdkError(await rejectsWith(p.subscriptions.update({ id: s.id, subscriptionUpdate: { seats: 3 } })), 400,
      "SeatsAlreadyAssigned", "Cannot decrease seats to 3. Currently 5 seats are assigned. Revoke seats first.", "lower to 3");
    for (const seat of seats.slice(0, 2)) await ok(p.customerSeats.revokeSeat({ seatId: seat.id }));
    s = await ok(p.subscriptions.update({ id: s.id, subscriptionUpdate: { seats: 3 } }), "lower to 3");
    assert.equal(s.seats, 3);

    const revoked = await ok(p.subscriptions.revoke({ id: s.id }));
    assert.equal(revoked.status, "canceled");
    assert.ok(revoked.endedAt instanceof Date);
    const list = await ok(p.customerSeats.listSeats({ subscriptionId: s.id }));
    assert.deepEqual(list.seats.map((x) => x.status), Array(5).fill("revoked"));
    assert.equal(seatEvents(server, w.organization.id, "customer_seat.revoked"), 5);
    assertErrorClass(await rejectsWith(p.subscriptions.revoke({ id: s.id })), AlreadyCanceledSubscription, "revoke twice");
  });
});

describe("@polar-sh/sdk 0.49.0: every management endpoint passes zod", () => {
  it("customers: create, get, getExternal, list, update, updateExternal, members, delete, deleteExternal", async () => {
    const w = managementWorld(server);
    const p = polar(w.token);
    const email = uniqueEmail("zod");
    const c = await ok(p.customers.create({ email, name: "Zed", externalId: `z-${w.n}`, metadata: { tier: 2 } }));
    assert.equal(c.type, "individual");
    assert.deepEqual(c.metadata, { tier: 2 });
    assert.equal((await ok(p.customers.get({ id: c.id }))).id, c.id);
    assert.equal((await ok(p.customers.getExternal({ externalId: `z-${w.n}` }))).id, c.id);
    const page = await ok(p.customers.list({ email }));
    assert.equal(page.result.items.length, 1);
    assert.equal(page.result.pagination.totalCount, 1);
    assert.equal(page.result.pagination.maxPage, 1);
    assert.equal((await ok(p.customers.update({ id: c.id, customerUpdate: { name: "Zed Z." } }))).name, "Zed Z.");
    assert.equal((await ok(p.customers.updateExternal({ externalId: `z-${w.n}`, customerUpdateExternalID: { name: "Z" } }))).name, "Z");
    const members = await ok(p.members.listMembers({ customerId: c.id }));
    assert.equal(members.result.items.length, 1);
    assert.equal(members.result.items[0].role, "owner");
    const owner = await ok(p.customers.members.get({ id: c.id, memberId: members.result.items[0].id }));
    assert.equal(owner.customerId, c.id);
    assert.equal(await ok(p.customers.delete({ id: c.id })), undefined, "204");
    assertErrorClass(await rejectsWith(p.customers.get({ id: c.id })), ResourceNotFound, "deleted");
    const d = await ok(p.customers.create({ email: uniqueEmail(), externalId: `gone-${w.n}` }));
    assert.equal(await ok(p.customers.deleteExternal({ externalId: `gone-${w.n}` })), undefined, "204 by external id");
    assertErrorClass(await rejectsWith(p.customers.get({ id: d.id })), ResourceNotFound, "deleted by external id");
    await ok(p.customers.create({ email }), "the e-mail of a deleted customer is free again");
    assertValidation(await rejectsWith(p.customers.create({ email: email.toUpperCase() })), ["body", "email"],
      "A customer with this email address already exists.", "a live customer's e-mail is not");
  });

  it("products: create (recurring and one-time), get, list, update", async () => {
    const p = polar(managementWorld(server).token);
    const r = await ok(p.products.create({ name: "Zod plan", recurringInterval: "year", recurringIntervalCount: 1,
      description: "Seats", metadata: { sku: "z1" }, prices: [seatBased([[1, 3, 100], [4, null, 90]])] }));
    assert.equal(r.recurringInterval, "year");
    assert.equal(r.prices[0].seatTiers.maximumSeats, null);
    const o = await ok(p.products.create({ name: "Zod pack", prices: [seatBased([[5, 5, 100]])] }));
    assert.equal(o.isRecurring, false);
    assert.equal((await ok(p.products.get({ id: o.id }))).name, "Zod pack");
    const page = await ok(p.products.list({}));
    assert.equal(page.result.items.length, 2);
    const u = await ok(p.products.update({ id: r.id, productUpdate: { name: "Zod plan 2", isArchived: true } }));
    assert.equal(u.isArchived, true);
    assertErrorClass(await rejectsWith(p.products.get({ id: unknownId() })), ResourceNotFound, "unknown product");
  });

  it("subscriptions: create, get, list, update (seats, cancel_at_period_end), revoke", async () => {
    const p = polar(managementWorld(server).token);
    const product = await ok(p.products.create({ name: "Zod sub", recurringInterval: "month", prices: [seatBased([[2, 6, 100]])] }));
    const c = await ok(p.customers.create({ email: uniqueEmail(), externalId: "zsub" }));
    const s = await ok(p.subscriptions.create({ productId: product.id, externalCustomerId: "zsub" }));
    assert.equal(s.seats, 2);
    assert.equal(s.customer.id, c.id);
    assert.equal((await ok(p.subscriptions.get({ id: s.id }))).id, s.id);
    const page = await ok(p.subscriptions.list({ customerId: c.id }));
    assert.equal(page.result.items[0].id, s.id);
    assertSdkError(await rejectsWith(p.subscriptions.update({ id: s.id, subscriptionUpdate: { seats: 7 } })), 400,
      "AboveMaximumSeats", "Maximum 6 seats allowed.", "above max");
    assertSdkError(await rejectsWith(p.subscriptions.update({ id: s.id, subscriptionUpdate: { seats: 1 } })), 400,
      "BelowMinimumSeats", "Minimum 2 seats required.", "below min");
    const canceled = await ok(p.subscriptions.update({ id: s.id, subscriptionUpdate: { cancelAtPeriodEnd: true } }));
    assert.equal(canceled.cancelAtPeriodEnd, true);
    assert.ok(canceled.endsAt instanceof Date);
    assertErrorClass(await rejectsWith(p.subscriptions.update({ id: s.id, subscriptionUpdate: { seats: 3 } })),
      AlreadyCanceledSubscription, "seat change after cancel");
    const revoked = await ok(p.subscriptions.revoke({ id: s.id }));
    assert.equal(revoked.status, "canceled");
    assertErrorClass(await rejectsWith(p.subscriptions.get({ id: unknownId() })), ResourceNotFound, "unknown");
  });

  it("orders: create (201), finalize, get, list; 412 OrderNotDraft", async () => {
    const p = polar(managementWorld(server).token);
    const product = await ok(p.products.create({ name: "Zod order", prices: [seatBased([[3, 10, 100]])] }));
    const c = await ok(p.customers.create({ email: uniqueEmail() }));
    const o = await ok(p.orders.create({ customerId: c.id, productId: product.id }));
    assert.equal(o.status, "draft");
    assert.equal(o.seats, 3, "0.x sends no seats: the product's minimum");
    assert.equal(o.items[0].productPriceId, product.prices[0].id);
    const paid = await ok(p.orders.finalize({ id: o.id }));
    assert.equal(paid.paid, true);
    assertErrorClass(await rejectsWith(p.orders.finalize({ id: o.id })), OrderNotDraft, "finalize twice");
    assert.equal((await ok(p.orders.get({ id: o.id }))).status, "paid");
    const page = await ok(p.orders.list({ productId: product.id }));
    assert.equal(page.result.items.length, 1);
    const seat = await ok(p.customerSeats.assignSeat({ orderId: o.id, email: uniqueEmail() }));
    assert.equal(seat.orderId, o.id);
  });

  it("members: list, get, update, delete; customer sessions: create", async () => {
    const p = polar(managementWorld(server).token);
    const product = await ok(p.products.create({ name: "Zod members", recurringInterval: "month", prices: [seatBased([[1, 5, 0]])] }));
    const c = await ok(p.customers.create({ email: uniqueEmail() }));
    const s = await ok(p.subscriptions.create({ productId: product.id, customerId: c.id }));
    const seat = await ok(p.customerSeats.assignSeat({ subscriptionId: s.id, email: uniqueEmail("m") }));
    const members = await ok(p.members.listMembers({ customerId: c.id, role: "member" }));
    assert.deepEqual(members.result.items.map((m) => m.id), [seat.memberId]);
    const newEmail = uniqueEmail("m2");
    const m = await ok(p.customers.members.update({ id: c.id, memberId: seat.memberId, memberUpdate: { email: newEmail, role: "billing_manager" } }));
    assert.equal(m.email, newEmail);
    assert.equal(m.role, "billing_manager");
    assert.equal(await ok(p.customers.members.delete({ id: c.id, memberId: seat.memberId })), undefined, "204");
    const list = await ok(p.customerSeats.listSeats({ subscriptionId: s.id }));
    assert.equal(list.seats[0].status, "revoked");

    const session = await ok(p.customerSessions.create({ customerId: c.id }), "customerSessions.create (201)");
    assert.match(session.token, /^polar_cst_/);
    assert.ok(session.expiresAt instanceof Date);
    assert.equal(session.customer.id, c.id);
    assert.match(session.id, UUID);
  });
});
