// Paginated and filtered seat lists (seatkeeper's extension, docs/extensions.md): page, limit,
// status (repeatable) and email (case-insensitive substring) on GET /v1/customer-seats. Without
// them the answer is exactly Polar's.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "../lib/harness.mjs";
import {
  makeOrg, newSubscription, newOrder, email, call, assignOk, list, listOk, revoke, stopServer, assertValidation, uid,
  SEATS_LIST_KEYS,
} from "./helpers.mjs";

const T = { timeout: 60000 };

let server;
let org;
let sub;
let all;  // the full, unpaginated list
const tag = uid();

before(async () => {
  server = await startServer();
  org = makeOrg(server);
  sub = newSubscription(server, org, 30);
  for (let i = 0; i < 25; i++) {
    await assignOk(server, org, { subscription_id: sub.id, email: i % 5 === 0 ? `VIP-${i}-${tag}@Example.com` : email(`p${i}`) });
  }
  const seats = (await listOk(server, org, { subscription_id: sub.id })).seats;
  await revoke(server, org, seats[3].id);
  await revoke(server, org, seats[7].id);
  all = await listOk(server, org, { subscription_id: sub.id });
});
after(async () => stopServer(server));

test("without paging parameters the answer is Polar's: every seat, no pagination", T, async () => {
  assert.deepEqual(Object.keys(all), SEATS_LIST_KEYS);
  assert.equal(all.seats.length, 25);
  assert.equal(all.total_seats, 30);
  assert.equal(all.available_seats, 7);
});

test("page and limit slice the same order and add pagination; container-wide counts stay", T, async () => {
  const pages = [];
  for (let page = 1; page <= 3; page++) {
    const p = await listOk(server, org, { subscription_id: sub.id, page, limit: 10 });
    assert.deepEqual(Object.keys(p), [...SEATS_LIST_KEYS, "pagination"]);
    assert.deepEqual(p.pagination, { total_count: 25, max_page: 3 });
    assert.equal(p.total_seats, 30);
    assert.equal(p.available_seats, 7);
    pages.push(...p.seats);
  }
  assert.deepEqual(pages, all.seats);
  const beyond = await listOk(server, org, { subscription_id: sub.id, page: 4, limit: 10 });
  assert.deepEqual(beyond.seats, []);
  assert.deepEqual(beyond.pagination, { total_count: 25, max_page: 3 });
  const onlyLimit = await listOk(server, org, { subscription_id: sub.id, limit: 100 });
  assert.deepEqual(onlyLimit.seats, all.seats);
  const defaults = await listOk(server, org, { subscription_id: sub.id, page: 1 });
  assert.deepEqual(defaults.seats, all.seats.slice(0, 10), "Polar's default limit is 10");
  const capped = await listOk(server, org, { subscription_id: sub.id, limit: 1000 });
  assert.deepEqual(capped.pagination, { total_count: 25, max_page: 1 }, "limit is capped at 100, as Polar does");
});

test("status (repeatable) and email (case-insensitive substring) filter before paging", T, async () => {
  const revoked = await listOk(server, org, { subscription_id: sub.id, status: "revoked" });
  assert.deepEqual(revoked.seats.map((s) => s.id), all.seats.filter((s) => s.status === "revoked").map((s) => s.id));
  assert.equal(revoked.pagination.total_count, 2);
  const qs = new URLSearchParams([["subscription_id", sub.id], ["status", "pending"], ["status", "revoked"], ["limit", "100"]]);
  const r = await call(server, "GET", `/v1/customer-seats?${qs}`, { token: org.token });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.pagination.total_count, 25);
  const vip = await listOk(server, org, { subscription_id: sub.id, email: `vip-` });
  const expected = all.seats.filter((s) => (s.email ?? "").toLowerCase().includes("vip-"));
  assert.ok(expected.length >= 3);
  assert.deepEqual(vip.seats.map((s) => s.id), expected.map((s) => s.id));
  assert.equal(vip.pagination.total_count, expected.length);
  const none = await listOk(server, org, { subscription_id: sub.id, email: "%" });
  assert.deepEqual(none.seats, []);
  assert.deepEqual(none.pagination, { total_count: 0, max_page: 0 });
});

test("order lists page the same way", T, async () => {
  const order = newOrder(server, org, 4);
  for (let i = 0; i < 3; i++) await assignOk(server, org, { order_id: order.id, email: email("o") });
  const full = await listOk(server, org, { order_id: order.id });
  const p = await listOk(server, org, { order_id: order.id, page: 2, limit: 2 });
  assert.deepEqual(p.seats, full.seats.slice(2));
  assert.deepEqual(p.pagination, { total_count: 3, max_page: 2 });
});

test("bad paging parameters → 422 naming the parameter", T, async () => {
  const bad = [
    [{ limit: "0" }, { type: "greater_than", loc: ["query", "limit"] }],
    [{ page: "-1" }, { type: "greater_than", loc: ["query", "page"] }],
    [{ page: "0" }, { type: "greater_than", loc: ["query", "page"] }],
    [{ page: "two" }, { type: "int_parsing", loc: ["query", "page"] }],
    [{ status: "unknown" }, { type: "enum", loc: ["query", "status"] }],
  ];
  for (const [query, issue] of bad) {
    assertValidation(await list(server, org, { subscription_id: sub.id, ...query }), [issue], { exactCount: true });
  }
});
