// Helpers for the webhook and e-mail end-to-end tests: endpoints through the API, the shapes of
// Polar's webhook models, and restarting a killed server with extra serve flags.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { BINARY, PUBLIC_URL, freePort, call } from "../lib/harness.mjs";
import { makeOrg, sleep, DATETIME_RE, UUID4_RE } from "./helpers.mjs";

export const SCOPES_ALL = "customer_seats:read customer_seats:write webhooks:read webhooks:write";
export const SEAT_EVENTS = ["customer_seat.assigned", "customer_seat.claimed", "customer_seat.revoked"];
// Quick retries keep the tests short; the schedule's shape is unit-tested.
// The receivers listen on loopback, which the webhook guard refuses unless told otherwise.
export const ALLOW_LOOPBACK_RECEIVERS = ["--allow-private-webhooks"];
export const FAST_RETRIES = ["--retry-base-ms", "200", ...ALLOW_LOOPBACK_RECEIVERS];

export const ENDPOINT_KEYS = ["created_at", "modified_at", "id", "url", "name", "format", "secret", "organization_id",
  "events", "enabled"];
export const EVENT_KEYS = ["created_at", "modified_at", "id", "last_http_code", "succeeded", "skipped", "payload",
  "type", "is_archived"];
export const DELIVERY_KEYS = ["created_at", "modified_at", "id", "succeeded", "http_code", "response",
  "webhook_event", "duration_ms"];

export function makeWebhookOrg(server) {
  return makeOrg(server, { scopes: SCOPES_ALL });
}

// Creates an endpoint pointing at receiver hook `name` (201) and gives the receiver its secret.
export async function createEndpoint(server, org, receiver, name, events = SEAT_EVENTS, extra = {}) {
  const r = await call(server, "POST", "/v1/webhooks/endpoints", {
    token: org.token, body: { url: receiver.url(name), format: "raw", events, ...extra },
  });
  assert.equal(r.status, 201, `create endpoint -> ${r.status} ${r.text}`);
  await receiver.configure(name, { secret: r.body.secret });
  return r.body;
}

export async function deliveries(server, org, query = {}) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) for (const item of [].concat(v)) params.append(k, String(item));
  const r = await call(server, "GET", `/v1/webhooks/deliveries?${params}`, { token: org.token });
  assert.equal(r.status, 200, `list deliveries -> ${r.status} ${r.text}`);
  return r.body;
}

export async function waitForDeliveries(server, org, query, predicate, timeoutMs = 10000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const body = await deliveries(server, org, { limit: 100, ...query });
    if (predicate(body.items)) return body.items;
    if (Date.now() > deadline) throw new Error(`deliveries never matched: ${JSON.stringify(body.items.map(
      (d) => ({ succeeded: d.succeeded, http_code: d.http_code, response: d.response })))}`);
    await sleep(50);
  }
}

const nullOr = (v, check) => v === null || check(v);

export function assertEndpointShape(e) {
  assert.deepEqual(Object.keys(e), ENDPOINT_KEYS, "WebhookEndpoint keys and order");
  assert.match(e.created_at, DATETIME_RE);
  assert.ok(nullOr(e.modified_at, (v) => DATETIME_RE.test(v)), `modified_at ${e.modified_at}`);
  assert.match(e.id, UUID4_RE);
  assert.equal(typeof e.url, "string");
  assert.ok(nullOr(e.name, (v) => typeof v === "string"));
  assert.equal(e.format, "raw");
  assert.equal(typeof e.secret, "string");
  assert.match(e.organization_id, UUID4_RE);
  assert.ok(Array.isArray(e.events));
  assert.equal(typeof e.enabled, "boolean");
}

export function assertDeliveryShape(d) {
  assert.deepEqual(Object.keys(d), DELIVERY_KEYS, "WebhookDelivery keys and order");
  assert.match(d.created_at, DATETIME_RE);
  assert.equal(d.modified_at, null);
  assert.match(d.id, UUID4_RE);
  assert.equal(typeof d.succeeded, "boolean");
  assert.ok(nullOr(d.http_code, Number.isInteger), `http_code ${d.http_code}`);
  assert.ok(nullOr(d.response, (v) => typeof v === "string"));
  assert.ok(Number.isInteger(d.duration_ms) && d.duration_ms >= 0);
  const ev = d.webhook_event;
  assert.deepEqual(Object.keys(ev), EVENT_KEYS, "WebhookEvent keys and order");
  assert.match(ev.id, UUID4_RE);
  assert.match(ev.created_at, DATETIME_RE);
  assert.ok(nullOr(ev.last_http_code, Number.isInteger));
  assert.ok(nullOr(ev.succeeded, (v) => typeof v === "boolean"));
  assert.equal(typeof ev.skipped, "boolean");
  assert.equal(typeof ev.payload, "string");
  assert.ok(SEAT_EVENTS.includes(ev.type), ev.type);
  assert.equal(ev.is_archived, false);
}

// Starts `seatkeeper serve` again on the database of a server whose process is gone (SIGKILL),
// with the given extra flags; stop() also removes the shared directory.
export async function restartWith(server, extraArgs = [], env = {}) {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(BINARY, ["serve", "--database", server.databaseUrl, "--listen", `127.0.0.1:${port}`,
    "--public-url", PUBLIC_URL, "--mail-log", server.mailLog, ...extraArgs],
  { env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const exited = new Promise((r) => child.once("exit", r));
  const deadline = Date.now() + 15000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`restart exited early: ${stderr}`);
    try {
      if ((await fetch(`${baseUrl}/healthz`)).ok) break;
    } catch {}
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`restart did not come up: ${stderr}`);
    }
    await sleep(50);
  }
  return {
    ...server, port, baseUrl, child, stderr: () => stderr,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(server.dir, { recursive: true, force: true });
    },
  };
}
