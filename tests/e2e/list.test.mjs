// GET /v1/customer-seats (§3.2, §2.5, §9.1 List) and the UUID v4 rules for path/query ids.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "../lib/harness.mjs";
import {
  makeOrg, newSubscription, newOrder, email, assignOk, list, listOk, revoke, resend, stopServer, randomUuid4,
  UUID_V1, UUID_V7, assertError, assertSeatsList, assertValidation, SEATS_LIST_KEYS,
} from "./helpers.mjs";

let server;
let org;
const T = { timeout: 20000 };

before(async () => {
  server = await startServer();
  org = makeOrg(server);
});
after(async () => stopServer(server));

test("subscription with 5 seats and 1 pending seat → seats 1, available 4, total 5", T, async () => {
  const sub = newSubscription(server, org, 5);
  const seat = await assignOk(server, org, { subscription_id: sub.id, email: email("l") });
  const r = await list(server, org, { subscription_id: sub.id });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(Object.keys(r.body), SEATS_LIST_KEYS);
  assertSeatsList(r.body);
  assert.equal(r.body.seats.length, 1);
  assert.equal(r.body.available_seats, 4);
  assert.equal(r.body.total_seats, 5);
  assert.deepEqual(r.body.seats[0], seat);
});

test("order with 5 seats and 1 pending seat → seats 1, available 4, total 5", T, async () => {
  const order = newOrder(server, org, 5);
  await assignOk(server, org, { order_id: order.id, email: email("lo") });
  const r = await list(server, org, { order_id: order.id });
  assert.equal(r.status, 200, r.text);
  assertSeatsList(r.body);
  assert.equal(r.body.seats.length, 1);
  assert.equal(r.body.seats[0].order_id, order.id);
  assert.equal(r.body.available_seats, 4);
  assert.equal(r.body.total_seats, 5);
});

test("empty container → seats [], available = total", T, async () => {
  const sub = newSubscription(server, org, 7);
  const body = await listOk(server, org, { subscription_id: sub.id });
  assert.deepEqual(body, { seats: [], available_seats: 7, total_seats: 7 });
});

test("list counts pending and claimed, shows revoked without counting them", T, async () => {
  const sub = newSubscription(server, org, 4);
  const a = await assignOk(server, org, { subscription_id: sub.id, email: email("p") });
  await assignOk(server, org, { subscription_id: sub.id, email: email("c"), immediate_claim: true });
  const r = await assignOk(server, org, { subscription_id: sub.id, email: email("r") });
  assert.equal((await revoke(server, org, r.id)).status, 200);
  const body = await listOk(server, org, { subscription_id: sub.id });
  assert.equal(body.seats.length, 3);
  assert.deepEqual(body.seats.map((s) => s.status), ["pending", "claimed", "revoked"]);
  assert.equal(body.available_seats, 2);
  assert.equal(body.total_seats, 4);
  assert.equal(body.seats[0].id, a.id);
});

test("both subscription_id and order_id → subscription_id wins", T, async () => {
  const sub = newSubscription(server, org, 2);
  await assignOk(server, org, { subscription_id: sub.id, email: email("both") });
  const body = await listOk(server, org, { subscription_id: sub.id, order_id: randomUuid4() });
  assert.equal(body.total_seats, 2);
  assert.equal(body.seats.length, 1);
  assert.equal(body.seats[0].subscription_id, sub.id);
});

test("no container → 400 BadRequest", T, async () => {
  assertError(await list(server, org, {}), 400, "BadRequest", "Either subscription_id or order_id must be provided");
});

test("unknown subscription → 404 Subscription not found; unknown order → 404 Order not found", T, async () => {
  assertError(await list(server, org, { subscription_id: randomUuid4() }), 404, "ResourceNotFound", "Subscription not found");
  assertError(await list(server, org, { order_id: randomUuid4() }), 404, "ResourceNotFound", "Order not found");
});

test("a subscription id given as order_id (and vice versa) → 404", T, async () => {
  const sub = newSubscription(server, org, 1);
  const order = newOrder(server, org, 1);
  assertError(await list(server, org, { order_id: sub.id }), 404, "ResourceNotFound", "Order not found");
  assertError(await list(server, org, { subscription_id: order.id }), 404, "ResourceNotFound", "Subscription not found");
});

// ---------------------------------------------------------------------------------------------
// UUID v4 rules for query and path parameters

test("query subscription_id/order_id not a UUID → 422 uuid_parsing", T, async () => {
  const r = await list(server, org, { subscription_id: "abc" });
  const [item] = assertValidation(r, [{ type: "uuid_parsing", loc: ["query", "subscription_id"], input: "abc" }],
    { exactCount: true });
  assert.ok(item.msg.startsWith("Input should be a valid UUID"), item.msg);
  const r2 = await list(server, org, { order_id: "12345" });
  assertValidation(r2, [{ type: "uuid_parsing", loc: ["query", "order_id"], input: "12345" }], { exactCount: true });
});

test("query subscription_id/order_id a UUID of another version → 422 uuid_version", T, async () => {
  for (const [key, id] of [["subscription_id", UUID_V1], ["order_id", UUID_V7]]) {
    const r = await list(server, org, { [key]: id });
    assertValidation(r, [{ type: "uuid_version", loc: ["query", key], msg: "UUID version 4 expected", input: id,
      ctx: { expected_version: 4 } }], { exactCount: true });
  }
});

test("path seat_id not a UUID → 422 uuid_parsing on revoke and resend", T, async () => {
  for (const r of [await revoke(server, org, "not-a-uuid"), await resend(server, org, "not-a-uuid")]) {
    const [item] = assertValidation(r, [{ type: "uuid_parsing", loc: ["path", "seat_id"], input: "not-a-uuid" }],
      { exactCount: true });
    assert.ok(item.msg.startsWith("Input should be a valid UUID"), item.msg);
  }
});

test("path seat_id a UUID of another version → 422 uuid_version on revoke and resend", T, async () => {
  for (const id of [UUID_V1, UUID_V7]) {
    for (const r of [await revoke(server, org, id), await resend(server, org, id)]) {
      assertValidation(r, [{ type: "uuid_version", loc: ["path", "seat_id"], msg: "UUID version 4 expected", input: id,
        ctx: { expected_version: 4 } }], { exactCount: true });
    }
  }
});

test("upper-case UUID v4 in the path/query is accepted as the same id", T, async () => {
  const sub = newSubscription(server, org, 2);
  const seat = await assignOk(server, org, { subscription_id: sub.id, email: email("upper") });
  const body = await listOk(server, org, { subscription_id: sub.id.toUpperCase() });
  assert.equal(body.seats.length, 1);
  const r = await revoke(server, org, seat.id.toUpperCase());
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.id, seat.id, "ids are always emitted lower-case");
});
