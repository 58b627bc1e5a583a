// What the outbox keeps once a message is out: by default nothing (each row is deleted as it is
// delivered, so the database holds only what is still to send); with --retention-outbox it keeps
// delivered rows, marked delivered, until the retention job prunes them.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, waitForInvitation, KEEP_DELIVERED_OUTBOX } from "../lib/harness.mjs";
import { startReceiver, delivered } from "../lib/receiver.mjs";
import { makeWebhookOrg, createEndpoint } from "./webhook-helpers.mjs";
import { newSubscription, email, assignOk, revoke, stopServer, sql, sleep } from "./helpers.mjs";

const T = { timeout: 60000 };
let receiver;
before(async () => { receiver = await startReceiver(); });
after(async () => receiver?.stop());

const count = (server, org, where = "1=1") =>
  Number(sql(server, `SELECT count(*) FROM outbox WHERE organization_id = '${org.id}' AND ${where};`).trim());

// Assigns and revokes one seat with an endpoint listening; returns once the mail and both events are out.
async function assignAndRevoke(server, tag) {
  const org = makeWebhookOrg(server);
  await createEndpoint(server, org, receiver, tag, ["customer_seat.assigned", "customer_seat.revoked"]);
  const sub = newSubscription(server, org, 2);
  const to = email(tag);
  const seat = await assignOk(server, org, { subscription_id: sub.id, email: to });
  assert.ok(await waitForInvitation(server, to), "the invitation e-mail was sent");
  assert.equal((await revoke(server, org, seat.id)).status, 200);
  await receiver.waitFor(tag, (es) => delivered(es).length >= 2, { timeoutMs: 20000 });
  return { org };
}

test("by default each outbox row is deleted once it is delivered, and everything still arrives", T, async () => {
  const server = await startServer({ extraArgs: ["--allow-private-webhooks"] });
  try {
    const { org } = await assignAndRevoke(server, "removed");
    // The e-mail and both events left the outbox; their rows are gone, not merely marked.
    const deadline = Date.now() + 10000;
    while (count(server, org) > 0 && Date.now() < deadline) await sleep(50);
    assert.equal(count(server, org), 0, "no outbox row is left once its message is out");
    // The events themselves still sit in the endpoint's delivery log.
    assert.ok(Number(sql(server, `SELECT count(*) FROM webhook_events WHERE organization_id = '${org.id}';`).trim()) >= 2);
  } finally {
    await stopServer(server);
  }
});

test("--retention-outbox keeps delivered rows, marked delivered, with their payloads", T, async () => {
  const server = await startServer({ extraArgs: ["--allow-private-webhooks", ...KEEP_DELIVERED_OUTBOX] });
  try {
    const { org } = await assignAndRevoke(server, "kept");
    const deadline = Date.now() + 10000;
    while (count(server, org, "delivered_at IS NULL") > 0 && Date.now() < deadline) await sleep(50);
    assert.equal(count(server, org, "delivered_at IS NULL"), 0, "every message was delivered");
    assert.equal(count(server, org, "topic = 'email'"), 1, "the invitation's row is kept");
    assert.equal(count(server, org, "topic = 'webhook_event'"), 2, "both events' rows are kept");
  } finally {
    await stopServer(server);
  }
});

test("--retention-outbox 0 is the default, and a negative or unitless age is refused", T, async () => {
  const explicit = await startServer({ extraArgs: ["--retention-outbox", "0"] });
  await stopServer(explicit);
  for (const bad of ["-1d", "7"])
    await assert.rejects(startServer({ extraArgs: ["--retention-outbox", bad] }), /--retention-outbox/);
});
