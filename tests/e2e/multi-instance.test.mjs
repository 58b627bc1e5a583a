// Two seatkeeper processes on one PostgreSQL database (what runs behind a load balancer): every
// rule must hold across instances — no overselling, single-use invitations, one member per e-mail,
// each invitation e-mail delivered once, every seat change recorded as one webhook event and
// delivered once, in order, to a receiver.
// Runs only with SEATKEEPER_TEST_STORE=postgres (scripts/test.sh does both stores).
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, invitations, ON_POSTGRES, KEEP_DELIVERED_OUTBOX } from "../lib/harness.mjs";
import { startReceiver, delivered } from "../lib/receiver.mjs";
import { makeWebhookOrg, createEndpoint } from "./webhook-helpers.mjs";
import {
  makeOrg, newSubscription, email, assign, assignOk, listOk, claim, claimInfo, stopServer, assertError, sql, sleep,
  INVALID_INVITATION,
} from "./helpers.mjs";

const skip = ON_POSTGRES ? false : "needs one database shared by two processes: SEATKEEPER_TEST_STORE=postgres";
const T = { timeout: 60000 };

// Every invitation line of both instances' mail logs (each process has its own log).
function allInvitations(a, b) {
  return [...invitations(a), ...invitations(b)];
}

async function waitUntil(what, predicate, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await predicate()) return;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

// How many webhook events of an organization are still queued (not done) in the shared database.
const queuedFor = (server, org) =>
  sql(server, `SELECT count(*) FROM webhook_events WHERE organization_id = '${org.id}' AND done_at IS NULL;`).trim();

describe("two instances on one PostgreSQL database", { skip }, () => {
  let a;
  let b;
  let org;
  let receiver;
  const both = () => [a, b];

  before(async () => {
    // The receiver listens on loopback: both instances may deliver there.
    a = await startServer({ extraArgs: ["--allow-private-webhooks", ...KEEP_DELIVERED_OUTBOX] });
    b = await startServer({ databaseUrl: a.databaseUrl, extraArgs: ["--allow-private-webhooks", ...KEEP_DELIVERED_OUTBOX] });
    org = makeOrg(a);
    receiver = await startReceiver();
  });
  after(async () => {
    await receiver?.stop();
    await stopServer(b);
    await stopServer(a);
  });

  test("a write through one instance is visible through the other at once", T, async () => {
    const sub = newSubscription(a, org, 3);
    const seat = await assignOk(a, org, { subscription_id: sub.id, email: email("visible") });
    const l = await listOk(b, org, { subscription_id: sub.id });
    assert.deepEqual(l.seats.map((s) => s.id), [seat.id]);
    assert.equal(l.available_seats, 2);
  });

  test("100 concurrent assigns spread over both instances on a 10-seat subscription → exactly 10 seats", T, async () => {
    const sub = newSubscription(a, org, 10);
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) =>
      assign(both()[i % 2], org, { subscription_id: sub.id, email: email(`spread${i}`) })));
    const ok = results.filter((r) => r.status === 200);
    assert.equal(ok.length, 10, `statuses: ${results.map((r) => r.status).join(",")}`);
    for (const r of results.filter((x) => x.status !== 200)) {
      assertError(r, 400, "SeatNotAvailable", `No available seats for ${sub.id}`);
    }
    for (const server of both()) {
      const l = await listOk(server, org, { subscription_id: sub.id });
      assert.equal(l.seats.length, 10);
      assert.equal(l.available_seats, 0);
      assert.deepEqual(new Set(l.seats.map((s) => s.id)), new Set(ok.map((r) => r.body.id)));
    }
    const count = sql(a, `SELECT count(*) FROM customer_seats WHERE subscription_id = '${sub.id}';`).trim();
    assert.equal(count, "10");
  });

  test("the same e-mail assigned concurrently through both instances → one seat", T, async () => {
    const sub = newSubscription(a, org, 10);
    const e = email("same");
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) =>
      assign(both()[i % 2], org, { subscription_id: sub.id, email: e })));
    assert.equal(results.filter((r) => r.status === 200).length, 1, results.map((r) => r.status).join(","));
    for (const r of results.filter((x) => x.status !== 200)) {
      assertError(r, 400, "SeatAlreadyAssigned", `Seat already assigned to customer ${e}`);
    }
  });

  // Different subscriptions do not share a lock, so the two instances really race to create the
  // member: the loser's insert conflicts, it re-reads, and both seats get the same member.
  test("one e-mail assigned on two subscriptions at once through both instances → one member", T, async () => {
    for (let round = 0; round < 5; round++) {
      const subs = [newSubscription(a, org, 2), newSubscription(a, org, 2)];
      const e = email(`member${round}`);
      const results = await Promise.all(subs.map((sub, i) => assign(both()[i], org, { subscription_id: sub.id, email: e })));
      for (const r of results) assert.equal(r.status, 200, r.text);
      assert.equal(results[0].body.member_id, results[1].body.member_id);
      const members = sql(a, `SELECT count(*) FROM members WHERE email_lower = lower('${e}') AND customer_id = '${org.customer.id}';`);
      assert.equal(members.trim(), "1");
    }
  });

  test("one invitation claimed concurrently through both instances succeeds exactly once", T, async () => {
    const sub = newSubscription(a, org, 10);
    const addresses = Array.from({ length: 10 }, (_, i) => email(`claim${i}`));
    for (const [i, e] of addresses.entries()) await assignOk(both()[i % 2], org, { subscription_id: sub.id, email: e });
    await waitUntil("all invitations", () => addresses.every((e) => allInvitations(a, b).some((x) => x.email === e)));
    for (const e of addresses) {
      const { token } = allInvitations(a, b).find((x) => x.email === e);
      const results = await Promise.all([a, b, a, b].map((server) => claim(server, token)));
      const won = results.filter((r) => r.status === 200);
      assert.equal(won.length, 1, results.map((r) => `${r.status} ${r.text}`).join(" | "));
      for (const r of results.filter((x) => x.status !== 200)) assertError(r, 400, "InvalidInvitationToken", INVALID_INVITATION);
      for (const server of both()) assert.equal((await claimInfo(server, token)).status, 404);
      // One member session was minted, for the one successful claim.
      assert.match(won[0].body.customer_session_token, /^polar_mst_/);
    }
    const l = await listOk(b, org, { subscription_id: sub.id });
    assert.ok(l.seats.every((s) => s.status === "claimed"));
    const sessions = sql(a, `SELECT count(*) FROM member_sessions WHERE member_id IN (SELECT member_id FROM customer_seats WHERE subscription_id = '${sub.id}');`);
    assert.equal(sessions.trim(), "10");
  });

  test("invitations recorded through either instance are each e-mailed exactly once", T, async () => {
    const sub = newSubscription(a, org, 40);
    const addresses = Array.from({ length: 40 }, (_, i) => email(`mail${i}`));
    await Promise.all(addresses.map((e, i) => assignOk(both()[i % 2], org, { subscription_id: sub.id, email: e })));
    const mine = () => allInvitations(a, b).filter((x) => addresses.includes(x.email));
    await waitUntil("40 invitation e-mails", () => mine().length >= 40);
    // Once every row is marked delivered no worker can claim one again: any duplicate is sent by now.
    const undeliveredMail = () => sql(a, "SELECT count(*) FROM outbox WHERE topic = 'email' AND delivered_at IS NULL;").trim();
    await waitUntil("every e-mail row marked delivered", () => undeliveredMail() === "0");
    const counts = new Map();
    for (const x of mine()) counts.set(x.email, (counts.get(x.email) ?? 0) + 1);
    assert.equal(counts.size, 40);
    assert.deepEqual([...counts.values()].filter((n) => n !== 1), [], "an invitation was e-mailed twice");
  });

  // Webhook delivery is its own piece of work; what is checked here is that every seat change,
  // whichever instance made it, left exactly one event in the shared outbox.
  test("every assignment through either instance records exactly one customer_seat.assigned event", T, async () => {
    const sub = newSubscription(a, org, 20);
    const seats = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      assignOk(both()[i % 2], org, { subscription_id: sub.id, email: email(`event${i}`) })));
    // The outbox keeps a compact record of the seat (rendered to JSON only when sent): each
    // record names its seat's id once.
    const rows = sql(a, "SELECT payload FROM outbox WHERE topic = 'webhook_event' AND event_type = 'customer_seat.assigned';")
      .split("\n").filter(Boolean);
    for (const s of seats) assert.equal(rows.filter((p) => p.includes(s.id)).length, 1, `events of seat ${s.id}`);
  });

  // Both instances run a webhook dispatcher on the shared queue: each event must reach the
  // receiver once (not once per instance), whichever instance recorded it.
  test("webhook events recorded through either instance are each delivered exactly once", T, async () => {
    const worg = makeWebhookOrg(a);
    await createEndpoint(b, worg, receiver, "multi-once", ["customer_seat.assigned"]);
    const sub = newSubscription(a, worg, 30);
    const seats = await Promise.all(Array.from({ length: 30 }, (_, i) =>
      assignOk(both()[i % 2], worg, { subscription_id: sub.id, email: email(`hook${i}`) })));
    await receiver.waitFor("multi-once", (es) => delivered(es).length >= 30, { timeoutMs: 20000 });
    // Once every queued event is done no dispatcher can lease one again: any duplicate is sent by now.
    await waitUntil("every queued event done", () => queuedFor(a, worg) === "0");
    const entries = await receiver.log("multi-once");
    for (const e of entries) assert.equal(e.answered, 200, `a delivery was rejected: ${JSON.stringify(e)}`);
    const seatIds = entries.map((e) => e.event.seatId);
    assert.deepEqual([...seatIds].sort(), seats.map((s) => s.id).sort(), "each seat's event arrived exactly once");
    assert.equal(new Set(entries.map((e) => e.id)).size, 30, "one webhook-id per event");
  });

  // One endpoint's events go out in the order their changes committed, even when consecutive
  // changes were made through different instances.
  test("changes made one after another through alternating instances reach the receiver in that order", T, async () => {
    const worg = makeWebhookOrg(a);
    await createEndpoint(a, worg, receiver, "multi-order", ["customer_seat.assigned"]);
    const sub = newSubscription(b, worg, 12);
    const seats = [];
    for (let i = 0; i < 12; i++) seats.push(await assignOk(both()[i % 2], worg, { subscription_id: sub.id, email: email(`order${i}`) }));
    await receiver.waitFor("multi-order", (es) => delivered(es).length >= 12, { timeoutMs: 20000 });
    await waitUntil("every queued event done", () => queuedFor(a, worg) === "0");
    const entries = await receiver.log("multi-order");
    assert.deepEqual(entries.map((e) => e.event.seatId), seats.map((s) => s.id));
  });
});
