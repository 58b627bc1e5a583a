// SDK conformance for the webhooks API through @polar-sh/sdk 0.49.0 (zod-validated): endpoints
// CRUD (201 create, 204 delete), paging, secret reset, the delivery log and redelivery (202), and
// a delivery its synchronous validateEvent accepts.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";

import { Polar } from "polar-sdk-0";
import { validateEvent, WebhookVerificationError } from "polar-sdk-0/webhooks";
import { ResourceNotFound } from "polar-sdk-0/models/errors/resourcenotfound.js";
import { HTTPValidationError } from "polar-sdk-0/models/errors/httpvalidationerror.js";

import { startServer, createWorld } from "../lib/harness.mjs";
import { startReceiver, delivered } from "../lib/receiver.mjs";
import { eventually } from "../lib/eventually.mjs";
import { assertErrorClass, describeError, ok, rejectsWith, uniqueEmail, unknownId, UUID } from "./helpers.mjs";

const SCOPES = "customer_seats:read customer_seats:write webhooks:read webhooks:write";
const EVENTS = ["customer_seat.assigned", "customer_seat.claimed", "customer_seat.revoked"];
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

const polar = (token) => new Polar({ accessToken: token, serverURL: server.baseUrl });

function assertEndpointV0(e, label = "endpoint") {
  assert.ok(e.createdAt instanceof Date, `${label}.createdAt`);
  assert.ok(e.modifiedAt === null || e.modifiedAt instanceof Date, `${label}.modifiedAt`);
  assert.match(e.id, UUID);
  assert.match(e.organizationId, UUID);
  assert.equal(e.format, "raw");
  assert.match(e.secret, /^polar_whs_/);
  assert.ok(Array.isArray(e.events));
  assert.equal(typeof e.enabled, "boolean");
}

describe("@polar-sh/sdk 0.49.0: webhooks", () => {
  it("creates, reads, pages, updates, resets and deletes endpoints", async () => {
    const w = createWorld(server, { scopes: SCOPES });
    const hooks = polar(w.token).webhooks;
    const created = [];
    for (let i = 0; i < 3; i++) {
      created.push(await ok(hooks.createWebhookEndpoint({ url: `https://example.com/v0/${i}`, format: "raw", events: EVENTS,
        name: i === 0 ? "first" : undefined }), "createWebhookEndpoint"));
    }
    for (const e of created) assertEndpointV0(e);
    assert.equal(created[0].name, "first");
    assert.deepEqual(created[0].events, EVENTS);
    assert.equal(created[0].enabled, true);

    const got = await ok(hooks.getWebhookEndpoint({ id: created[1].id }), "getWebhookEndpoint");
    assert.deepEqual(got, created[1]);

    const pages = [];
    for await (const page of await hooks.listWebhookEndpoints({ limit: 2 })) pages.push(page.result);
    assert.equal(pages.length, 2, "the iterator follows max_page");
    assert.deepEqual(pages[0].pagination, { totalCount: 3, maxPage: 2 });
    assert.deepEqual(pages.flatMap((p) => p.items.map((e) => e.id)), created.map((e) => e.id));

    const updated = await ok(hooks.updateWebhookEndpoint({ id: created[0].id,
      webhookEndpointUpdate: { enabled: false, name: "renamed", events: ["customer_seat.revoked"] } }), "updateWebhookEndpoint");
    assertEndpointV0(updated);
    assert.equal(updated.enabled, false);
    assert.equal(updated.name, "renamed");
    assert.deepEqual(updated.events, ["customer_seat.revoked"]);
    assert.ok(updated.modifiedAt instanceof Date);

    const reset = await ok(hooks.resetWebhookEndpointSecret({ id: created[0].id }), "resetWebhookEndpointSecret");
    assert.notEqual(reset.secret, created[0].secret);

    const deleted = await ok(hooks.deleteWebhookEndpoint({ id: created[0].id }), "deleteWebhookEndpoint (204)");
    assert.equal(deleted, undefined);
    const gone = await rejectsWith(hooks.getWebhookEndpoint({ id: created[0].id }), "get deleted");
    assertErrorClass(gone, ResourceNotFound, "get deleted");
    assert.equal(gone.detail, "Not found");
    assertErrorClass(await rejectsWith(hooks.deleteWebhookEndpoint({ id: unknownId() })), ResourceNotFound);
  });

  it("reports invalid input as HTTPValidationError", async () => {
    const w = createWorld(server, { scopes: SCOPES });
    const e = await rejectsWith(polar(w.token).webhooks.createWebhookEndpoint({ url: "ftp://example.com", format: "raw", events: [] }));
    assertErrorClass(e, HTTPValidationError, "bad url");
    assert.deepEqual(e.detail[0].loc, ["body", "url"]);
  });

  it("delivers an event validateEvent accepts, lists its delivery and redelivers it", async () => {
    const w = createWorld(server, { scopes: SCOPES });
    const client = polar(w.token);
    const name = `v0-${Date.now()}`;
    const endpoint = await ok(client.webhooks.createWebhookEndpoint({ url: receiver.url(name), format: "raw", events: EVENTS }));
    await receiver.configure(name, { secret: endpoint.secret });
    const seat = await ok(client.customerSeats.assignSeat({ subscriptionId: w.subscription.id, email: uniqueEmail() }));

    const [entry] = await receiver.waitFor(name, (es) => delivered(es).length >= 1);
    const headers = { "webhook-id": entry.id, "webhook-timestamp": entry.timestamp, "webhook-signature": entry.signature };
    const event = validateEvent(entry.body, headers, endpoint.secret);
    assert.equal(event.type, "customer_seat.assigned");
    assert.ok(event.timestamp instanceof Date);
    assert.equal(event.data.id, seat.id);
    assert.deepEqual(event.data, seat, "the webhook's seat is the API's seat, field for field");
    assert.throws(() => validateEvent(entry.body, headers, "polar_whs_not-the-secret"), WebhookVerificationError);

    // The receiver has answered; the dispatcher records that answer in its next write job.
    const page = await eventually("the delivery's record",
      () => ok(client.webhooks.listWebhookDeliveries({ endpointId: endpoint.id }), "listWebhookDeliveries"),
      (p) => p.result.pagination.totalCount >= 1);
    assert.equal(page.result.pagination.totalCount, 1);
    const [d] = page.result.items;
    assert.ok(d.createdAt instanceof Date);
    assert.equal(d.succeeded, true);
    assert.equal(d.httpCode, 200);
    assert.equal(d.webhookEvent.id, entry.id);
    assert.equal(d.webhookEvent.type, "customer_seat.assigned");
    assert.equal(d.webhookEvent.payload, entry.body);
    assert.equal(d.webhookEvent.isArchived, false);

    const redelivered = await client.webhooks.redeliverWebhookEvent({ id: entry.id }).catch((e) => assert.fail(describeError(e)));
    assert.equal(redelivered, null, "202 with a JSON null body");
    const again = await receiver.waitFor(name, (es) => delivered(es).length >= 2);
    assert.equal(again[1].id, entry.id);
    assertErrorClass(await rejectsWith(client.webhooks.redeliverWebhookEvent({ id: unknownId() })), ResourceNotFound);
  });
});
