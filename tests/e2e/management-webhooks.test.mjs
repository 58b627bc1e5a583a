// When a subscription stops being active, or a member is deleted, every seat it frees leaves as
// its own signed customer_seat.revoked webhook, which both SDK generations verify.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";

import { startServer, call } from "../lib/harness.mjs";
import { startReceiver, delivered } from "../lib/receiver.mjs";
import { ALL_SCOPES, managementWorld, seatPrice } from "../sdk/management_helpers.mjs";
import { email, stopServer, uid } from "./helpers.mjs";

let server;
let receiver;
const T = { timeout: 30000 };

before(async () => {
  server = await startServer({ extraArgs: ["--allow-private-webhooks"] });  // a loopback receiver
  receiver = await startReceiver();
});
after(async () => {
  await receiver?.stop();
  await stopServer(server);
});

async function ok(method, path, token, body, status = 200) {
  const r = await call(server, method, path, { token, body });
  assert.equal(r.status, status, `${method} ${path} -> ${r.status} ${r.text}`);
  return r.body;
}

async function revokedHooks(token, name) {
  const endpoint = await ok("POST", "/v1/webhooks/endpoints", token,
    { url: receiver.url(name), format: "raw", events: ["customer_seat.revoked"] }, 201);
  await receiver.configure(name, { secret: endpoint.secret });
}

function assertVerified(entries) {
  for (const e of entries) {
    assert.equal(e.v0 ?? e.v1 ?? e.byHand, null, `signature and payload verified by both SDKs: ${JSON.stringify(e)}`);
    assert.equal(e.event.type, "customer_seat.revoked");
  }
}

test("revoking a subscription sends one customer_seat.revoked webhook per seat it held", T, async () => {
  const w = managementWorld(server, { scopes: `${ALL_SCOPES} webhooks:read webhooks:write` });
  const name = `sub-revoke-${uid()}`;
  await revokedHooks(w.token, name);
  const product = await ok("POST", "/v1/products/", w.token,
    { name: "Hooked plan", recurring_interval: "month", prices: [seatPrice([[1, 10, 0]])] }, 201);
  const customer = await ok("POST", "/v1/customers/", w.token, { email: email("hooked") }, 201);
  const s = await ok("POST", "/v1/subscriptions/", w.token, { product_id: product.id, customer_id: customer.id, seats: 3 }, 201);
  const seats = [];
  for (let i = 0; i < 3; i++) seats.push(await ok("POST", "/v1/customer-seats", w.token, { subscription_id: s.id, email: email("held") }));
  await ok("DELETE", `/v1/subscriptions/${s.id}`, w.token);
  const entries = await receiver.waitFor(name, (es) => delivered(es).length >= 3);
  assertVerified(entries);
  const revoked = entries.map((e) => JSON.parse(e.body).data);
  assert.deepEqual(revoked.map((d) => d.id).sort(), seats.map((x) => x.id).sort());
  for (const d of revoked) {
    assert.equal(d.status, "revoked");
    assert.equal(d.subscription_id, s.id);
  }
});

test("deleting a member sends customer_seat.revoked for its seat", T, async () => {
  const w = managementWorld(server, { scopes: `${ALL_SCOPES} webhooks:read webhooks:write` });
  const name = `member-delete-${uid()}`;
  await revokedHooks(w.token, name);
  const product = await ok("POST", "/v1/products/", w.token,
    { name: "Hooked plan", recurring_interval: "month", prices: [seatPrice([[1, 10, 0]])] }, 201);
  const customer = await ok("POST", "/v1/customers/", w.token, { email: email("hooked") }, 201);
  const s = await ok("POST", "/v1/subscriptions/", w.token, { product_id: product.id, customer_id: customer.id, seats: 2 }, 201);
  const seat = await ok("POST", "/v1/customer-seats", w.token, { subscription_id: s.id, email: email("leaving") });
  const r = await call(server, "DELETE", `/v1/customers/${customer.id}/members/${seat.member_id}`, { token: w.token });
  assert.equal(r.status, 204, r.text);
  const entries = await receiver.waitFor(name, (es) => delivered(es).length >= 1);
  assertVerified(entries);
  assert.equal(JSON.parse(entries[0].body).data.id, seat.id);
});
