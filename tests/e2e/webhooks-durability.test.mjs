// At-least-once across crashes: webhook events pending when the server is SIGKILLed — one in
// flight to a receiver that never answered, others queued behind it or waiting out a back-off —
// all arrive after a restart on the same database, in order, with their original webhook-ids.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "../lib/harness.mjs";
import { startReceiver, delivered } from "../lib/receiver.mjs";
import { uid, email, newSubscription, assignOk, killHard } from "./helpers.mjs";
import { FAST_RETRIES, makeWebhookOrg, createEndpoint, waitForDeliveries, restartWith } from "./webhook-helpers.mjs";

let receiver;
let current;  // the live server; each test kills it and leaves its successor here
let org;
const T = { timeout: 60000 };

before(async () => {
  receiver = await startReceiver();
  current = await startServer({ extraArgs: FAST_RETRIES });
  org = makeWebhookOrg(current);
});
after(async () => {
  await current?.stop();
  await receiver?.stop();
});

const seatIds = (entries) => entries.map((e) => JSON.parse(e.body).data.id);

test("kill -9 during an attempt: after a restart the same event (same webhook-id) and those behind it arrive in order", T, async () => {
  const name = `crash-${uid()}`;
  await createEndpoint(current, org, receiver, name);
  await receiver.configure(name, { hang: true });
  const sub = newSubscription(current, org, 5);
  const seats = [await assignOk(current, org, { subscription_id: sub.id, email: email("inflight") })];
  const [inFlight] = await receiver.waitFor(name, (es) => es.length >= 1, { what: "the first attempt" });
  for (let i = 0; i < 3; i++) seats.push(await assignOk(current, org, { subscription_id: sub.id, email: email(`queued${i}`) }));

  await killHard(current);
  assert.equal(current.child.signalCode, "SIGKILL");
  // The receiver answers again, but fails the first attempt after the restart once more.
  await receiver.configure(name, { hang: false, failFirst: 2, status: 500 });
  current = await restartWith(current, FAST_RETRIES);

  // The killed process held a lease on the endpoint: it expires (15 s) and delivery resumes.
  const entries = await receiver.waitFor(name, (es) => delivered(es).length >= 4, { timeoutMs: 45000 });
  const ok = delivered(entries);
  assert.deepEqual(seatIds(ok), seats.map((s) => s.id), "every event, in order");
  assert.equal(ok[0].id, inFlight.id, "the interrupted event keeps its webhook-id");
  assert.equal(ok[0].body, inFlight.body);
  assert.equal(new Set(ok.map((e) => e.id)).size, 4);
  for (const e of entries.filter((x) => x.answered !== "dropped")) assert.equal(e.v0 ?? e.v1 ?? e.byHand, null);
  // Before the first success only the interrupted event was ever attempted.
  const firstSuccess = entries.indexOf(ok[0]);
  for (const e of entries.slice(0, firstSuccess)) assert.equal(e.id, inFlight.id);
  const log = await waitForDeliveries(current, org, { event_type: "customer_seat.assigned" },
    (items) => items.filter((d) => d.succeeded).length >= 4);
  assert.ok(log.some((d) => d.http_code === 500 && d.webhook_event.id === inFlight.id), "the failure after restart is logged");
});

test("kill -9 while events wait out a back-off: after a restart they all arrive, in order, same webhook-ids", T, async () => {
  const name = `backoff-${uid()}`;
  await createEndpoint(current, org, receiver, name);
  await receiver.configure(name, { failFirst: 1000, status: 502 });
  const sub = newSubscription(current, org, 5);
  const seats = [];
  for (let i = 0; i < 3; i++) seats.push(await assignOk(current, org, { subscription_id: sub.id, email: email(`waiting${i}`) }));
  const failed = await receiver.waitFor(name, (es) => es.length >= 2, { what: "two failed attempts" });
  assert.equal(new Set(failed.map((e) => e.id)).size, 1, "only the first event is attempted while it fails");

  await killHard(current);
  await receiver.configure(name, { failFirst: 0 });
  current = await restartWith(current, FAST_RETRIES);

  const entries = await receiver.waitFor(name, (es) => delivered(es).length >= 3, { timeoutMs: 30000 });
  const ok = delivered(entries);
  assert.deepEqual(seatIds(ok), seats.map((s) => s.id));
  assert.equal(ok[0].id, failed[0].id);
  assert.equal(new Set(ok.map((e) => e.id)).size, 3);
});
