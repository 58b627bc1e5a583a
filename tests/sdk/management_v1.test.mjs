// The management API through @polar-sh/sdk 1.0.1 (npm alias polar-sdk-1): customers, products,
// subscriptions, orders, members and customer sessions, and the full seat story of issue 3.
// 1.0.1 validates nothing, so every body is checked with assertShape (exact keys + 0.49.0's zod).
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";

import { PolarClientError } from "polar-sdk-1";
import * as v2026_04 from "polar-sdk-1/2026-04";

import { startServer, KEEP_DELIVERED_OUTBOX } from "../lib/harness.mjs";
import { assertErrorClass, assertEnvelope, describeError, ok, parseJsonText, rejectsWith, uniqueEmail, unknownId, UUID } from "./helpers.mjs";
import { assertList, assertShape, managementWorld, seatEvents, seatPrice, tokenWith } from "./management_helpers.mjs";

const { errors } = v2026_04;

let server;
before(async () => {
  server = await startServer({ extraArgs: KEEP_DELIVERED_OUTBOX });
});
after(async () => {
  await server?.stop();
});

const polar = (token) => v2026_04.createPolar({ accessToken: token, baseUrl: server.baseUrl });

// A typed 1.x error: class, status and (when given) Polar's envelope error name.
function assertTyped(e, cls, status, errorName, label) {
  assertErrorClass(e, cls, label);
  assert.ok(e instanceof PolarClientError, `${label}: should extend PolarClientError`);
  assert.equal(e.statusCode, status, `${label}: statusCode (${describeError(e)})`);
  if (errorName) assertEnvelope(e.error, errorName, label);
}

// An unmapped 4xx: PolarClientError with the raw body text, parsed as Polar's envelope.
function assertUnmapped(e, status, errorName, detail, label) {
  assert.equal(e?.constructor?.name, "PolarClientError", `${label}: ${describeError(e)}`);
  assert.equal(e.statusCode, status, `${label}: statusCode`);
  const body = parseJsonText(e.error, label);
  assert.equal(body.error, errorName, `${label}: ${e.error}`);
  if (detail !== undefined) assert.equal(body.detail, detail, label);
  return body;
}

function assertValidation(e, loc, msg, label) {
  assertTyped(e, errors.HTTPValidationError, 422, null, label);
  assert.equal(e.error.error, "RequestValidationError", label);
  const item = e.error.detail.find((d) => JSON.stringify(d.loc) === JSON.stringify(loc));
  assert.ok(item, `${label}: no issue at ${JSON.stringify(loc)} in ${JSON.stringify(e.error.detail)}`);
  if (msg instanceof RegExp) assert.match(item.msg, msg, label);
  else if (msg !== undefined) assert.equal(item.msg, msg, label);
  return item;
}

async function makeProduct(p, { tiers = [[1, 10, 1200]], recurring = true, name = "Team plan" } = {}) {
  const body = { name, prices: [seatPrice(tiers)] };
  if (recurring) body.recurring_interval = "month";
  return assertShape(await ok(p.products.create(body), "products.create"), "product");
}

async function makeCustomer(p, extra = {}) {
  return assertShape(await ok(p.customers.create({ email: uniqueEmail("buyer"), name: "Buyer", ...extra }),
    "customers.create"), "customer");
}

describe("@polar-sh/sdk 1.0.1: the full seat story with only the SDK", () => {
  it("create product, customer, subscription; raise to 5, fill, refuse a 6th, refuse lowering, revoke two, lower, revoke all", async () => {
    const w = managementWorld(server);
    const p = polar(w.token);

    const product = await makeProduct(p, { tiers: [[1, 10, 1200]] });
    assert.deepEqual(product.prices[0].seat_tiers, {
      seat_tier_type: "volume", tiers: [{ min_seats: 1, max_seats: 10, price_per_seat: 1200 }], minimum_seats: 1,
      maximum_seats: 10,
    });
    const customer = await makeCustomer(p);
    let subscription = assertShape(await ok(p.subscriptions.create({ product_id: product.id, customer_id: customer.id }),
      "subscriptions.create"), "subscription");
    assert.equal(subscription.status, "active");
    assert.equal(subscription.seats, 1, "seats start at the product's minimum_seats");
    assert.equal(subscription.customer.id, customer.id);
    assert.equal(subscription.product.id, product.id);

    subscription = assertShape(await ok(p.subscriptions.update(subscription.id, { seats: 5 }), "seats -> 5"), "subscription");
    assert.equal(subscription.seats, 5);

    const emails = [1, 2, 3, 4, 5].map(() => uniqueEmail("seat"));
    const seats = [];
    for (const email of emails) {
      seats.push(await ok(p.customerSeats.assignSeat({ subscription_id: subscription.id, email }), "assignSeat"));
    }
    assert.equal(new Set(seats.map((s) => s.id)).size, 5);
    let list = await ok(p.customerSeats.listSeats({ subscription_id: subscription.id }));
    assert.equal(list.total_seats, 5);
    assert.equal(list.available_seats, 0);

    const sixth = await rejectsWith(p.customerSeats.assignSeat({ subscription_id: subscription.id, email: uniqueEmail() }));
    assertTyped(sixth, errors.CustomerSeatsAssignSeat400Error, 400, "SeatNotAvailable", "6th seat");

    const lower = await rejectsWith(p.subscriptions.update(subscription.id, { seats: 3 }), "lower to 3");
    assertUnmapped(lower, 400, "SeatsAlreadyAssigned",
      "Cannot decrease seats to 3. Currently 5 seats are assigned. Revoke seats first.", "lower to 3 while 5 assigned");

    for (const seat of seats.slice(0, 2)) {
      const revoked = await ok(p.customerSeats.revokeSeat(seat.id), "revokeSeat");
      assert.equal(revoked.status, "revoked");
    }
    subscription = assertShape(await ok(p.subscriptions.update(subscription.id, { seats: 3 }), "lower to 3"), "subscription");
    assert.equal(subscription.seats, 3);
    list = await ok(p.customerSeats.listSeats({ subscription_id: subscription.id }));
    assert.equal(list.total_seats, 3);
    assert.equal(list.available_seats, 0);
    assert.equal(seatEvents(server, w.organization.id, "customer_seat.revoked"), 2);

    const revoked = assertShape(await ok(p.subscriptions.revoke(subscription.id), "subscriptions.revoke"), "subscription");
    assert.equal(revoked.status, "canceled");
    assert.notEqual(revoked.ended_at, null);
    assert.notEqual(revoked.canceled_at, null);
    list = await ok(p.customerSeats.listSeats({ subscription_id: subscription.id }));
    assert.equal(list.seats.length, 5);
    for (const seat of list.seats) {
      assert.equal(seat.status, "revoked", `seat ${seat.id}`);
      assert.notEqual(seat.revoked_at, null);
      assert.equal(seat.member_id, null);
    }
    assert.equal(list.available_seats, 3, "revoked seats free capacity (the count stays 3)");
    assert.equal(seatEvents(server, w.organization.id, "customer_seat.revoked"), 5,
      "every pending seat revoked by the subscription's end has its own event");

    const after = await rejectsWith(p.customerSeats.assignSeat({ subscription_id: subscription.id, email: uniqueEmail() }));
    assertTyped(after, errors.CustomerSeatsAssignSeat400Error, 400, "SeatNotAvailable", "assign on a revoked subscription");
    assert.equal(after.error.detail, "Subscription is not active");
    const again = await rejectsWith(p.subscriptions.revoke(subscription.id), "revoke twice");
    assertTyped(again, errors.AlreadyCanceledSubscription, 403, "AlreadyCanceledSubscription", "revoke twice");
  });
});

describe("@polar-sh/sdk 1.0.1: customers", () => {
  it("create (201), get, getExternal, update, list by e-mail, delete (204) — every field in Polar's shape", async () => {
    const w = managementWorld(server);
    const p = polar(w.token);
    const email = uniqueEmail("Mixed.Case");
    const created = assertShape(await ok(p.customers.create({
      email, name: "Ada", external_id: `ext-${w.n}`, metadata: { plan: "pro", seats: 3, vip: true },
    })), "customer");
    assert.equal(created.type, "individual");
    assert.equal(created.name, "Ada");
    assert.equal(created.external_id, `ext-${w.n}`);
    assert.deepEqual(created.metadata, { plan: "pro", seats: 3, vip: true });
    assert.equal(created.organization_id, w.organization.id);
    assert.equal(created.deleted_at, null);
    assert.equal(created.modified_at, null);

    assert.deepEqual(assertShape(await ok(p.customers.get(created.id)), "customer"), created);
    assert.deepEqual(assertShape(await ok(p.customers.getExternal(`ext-${w.n}`)), "customer"), created);

    const updated = assertShape(await ok(p.customers.update(created.id, { name: "Ada L.", metadata: { plan: "team" } })), "customer");
    assert.equal(updated.name, "Ada L.");
    assert.deepEqual(updated.metadata, { plan: "team" });
    assert.notEqual(updated.modified_at, null);
    const byExternal = assertShape(await ok(p.customers.updateExternal(`ext-${w.n}`, { name: "Ada Lovelace" })), "customer");
    assert.equal(byExternal.name, "Ada Lovelace");

    // Filter by e-mail, case-insensitively.
    const found = assertList(await ok(p.customers.list({ email: email.toUpperCase() })), "customer", { total: 1, maxPage: 1 });
    assert.equal(found[0].id, created.id);

    // Creating a customer makes its owner member (Polar's member model).
    const members = assertList(await ok(p.customers.members.list(created.id)), "member", { total: 1 });
    assert.equal(members[0].role, "owner");
    assert.equal(members[0].email.toLowerCase(), email.toLowerCase());

    assert.equal(await ok(p.customers.delete(created.id)), undefined, "204 No Content");
    const gone = await rejectsWith(p.customers.get(created.id));
    assertTyped(gone, errors.ResourceNotFound, 404, "ResourceNotFound", "deleted customer");
    const goneExternal = await rejectsWith(p.customers.getExternal(`ext-${w.n}`));
    assertTyped(goneExternal, errors.ResourceNotFound, 404, "ResourceNotFound", "external id cleared on delete");
    // Its e-mail and external id are free again.
    assertShape(await ok(p.customers.create({ email, external_id: `ext-${w.n}` }), "re-create"), "customer");
  });

  it("e-mail and external id are unique per organization: Polar's 422 (case-insensitive e-mail)", async () => {
    const w = managementWorld(server);
    const p = polar(w.token);
    const email = uniqueEmail("dupe");
    const first = await makeCustomer(p, { email, external_id: `dupe-${w.n}` });
    const sameEmail = await rejectsWith(p.customers.create({ email: email.toUpperCase() }));
    const item = assertValidation(sameEmail, ["body", "email"], "A customer with this email address already exists.", "dup e-mail");
    assert.equal(item.type, "value_error");
    const sameExternal = await rejectsWith(p.customers.create({ email: uniqueEmail(), external_id: `dupe-${w.n}` }));
    assertValidation(sameExternal, ["body", "external_id"], "A customer with this external ID already exists.", "dup external id");
    const second = await makeCustomer(p);
    const clash = await rejectsWith(p.customers.update(second.id, { email }));
    assertValidation(clash, ["body", "email"], "A customer with this email address already exists.", "update to a taken e-mail");
    const changeExternal = await rejectsWith(p.customers.update(first.id, { external_id: "other" }));
    assertValidation(changeExternal, ["body", "external_id"], "Customer external ID cannot be updated.", "external id is set once");
    // Another organization may reuse both.
    const other = polar(managementWorld(server).token);
    await ok(other.customers.create({ email, external_id: `dupe-${w.n}` }), "same e-mail in another organization");
  });

  it("validates like Polar: e-mail syntax, missing e-mail, bad metadata, unknown id (404), malformed id (422)", async () => {
    const p = polar(managementWorld(server).token);
    assertValidation(await rejectsWith(p.customers.create({ email: "not-an-email" })), ["body", "email"],
      /^value is not a valid email address: /, "bad e-mail");
    assertValidation(await rejectsWith(p.customers.create({ name: "No e-mail" })), ["body", "email"], "Field required", "missing e-mail");
    assertValidation(await rejectsWith(p.customers.create({ email: uniqueEmail(), metadata: { k: [1] } })),
      ["body", "metadata", "k"], "Input should be a valid string", "metadata value type");
    assertTyped(await rejectsWith(p.customers.get(unknownId())), errors.ResourceNotFound, 404, "ResourceNotFound", "unknown id");
    assertValidation(await rejectsWith(p.customers.get("nope")), ["path", "id"], /^Input should be a valid UUID/, "bad id");
  });

  it("pages with Polar's envelope: limit, page, total_count, max_page, newest first", async () => {
    const w = managementWorld(server);
    const p = polar(w.token);
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await makeCustomer(p));
    const first = assertList(await ok(p.customers.list({ limit: 2 })), "customer", { total: 5, maxPage: 3 });
    assert.deepEqual(first.map((c) => c.id), [made[4].id, made[3].id]);
    const last = assertList(await ok(p.customers.list({ limit: 2, page: 3 })), "customer", { total: 5, maxPage: 3 });
    assert.deepEqual(last.map((c) => c.id), [made[0].id]);
    const oldest = assertList(await ok(p.customers.list({ limit: 2, sorting: ["created_at"] })), "customer");
    assert.deepEqual(oldest.map((c) => c.id), [made[0].id, made[1].id]);
    const all = [];
    for await (const c of p.customers.iterList({ limit: 2 })) all.push(c.id);
    assert.deepEqual(all, made.map((c) => c.id).reverse(), "iterList walks every page");
  });

  it("scopes: read-only tokens read, cannot write; no customers scope is refused", async () => {
    const w = managementWorld(server);
    const reader = polar(tokenWith(server, w, "customers:read"));
    assertList(await ok(reader.customers.list()), "customer");
    const write = await rejectsWith(reader.customers.create({ email: uniqueEmail() }));
    assert.equal(write.statusCode, 403);
    assert.equal(parseJsonText(write.error).error, "insufficient_scope");
    const none = polar(tokenWith(server, w, "products:read"));
    const list = await rejectsWith(none.customers.list());
    assert.equal(list.statusCode, 403);
  });
});

describe("@polar-sh/sdk 1.0.1: products with a seat-based price", () => {
  it("creates recurring and one-time products; tiers are sorted and give minimum/maximum seats", async () => {
    const p = polar(managementWorld(server).token);
    const recurring = await makeProduct(p, { tiers: [[11, null, 800], [2, 10, 1000]] });
    assert.equal(recurring.is_recurring, true);
    assert.equal(recurring.recurring_interval, "month");
    assert.equal(recurring.recurring_interval_count, 1);
    const tiers = recurring.prices[0].seat_tiers;
    assert.deepEqual(tiers.tiers.map((t) => t.min_seats), [2, 11]);
    assert.equal(tiers.minimum_seats, 2);
    assert.equal(tiers.maximum_seats, null);
    assert.equal(recurring.prices[0].product_id, recurring.id);
    assert.equal(recurring.prices[0].price_currency, "usd");
    const oneTime = await makeProduct(p, { recurring: false, tiers: [[3, 3, 5000]], name: "Lifetime x3" });
    assert.equal(oneTime.is_recurring, false);
    assert.equal(oneTime.recurring_interval, null);
    assert.equal(oneTime.recurring_interval_count, null);
    assert.deepEqual(assertShape(await ok(p.products.get(oneTime.id)), "product"), oneTime);
    const onlyRecurring = assertList(await ok(p.products.list({ is_recurring: true })), "product", { total: 1 });
    assert.equal(onlyRecurring[0].id, recurring.id);
  });

  it("validates tiers as Polar does and refuses other price types", async () => {
    const p = polar(managementWorld(server).token);
    const create = (prices, extra = {}) => p.products.create({ name: "Bad plan", recurring_interval: "month", prices, ...extra });
    let item = assertValidation(await rejectsWith(create([seatPrice([[1, 4, 100], [6, null, 90]])])),
      ["body", "prices", 0, "seat_tiers", "tiers"], "Value error, Gap or overlap between tiers: tier ending at 4 and tier starting at 6", "gap");
    assert.equal(item.type, "value_error");
    assertValidation(await rejectsWith(create([seatPrice([[1, null, 100], [5, 9, 90]])])),
      ["body", "prices", 0, "seat_tiers", "tiers"], "Value error, Only the last tier can have unlimited max_seats (None)", "unbounded first");
    assertValidation(await rejectsWith(create([seatPrice([[0, 4, 100]])])),
      ["body", "prices", 0, "seat_tiers", "tiers", 0, "min_seats"], "Input should be greater than or equal to 1", "min 0");
    assertValidation(await rejectsWith(create([{ amount_type: "fixed", price_amount: 1000 }])),
      ["body", "prices", 0, "amount_type"], /seat-based prices only/, "fixed price");
    assertValidation(await rejectsWith(create([seatPrice([[1, 4, 100]])], { name: "ab" })),
      ["body", "name"], "String should have at least 3 characters", "short name");
    assertValidation(await rejectsWith(p.products.create({ name: "No prices" })), ["body", "prices"], "Field required", "no prices");
  });

  it("updates name, archive flag and the price (a new price id, new limits)", async () => {
    const p = polar(managementWorld(server).token);
    const product = await makeProduct(p, { tiers: [[1, 5, 100]] });
    const renamed = assertShape(await ok(p.products.update(product.id, { name: "Team plan v2", is_archived: true })), "product");
    assert.equal(renamed.name, "Team plan v2");
    assert.equal(renamed.is_archived, true);
    assert.notEqual(renamed.modified_at, null);
    const kept = assertShape(await ok(p.products.update(product.id, { prices: [{ id: product.prices[0].id }] })), "product");
    assert.equal(kept.prices[0].id, product.prices[0].id);
    const repriced = assertShape(await ok(p.products.update(product.id, { prices: [seatPrice([[2, 20, 90]])] })), "product");
    assert.notEqual(repriced.prices[0].id, product.prices[0].id);
    assert.equal(repriced.prices[0].seat_tiers.minimum_seats, 2);
    assert.equal(repriced.prices[0].seat_tiers.maximum_seats, 20);
    const archived = assertList(await ok(p.products.list({ is_archived: true })), "product", { total: 1 });
    assert.equal(archived[0].id, product.id);
  });
});

describe("@polar-sh/sdk 1.0.1: subscriptions", () => {
  it("create by external customer id with seatkeeper's seats; Polar's seat-count errors", async () => {
    const p = polar(managementWorld(server).token);
    const product = await makeProduct(p, { tiers: [[2, 8, 500]] });
    const customer = await makeCustomer(p, { external_id: "crm-42" });
    const s = assertShape(await ok(p.subscriptions.create({ product_id: product.id, external_customer_id: "crm-42", seats: 4 })), "subscription");
    assert.equal(s.seats, 4);
    assert.equal(s.customer_id, customer.id);
    assert.equal(s.customer.type, "team", "a seat-based subscription makes its buyer a team customer (Polar)");
    assert.equal(s.recurring_interval, "month");
    assert.ok(Date.parse(s.current_period_end) > Date.parse(s.current_period_start));
    assert.equal(s.prices[0].id, product.prices[0].id);

    assertUnmapped(await rejectsWith(p.subscriptions.update(s.id, { seats: 1 })), 400, "BelowMinimumSeats", "Minimum 2 seats required.", "below min");
    assertUnmapped(await rejectsWith(p.subscriptions.update(s.id, { seats: 9 })), 400, "AboveMaximumSeats", "Maximum 8 seats allowed.", "above max");
    assertUnmapped(await rejectsWith(p.subscriptions.create({ product_id: product.id, customer_id: customer.id, seats: 9 })),
      400, "AboveMaximumSeats", "Maximum 8 seats allowed.", "create above max");
    assertValidation(await rejectsWith(p.subscriptions.create({ product_id: unknownId(), customer_id: customer.id })),
      ["body", "product_id"], "Product does not exist.", "unknown product");
    assertValidation(await rejectsWith(p.subscriptions.create({ product_id: product.id, customer_id: unknownId() })),
      ["body", "customer_id"], "Customer does not exist.", "unknown customer");
    const oneTime = await makeProduct(p, { recurring: false });
    assertValidation(await rejectsWith(p.subscriptions.create({ product_id: oneTime.id, customer_id: customer.id })),
      ["body", "product_id"], "Product is not a recurring product.", "one-time product");
    assertTyped(await rejectsWith(p.subscriptions.get(unknownId())), errors.ResourceNotFound, 404, "ResourceNotFound", "unknown");
  });

  it("cancel_at_period_end schedules the end, freezes the seat count, and can be undone", async () => {
    const p = polar(managementWorld(server).token);
    const product = await makeProduct(p);
    const customer = await makeCustomer(p);
    const s = await ok(p.subscriptions.create({ product_id: product.id, customer_id: customer.id, seats: 2 }));
    const canceled = assertShape(await ok(p.subscriptions.update(s.id, {
      cancel_at_period_end: true, customer_cancellation_reason: "too_expensive", customer_cancellation_comment: "pricey",
    })), "subscription");
    assert.equal(canceled.cancel_at_period_end, true);
    assert.equal(canceled.status, "active", "still active until the period ends");
    assert.equal(canceled.ends_at, canceled.current_period_end);
    assert.equal(canceled.customer_cancellation_reason, "too_expensive");
    assert.equal(canceled.customer_cancellation_comment, "pricey");
    const frozen = await rejectsWith(p.subscriptions.update(s.id, { seats: 3 }));
    assertTyped(frozen, errors.SubscriptionsUpdate403Error, 403, "AlreadyCanceledSubscription", "seats after cancel");
    const twice = await rejectsWith(p.subscriptions.update(s.id, { cancel_at_period_end: true }));
    assertTyped(twice, errors.SubscriptionsUpdate403Error, 403, "AlreadyCanceledSubscription", "cancel twice");
    const undone = assertShape(await ok(p.subscriptions.update(s.id, { cancel_at_period_end: false })), "subscription");
    assert.equal(undone.cancel_at_period_end, false);
    assert.equal(undone.ends_at, null);
    assert.equal(undone.canceled_at, null);
    assert.equal((await ok(p.subscriptions.update(s.id, { seats: 3 }))).seats, 3);
    const metadata = assertShape(await ok(p.subscriptions.update(s.id, { metadata: { team: "blue" } })), "subscription");
    assert.deepEqual(metadata.metadata, { team: "blue" });
  });

  it("lists with filters (customer_id, product_id, active) and pages", async () => {
    const p = polar(managementWorld(server).token);
    const product = await makeProduct(p);
    const other = await makeProduct(p, { name: "Other plan" });
    const a = await makeCustomer(p);
    const b = await makeCustomer(p);
    const s1 = await ok(p.subscriptions.create({ product_id: product.id, customer_id: a.id }));
    const s2 = await ok(p.subscriptions.create({ product_id: other.id, customer_id: a.id }));
    const s3 = await ok(p.subscriptions.create({ product_id: product.id, customer_id: b.id }));
    await ok(p.subscriptions.revoke(s3.id));
    assert.deepEqual(assertList(await ok(p.subscriptions.list({ customer_id: a.id })), "subscription", { total: 2 })
      .map((s) => s.id).sort(), [s1.id, s2.id].sort());
    assert.deepEqual(assertList(await ok(p.subscriptions.list({ product_id: product.id })), "subscription", { total: 2 })
      .map((s) => s.id).sort(), [s1.id, s3.id].sort());
    assert.deepEqual(assertList(await ok(p.subscriptions.list({ active: false })), "subscription", { total: 1 }).map((s) => s.id), [s3.id]);
    assertList(await ok(p.subscriptions.list({ active: true, limit: 1 })), "subscription", { total: 2, maxPage: 2 });
  });
});

describe("@polar-sh/sdk 1.0.1: orders", () => {
  it("draft order (201) for a one-time product; seats only once finalized (paid); 412 on a second finalize", async () => {
    const p = polar(managementWorld(server).token);
    const product = await makeProduct(p, { recurring: false, tiers: [[1, 10, 900]], name: "Seat pack" });
    const customer = await makeCustomer(p);
    const draft = assertShape(await ok(p.orders.create({ customer_id: customer.id, product_id: product.id, seats: 2 })), "order");
    assert.equal(draft.status, "draft");
    assert.equal(draft.paid, false);
    assert.equal(draft.seats, 2);
    assert.equal(draft.billing_reason, "purchase");
    assert.equal(draft.items.length, 1);
    assert.equal(draft.items[0].product_price_id, product.prices[0].id);
    assert.equal(draft.description, "Seat pack");

    const early = await rejectsWith(p.customerSeats.assignSeat({ order_id: draft.id, email: uniqueEmail() }));
    assertTyped(early, errors.CustomerSeatsAssignSeat400Error, 400, "SeatNotAvailable", "seat on a draft order");
    assert.equal(early.error.detail, "Order must be paid before assigning seats");

    const paid = assertShape(await ok(p.orders.finalize(draft.id, {})), "order");
    assert.equal(paid.status, "paid");
    assert.equal(paid.paid, true);
    const seat = await ok(p.customerSeats.assignSeat({ order_id: draft.id, email: uniqueEmail() }));
    assert.equal(seat.order_id, draft.id);
    const twice = await rejectsWith(p.orders.finalize(draft.id, {}));
    assertTyped(twice, errors.OrderNotDraft, 412, "OrderNotDraft", "finalize twice");

    assert.deepEqual(assertShape(await ok(p.orders.get(draft.id)), "order").status, "paid");
    assertList(await ok(p.orders.list({ customer_id: customer.id })), "order", { total: 1 });
    assertList(await ok(p.orders.list({ status: ["draft"] })), "order", { total: 0 });
    const recurring = await makeProduct(p);
    assertValidation(await rejectsWith(p.orders.create({ customer_id: customer.id, product_id: recurring.id })),
      ["body", "product_id"], /recurring/, "recurring product on an order");
    assertTyped(await rejectsWith(p.orders.get(unknownId())), errors.ResourceNotFound, 404, "ResourceNotFound", "unknown order");
  });
});

describe("@polar-sh/sdk 1.0.1: members", () => {
  it("get, update (a new e-mail follows onto the seats), delete (revokes the seats), list", async () => {
    const w = managementWorld(server);
    const p = polar(w.token);
    const product = await makeProduct(p);
    const customer = await makeCustomer(p);
    const s = await ok(p.subscriptions.create({ product_id: product.id, customer_id: customer.id, seats: 3 }));
    const email = uniqueEmail("holder");
    const seat = await ok(p.customerSeats.assignSeat({ subscription_id: s.id, email }));
    const member = assertShape(await ok(p.customers.members.get(customer.id, seat.member_id)), "member");
    assert.equal(member.email, email);
    assert.equal(member.role, "member");

    const newEmail = uniqueEmail("moved");
    const updated = assertShape(await ok(p.customers.members.update(customer.id, member.id, { name: "Holder", email: newEmail })), "member");
    assert.equal(updated.email, newEmail);
    assert.equal(updated.name, "Holder");
    let seats = (await ok(p.customerSeats.listSeats({ subscription_id: s.id }))).seats;
    assert.equal(seats[0].email, newEmail, "the pending seat follows the member's e-mail");
    assert.equal(seats[0].member.email, newEmail);

    const listed = assertList(await ok(p.customers.members.list(customer.id)), "member", { total: 2 });
    assert.deepEqual(listed.map((m) => m.role).sort(), ["member", "owner"]);

    const manager = assertShape(await ok(p.customers.members.create(customer.id, {
      email: uniqueEmail("manager"), name: "Manager", external_id: `mgr-${w.n}`, role: "billing_manager",
    }), "members.create (201)"), "member");
    assert.equal(manager.role, "billing_manager");
    assert.equal(manager.customer_id, customer.id);
    const same = assertShape(await ok(p.customers.members.create(customer.id, { email: manager.email.toUpperCase() })), "member");
    assert.equal(same.id, manager.id, "an e-mail the customer already has returns that member");
    assert.equal(assertList(await ok(p.customers.members.list(customer.id, { role: "billing_manager" })), "member",
      { total: 1 })[0].id, manager.id);

    const owner = listed.find((m) => m.role === "owner");
    assertValidation(await rejectsWith(p.customers.members.update(customer.id, member.id, { email: owner.email.toUpperCase() })),
      ["body", "email"], "A member with this email already exists for this customer.", "e-mail of another member");
    assertValidation(await rejectsWith(p.customers.members.update(customer.id, member.id, { role: "owner" })),
      ["body", "role"], "This customer already has an owner.", "second owner");

    const before = seatEvents(server, w.organization.id, "customer_seat.revoked");
    assert.equal(await ok(p.customers.members.delete(customer.id, member.id)), undefined);
    seats = (await ok(p.customerSeats.listSeats({ subscription_id: s.id }))).seats;
    assert.equal(seats[0].status, "revoked", "deleting a member revokes its seats");
    assert.equal(seatEvents(server, w.organization.id, "customer_seat.revoked"), before + 1);
    assertTyped(await rejectsWith(p.customers.members.get(customer.id, member.id)), errors.ResourceNotFound, 404,
      "ResourceNotFound", "deleted member");
    assertTyped(await rejectsWith(p.customers.members.list(unknownId())), errors.ResourceNotFound, 404, "ResourceNotFound",
      "members of an unknown customer");
  });
});

describe("@polar-sh/sdk 1.0.1: customer sessions", () => {
  it("creates a polar_cst_ token (201, 1 h, stored hashed) that the bearer middleware accepts", async () => {
    const w = managementWorld(server);
    const p = polar(w.token);
    const customer = await makeCustomer(p, { external_id: `sess-${w.n}` });
    const before = Date.now();
    const session = assertShape(await ok(p.customerSessions.create({ customer_id: customer.id, return_url: "https://app.example.com/back" })), "customerSession");
    assert.match(session.token, /^polar_cst_[A-Za-z0-9]{43}$/);
    assert.equal(session.customer_id, customer.id);
    assert.equal(session.return_url, "https://app.example.com/back");
    const ttl = Date.parse(session.expires_at) - before;
    assert.ok(ttl > 59 * 60 * 1000 && ttl < 61 * 60 * 1000, `expires in about an hour (${ttl} ms)`);
    assert.ok(session.customer_portal_url.includes(w.slug) && session.customer_portal_url.includes(session.token));
    const byExternal = assertShape(await ok(p.customerSessions.create({ external_customer_id: `sess-${w.n}` })), "customerSession");
    assert.equal(byExternal.customer.id, customer.id);
    assert.equal(Number(server.sql(`SELECT count(*) FROM customer_sessions WHERE token_hash = '${session.token}';`).trim()), 0,
      "the token is not stored as such");
    assert.equal(Number(server.sql(`SELECT count(*) FROM customer_sessions WHERE customer_id = '${customer.id}';`).trim()), 2);

    // A live session is a valid bearer (a customer, not an organization): 401 Unauthorized, not invalid_token.
    const asCustomer = polar(session.token);
    const merchant = await rejectsWith(asCustomer.customers.list());
    assert.equal(merchant.statusCode, 401);
    assert.equal(parseJsonText(merchant.error).error, "Unauthorized");
    const bogus = await rejectsWith(polar("polar_cst_" + "x".repeat(43)).customers.list());
    assert.equal(bogus.statusCode, 401);
    assert.equal(parseJsonText(bogus.error).error, "invalid_token");
    assertValidation(await rejectsWith(p.customerSessions.create({ customer_id: unknownId() })), ["body", "customer_id"],
      "Customer does not exist.", "unknown customer");
    assert.match(session.id, UUID);
  });
});
