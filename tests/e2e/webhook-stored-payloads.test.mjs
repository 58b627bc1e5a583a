// What the write job stores for a webhook event is a compact record of the seat, rendered to JSON
// only when it is sent. These tests pin the two sides of that: an event queued by an earlier
// version (its JSON payload already rendered) is still sent byte for byte as stored, and an event
// describes the seat as it was when it happened, not as it is when it is sent.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "../lib/harness.mjs";
import { startReceiver, delivered } from "../lib/receiver.mjs";
import { uid, email, newSubscription, assignOk, revoke, sql, randomUuid4 } from "./helpers.mjs";
import { FAST_RETRIES, makeWebhookOrg, createEndpoint, deliveries, waitForDeliveries } from "./webhook-helpers.mjs";

let server;
let receiver;
const T = { timeout: 30000 };

before(async () => {
  server = await startServer({ extraArgs: FAST_RETRIES });
  receiver = await startReceiver();
});
after(async () => {
  await receiver?.stop();
  await server?.stop();
});

const quoted = (text) => `'${text.replaceAll("'", "''")}'`;

test("an event queued as JSON by an earlier version is sent and shown exactly as stored", T, async () => {
  const org = makeWebhookOrg(server);
  const name = `legacy-${uid()}`;
  await createEndpoint(server, org, receiver, name, ["customer_seat.assigned"]);
  const sub = newSubscription(server, org, 3);
  // A payload as the earlier write job rendered it: the seat's JSON, in an envelope.
  const seat = await assignOk(server, org, { subscription_id: sub.id, email: email("legacy") });
  await receiver.waitFor(name, (es) => delivered(es).length >= 1);
  const legacy = JSON.stringify({ type: "customer_seat.assigned", timestamp: seat.created_at,
    data: { ...seat, seat_metadata: { queued_by: "an earlier version", n: 1 } } });
  const micros = Date.now() * 1000;
  sql(server, "INSERT INTO outbox (id, topic, organization_id, event_type, payload, created_at, available_at, attempts) " +
    `VALUES (${quoted(randomUuid4())}, 'webhook_event', ${quoted(org.id)}, 'customer_seat.assigned', ${quoted(legacy)}, ` +
    `${micros}, ${micros}, 0);`);
  // A new seat change wakes the dispatcher; its event is queued after the old one.
  const next = await assignOk(server, org, { subscription_id: sub.id, email: email("after-upgrade") });

  const entries = await receiver.waitFor(name, (es) => delivered(es).length >= 3);
  assert.equal(entries.length, 3);
  for (const e of entries) {
    assert.equal(e.byHand, null, `HMAC by hand: ${e.byHand}`);
    assert.equal(e.v1, null, `1.0.1 webhooks.validateEvent: ${e.v1}`);
  }
  assert.equal(entries[1].body, legacy, "the stored JSON goes out byte for byte");
  assert.deepEqual(JSON.parse(entries[2].body).data, next);
  const log = await waitForDeliveries(server, org, {}, (items) => items.length === 3);
  assert.deepEqual(log.map((d) => d.webhook_event.payload), entries.map((e) => e.body).reverse());
});

test("an assigned event revoked before it is sent still shows the pending seat", T, async () => {
  const org = makeWebhookOrg(server);
  const sub = newSubscription(server, org, 3);
  const name = `asof-${uid()}`;
  await createEndpoint(server, org, receiver, name, ["customer_seat.assigned", "customer_seat.revoked"]);
  // The receiver refuses until told otherwise: the assigned event stays queued while the seat is revoked.
  await receiver.configure(name, { failFirst: 1000000 });
  const assigned = await assignOk(server, org, { subscription_id: sub.id, email: email("asof") });
  await receiver.waitFor(name, (es) => es.length >= 1, { what: "the first (refused) attempt" });
  const revoked = await revoke(server, org, assigned.id);
  assert.equal(revoked.status, 200, revoked.text);
  await receiver.configure(name, { failFirst: 0 });

  const entries = delivered(await receiver.waitFor(name, (es) => delivered(es).length >= 2, { timeoutMs: 20000 }));
  const [first, second] = entries.map((e) => JSON.parse(e.body));
  assert.equal(first.type, "customer_seat.assigned");
  assert.equal(first.data.status, "pending");
  assert.deepEqual(first.data, assigned);
  assert.equal(second.type, "customer_seat.revoked");
  assert.deepEqual(second.data, revoked.body);
  // The events API shows the bodies that were sent.
  const shown = await waitForDeliveries(server, org, { succeeded: true }, (items) => items.length === 2);
  assert.deepEqual(shown.map((d) => d.webhook_event.payload), entries.map((e) => e.body).reverse());
});
