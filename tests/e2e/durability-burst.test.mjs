// Durability under load: SIGKILL while a burst of assignments is in flight. Every assignment that
// was acknowledged before the kill is there after a restart, unchanged; every seat that is there
// was written whole, with its invitation e-mail and its webhook event (one transaction each).
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, KEEP_DELIVERED_OUTBOX } from "../lib/harness.mjs";
import { makeOrg, newSubscription, email, assign, listOk, stopServer, killHard, restartServer, sql } from "./helpers.mjs";

const T = { timeout: 60000 };
const IN_FLIGHT = 16;     // concurrent requests kept open during the burst
const KILL_AFTER = 40;    // acknowledged assignments before the kill

let first;
let second;
after(async () => {
  if (second) await second.stop();  // also removes the shared directory
  else await stopServer(first);
});

test("SIGKILL during a burst of assignments loses no acknowledged seat and leaves no half-written one", T, async () => {
  first = await startServer({ extraArgs: KEEP_DELIVERED_OUTBOX });
  const org = makeOrg(first);
  const sub = newSubscription(first, org, 1000);
  const acknowledged = [];
  let killed = false;
  let sent = 0;
  let killing;
  const sender = async () => {
    while (!killed) {
      const r = await assign(first, org, { subscription_id: sub.id, email: email(`burst${sent++}`) }).catch(() => null);
      if (r?.status === 200 && !killed) acknowledged.push(r.body);
      if (acknowledged.length >= KILL_AFTER && !killing) {
        killing = killHard(first);
        await killing;
        killed = true;
      }
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, sender));
  assert.equal(first.child.signalCode, "SIGKILL");
  assert.ok(acknowledged.length >= KILL_AFTER);
  assert.ok(sent > acknowledged.length, "requests were still in flight when the process died");

  second = await restartServer(first, { extraArgs: KEEP_DELIVERED_OUTBOX });
  const listed = await listOk(second, org, { subscription_id: sub.id });
  const byId = new Map(listed.seats.map((s) => [s.id, s]));
  for (const seat of acknowledged) assert.deepEqual(byId.get(seat.id), seat, `acknowledged seat ${seat.email}`);
  assert.equal(listed.available_seats, 1000 - listed.seats.length);

  // No change without its events: each stored seat has its invitation e-mail and its webhook event.
  const count = (statement) => Number(sql(second, statement).trim());
  const seatsStored = count(`SELECT count(*) FROM customer_seats WHERE subscription_id = '${sub.id}';`);
  assert.equal(seatsStored, listed.seats.length);
  const mails = count(`SELECT count(*) FROM outbox WHERE topic = 'email' AND organization_id = '${org.id}';`);
  const events = count(`SELECT count(*) FROM outbox WHERE topic = 'webhook_event' AND organization_id = '${org.id}' ` +
    "AND event_type = 'customer_seat.assigned';");
  assert.equal(mails, seatsStored);
  assert.equal(events, seatsStored);

  // And the restarted server goes on assigning from where the committed state left off.
  const next = await assign(second, org, { subscription_id: sub.id, email: email("after-burst") });
  assert.equal(next.status, 200, next.text);
});
