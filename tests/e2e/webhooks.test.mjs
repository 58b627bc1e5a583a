// Webhooks end to end: the endpoints API in Polar's shapes, and real deliveries to a real receiver
// process that verifies every request with both SDK generations' validateEvent and by hand.
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { startServer, waitForInvitation } from "../lib/harness.mjs";
import { startReceiver, delivered } from "../lib/receiver.mjs";
import {
  call, uid, email, newSubscription, assignOk, claim, revoke, makeOrg,
  assertError, assertUnauthorized, assertInsufficientScope, assertValidation, assertJsonContentType, randomUuid4,
} from "./helpers.mjs";
import {
  SEAT_EVENTS, FAST_RETRIES, makeWebhookOrg, createEndpoint, deliveries, waitForDeliveries, assertEndpointShape,
  assertDeliveryShape,
} from "./webhook-helpers.mjs";

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

// Whether a received request carries a Standard Webhooks v1 signature made with `secret`.
function signedWith(entry, secret) {
  const expected = createHmac("sha256", Buffer.from(secret, "utf8"))
    .update(`${entry.id}.${entry.timestamp}.${entry.body}`).digest("base64");
  return entry.signature.split(" ").some((s) => s === `v1,${expected}`);
}

const endpoints = (org, method = "GET", path = "", opts = {}) =>
  call(server, method, `/v1/webhooks/endpoints${path}`, { token: org.token, ...opts });

describe("webhook endpoints API", () => {
  test("create answers 201 with every field and a generated polar_whs_ secret", T, async () => {
    const org = makeWebhookOrg(server);
    const r = await endpoints(org, "POST", "", {
      body: { url: "https://example.com/hook", format: "raw", events: ["customer_seat.assigned"], name: "Main" },
    });
    assert.equal(r.status, 201, r.text);
    assertJsonContentType(r);
    assertEndpointShape(r.body);
    assert.match(r.body.secret, /^polar_whs_[A-Za-z0-9]{43}$/);
    assert.equal(r.body.url, "https://example.com/hook");
    assert.equal(r.body.name, "Main");
    assert.deepEqual(r.body.events, ["customer_seat.assigned"]);
    assert.equal(r.body.enabled, true);
    assert.equal(r.body.organization_id, org.id);
    assert.equal(r.body.modified_at, null);

    const again = await endpoints(org, "POST", "", { body: { url: "https://example.com/2", format: "raw", events: [] } });
    assert.notEqual(again.body.secret, r.body.secret);
    assert.equal(again.body.name, null);

    const given = await endpoints(org, "POST", "", {
      body: { url: "https://example.com/3", format: "raw", events: [], secret: "whsec_a-secret-of-my-own-choosing" },
    });
    assert.equal(given.status, 201, given.text);
    assert.equal(given.body.secret, "whsec_a-secret-of-my-own-choosing");
  });

  test("get, list (paged ListResource), update, reset secret, delete (204, no body)", T, async () => {
    const org = makeWebhookOrg(server);
    const created = [];
    for (let i = 0; i < 3; i++) {
      const r = await endpoints(org, "POST", "", { body: { url: `https://example.com/${i}`, format: "raw", events: SEAT_EVENTS } });
      created.push(r.body);
    }
    const got = await endpoints(org, "GET", `/${created[1].id}`);
    assert.equal(got.status, 200);
    assert.deepEqual(got.body, created[1]);

    const page1 = await endpoints(org, "GET", "?page=1&limit=2");
    assert.equal(page1.status, 200, page1.text);
    assert.deepEqual(Object.keys(page1.body), ["items", "pagination"]);
    assert.deepEqual(page1.body.pagination, { total_count: 3, max_page: 2 });
    assert.deepEqual(page1.body.items.map((e) => e.id), [created[0].id, created[1].id]);
    const page2 = await endpoints(org, "GET", "?page=2&limit=2");
    assert.deepEqual(page2.body.items.map((e) => e.id), [created[2].id]);
    const defaults = await endpoints(org, "GET");
    assert.equal(defaults.body.items.length, 3);
    const mine = await endpoints(org, "GET", `?organization_id=${org.id}`);
    assert.equal(mine.body.pagination.total_count, 3);
    const theirs = await endpoints(org, "GET", `?organization_id=${randomUuid4()}`);
    assert.deepEqual(theirs.body, { items: [], pagination: { total_count: 0, max_page: 0 } });

    const updated = await endpoints(org, "PATCH", `/${created[0].id}`, {
      body: { name: "Renamed", enabled: false, events: ["customer_seat.revoked"], url: null },
    });
    assert.equal(updated.status, 200, updated.text);
    assertEndpointShape(updated.body);
    assert.equal(updated.body.name, "Renamed");
    assert.equal(updated.body.enabled, false);
    assert.deepEqual(updated.body.events, ["customer_seat.revoked"]);
    assert.equal(updated.body.url, created[0].url);  // null leaves it as it was
    assert.equal(updated.body.secret, created[0].secret);
    assert.notEqual(updated.body.modified_at, null);
    const cleared = await endpoints(org, "PATCH", `/${created[0].id}`, { body: { name: null } });
    assert.equal(cleared.body.name, null);

    const reset = await endpoints(org, "PATCH", `/${created[0].id}/secret`);
    assert.equal(reset.status, 200, reset.text);
    assert.match(reset.body.secret, /^polar_whs_/);
    assert.notEqual(reset.body.secret, created[0].secret);
    assert.equal((await endpoints(org, "GET", `/${created[0].id}`)).body.secret, reset.body.secret);

    const r = await fetch(`${server.baseUrl}/v1/webhooks/endpoints/${created[0].id}`, {
      method: "DELETE", headers: { authorization: `Bearer ${org.token}` },
    });
    assert.equal(r.status, 204);
    assert.equal(await r.text(), "");
    assert.equal(r.headers.get("content-type"), null);
    assert.equal(r.headers.get("content-length"), null);
    assertError(await endpoints(org, "GET", `/${created[0].id}`), 404, "ResourceNotFound", "Not found");
    assertError(await endpoints(org, "DELETE", `/${created[0].id}`), 404, "ResourceNotFound", "Not found");
    assert.equal((await endpoints(org, "GET")).body.pagination.total_count, 2);
  });

  test("scopes, authentication and organization isolation", T, async () => {
    const org = makeWebhookOrg(server);
    const other = makeWebhookOrg(server);
    const e = (await endpoints(org, "POST", "", { body: { url: "https://example.com/x", format: "raw", events: [] } })).body;
    const seatsOnly = { ...org, token: server.admin("create-token", "--organization", org.slug, "--scopes",
      "customer_seats:read customer_seats:write").token };
    const readOnly = { ...org, token: server.admin("create-token", "--organization", org.slug, "--scopes",
      "webhooks:read").token };
    assertInsufficientScope(await endpoints(seatsOnly, "GET"));
    assertInsufficientScope(await call(server, "GET", "/v1/webhooks/deliveries", { token: seatsOnly.token }));
    assert.equal((await endpoints(readOnly, "GET", `/${e.id}`)).status, 200);
    assert.equal((await call(server, "GET", "/v1/webhooks/deliveries", { token: readOnly.token })).status, 200);
    assertInsufficientScope(await endpoints(readOnly, "POST", "", { body: { url: "https://x.test", format: "raw", events: [] } }));
    assertInsufficientScope(await endpoints(readOnly, "PATCH", `/${e.id}`, { body: { enabled: false } }));
    assertInsufficientScope(await endpoints(readOnly, "DELETE", `/${e.id}`));
    assertInsufficientScope(await call(server, "POST", `/v1/webhooks/events/${randomUuid4()}/redeliver`, { token: readOnly.token }));
    assertUnauthorized(await call(server, "GET", "/v1/webhooks/endpoints"));
    assertError(await endpoints(other, "GET", `/${e.id}`), 404, "ResourceNotFound", "Not found");
    assertError(await endpoints(other, "PATCH", `/${e.id}`, { body: { enabled: false } }), 404, "ResourceNotFound", "Not found");
    assertError(await endpoints(other, "DELETE", `/${e.id}`), 404, "ResourceNotFound", "Not found");
    assert.equal((await endpoints(other, "GET")).body.pagination.total_count, 0);
  });

  test("invalid input answers Polar's 422 shapes", T, async () => {
    const org = makeWebhookOrg(server);
    const create = (body) => endpoints(org, "POST", "", { body });
    assertValidation(await create({}), [
      { type: "missing", loc: ["body", "url"] }, { type: "missing", loc: ["body", "format"] },
      { type: "missing", loc: ["body", "events"] }], { exactCount: true });
    assertValidation(await create({ url: "not a url", format: "raw", events: [] }), [{ type: "url_parsing", loc: ["body", "url"] }]);
    assertValidation(await create({ url: "ftp://example.com/x", format: "raw", events: [] }), [{ type: "url_scheme", loc: ["body", "url"] }]);
    assertValidation(await create({ url: `https://example.com/${"x".repeat(2100)}`, format: "raw", events: [] }),
      [{ type: "url_too_long", loc: ["body", "url"] }]);
    assertValidation(await create({ url: "https://example.com", format: "xml", events: [] }),
      [{ type: "enum", loc: ["body", "format"], msg: "Input should be 'raw', 'discord' or 'slack'" }]);
    assertValidation(await create({ url: "https://example.com", format: "slack", events: [] }),
      [{ type: "value_error", loc: ["body", "format"] }]);
    assertValidation(await create({ url: "https://example.com", format: "raw", events: ["customer_seat.assigned", "seat.nope"] }),
      [{ type: "enum", loc: ["body", "events", 1], input: "seat.nope" }], { exactCount: true });
    assertValidation(await create({ url: "https://example.com", format: "raw", events: "customer_seat.assigned" }),
      [{ type: "list_type", loc: ["body", "events"] }]);
    assertValidation(await create({ url: "https://example.com", format: "raw", events: [], organization_id: org.id }),
      [{ type: "organization_token", loc: ["body", "organization_id"] }]);
    assertValidation(await create({ url: "https://example.com", format: "raw", events: [], secret: "short" }),
      [{ type: "string_too_short", loc: ["body", "secret"] }]);
    assertValidation(await endpoints(org, "POST", "", { body: "{oops" }), [{ type: "json_invalid" }]);
    assertValidation(await endpoints(org, "GET", "/not-a-uuid"), [{ type: "uuid_parsing", loc: ["path", "id"] }]);
    assertValidation(await endpoints(org, "GET", "?page=0"), [{ type: "greater_than", loc: ["query", "page"] }]);
    assertValidation(await endpoints(org, "GET", "?limit=ten"), [{ type: "int_parsing", loc: ["query", "limit"] }]);
    const e = (await create({ url: "https://example.com", format: "raw", events: [] })).body;
    assertValidation(await endpoints(org, "PATCH", `/${e.id}`, { body: { enabled: "maybe" } }), [{ type: "bool_type" }]);
    assertValidation(await endpoints(org, "PATCH", `/${e.id}`, { body: { events: ["nope"] } }), [{ type: "enum" }]);
    const deliveriesOf = (qs) => call(server, "GET", `/v1/webhooks/deliveries?${qs}`, { token: org.token });
    assertValidation(await deliveriesOf("endpoint_id=abc"), [{ type: "uuid_parsing", loc: ["query", "endpoint_id"] }]);
    assertValidation(await deliveriesOf("succeeded=perhaps"), [{ type: "bool_parsing" }]);
    assertValidation(await deliveriesOf("http_code_class=6xx"), [{ type: "enum" }]);
    assertValidation(await deliveriesOf("event_type=nope"), [{ type: "enum" }]);
    assertValidation(await deliveriesOf("start_timestamp=yesterday"), [{ loc: ["query", "start_timestamp"] }]);
    // Limits above 100 are clamped, as Polar does.
    const clamped = await endpoints(org, "GET", "?limit=1000");
    assert.equal(clamped.status, 200);
  });
});

describe("webhook deliveries", () => {
  test("assigned, claimed and revoked arrive in order, verified by both SDKs, carrying the API's seat", T, async () => {
    const org = makeWebhookOrg(server);
    const name = `seats-${uid()}`;
    await createEndpoint(server, org, receiver, name);
    const sub = newSubscription(server, org, 2);
    const addr = email("hooked");
    const assigned = await assignOk(server, org, { subscription_id: sub.id, email: addr });
    const token = await waitForInvitation(server, addr);
    const claimed = await claim(server, token);
    assert.equal(claimed.status, 200, claimed.text);
    const revoked = await revoke(server, org, assigned.id);
    assert.equal(revoked.status, 200, revoked.text);

    const entries = await receiver.waitFor(name, (es) => delivered(es).length >= 3);
    assert.equal(entries.length, 3, "each event sent once: nothing failed");
    for (const e of entries) {
      assert.equal(e.v0, null, `0.49.0 validateEvent: ${e.v0}`);
      assert.equal(e.v1, null, `1.0.1 webhooks.validateEvent: ${e.v1}`);
      assert.equal(e.byHand, null, `HMAC by hand: ${e.byHand}`);
      assert.equal(e.contentType, "application/json");
      assert.match(e.userAgent, /^seatkeeper/);
      assert.match(e.signature, /^v1,[A-Za-z0-9+/]+=*$/);
      assert.match(e.id, /^[0-9a-f-]{36}$/);
    }
    assert.deepEqual(entries.map((e) => e.event.type), SEAT_EVENTS);
    assert.equal(new Set(entries.map((e) => e.id)).size, 3, "a distinct webhook-id per event");
    const payloads = entries.map((e) => JSON.parse(e.body));
    for (const p of payloads) assert.deepEqual(Object.keys(p), ["type", "timestamp", "data"]);
    assert.deepEqual(payloads[0].data, assigned);
    assert.deepEqual(payloads[1].data, claimed.body.seat);
    assert.deepEqual(payloads[2].data, revoked.body);

    const log = await waitForDeliveries(server, org, {}, (items) => items.length === 3);
    for (const d of log) {
      assertDeliveryShape(d);
      assert.equal(d.succeeded, true);
      assert.equal(d.http_code, 200);
      assert.equal(d.response, "ok");
      assert.equal(d.webhook_event.succeeded, true);
      assert.equal(d.webhook_event.last_http_code, 200);
    }
    // Newest first; each event's id is the webhook-id the receiver saw, its payload the body signed.
    assert.deepEqual(log.map((d) => d.webhook_event.id), entries.map((e) => e.id).reverse());
    assert.deepEqual(log.map((d) => d.webhook_event.payload), entries.map((e) => e.body).reverse());
    assert.deepEqual(log.map((d) => d.webhook_event.type), [...SEAT_EVENTS].reverse());
  });

  test("only subscribed events of the endpoint's own organization are sent", T, async () => {
    const org = makeWebhookOrg(server);
    const other = makeWebhookOrg(server);
    const onlyRevoked = `revoked-${uid()}`;
    const elsewhere = `elsewhere-${uid()}`;
    await createEndpoint(server, org, receiver, onlyRevoked, ["customer_seat.revoked"]);
    await createEndpoint(server, other, receiver, elsewhere, SEAT_EVENTS);
    const sub = newSubscription(server, org, 2);
    const seat = await assignOk(server, org, { subscription_id: sub.id, email: email("filtered") });
    assert.equal((await revoke(server, org, seat.id)).status, 200);
    // An endpoint receives its events in outbox order: a wrongly sent "assigned" would have come
    // before the "revoked", and the org's events would have reached `elsewhere` before the
    // sentinel assigned later in the other organization.
    const entries = await receiver.waitFor(onlyRevoked, (es) => delivered(es).length >= 1);
    assert.deepEqual(entries.map((e) => e.event.type), ["customer_seat.revoked"]);
    assert.equal(JSON.parse(entries[0].body).data.id, seat.id);
    const sentinel = await assignOk(server, other, { subscription_id: newSubscription(server, other, 1).id, email: email("sentinel") });
    const there = await receiver.waitFor(elsewhere, (es) => delivered(es).length >= 1);
    assert.deepEqual(there.map((e) => JSON.parse(e.body).data.id), [sentinel.id]);
    assert.deepEqual((await receiver.log(onlyRevoked)).map((e) => e.event.type), ["customer_seat.revoked"]);
  });

  test("a receiver failing its first attempts still gets every event, in order, each with one webhook-id", T, async () => {
    const org = makeWebhookOrg(server);
    const name = `flaky-${uid()}`;
    const endpoint = await createEndpoint(server, org, receiver, name);
    await receiver.configure(name, { failFirst: 3, status: 503 });
    const sub = newSubscription(server, org, 5);
    const seats = [];
    for (let i = 0; i < 4; i++) seats.push(await assignOk(server, org, { subscription_id: sub.id, email: email(`flaky${i}`) }));

    const entries = await receiver.waitFor(name, (es) => delivered(es).length >= 4, { timeoutMs: 20000 });
    const ok = delivered(entries);
    assert.equal(ok.length, 4, "each event delivered exactly once after its failures");
    assert.deepEqual(ok.map((e) => JSON.parse(e.body).data.id), seats.map((s) => s.id), "in assignment order");
    // The first event took three failures and one success, all with the same webhook-id; nothing
    // else reached the receiver before it succeeded.
    assert.deepEqual(entries.slice(0, 4).map((e) => e.answered), [503, 503, 503, 200]);
    assert.equal(new Set(entries.slice(0, 4).map((e) => e.id)).size, 1);
    assert.deepEqual(entries.slice(4).map((e) => e.answered), [200, 200, 200]);
    for (const e of entries) assert.equal(e.v0 ?? e.v1 ?? e.byHand, null, "every attempt is correctly signed");
    // Each retry is signed afresh (new timestamp) for the same id and body.
    assert.equal(new Set(entries.slice(0, 4).map((e) => e.body)).size, 1);

    const log = await waitForDeliveries(server, org, { endpoint_id: endpoint.id }, (items) => items.length === 7);
    for (const d of log) assertDeliveryShape(d);
    const failures = log.filter((d) => !d.succeeded);
    assert.equal(failures.length, 3);
    for (const f of failures) {
      assert.equal(f.http_code, 503);
      assert.match(f.response, /^failing on purpose/);
      assert.equal(f.webhook_event.id, entries[0].id);
    }
    const onlyFailed = await deliveries(server, org, { endpoint_id: endpoint.id, succeeded: false });
    assert.equal(onlyFailed.pagination.total_count, 3);
    const fiveHundreds = await deliveries(server, org, { http_code_class: "5xx" });
    assert.equal(fiveHundreds.pagination.total_count, 3);
  });

  test("an unreachable endpoint is logged without a status code and with the transport error", T, async () => {
    const org = makeWebhookOrg(server);
    // A port nobody listens on: the connection is refused.
    const r = await call(server, "POST", "/v1/webhooks/endpoints", { token: org.token,
      body: { url: "http://127.0.0.1:9/unreachable", format: "raw", events: SEAT_EVENTS } });
    assert.equal(r.status, 201);
    const sub = newSubscription(server, org, 1);
    await assignOk(server, org, { subscription_id: sub.id, email: email("nobody-home") });
    const log = await waitForDeliveries(server, org, { endpoint_id: r.body.id }, (items) => items.length >= 2);
    for (const d of log) {
      assertDeliveryShape(d);
      assert.equal(d.succeeded, false);
      assert.equal(d.http_code, null);
      assert.ok(d.response.length > 0);
    }
    assert.equal(log[0].webhook_event.id, log[1].webhook_event.id, "retried with the same event");
    assert.equal(log[0].webhook_event.succeeded, false);
    await call(server, "DELETE", `/v1/webhooks/endpoints/${r.body.id}`, { token: org.token });
  });

  test("after a secret rotation deliveries verify with the new secret only", T, async () => {
    const org = makeWebhookOrg(server);
    const name = `rotated-${uid()}`;
    const endpoint = await createEndpoint(server, org, receiver, name);
    const sub = newSubscription(server, org, 3);
    await assignOk(server, org, { subscription_id: sub.id, email: email("before-rotation") });
    const [before] = await receiver.waitFor(name, (es) => delivered(es).length >= 1);
    assert.equal(signedWith(before, endpoint.secret), true);

    const reset = await call(server, "PATCH", `/v1/webhooks/endpoints/${endpoint.id}/secret`, { token: org.token });
    assert.equal(reset.status, 200, reset.text);
    assert.notEqual(reset.body.secret, endpoint.secret);
    await receiver.configure(name, { secret: reset.body.secret });
    const later = await assignOk(server, org, { subscription_id: sub.id, email: email("after-rotation") });
    const entries = await receiver.waitFor(name, (es) => delivered(es).length >= 2);
    assert.equal(entries.length, 2, "the receiver, now holding the new secret, accepted the first attempt");
    const after = entries[1];
    assert.equal(JSON.parse(after.body).data.id, later.id);
    assert.equal(after.v0 ?? after.v1 ?? after.byHand, null, "both SDKs verify it with the new secret");
    assert.equal(signedWith(after, reset.body.secret), true);
    assert.equal(signedWith(after, endpoint.secret), false, "the old secret no longer verifies");
  });

  test("redelivery sends the event again with the same webhook-id (202)", T, async () => {
    const org = makeWebhookOrg(server);
    const name = `redeliver-${uid()}`;
    await createEndpoint(server, org, receiver, name);
    const sub = newSubscription(server, org, 1);
    await assignOk(server, org, { subscription_id: sub.id, email: email("again") });
    const [first] = await receiver.waitFor(name, (es) => delivered(es).length >= 1);
    const r = await call(server, "POST", `/v1/webhooks/events/${first.id}/redeliver`, { token: org.token });
    assert.equal(r.status, 202, r.text);
    assertJsonContentType(r);
    assert.equal(r.text, "null");
    const entries = await receiver.waitFor(name, (es) => delivered(es).length >= 2);
    assert.equal(entries[1].id, first.id);
    assert.equal(entries[1].body, first.body);
    assert.equal(entries[1].v0 ?? entries[1].v1 ?? entries[1].byHand, null);
    assertError(await call(server, "POST", `/v1/webhooks/events/${randomUuid4()}/redeliver`, { token: org.token }),
      404, "ResourceNotFound", "Not found");
    const stranger = makeWebhookOrg(server);
    assertError(await call(server, "POST", `/v1/webhooks/events/${first.id}/redeliver`, { token: stranger.token }),
      404, "ResourceNotFound", "Not found");
  });

  test("a disabled endpoint's events are skipped; enabled again, it receives new ones", T, async () => {
    const org = makeWebhookOrg(server);
    const name = `toggled-${uid()}`;
    const endpoint = await createEndpoint(server, org, receiver, name);
    const sub = newSubscription(server, org, 3);
    await call(server, "PATCH", `/v1/webhooks/endpoints/${endpoint.id}`, { token: org.token, body: { enabled: false } });
    await assignOk(server, org, { subscription_id: sub.id, email: email("while-off") });
    await call(server, "PATCH", `/v1/webhooks/endpoints/${endpoint.id}`, { token: org.token, body: { enabled: true } });
    const later = await assignOk(server, org, { subscription_id: sub.id, email: email("when-on") });
    // The endpoint's events arrive in order, so the one assigned while it was off would come first.
    const entries = await receiver.waitFor(name, (es) => delivered(es).length >= 1);
    assert.equal(entries.length, 1);
    assert.equal(JSON.parse(entries[0].body).data.id, later.id);
    const sentinel = await assignOk(server, org, { subscription_id: sub.id, email: email("after-on") });
    const all = await receiver.waitFor(name, (es) => delivered(es).length >= 2);
    assert.deepEqual(all.map((e) => JSON.parse(e.body).data.id), [later.id, sentinel.id]);
  });

  test("a receiver that never answers delays no API call", T, async () => {
    const org = makeWebhookOrg(server);
    const name = `stuck-${uid()}`;
    await createEndpoint(server, org, receiver, name);
    await receiver.configure(name, { hang: true });
    const sub = newSubscription(server, org, 30);
    await assignOk(server, org, { subscription_id: sub.id, email: email("stuck-first") });
    await receiver.waitFor(name, (es) => es.length >= 1);  // an attempt is now hanging
    // Every call completes while the attempt is still hanging (a blocked API would time the test out).
    for (let i = 0; i < 20; i++) await assignOk(server, org, { subscription_id: sub.id, email: email(`stuck${i}`) });
    const meanwhile = await receiver.log(name);
    assert.equal(meanwhile.length, 1, "one attempt in flight per endpoint");
    assert.equal(meanwhile[0].answered, null, "and it was still hanging");
    await receiver.configure(name, { hang: false });
    const entries = await receiver.waitFor(name, (es) => delivered(es).length >= 21, { timeoutMs: 20000 });
    assert.equal(new Set(delivered(entries).map((e) => e.id)).size, 21);
  });
});

test("an organization without endpoints records no deliveries", T, async () => {
  const org = makeOrg(server, { scopes: "customer_seats:read customer_seats:write webhooks:read" });
  const sub = newSubscription(server, org, 1);
  await assignOk(server, org, { subscription_id: sub.id, email: email("quiet") });
  // Fan-out takes the outbox in order: once a later event of another organization is delivered,
  // this organization's event has been through it.
  const other = makeWebhookOrg(server);
  const name = `sentinel-${uid()}`;
  await createEndpoint(server, other, receiver, name);
  await assignOk(server, other, { subscription_id: newSubscription(server, other, 1).id, email: email("sentinel") });
  await receiver.waitFor(name, (es) => delivered(es).length >= 1);
  const r = await call(server, "GET", "/v1/webhooks/deliveries", { token: org.token });
  assert.deepEqual(r.body, { items: [], pagination: { total_count: 0, max_page: 0 } });
});
