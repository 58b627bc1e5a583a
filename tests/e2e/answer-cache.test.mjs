// The answer cache (http/answer_cache): seat lists and claim info answered from memory on SQLite
// must never be stale or someone else's. Every test checks through /metrics that the cache was
// really used (a hit), so it cannot pass by the cache doing nothing; on PostgreSQL, where the
// cache is off, it checks that nothing was ever kept and that the answers are right all the same.
import test, { before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, call, ON_POSTGRES, waitForInvitation } from "../lib/harness.mjs";
import { parsePrometheus, sampleValue } from "../lib/prometheus.mjs";
import {
  makeOrg, newSubscription, newToken, assignOk, revoke, claimInfo, claim, email, sleep, stopServer,
  setInvitationExpiry, INVALID_INVITATION, assertError, assertInvalidToken,
} from "./helpers.mjs";

const T = { timeout: 60000 };
let server;

before(async () => {
  server = await startServer();
});
after(async () => {
  await stopServer(server);
});

async function hits() {
  const r = await fetch(`${server.baseUrl}/metrics`);
  const families = parsePrometheus(await r.text());
  return sampleValue(families, "seatkeeper_answer_cache_lookups_total", { result: "hit" }) ?? 0;
}

// Runs `request` twice and expects the second answer to come from the cache (SQLite) and to be
// the same bytes and headers as the first; on PostgreSQL, expects no hit at all. The delivery
// workers commit in the background after a write (an e-mail sent, its outbox row deleted), and
// any commit retires kept answers: so the pair is retried until nothing came in between.
async function twiceFromCache(request) {
  for (let attempt = 0; ; attempt++) {
    const first = await request();
    const before = await hits();
    const second = await request();
    const gained = (await hits()) - before;
    if (ON_POSTGRES) {
      assert.equal(gained, 0, "PostgreSQL keeps no answers");
      return second;
    }
    if (gained === 0 && attempt < 50) {
      await sleep(50);
      continue;
    }
    assert.equal(gained, 1, "the second answer is a hit");
    assert.equal(second.status, first.status);
    assert.equal(second.text, first.text, "a kept answer is byte for byte the computed one");
    const headers = (r) => [...r.headers].filter(([name]) => name !== "x-request-id");
    assert.deepEqual(headers(second), headers(first));
    return second;
  }
}

const listSeats = (org, sub, token = org.token, query = "") =>
  call(server, "GET", `/v1/customer-seats?subscription_id=${sub.id}${query}`, { token });

test("read-your-writes: a list kept in memory shows an assign, a revoke and a claim at once", T, async () => {
  const org = makeOrg(server);
  const sub = newSubscription(server, org, 3);
  const empty = await twiceFromCache(() => listSeats(org, sub));
  assert.deepEqual(empty.body.seats, []);

  const who = email("cached");
  const seat = await assignOk(server, org, { subscription_id: sub.id, email: who });
  const assigned = await twiceFromCache(() => listSeats(org, sub));
  assert.deepEqual(assigned.body.seats.map((s) => [s.id, s.status]), [[seat.id, "pending"]]);
  assert.equal(assigned.body.available_seats, 2);

  // The paginated form is kept under its own query, and follows the same writes.
  const page = await twiceFromCache(() => listSeats(org, sub, org.token, "&limit=1&page=1"));
  assert.equal(page.body.seats.length, 1);

  const token = await waitForInvitation(server, who);
  const info = await twiceFromCache(() => claimInfo(server, token));
  assert.equal(info.body.can_claim, true);
  assert.equal((await claim(server, token)).status, 200);
  assertError(await claimInfo(server, token), 404, "ResourceNotFound", INVALID_INVITATION);
  assert.equal((await listSeats(org, sub)).body.seats[0].status, "claimed");
  assert.equal((await listSeats(org, sub, org.token, "&limit=1&page=1")).body.seats[0].status, "claimed");

  await twiceFromCache(() => listSeats(org, sub));
  assert.equal((await revoke(server, org, seat.id)).status, 200);
  const revoked = await listSeats(org, sub);
  assert.equal(revoked.body.seats[0].status, "revoked");
  assert.equal(revoked.body.available_seats, 3);
});

test("a token revoked by the admin command (another process) is refused at once", T, async () => {
  const org = makeOrg(server);
  const sub = newSubscription(server, org, 1);
  const made = server.admin("create-token", "--organization", org.slug, "--scopes", "customer_seats:read");
  await twiceFromCache(() => listSeats(org, sub, made.token));
  server.admin("revoke-token", "--id", made.id);
  assertInvalidToken(await listSeats(org, sub, made.token));
  assert.equal((await listSeats(org, sub)).status, 200, "the organization's other token still reads");
});

test("a token that expires while its answer is kept is refused from its expiry on", T, async () => {
  const org = makeOrg(server);
  const sub = newSubscription(server, org, 1);
  const made = server.admin("create-token", "--organization", org.slug, "--scopes", "customer_seats:read");
  const expiry = Date.now() + 4000;
  server.sql(`UPDATE access_tokens SET expires_at = ${expiry * 1000} WHERE id = '${made.id}'`);
  await twiceFromCache(() => listSeats(org, sub, made.token));
  while (Date.now() <= expiry + 5) await sleep(50);  // no write in between: only time passes
  assertInvalidToken(await listSeats(org, sub, made.token));
});

test("two organizations never see each other's answers, nor does an anonymous caller", T, async () => {
  const a = makeOrg(server);
  const b = makeOrg(server);
  const subA = newSubscription(server, a, 2);
  await assignOk(server, a, { subscription_id: subA.id, email: email("a-only") });
  const mine = await twiceFromCache(() => listSeats(a, subA));
  assert.equal(mine.body.seats.length, 1);
  // The same target with B's token, a second token of B, or none: each its own answer.
  assertError(await listSeats(b, subA), 404, "ResourceNotFound", "Subscription not found");
  assertError(await listSeats(b, subA, newToken(server, b, "customer_seats:read")), 404, "ResourceNotFound",
    "Subscription not found");
  assert.equal((await listSeats(a, subA, "")).status, 401);
  // A's second token gets A's answer (computed for it, not another credential's).
  const again = await listSeats(a, subA, newToken(server, a, "customer_seats:read"));
  assert.equal(again.status, 200);
  assert.equal(again.text, mine.text);
});

test("claim info kept in memory ends when its invitation expires, with no write in between", T, async () => {
  const org = makeOrg(server);
  const sub = newSubscription(server, org, 1);
  const who = email("expiring");
  const seat = await assignOk(server, org, { subscription_id: sub.id, email: who });
  const token = await waitForInvitation(server, who);
  const expiry = Date.now() + 4000;
  setInvitationExpiry(server, seat.id, expiry);  // another process's write: kept answers retire
  await twiceFromCache(() => claimInfo(server, token));
  while (Date.now() <= expiry + 5) await sleep(50);
  assertError(await claimInfo(server, token), 404, "ResourceNotFound", INVALID_INVITATION);
});

test("a change made with SQL by another process retires kept answers", T, async () => {
  const org = makeOrg(server);
  const sub = newSubscription(server, org, 2);
  await twiceFromCache(() => listSeats(org, sub));
  server.sql(`UPDATE subscriptions SET seats = 5 WHERE id = '${sub.id}'`);
  const changed = await listSeats(org, sub);
  assert.equal(changed.body.total_seats, 5);
});

test("/metrics exposes the cache's lookups, evictions, entries and bytes", T, async () => {
  const r = await fetch(`${server.baseUrl}/metrics`);
  const families = parsePrometheus(await r.text());
  for (const [name, type] of [["seatkeeper_answer_cache_lookups_total", "counter"],
    ["seatkeeper_answer_cache_evictions_total", "counter"], ["seatkeeper_answer_cache_entries", "gauge"],
    ["seatkeeper_answer_cache_bytes", "gauge"]]) {
    assert.equal(families.get(name)?.type, type, name);
  }
  if (ON_POSTGRES) assert.equal(sampleValue(families, "seatkeeper_answer_cache_entries"), 0);
  else assert.ok(sampleValue(families, "seatkeeper_answer_cache_entries") > 0);
});

test("--answer-cache-entries 0 keeps nothing", T, async () => {
  const off = await startServer({ extraArgs: ["--answer-cache-entries", "0"] });
  try {
    const org = makeOrg(off);
    const sub = newSubscription(off, org, 1);
    const metrics = async () => parsePrometheus(await (await fetch(`${off.baseUrl}/metrics`)).text());
    for (let i = 0; i < 3; i++) {
      const r = await call(off, "GET", `/v1/customer-seats?subscription_id=${sub.id}`, { token: org.token });
      assert.equal(r.status, 200);
    }
    const families = await metrics();
    assert.equal(sampleValue(families, "seatkeeper_answer_cache_lookups_total", { result: "hit" }), 0);
    assert.equal(sampleValue(families, "seatkeeper_answer_cache_lookups_total", { result: "miss" }), 0);
  } finally {
    await stopServer(off);
  }
});
