// Durability: an acknowledged assignment survives SIGKILL; a restarted server on the same database
// lists it, still accepts its invitation token (same SEATKEEPER_SECRET) and delivers its e-mail.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, waitForInvitation } from "../lib/harness.mjs";
import {
  makeOrg, newSubscription, email, assignOk, listOk, claim, stopServer, killHard, restartServer,
} from "./helpers.mjs";

let first;
let second;
const T = { timeout: 40000 };

before(async () => {
  first = await startServer();
});
after(async () => {
  if (second) await second.stop(); // also removes the shared directory
  else await stopServer(first);
});

test("assign, SIGKILL, restart on the same database → the seat is still listed and claimable", T, async () => {
  const org = makeOrg(first);
  const sub = newSubscription(first, org, 3);
  const e1 = email("durable");
  const seat = await assignOk(first, org, { subscription_id: sub.id, email: e1 });
  // a second one acknowledged right before the kill (its e-mail may not have been written yet)
  const e2 = email("durable-late");
  const late = await assignOk(first, org, { subscription_id: sub.id, email: e2 });
  await killHard(first);
  assert.equal(first.child.signalCode, "SIGKILL");

  second = await restartServer(first);
  const l = await listOk(second, org, { subscription_id: sub.id });
  assert.deepEqual(l.seats.map((s) => s.id), [seat.id, late.id]);
  assert.deepEqual(l.seats[0], seat);
  assert.deepEqual(l.seats[1], late);
  assert.equal(l.available_seats, 1);
  assert.equal(l.total_seats, 3);

  // the acknowledged assignments' invitations are delivered (before the crash or by the restarted server)
  const t1 = await waitForInvitation(second, e1, { timeoutMs: 10000 });
  const t2 = await waitForInvitation(second, e2, { timeoutMs: 10000 });
  const c1 = await claim(second, t1);
  assert.equal(c1.status, 200, c1.text);
  assert.equal(c1.body.seat.id, seat.id);
  const c2 = await claim(second, t2);
  assert.equal(c2.status, 200, c2.text);
});

test("the restarted server keeps working: new assignments, tokens and access tokens", T, async () => {
  assert.ok(second, "restarted server from the previous test");
  const org = makeOrg(second);
  const sub = newSubscription(second, org, 2);
  const e = email("after-restart");
  await assignOk(second, org, { subscription_id: sub.id, email: e });
  const token = await waitForInvitation(second, e);
  assert.equal((await claim(second, token)).status, 200);
});
