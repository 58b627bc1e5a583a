// Idempotency-Key on writes under /v1/ (seatkeeper's extension, docs/extensions.md): a retried
// request runs once and gets the first answer back; a reused key with another request, a bad key,
// and a repeat that overlaps the first are refused. On both stores; across two instances on
// PostgreSQL.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, ON_POSTGRES, KEEP_DELIVERED_OUTBOX } from "../lib/harness.mjs";
import {
  makeOrg, newSubscription, newToken, email, call, assign, listOk, stopServer, assertError, assertValidation, sql, sleep, uid,
  SEAT_KEYS,
} from "./helpers.mjs";

const T = { timeout: 60000 };

let server;
let org;

before(async () => {
  server = await startServer({ extraArgs: ["--sweep-interval-ms", "50", ...KEEP_DELIVERED_OUTBOX] });
  org = makeOrg(server);
});
after(async () => stopServer(server));

const keyed = (key, extra = {}) => ({ headers: { "Idempotency-Key": key, ...extra } });
// customer_seat.assigned events recorded for the seat (webhook outbox rows are plain JSON).
const assignedEvents = (seatId) => Number(sql(server,
  `SELECT count(*) FROM outbox WHERE event_type = 'customer_seat.assigned' AND payload LIKE '%${seatId}%';`).trim());

test("a repeated keyed assign answers the first answer, marked replayed, and assigns once", T, async () => {
  const sub = newSubscription(server, org, 5);
  const body = { subscription_id: sub.id, email: email("idem") };
  const key = `assign-${uid()}`;
  const first = await assign(server, org, body, keyed(key));
  assert.equal(first.status, 200, first.text);
  assert.equal(first.headers.get("idempotent-replayed"), null);
  assert.deepEqual(Object.keys(first.body), SEAT_KEYS);
  const again = await assign(server, org, body, keyed(key));
  assert.equal(again.status, 200, again.text);
  assert.equal(again.headers.get("idempotent-replayed"), "true");
  assert.equal(again.text, first.text);
  const l = await listOk(server, org, { subscription_id: sub.id });
  assert.equal(l.seats.length, 1);
  assert.equal(assignedEvents(first.body.id), 1, "one assigned event");
});

test("without a key the same request runs again (Polar's behaviour)", T, async () => {
  const sub = newSubscription(server, org, 5);
  const body = { subscription_id: sub.id, email: email("nokey") };
  assert.equal((await assign(server, org, body)).status, 200);
  assertError(await assign(server, org, body), 400, "SeatAlreadyAssigned", `Seat already assigned to customer ${body.email}`);
});

test("the same key with another body, path or method → 422 IdempotencyKeyMismatch, nothing changes", T, async () => {
  const sub = newSubscription(server, org, 5);
  const key = `mismatch-${uid()}`;
  const first = await assign(server, org, { subscription_id: sub.id, email: email("m1") }, keyed(key));
  assert.equal(first.status, 200);
  const detail = "This Idempotency-Key was used with a different method, path or body";
  assertError(await assign(server, org, { subscription_id: sub.id, email: email("m2") }, keyed(key)), 422,
    "IdempotencyKeyMismatch", detail);
  assertError(await call(server, "POST", `/v1/customer-seats/${first.body.id}/resend`, { token: org.token, ...keyed(key) }),
    422, "IdempotencyKeyMismatch", detail);
  assertError(await call(server, "DELETE", `/v1/customer-seats/${first.body.id}`, { token: org.token, ...keyed(key) }),
    422, "IdempotencyKeyMismatch", detail);
  const l = await listOk(server, org, { subscription_id: sub.id });
  assert.deepEqual(l.seats.map((s) => [s.id, s.status]), [[first.body.id, "pending"]]);
});

test("empty, oversized or non-ASCII keys → 422 naming the header; 255 characters is fine", T, async () => {
  const sub = newSubscription(server, org, 5);
  const body = () => ({ subscription_id: sub.id, email: email("badkey") });
  const loc = ["header", "idempotency-key"];
  assertValidation(await assign(server, org, body(), keyed("")), [{ loc, msg: "Idempotency-Key must not be empty", input: "" }],
    { exactCount: true });
  const long = "k".repeat(256);
  assertValidation(await assign(server, org, body(), keyed(long)),
    [{ loc, msg: "Idempotency-Key must be at most 255 characters", input: long }], { exactCount: true });
  const ok = await assign(server, org, body(), keyed(`${uid()}-`.padEnd(255, "x")));
  assert.equal(ok.status, 200, ok.text);
  const l = await listOk(server, org, { subscription_id: sub.id });
  assert.equal(l.seats.length, 1, "the refused requests assigned nothing");
});

test("keys are scoped to the organization: another organization's identical key runs on its own", T, async () => {
  const other = makeOrg(server);
  const key = `shared-${uid()}`;
  const mine = newSubscription(server, org, 2);
  const theirs = newSubscription(server, other, 2);
  const a = await assign(server, org, { subscription_id: mine.id, email: email("scope") }, keyed(key));
  const b = await assign(server, other, { subscription_id: theirs.id, email: email("scope") }, keyed(key));
  assert.equal(a.status, 200);
  assert.equal(b.status, 200, b.text);
  assert.equal(b.headers.get("idempotent-replayed"), null);
  assert.notEqual(a.body.id, b.body.id);
});

test("an error answer is not remembered: the retry runs again", T, async () => {
  const sub = newSubscription(server, org, 1);
  await assign(server, org, { subscription_id: sub.id, email: email("fill") });
  const key = `error-${uid()}`;
  const body = { subscription_id: sub.id, email: email("late") };
  const full = await assign(server, org, body, keyed(key));
  assertError(full, 400, "SeatNotAvailable", `No available seats for ${sub.id}`);
  const l = await listOk(server, org, { subscription_id: sub.id });
  await call(server, "DELETE", `/v1/customer-seats/${l.seats[0].id}`, { token: org.token });
  const retried = await assign(server, org, body, keyed(key));
  assert.equal(retried.status, 200, retried.text);
  assert.equal(retried.headers.get("idempotent-replayed"), null);
});

test("DELETE and PATCH are keyed too; GET ignores the header", T, async () => {
  const sub = newSubscription(server, org, 2);
  const seat = (await assign(server, org, { subscription_id: sub.id, email: email("del") })).body;
  const key = `revoke-${uid()}`;
  const first = await call(server, "DELETE", `/v1/customer-seats/${seat.id}`, { token: org.token, ...keyed(key) });
  assert.equal(first.status, 200);
  const again = await call(server, "DELETE", `/v1/customer-seats/${seat.id}`, { token: org.token, ...keyed(key) });
  assert.equal(again.headers.get("idempotent-replayed"), "true");
  assert.equal(again.text, first.text);

  const mgmt = newToken(server, org, "customers:read customers:write");
  const customer = await call(server, "POST", "/v1/customers", { token: mgmt, body: { email: email("cust") } });
  assert.equal(customer.status, 201, customer.text);
  const patchKey = `patch-${uid()}`;
  const p1 = await call(server, "PATCH", `/v1/customers/${customer.body.id}`, { token: mgmt, body: { name: "A" }, ...keyed(patchKey) });
  assert.equal(p1.status, 200, p1.text);
  const p2 = await call(server, "PATCH", `/v1/customers/${customer.body.id}`, { token: mgmt, body: { name: "A" }, ...keyed(patchKey) });
  assert.equal(p2.headers.get("idempotent-replayed"), "true");
  assert.equal(p2.text, p1.text);
  // The key is the organization's, whichever of its tokens sent it: the seat revoke's key clashes.
  assertError(await call(server, "PATCH", `/v1/customers/${customer.body.id}`, { token: mgmt, body: { name: "A" }, ...keyed(key) }),
    422, "IdempotencyKeyMismatch", "This Idempotency-Key was used with a different method, path or body");
  const list1 = await call(server, "GET", `/v1/customer-seats?subscription_id=${sub.id}`, { token: org.token, ...keyed(key) });
  assert.equal(list1.status, 200);
  assert.equal(list1.headers.get("idempotent-replayed"), null);
});

test("an expired key no longer binds, and the sweeper prunes it", T, async () => {
  const sub = newSubscription(server, org, 5);
  const key = `expire-${uid()}`;
  assert.equal((await assign(server, org, { subscription_id: sub.id, email: email("e1") }, keyed(key))).status, 200);
  sql(server, `UPDATE idempotency_keys SET expires_at = 1 WHERE idempotency_key = '${key}';`);
  const fresh = await assign(server, org, { subscription_id: sub.id, email: email("e2") }, keyed(key));
  assert.equal(fresh.status, 200, "an expired key binds nothing: another body runs");
  assert.equal(fresh.headers.get("idempotent-replayed"), null);

  const stale = `stale-${uid()}`;
  sql(server, `INSERT INTO idempotency_keys (scope, idempotency_key, fingerprint, response_status, response_body, ` +
    `response_headers, created_at, expires_at) VALUES ('organization:${org.id}', '${stale}', 'f', 200, '{}', '', 0, 1);`);
  const deadline = Date.now() + 15000;
  for (;;) {
    const left = Number(sql(server, `SELECT count(*) FROM idempotency_keys WHERE idempotency_key = '${stale}';`).trim());
    if (left === 0) break;
    if (Date.now() > deadline) assert.fail("the expired key was not pruned");
    await sleep(50);
  }
  const kept = Number(sql(server, `SELECT count(*) FROM idempotency_keys WHERE idempotency_key = '${key}';`).trim());
  assert.equal(kept, 1, "a live key is kept");
});

test("an anonymous claim with a key is not remembered (its answer carries a session token)", T, async () => {
  const r = await call(server, "POST", "/v1/customer-seats/claim", { body: { invitation_token: "nope" }, ...keyed(`anon-${uid()}`) });
  assertError(r, 400, "InvalidInvitationToken", "Invalid or expired invitation token");
  const rows = Number(sql(server, "SELECT count(*) FROM idempotency_keys WHERE scope NOT LIKE 'organization:%';").trim());
  assert.equal(rows, 0);
});

test("50 concurrent identical keyed assigns → exactly one seat; 50 identical answers or 409s", T, async () => {
  const sub = newSubscription(server, org, 50);
  const body = { subscription_id: sub.id, email: email("storm") };
  const key = `storm-${uid()}`;
  const results = await Promise.all(Array.from({ length: 50 }, () => assign(server, org, body, keyed(key))));
  const ok = results.filter((r) => r.status === 200);
  assert.ok(ok.length >= 1, results.map((r) => r.status).join(","));
  for (const r of ok) assert.equal(r.text, ok[0].text);
  for (const r of results.filter((x) => x.status !== 200)) {
    assertError(r, 409, "IdempotencyKeyInFlight", "A request with this Idempotency-Key is still being processed; retry later");
  }
  assert.equal(results.filter((r) => r.status === 200 && r.headers.get("idempotent-replayed") === null).length, 1,
    "exactly one request ran");
  const l = await listOk(server, org, { subscription_id: sub.id });
  assert.equal(l.seats.length, 1);
  assert.equal(l.seats[0].id, ok[0].body.id);
  // A retry after the storm replays.
  const later = await assign(server, org, body, keyed(key));
  assert.equal(later.headers.get("idempotent-replayed"), "true");
  assert.equal(later.text, ok[0].text);
});

describe("across two instances on one PostgreSQL database", { skip: ON_POSTGRES ? false : "needs PostgreSQL" }, () => {
  let b;
  before(async () => { b = await startServer({ databaseUrl: server.databaseUrl, extraArgs: KEEP_DELIVERED_OUTBOX }); });
  after(async () => stopServer(b));

  test("50 keyed assigns spread over both instances → one seat; identical answers or 409s", T, async () => {
    const sub = newSubscription(server, org, 50);
    const body = { subscription_id: sub.id, email: email("twin") };
    const key = `twin-${uid()}`;
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => assign(i % 2 ? b : server, org, body, keyed(key))));
    const ok = results.filter((r) => r.status === 200);
    assert.ok(ok.length >= 1);
    for (const r of ok) assert.equal(r.text, ok[0].text);
    for (const r of results.filter((x) => x.status !== 200)) assert.equal(r.status, 409, r.text);
    const l = await listOk(b, org, { subscription_id: sub.id });
    assert.equal(l.seats.length, 1);
    const replay = await assign(b, org, body, keyed(key));
    assert.equal(replay.headers.get("idempotent-replayed"), "true");
    assert.equal(replay.text, ok[0].text);
  });
});
