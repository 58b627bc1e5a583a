// The management API over raw HTTP: exact status codes and content types, Polar's 422 shapes for
// query parameters, the paging envelope and its limit cap, CLI and API sharing one schema, the
// scheduled end of a canceled subscription, and customer-session expiry.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";

import { startServer, KEEP_DELIVERED_OUTBOX } from "../lib/harness.mjs";
import { ALL_SCOPES, assertList, assertShape, managementWorld, seatEvents, seatPrice } from "../sdk/management_helpers.mjs";
import {
  assertError, assertInsufficientScope, assertInvalidToken, assertJsonContentType, assertUnauthorized, assertValidation,
  call, email, newToken, sleep, stopServer,
} from "./helpers.mjs";

let server;
const T = { timeout: 30000 };

before(async () => {
  // Sweep often so a subscription whose scheduled end has come is ended within the test.
  server = await startServer({ extraArgs: ["--sweep-interval-ms", "100", ...KEEP_DELIVERED_OUTBOX] });
});
after(async () => stopServer(server));

const auth = (token) => ({ token });

async function post(path, token, body) {
  return call(server, "POST", path, { token, body });
}

async function product(token, { recurring = true, tiers = [[1, 10, 100]] } = {}) {
  const body = { name: "E2E plan", prices: [seatPrice(tiers)] };
  if (recurring) body.recurring_interval = "month";
  const r = await post("/v1/products/", token, body);
  assert.equal(r.status, 201, r.text);
  return r.body;
}

async function customer(token, extra = {}) {
  const r = await post("/v1/customers/", token, { email: email("e2e"), ...extra });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

test("creations answer 201, reads and updates 200, deletions 204 with no body; all JSON", T, async () => {
  const w = managementWorld(server);
  const p = await product(w.token);
  assertJsonContentType(await call(server, "GET", `/v1/products/${p.id}`, auth(w.token)));
  const c = await customer(w.token);
  const s = await post("/v1/subscriptions/", w.token, { product_id: p.id, customer_id: c.id });
  assert.equal(s.status, 201, s.text);
  assertJsonContentType(s);
  assertShape(s.body, "subscription");
  const patched = await call(server, "PATCH", `/v1/subscriptions/${s.body.id}`, { token: w.token, body: { seats: 2 } });
  assert.equal(patched.status, 200, patched.text);
  const session = await post("/v1/customer-sessions/", w.token, { customer_id: c.id });
  assert.equal(session.status, 201, session.text);
  assertShape(session.body, "customerSession");
  const oneTime = await product(w.token, { recurring: false });
  const order = await post("/v1/orders/", w.token, { customer_id: c.id, product_id: oneTime.id });
  assert.equal(order.status, 201, order.text);
  assertShape(order.body, "order");
  const finalized = await call(server, "POST", `/v1/orders/${order.body.id}/finalize`, { token: w.token });
  assert.equal(finalized.status, 200, `finalize with no body: ${finalized.text}`);
  const deleted = await call(server, "DELETE", `/v1/customers/${c.id}`, auth(w.token));
  assert.equal(deleted.status, 204, deleted.text);
  assert.equal(deleted.text, "");
  // Deleting a customer ends its active subscriptions (its seats are revoked with them).
  const after = await call(server, "GET", `/v1/subscriptions/${s.body.id}`, auth(w.token));
  assert.equal(after.body.status, "canceled");
  assert.notEqual(after.body.customer.deleted_at, null, "the subscription still shows its (deleted) customer");
  assertShape(after.body, "subscription");
  // Paths work with and without Polar's trailing slash.
  assert.equal((await call(server, "GET", "/v1/customers", auth(w.token))).status, 200);
  assert.equal((await call(server, "GET", "/v1/customers/", auth(w.token))).status, 200);
});

test("list query parameters: Polar's 422 for page, limit, sorting, filters; limit capped at 100", T, async () => {
  const w = managementWorld(server);
  const get = (q) => call(server, "GET", `/v1/customers/?${q}`, auth(w.token));
  assertValidation(await get("page=0"), [{ type: "greater_than", loc: ["query", "page"], msg: "Input should be greater than 0", ctx: { gt: 0 } }]);
  assertValidation(await get("limit=abc"), [{ type: "int_parsing", loc: ["query", "limit"] }]);
  assertValidation(await get("sorting=email"), [{ type: "enum", loc: ["query", "sorting", 0] }]);
  assertValidation(await call(server, "GET", "/v1/subscriptions/?customer_id=nope", auth(w.token)),
    [{ type: "uuid_parsing", loc: ["query", "customer_id"] }]);
  assertValidation(await call(server, "GET", "/v1/subscriptions/?active=maybe", auth(w.token)),
    [{ type: "bool_parsing", loc: ["query", "active"] }]);
  assertValidation(await call(server, "GET", "/v1/orders/?status=lost", auth(w.token)), [{ type: "enum", loc: ["query", "status"] }]);
  for (let i = 0; i < 3; i++) await customer(w.token);
  const capped = await get("limit=1000");
  assert.equal(capped.status, 200);
  assertList(capped.body, "customer", { total: 3, maxPage: 1 });
  const beyond = await get("limit=2&page=5");
  assert.deepEqual(beyond.body.items, []);
  assert.deepEqual(beyond.body.pagination, { total_count: 3, max_page: 2 });
  for (let i = 0; i < 100; i++) await customer(w.token);
  const hundred = await get("limit=101");
  assert.equal(hundred.body.items.length, 100, "at most 100 items per page");
  assert.deepEqual(hundred.body.pagination, { total_count: 103, max_page: 2 });
  // Repeatable filters match any of their values.
  const p1 = await product(w.token);
  const p2 = await product(w.token);
  await product(w.token);
  const byIds = await call(server, "GET", `/v1/products/?id=${p1.id}&id=${p2.id}`, auth(w.token));
  assert.deepEqual(assertList(byIds.body, "product", { total: 2 }).map((x) => x.id).sort(), [p1.id, p2.id].sort());
  const named = await customer(w.token, { external_id: "ext-filter", name: "Grace Hopper" });
  const sub = (await post("/v1/subscriptions/", w.token, { product_id: p1.id, customer_id: named.id })).body;
  const byExternal = await call(server, "GET", "/v1/subscriptions/?external_customer_id=ext-filter&external_customer_id=none",
    auth(w.token));
  assert.deepEqual(assertList(byExternal.body, "subscription", { total: 1 }).map((x) => x.id), [sub.id]);
  const byQuery = await call(server, "GET", "/v1/customers/?query=hopper", auth(w.token));
  assert.deepEqual(assertList(byQuery.body, "customer", { total: 1 }).map((x) => x.id), [named.id]);
  const byStatus = await call(server, "GET", "/v1/subscriptions/?status=active&status=trialing", auth(w.token));
  assertList(byStatus.body, "subscription", { total: 1 });
  const members = await call(server, "GET", `/v1/members/?customer_id=${named.id}&role=owner`, auth(w.token));
  assert.equal(assertList(members.body, "member", { total: 1 })[0].customer_id, named.id);
  const empty = await call(server, "GET", `/v1/orders/`, auth(w.token));
  assert.deepEqual(empty.body, { items: [], pagination: { total_count: 0, max_page: 0 } });
});

test("request bodies: malformed JSON, missing body, wrong types, organization_id refused", T, async () => {
  const w = managementWorld(server);
  const bad = await call(server, "POST", "/v1/customers/", { token: w.token, body: "{nope" });
  assertValidation(bad, [{ type: "json_invalid", loc: ["body", 0] }]);
  assertValidation(await call(server, "POST", "/v1/products/", { token: w.token }), [{ type: "missing", loc: ["body"] }]);
  assertValidation(await post("/v1/customers/", w.token, ["x"]), [{ type: "model_attributes_type", loc: ["body"] }]);
  assertValidation(await post("/v1/customers/", w.token, { email: email(), name: 7 }), [{ type: "string_type", loc: ["body", "name"] }]);
  assertValidation(await post("/v1/customers/", w.token, { email: email(), organization_id: w.organization.id }),
    [{ loc: ["body", "organization_id"], msg: "Setting organization_id is disallowed when using an organization token." }]);
  const p = await product(w.token);
  const c = await customer(w.token);
  const s = await post("/v1/subscriptions/", w.token, { product_id: p.id, customer_id: c.id });
  const patch = (body) => call(server, "PATCH", `/v1/subscriptions/${s.body.id}`, { token: w.token, body });
  assertValidation(await patch({ seats: "many" }), [{ type: "int_parsing", loc: ["body", "seats"] }]);
  assertValidation(await patch({ revoke: false }), [{ type: "literal_error", loc: ["body", "revoke"], msg: "Input should be True" }]);
  assertValidation(await patch({ product_id: p.id }), [{ loc: ["body", "product_id"] }]);
  assertValidation(await patch({ cancel_at_period_end: true, customer_cancellation_reason: "bored" }),
    [{ type: "enum", loc: ["body", "customer_cancellation_reason"] }]);
  assertError(await patch({ cancel_at_period_end: false }), 400, "BadRequest", "This subscription is not scheduled to be canceled.");
  assertValidation(await call(server, "GET", "/v1/subscriptions/abc", auth(w.token)), [{ type: "uuid_parsing", loc: ["path", "id"] }]);
});

test("authentication and scopes: anonymous 401, unknown token 401, each resource's read and write scopes", T, async () => {
  const w = managementWorld(server);
  assertUnauthorized(await call(server, "GET", "/v1/products/"));
  assertInvalidToken(await call(server, "GET", "/v1/products/", auth("polar_oat_" + "y".repeat(43))));
  const cases = [
    ["GET", "/v1/customers/", "customers:read", "customers:write"],
    ["GET", "/v1/products/", "products:read", "products:write"],
    ["GET", "/v1/subscriptions/", "subscriptions:read", "subscriptions:write"],
    ["GET", "/v1/orders/", "orders:read", null],
    ["GET", "/v1/members/", "members:read", "members:write"],
  ];
  for (const [method, path, read, write] of cases) {
    assert.equal((await call(server, method, path, auth(newToken(server, w, read)))).status, 200, `${path} with ${read}`);
    if (write) assert.equal((await call(server, method, path, auth(newToken(server, w, write)))).status, 200, `${path} with ${write}`);
    assertInsufficientScope(await call(server, method, path, auth(newToken(server, w, "customer_seats:read"))));
  }
  const readOnly = newToken(server, w, "orders:read products:read subscriptions:read customers:read members:read");
  assertInsufficientScope(await post("/v1/products/", readOnly, { name: "Nope" }));
  assertInsufficientScope(await post("/v1/customer-sessions/", readOnly, { customer_id: w.organization.id }));
  assertInsufficientScope(await call(server, "DELETE", `/v1/subscriptions/${w.organization.id}`, auth(readOnly)));
});

test("one schema: what the CLI made reads through the API, and the CLI sells what the API made", T, async () => {
  const w = managementWorld(server);
  const cliCustomer = server.admin("create-customer", "--organization", w.slug, "--email", email("cli"), "--external-id", "cli-1");
  const cliProduct = server.admin("create-product", "--organization", w.slug, "--name", "CLI plan", "--minimum-seats", "2",
    "--maximum-seats", "9");
  const cliSub = server.admin("create-subscription", "--customer", cliCustomer.id, "--product", cliProduct.id, "--seats", "3");
  const cliPack = server.admin("create-product", "--organization", w.slug, "--name", "CLI pack", "--one-time");
  const cliOrder = server.admin("create-order", "--customer", cliCustomer.id, "--product", cliPack.id, "--seats", "2");

  const c = assertShape((await call(server, "GET", "/v1/customers/external/cli-1", auth(w.token))).body, "customer");
  assert.equal(c.id, cliCustomer.id);
  const p = assertShape((await call(server, "GET", `/v1/products/${cliProduct.id}`, auth(w.token))).body, "product");
  assert.equal(p.prices[0].seat_tiers.minimum_seats, 2);
  assert.equal(p.prices[0].seat_tiers.maximum_seats, 9);
  assert.equal(p.recurring_interval, "month");
  const s = assertShape((await call(server, "GET", `/v1/subscriptions/${cliSub.id}`, auth(w.token))).body, "subscription");
  assert.equal(s.seats, 3);
  assert.equal(s.status, "active");
  const o = assertShape((await call(server, "GET", `/v1/orders/${cliOrder.id}`, auth(w.token))).body, "order");
  assert.equal(o.status, "paid");
  assert.equal(o.seats, 2);
  const raised = await call(server, "PATCH", `/v1/subscriptions/${cliSub.id}`, { token: w.token, body: { seats: 9 } });
  assert.equal(raised.body.seats, 9, raised.text);

  const apiCustomer = await customer(w.token);
  const apiProduct = await product(w.token, { tiers: [[1, 4, 0]] });
  const sold = server.admin("create-subscription", "--customer", apiCustomer.id, "--product", apiProduct.id, "--seats", "4");
  const listed = await call(server, "GET", `/v1/subscriptions/?customer_id=${apiCustomer.id}`, auth(w.token));
  assert.deepEqual(assertList(listed.body, "subscription", { total: 1 }).map((x) => x.id), [sold.id]);
  assert.equal(server.adminRaw("create-subscription", "--customer", apiCustomer.id, "--product", apiProduct.id, "--seats", "5").status,
    2, "the CLI enforces the API-made product's maximum");
});

test("lowering the seat count below the occupied seats is refused; lowered first, nothing more fits", T, async () => {
  const w = managementWorld(server);
  const p = await product(w.token, { tiers: [[1, 50, 0]] });
  const c = await customer(w.token);
  const withSeats = async (n) => {
    const s = (await post("/v1/subscriptions/", w.token, { product_id: p.id, customer_id: c.id, seats: 6 })).body;
    for (let i = 0; i < n; i++) assert.equal((await post("/v1/customer-seats", w.token, { subscription_id: s.id, email: email("pre") })).status, 200);
    return s;
  };
  // The assignment arrives first: the PATCH would leave 4 occupied on 3 seats.
  const assignedFirst = await withSeats(4);
  const refused = await call(server, "PATCH", `/v1/subscriptions/${assignedFirst.id}`, { token: w.token, body: { seats: 3 } });
  assert.equal(refused.status, 400, refused.text);
  assert.equal(refused.body.error, "SeatsAlreadyAssigned");
  assert.equal((await call(server, "GET", `/v1/subscriptions/${assignedFirst.id}`, auth(w.token))).body.seats, 6);
  // The PATCH arrives first: the assignment finds no free seat.
  const loweredFirst = await withSeats(3);
  const lowered = await call(server, "PATCH", `/v1/subscriptions/${loweredFirst.id}`, { token: w.token, body: { seats: 3 } });
  assert.equal(lowered.status, 200, lowered.text);
  const late = await post("/v1/customer-seats", w.token, { subscription_id: loweredFirst.id, email: email("late") });
  assert.equal(late.status, 400, late.text);
  assert.equal(late.body.error, "SeatNotAvailable");
});

// The two orders are proven one by one above; here they race, and whatever order the server saw,
// the result must be one of the two consistent outcomes.
test("a seat-count change racing assignments never leaves more occupied seats than seats", { timeout: 60000 }, async () => {
  const w = managementWorld(server);
  const p = await product(w.token, { tiers: [[1, 50, 0]] });
  const c = await customer(w.token);
  for (let round = 0; round < 8; round++) {
    const s = (await post("/v1/subscriptions/", w.token, { product_id: p.id, customer_id: c.id, seats: 6 })).body;
    for (let i = 0; i < 3; i++) {
      const r = await post("/v1/customer-seats", w.token, { subscription_id: s.id, email: email("pre") });
      assert.equal(r.status, 200, r.text);
    }
    // Lower to 3 while three more assignments race for the 3 free seats; the PATCH is sent at a
    // different position each round.
    const senders = [0, 1, 2].map(() => () => post("/v1/customer-seats", w.token, { subscription_id: s.id, email: email("race") }));
    senders.splice(round % 4, 0, () => call(server, "PATCH", `/v1/subscriptions/${s.id}`, { token: w.token, body: { seats: 3 } }));
    const results = await Promise.all(senders.map((send) => send()));
    const patch = results[round % 4];
    const assigned = results.filter((r, i) => i !== round % 4 && r.status === 200).length;
    const seats = await call(server, "GET", `/v1/customer-seats?subscription_id=${s.id}`, auth(w.token));
    const occupied = seats.body.seats.filter((x) => x.status !== "revoked").length;
    const final = (await call(server, "GET", `/v1/subscriptions/${s.id}`, auth(w.token))).body.seats;
    assert.ok(occupied <= final, `round ${round}: ${occupied} occupied > ${final} seats`);
    assert.equal(occupied, 3 + assigned);
    if (patch.status === 200) {
      assert.equal(final, 3);
      assert.equal(assigned, 0, "once lowered to 3 nothing more fits");
    } else {
      assert.equal(patch.status, 400, patch.text);
      assert.equal(patch.body.error, "SeatsAlreadyAssigned");
      assert.equal(final, 6);
      assert.ok(assigned > 0, "the PATCH lost only because an assignment got in first");
    }
  }
});

test("a scheduled cancellation ends the subscription at its period end and revokes every seat with its event", T, async () => {
  const w = managementWorld(server);
  const p = await product(w.token);
  const c = await customer(w.token);
  const s = (await post("/v1/subscriptions/", w.token, { product_id: p.id, customer_id: c.id, seats: 3 })).body;
  for (let i = 0; i < 2; i++) await post("/v1/customer-seats", w.token, { subscription_id: s.id, email: email("held") });
  const canceled = await call(server, "PATCH", `/v1/subscriptions/${s.id}`, { token: w.token, body: { cancel_at_period_end: true } });
  assert.equal(canceled.body.cancel_at_period_end, true, canceled.text);
  // Let a period end now (a month is too long for a test): move ends_at into the past. The
  // shift is one literal: on PostgreSQL 40 * 86400 * 1000000 would be int4 arithmetic and overflow.
  const fortyDaysMicros = 40 * 86400 * 1000000;
  const endPeriodNow = (id) => server.sql(`UPDATE subscriptions SET ends_at = ends_at - ${fortyDaysMicros} WHERE id = '${id}';`);
  const waitForCanceled = async (id) => {
    const deadline = Date.now() + 10000;
    for (;;) {
      const body = (await call(server, "GET", `/v1/subscriptions/${id}`, auth(w.token))).body;
      if (body.status === "canceled" || Date.now() > deadline) return body;
      await sleep(100);
    }
  };
  // A sentinel whose period has ended: once the sweeper canceled it, it has looked at `s` too.
  const sentinel = (await post("/v1/subscriptions/", w.token, { product_id: p.id, customer_id: c.id, seats: 1 })).body;
  await call(server, "PATCH", `/v1/subscriptions/${sentinel.id}`, { token: w.token, body: { cancel_at_period_end: true } });
  endPeriodNow(sentinel.id);
  assert.equal((await waitForCanceled(sentinel.id)).status, "canceled");
  assert.equal((await call(server, "GET", `/v1/subscriptions/${s.id}`, auth(w.token))).body.status, "active",
    "nothing happens before the period ends");
  endPeriodNow(s.id);
  const ended = await waitForCanceled(s.id);
  assert.equal(ended.status, "canceled");
  assert.notEqual(ended.ended_at, null);
  assertShape(ended, "subscription");
  const seats = (await call(server, "GET", `/v1/customer-seats?subscription_id=${s.id}`, auth(w.token))).body.seats;
  assert.deepEqual(seats.map((x) => x.status), ["revoked", "revoked"]);
  assert.equal(seatEvents(server, w.organization.id, "customer_seat.revoked"), 2);
});

test("customer sessions: a polar_cst_ token is a valid bearer until it expires, then invalid_token", T, async () => {
  const w = managementWorld(server);
  const c = await customer(w.token);
  const session = (await post("/v1/customer-sessions/", w.token, { customer_id: c.id })).body;
  // Valid subject, but not an organization: merchant routes answer 401 Unauthorized, public ones work.
  assertUnauthorized(await call(server, "GET", "/v1/products/", auth(session.token)));
  const info = await call(server, "GET", "/v1/customer-seats/claim/unknown-token", auth(session.token));
  assert.equal(info.status, 404, info.text);
  server.sql(`UPDATE customer_sessions SET expires_at = 0 WHERE customer_id = '${c.id}';`);
  assertInvalidToken(await call(server, "GET", "/v1/customer-seats/claim/unknown-token", auth(session.token)));
  assertInvalidToken(await call(server, "GET", "/v1/products/", auth(session.token)));
  // Deleting the customer ends its sessions.
  const again = (await post("/v1/customer-sessions/", w.token, { customer_id: c.id })).body;
  assert.equal((await call(server, "DELETE", `/v1/customers/${c.id}`, auth(w.token))).status, 204);
  assertInvalidToken(await call(server, "GET", "/v1/customer-seats/claim/unknown-token", auth(again.token)));
  assertValidation(await post("/v1/customer-sessions/", w.token, {}), [{ type: "missing", loc: ["body", "customer_id"] }]);
  assertValidation(await post("/v1/customer-sessions/", w.token, { customer_id: c.id, return_url: "ftp://x" }),
    [{ loc: ["body", "return_url"] }]);
  assert.ok(ALL_SCOPES.includes("customer_sessions:write"));
});
