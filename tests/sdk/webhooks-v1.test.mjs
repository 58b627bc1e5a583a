// SDK conformance for the webhooks API through @polar-sh/sdk 1.0.1 (no response validation, so the
// test checks shapes itself): endpoints CRUD, the iterators, deliveries, redelivery, typed errors,
// and a delivery its async webhooks.validateEvent accepts.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";

import * as v2026_04 from "polar-sdk-1/2026-04";
import * as v2026_10 from "polar-sdk-1/2026-10";

import { startServer, createWorld } from "../lib/harness.mjs";
import { startReceiver, delivered } from "../lib/receiver.mjs";
import { eventually } from "../lib/eventually.mjs";
import { assertDateTimeString, assertErrorClass, ok, rejectsWith, uniqueEmail, unknownId, UUID } from "./helpers.mjs";

const { errors, webhooks } = v2026_04;
const SCOPES = "customer_seats:read customer_seats:write webhooks:read webhooks:write";
const EVENTS = ["customer_seat.assigned", "customer_seat.claimed", "customer_seat.revoked"];
const ENDPOINT_KEYS = ["created_at", "modified_at", "id", "url", "name", "format", "secret", "organization_id", "events", "enabled"];
let server;
let receiver;

before(async () => {
  server = await startServer({ extraArgs: ["--retry-base-ms", "200", "--allow-private-webhooks"] });
  receiver = await startReceiver();
});
after(async () => {
  await receiver?.stop();
  await server?.stop();
});

const polar = (token, entry = v2026_04) => entry.createPolar({ accessToken: token, baseUrl: server.baseUrl });

function assertEndpointV1(e) {
  assert.deepEqual(Object.keys(e), ENDPOINT_KEYS);
  assertDateTimeString(e.created_at, "created_at");
  assert.match(e.id, UUID);
  assert.match(e.secret, /^polar_whs_/);
  assert.equal(e.format, "raw");
}

describe("@polar-sh/sdk 1.0.1: webhooks", () => {
  it("creates, reads, iterates, updates, resets and deletes endpoints", async () => {
    const w = createWorld(server, { scopes: SCOPES });
    const hooks = polar(w.token).webhooks;
    const created = [];
    for (let i = 0; i < 3; i++) {
      created.push(await ok(hooks.createWebhookEndpoint({ url: `https://example.com/v1/${i}`, format: "raw", events: EVENTS })));
    }
    for (const e of created) assertEndpointV1(e);
    assert.deepEqual(await ok(hooks.getWebhookEndpoint(created[2].id)), created[2]);

    const page = await ok(hooks.listWebhookEndpoints({ limit: 2 }));
    assert.deepEqual(page.pagination, { total_count: 3, max_page: 2 });
    const all = [];
    for await (const e of hooks.iterListWebhookEndpoints({ limit: 2 })) all.push(e.id);
    assert.deepEqual(all, created.map((e) => e.id));

    const updated = await ok(hooks.updateWebhookEndpoint(created[0].id, { url: "https://example.com/moved", enabled: false }));
    assertEndpointV1(updated);
    assert.equal(updated.url, "https://example.com/moved");
    assert.equal(updated.enabled, false);
    const reset = await ok(hooks.resetWebhookEndpointSecret(created[0].id));
    assert.notEqual(reset.secret, created[0].secret);

    assert.equal(await ok(hooks.deleteWebhookEndpoint(created[0].id), "deleteWebhookEndpoint (204)"), undefined);
    const gone = await rejectsWith(hooks.getWebhookEndpoint(created[0].id));
    assertErrorClass(gone, errors.ResourceNotFound, "get deleted");
    assert.equal(gone.statusCode, 404);
    assert.deepEqual(gone.error, { error: "ResourceNotFound", detail: "Not found" });
    const invalid = await rejectsWith(hooks.createWebhookEndpoint({ url: "https://example.com", format: "raw", events: ["nope"] }));
    assertErrorClass(invalid, errors.HTTPValidationError, "bad event");
    assert.equal(invalid.statusCode, 422);
  });

  it("works the same from the 2026-10 entry point", async () => {
    const w = createWorld(server, { scopes: SCOPES });
    const hooks = polar(w.token, v2026_10).webhooks;
    const e = await ok(hooks.createWebhookEndpoint({ url: "https://example.com/2026-10", format: "raw", events: EVENTS }));
    assertEndpointV1(e);
    assert.equal((await ok(hooks.listWebhookEndpoints())).items.length, 1);
  });

  it("delivers an event webhooks.validateEvent accepts, lists its delivery and redelivers it", async () => {
    const w = createWorld(server, { scopes: SCOPES });
    const client = polar(w.token);
    const name = `v1-${Date.now()}`;
    const endpoint = await ok(client.webhooks.createWebhookEndpoint({ url: receiver.url(name), format: "raw", events: EVENTS }));
    await receiver.configure(name, { secret: endpoint.secret });
    const seat = await ok(client.customerSeats.assignSeat({ subscription_id: w.subscription.id, email: uniqueEmail() }));
    const revoked = await ok(client.customerSeats.revokeSeat(seat.id));

    const entries = await receiver.waitFor(name, (es) => delivered(es).length >= 2);
    const events = [];
    for (const entry of entries) {
      const headers = { "webhook-id": entry.id, "webhook-timestamp": entry.timestamp, "webhook-signature": entry.signature };
      events.push(await webhooks.validateEvent(entry.body, headers, endpoint.secret));
      await assert.rejects(webhooks.validateEvent(entry.body, headers, "polar_whs_wrong"), webhooks.PolarWebhookVerificationError);
    }
    assert.deepEqual(events.map((e) => e.type), ["customer_seat.assigned", "customer_seat.revoked"]);
    assert.deepEqual(events[0].data, seat);
    assert.deepEqual(events[1].data, revoked);

    // The receiver has answered; the dispatcher records those answers in its next write job.
    const log = await eventually("both deliveries' records",
      () => ok(client.webhooks.listWebhookDeliveries({ endpoint_id: endpoint.id, succeeded: true })),
      (l) => l.pagination.total_count >= 2);
    assert.equal(log.pagination.total_count, 2);
    assert.deepEqual(log.items.map((d) => d.webhook_event.id), entries.map((e) => e.id).reverse());
    const iterated = [];
    for await (const d of client.webhooks.iterListWebhookDeliveries({ endpoint_id: endpoint.id, limit: 1 })) iterated.push(d.id);
    assert.equal(iterated.length, 2);

    assert.equal(await ok(client.webhooks.redeliverWebhookEvent(entries[0].id), "redeliverWebhookEvent (202)"), null);
    const again = await receiver.waitFor(name, (es) => delivered(es).length >= 3);
    assert.equal(again[2].id, entries[0].id);
    assertErrorClass(await rejectsWith(client.webhooks.redeliverWebhookEvent(unknownId())), errors.ResourceNotFound);
  });
});
