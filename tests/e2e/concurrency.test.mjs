// Concurrency: the capacity check must be atomic (§5.2) and a token can be claimed only once.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, waitForInvitation } from "../lib/harness.mjs";
import {
  makeOrg, newSubscription, newOrder, email, assign, assignOk, listOk, claim, revoke, stopServer, assertError,
  INVALID_INVITATION,
} from "./helpers.mjs";

let server;
let org;
const T = { timeout: 30000 };

before(async () => {
  server = await startServer();
  org = makeOrg(server);
});
after(async () => stopServer(server));

test("50 concurrent assigns (distinct e-mails) on a 3-seat subscription → exactly 3 × 200, 47 × SeatNotAvailable", T, async () => {
  const sub = newSubscription(server, org, 3);
  const emails = Array.from({ length: 50 }, () => email("race"));
  const results = await Promise.all(emails.map((e) => assign(server, org, { subscription_id: sub.id, email: e })));
  const ok = results.filter((r) => r.status === 200);
  const rejected = results.filter((r) => r.status !== 200);
  assert.equal(ok.length, 3, `successes: ${results.map((r) => r.status).join(",")}`);
  assert.equal(rejected.length, 47);
  for (const r of rejected) assertError(r, 400, "SeatNotAvailable", `No available seats for ${sub.id}`);
  const l = await listOk(server, org, { subscription_id: sub.id });
  assert.equal(l.seats.length, 3);
  assert.ok(l.seats.every((s) => s.status === "pending"));
  assert.equal(l.available_seats, 0);
  assert.deepEqual(new Set(l.seats.map((s) => s.id)), new Set(ok.map((r) => r.body.id)));
  assert.deepEqual(new Set(l.seats.map((s) => s.email)), new Set(ok.map((r) => r.body.email)));
});

test("5 concurrent assigns on a 1-seat order → exactly 1 success", T, async () => {
  const order = newOrder(server, org, 1);
  const results = await Promise.all(Array.from({ length: 5 }, () =>
    assign(server, org, { order_id: order.id, email: email("orace") })));
  assert.equal(results.filter((r) => r.status === 200).length, 1, results.map((r) => r.status).join(","));
  for (const r of results.filter((x) => x.status !== 200)) {
    assertError(r, 400, "SeatNotAvailable", `No available seats for ${order.id}`);
  }
  const l = await listOk(server, org, { order_id: order.id });
  assert.equal(l.seats.length, 1);
});

test("concurrent assigns of the same e-mail → exactly one seat", T, async () => {
  const sub = newSubscription(server, org, 10);
  const e = email("samerace");
  const results = await Promise.all(Array.from({ length: 10 }, () => assign(server, org, { subscription_id: sub.id, email: e })));
  assert.equal(results.filter((r) => r.status === 200).length, 1, results.map((r) => `${r.status} ${r.body?.error}`).join(","));
  for (const r of results.filter((x) => x.status !== 200)) {
    assertError(r, 400, "SeatAlreadyAssigned", `Seat already assigned to customer ${e}`);
  }
  const l = await listOk(server, org, { subscription_id: sub.id });
  assert.equal(l.seats.length, 1);
  assert.equal(l.available_seats, 9);
});

test("one invitation claimed 10 times concurrently → exactly one 200", T, async () => {
  const sub = newSubscription(server, org, 2);
  const e = email("claimrace");
  const seat = await assignOk(server, org, { subscription_id: sub.id, email: e });
  const token = await waitForInvitation(server, e);
  const results = await Promise.all(Array.from({ length: 10 }, () => claim(server, token)));
  const ok = results.filter((r) => r.status === 200);
  assert.equal(ok.length, 1, results.map((r) => r.status).join(","));
  for (const r of results.filter((x) => x.status !== 200)) assertError(r, 400, "InvalidInvitationToken", INVALID_INVITATION);
  assert.equal(ok[0].body.seat.id, seat.id);
  const l = await listOk(server, org, { subscription_id: sub.id });
  assert.equal(l.seats.length, 1);
  assert.equal(l.seats[0].status, "claimed");
  assert.equal(l.seats[0].claimed_at, ok[0].body.seat.claimed_at);
});

test("concurrent revokes of one seat → all 200 with the same revoked_at", T, async () => {
  const sub = newSubscription(server, org, 2);
  const seat = await assignOk(server, org, { subscription_id: sub.id, email: email("revrace") });
  const results = await Promise.all(Array.from({ length: 8 }, () => revoke(server, org, seat.id)));
  for (const r of results) assert.equal(r.status, 200, r.text);
  assert.equal(new Set(results.map((r) => r.body.revoked_at)).size, 1, "one revoke happened");
});

test("revoke racing with assign on a full 1-seat subscription never over-fills it", T, async () => {
  const sub = newSubscription(server, org, 1);
  const seat = await assignOk(server, org, { subscription_id: sub.id, email: email("rr0") });
  const [rv, ...assigns] = await Promise.all([
    revoke(server, org, seat.id),
    ...Array.from({ length: 6 }, () => assign(server, org, { subscription_id: sub.id, email: email("rr") })),
  ]);
  assert.equal(rv.status, 200);
  const okCount = assigns.filter((r) => r.status === 200).length;
  assert.ok(okCount <= 1, `at most one assign can win, got ${okCount}`);
  const l = await listOk(server, org, { subscription_id: sub.id });
  assert.equal(l.seats.filter((s) => s.status !== "revoked").length, okCount);
  assert.equal(l.seats.length, 1, "a winning assign recycles the revoked row");
});

test("the same new e-mail assigned concurrently on 10 containers → 10 seats, one member (get-or-create race)", T, async () => {
  const subs = Array.from({ length: 10 }, () => newSubscription(server, org, 1));
  const e = email("memberrace");
  const results = await Promise.all(subs.map((s) => assign(server, org, { subscription_id: s.id, email: e })));
  for (const r of results) assert.equal(r.status, 200, r.text);
  assert.equal(new Set(results.map((r) => r.body.member_id)).size, 1, "one member under the billing customer");
});
