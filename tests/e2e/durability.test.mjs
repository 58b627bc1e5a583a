// Durability: an acknowledged assignment survives SIGKILL; a restarted server on the same database
// lists it unchanged, can re-send its invitation, and the new token can be claimed.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, waitForInvitation, invitations } from "../lib/harness.mjs";
import {
  makeOrg, newSubscription, email, assignOk, listOk, claim, claimInfo, resend, stopServer, killHard, restartServer,
  sql, sleep,
} from "./helpers.mjs";

let first;
let second;
let org;
let sub;
let seats = [];
const T = { timeout: 40000 };

before(async () => {
  first = await startServer();
});
after(async () => {
  if (second) await second.stop(); // also removes the shared directory
  else await stopServer(first);
});

// Waits until some invitation line for `addr` carries a token that claim-info accepts.
async function waitForValidToken(server, addr, timeoutMs = 10000) {
  const deadline = Date.now() + timeoutMs;
  const tried = new Set();
  for (;;) {
    for (const { token } of invitations(server).filter((i) => i.email === addr)) {
      if (tried.has(token)) continue;
      const r = await claimInfo(server, token);
      if (r.status === 200) return token;
      tried.add(token);
    }
    if (Date.now() > deadline) throw new Error(`no valid invitation for ${addr}`);
    await sleep(50);
  }
}

test("assign, SIGKILL, restart on the same database → the seats are still listed, unchanged", T, async () => {
  org = makeOrg(first);
  sub = newSubscription(first, org, 3);
  const e1 = email("durable");
  seats.push(await assignOk(first, org, { subscription_id: sub.id, email: e1 }));
  await waitForInvitation(first, e1);
  // a second one acknowledged right before the kill (its e-mail may still be in flight)
  seats.push(await assignOk(first, org, { subscription_id: sub.id, email: email("durable-late") }));
  await killHard(first);
  assert.equal(first.child.signalCode, "SIGKILL");

  second = await restartServer(first);
  const l = await listOk(second, org, { subscription_id: sub.id });
  assert.deepEqual(l.seats.map((s) => s.id), seats.map((s) => s.id));
  assert.deepEqual(l.seats[0], seats[0]);
  assert.deepEqual(l.seats[1], seats[1]);
  assert.equal(l.available_seats, 1);
  assert.equal(l.total_seats, 3);
});

test("after the restart the first seat's original invitation token still works", T, async () => {
  assert.ok(second, "restarted server from the previous test");
  const token = await waitForInvitation(second, seats[0].email);
  const c = await claim(second, token);
  assert.equal(c.status, 200, c.text);
  assert.equal(c.body.seat.id, seats[0].id);
});

test("after the restart the late seat's invitation can be re-sent and claimed", T, async () => {
  assert.ok(second, "restarted server from the previous test");
  const r = await resend(second, org, seats[1].id);
  assert.equal(r.status, 200, r.text);
  const token = await waitForValidToken(second, seats[1].email);
  const c = await claim(second, token);
  assert.equal(c.status, 200, c.text);
  assert.equal(c.body.seat.id, seats[1].id);
});

// The late seat's first invitation was either written before the kill or is still queued: a
// delivery the killed process had leased comes back after the lease, so it may not be in the log
// yet. Checked through the outbox table when the schema has one (an implementation detail).
test("no acknowledged invitation is lost: delivered, or still queued in the outbox", T, async () => {
  assert.ok(second, "restarted server from the previous test");
  const tables = sql(second, "SELECT name FROM sqlite_master WHERE type='table';").split("\n");
  const lines = invitations(second).filter((i) => i.email === seats[1].email).length;
  // one line is the resend of the previous test; the original is the other one
  if (lines >= 2) return;
  assert.ok(tables.includes("outbox"), "original invitation neither delivered nor inspectable");
  const cols = sql(second, "PRAGMA table_info(outbox);").split("\n").filter(Boolean).map((l) => l.split("|")[1]);
  assert.ok(cols.includes("delivered_at") && cols.includes("topic"), `outbox columns ${cols}`);
  const queued = Number(sql(second, "SELECT count(*) FROM outbox WHERE topic = 'email' AND delivered_at IS NULL;").trim());
  assert.ok(queued >= 1, "the original invitation e-mail is still queued for delivery");
});

test("the restarted server keeps working: new assignments, tokens and access tokens", T, async () => {
  assert.ok(second, "restarted server from the previous test");
  const org2 = makeOrg(second);
  const sub2 = newSubscription(second, org2, 2);
  const e = email("after-restart");
  await assignOk(second, org2, { subscription_id: sub2.id, email: e });
  const token = await waitForInvitation(second, e);
  assert.equal((await claim(second, token)).status, 200);
});
