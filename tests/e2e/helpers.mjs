// Helpers shared by the e2e test files (tests/e2e/*.test.mjs). Built on top of tests/lib/harness.mjs,
// which is not modified. What is added here:
//   * fixtures that create one organization/token/billing customer/products per file and cheap
//     extra subscriptions/orders/customers per test (fewer admin CLI spawns than createWorld),
//   * exact assertions for Polar's error envelopes and 422 bodies and for the CustomerSeat shape,
//   * SQL helpers (expire an invitation, toggle the seat-based-pricing flag of an existing org),
//   * restartServer(): starts `seatkeeper serve` again on the database/mail log of a server whose
//     process is gone (e.g. after SIGKILL) — the harness only starts servers on fresh databases.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import http from "node:http";
import { BINARY, PUBLIC_URL, freePort, call } from "../lib/harness.mjs";

export { call };

let seq = 0;
const runTag = `${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`;
// A short, unique, lower-case token usable in slugs, e-mails and external ids.
export function uid() {
  return `${runTag}-${++seq}`;
}
export function email(tag = "user") {
  return `${tag}-${uid()}@example.com`;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export const SCOPES_RW = "customer_seats:read customer_seats:write";

// ---------------------------------------------------------------------------------------------
// fixtures

// One organization with a read+write token, a billing customer, a recurring and a one-time product.
export function makeOrg(server, { seatBasedPricing = true, scopes = SCOPES_RW } = {}) {
  const u = uid();
  const slug = `e2e-${u}`;
  const name = `E2E Org ${u}`;
  const args = ["create-organization", "--name", name, "--slug", slug];
  if (!seatBasedPricing) args.push("--disable-seat-based-pricing");
  const organization = server.admin(...args);
  const token = server.admin("create-token", "--organization", slug, "--scopes", scopes).token;
  const customer = server.admin("create-customer", "--organization", slug, "--email", `billing-${u}@example.com`,
    "--name", `Billing ${u}`);
  const product = server.admin("create-product", "--organization", slug, "--name", `Team Plan ${u}`);
  const oneTimeProduct = server.admin("create-product", "--organization", slug, "--name", `Lifetime Pack ${u}`,
    "--one-time");
  return {
    organization, id: organization.id, slug, name, token, customer,
    billingEmail: `billing-${u}@example.com`,
    product, productName: `Team Plan ${u}`,
    oneTimeProduct, oneTimeProductName: `Lifetime Pack ${u}`,
  };
}

export function newToken(server, org, scopes) {
  return server.admin("create-token", "--organization", org.slug, "--scopes", scopes).token;
}

export function newCustomer(server, org, { email: e = email("cust"), name, externalId } = {}) {
  const args = ["create-customer", "--organization", org.slug, "--email", e];
  if (name) args.push("--name", name);
  if (externalId) args.push("--external-id", externalId);
  const c = server.admin(...args);
  return { ...c, email: e, externalId };
}

export function newSubscription(server, org, seats = 5, { customer = org.customer } = {}) {
  return server.admin("create-subscription", "--customer", customer.id, "--product", org.product.id,
    "--seats", String(seats));
}

export function newOrder(server, org, seats = 5, { status = "paid", customer = org.customer } = {}) {
  return server.admin("create-order", "--customer", customer.id, "--product", org.oneTimeProduct.id,
    "--seats", String(seats), "--status", status);
}

// ---------------------------------------------------------------------------------------------
// HTTP shortcuts

export async function assign(server, org, body, opts = {}) {
  return call(server, "POST", "/v1/customer-seats", { token: org.token, body, ...opts });
}
// Assigns and asserts 200; returns the seat.
export async function assignOk(server, org, body) {
  const r = await assign(server, org, body);
  assert.equal(r.status, 200, `assign ${JSON.stringify(body)} -> ${r.status} ${r.text}`);
  return r.body;
}
export async function list(server, org, query, opts = {}) {
  const qs = new URLSearchParams(query).toString();
  return call(server, "GET", `/v1/customer-seats${qs ? `?${qs}` : ""}`, { token: org.token, ...opts });
}
export async function listOk(server, org, query) {
  const r = await list(server, org, query);
  assert.equal(r.status, 200, `list ${JSON.stringify(query)} -> ${r.status} ${r.text}`);
  return r.body;
}
export async function revoke(server, org, seatId, opts = {}) {
  return call(server, "DELETE", `/v1/customer-seats/${seatId}`, { token: org.token, ...opts });
}
export async function resend(server, org, seatId, opts = {}) {
  return call(server, "POST", `/v1/customer-seats/${seatId}/resend`, { token: org.token, ...opts });
}
export async function claimInfo(server, token, opts = {}) {
  return call(server, "GET", `/v1/customer-seats/claim/${encodeURIComponent(token)}`, opts);
}
export async function claim(server, token, opts = {}) {
  return call(server, "POST", "/v1/customer-seats/claim", { body: { invitation_token: token }, ...opts });
}

// A request with full control over headers and body (no automatic content-type).
export async function raw(server, method, path, { headers = {}, body } = {}) {
  const r = await fetch(server.baseUrl + path, { method, headers, body });
  const text = await r.text();
  let parsed = text;
  try { parsed = JSON.parse(text); } catch {}
  return { status: r.status, headers: r.headers, body: parsed, text };
}

// POSTs a large body with node:http and returns {status, headers, text} of whatever response arrived,
// or {error} if the connection failed before any response was received.
export function postLarge(server, path, buffer, headers = {}) {
  return new Promise((resolve) => {
    let settled = false;
    const done = (v) => { if (!settled) { settled = true; resolve(v); } };
    const req = http.request(server.baseUrl + path, {
      method: "POST",
      headers: { "content-type": "application/json", "content-length": buffer.length, ...headers },
    }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (text += d));
      res.on("end", () => done({ status: res.statusCode, headers: res.headers, text }));
      res.on("error", () => done({ status: res.statusCode, headers: res.headers, text }));
    });
    req.on("error", (error) => done({ error }));
    req.setTimeout(10000, () => { req.destroy(new Error("timeout")); });
    req.end(buffer);
  });
}

// ---------------------------------------------------------------------------------------------
// assertions

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const UUID4_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
// RFC 3339 UTC with Z; fractional seconds, when present, have six digits (as Pydantic emits).
export const DATETIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?Z$/;

export const SEAT_KEYS = ["created_at", "modified_at", "id", "subscription_id", "order_id", "status", "customer_id",
  "member_id", "member", "email", "customer_email", "invitation_token_expires_at", "claimed_at", "revoked_at",
  "seat_metadata"];
export const MEMBER_KEYS = ["id", "created_at", "modified_at", "customer_id", "email", "name", "external_id", "role"];
export const SEATS_LIST_KEYS = ["seats", "available_seats", "total_seats"];
export const CLAIM_INFO_KEYS = ["product_name", "product_id", "organization_name", "organization_slug",
  "customer_email", "can_claim"];
export const CLAIM_RESPONSE_KEYS = ["seat", "customer_session_token"];

export const INVALID_TOKEN_DESCRIPTION =
  "The access token provided is expired, revoked, malformed, or invalid for other reasons.";
export const INSUFFICIENT_SCOPE_DESCRIPTION =
  "The request requires higher privileges than provided by the access token.";
export const FEATURE_DISABLED = "Seat-based pricing is not enabled for this organization";
export const INVALID_INVITATION = "Invalid or expired invitation token";

export function assertJsonContentType(res) {
  const ct = res.headers.get ? res.headers.get("content-type") : res.headers["content-type"];
  assert.ok(ct && /^application\/json\b/i.test(ct), `content-type should be application/json, got ${ct}`);
}

// A Polar business error: exact status and exact body {"error", "detail"}.
export function assertError(res, status, error, detail) {
  assert.equal(res.status, status, `expected ${status} ${error}, got ${res.status} ${res.text}`);
  assertJsonContentType(res);
  assert.deepEqual(res.body, { error, detail });
}

export function assertUnauthorized(res) {
  assertError(res, 401, "Unauthorized", "Unauthorized");
}
export function assertInvalidToken(res) {
  assert.equal(res.status, 401, `expected 401 invalid_token, got ${res.status} ${res.text}`);
  assertJsonContentType(res);
  assert.deepEqual(res.body, { error: "invalid_token", error_description: INVALID_TOKEN_DESCRIPTION });
}
export function assertInsufficientScope(res) {
  assert.equal(res.status, 403, `expected 403 insufficient_scope, got ${res.status} ${res.text}`);
  assertJsonContentType(res);
  assert.equal(res.body.error, "insufficient_scope");
  assert.equal(typeof res.body.error_description, "string");
  // Exact text from customer-seats-api.md §1.2.
  assert.equal(res.body.error_description, INSUFFICIENT_SCOPE_DESCRIPTION);
}
export function assertNotFoundRoute(res) {
  assert.equal(res.status, 404, `expected 404, got ${res.status} ${res.text}`);
  assertJsonContentType(res);
  assert.deepEqual(res.body, { detail: "Not Found" });
}
export function assertMethodNotAllowed(res) {
  assert.equal(res.status, 405, `expected 405, got ${res.status} ${res.text}`);
  assertJsonContentType(res);
  assert.deepEqual(res.body, { detail: "Method Not Allowed" });
}

// Checks a 422 body's envelope and every item's shape; then, for each expected item
// ({type, loc, msg, input, ctx} — only the given keys are compared), that some item matches.
// With exactCount, the number of items must equal expected.length.
export function assertValidation(res, expected = [], { exactCount = false } = {}) {
  assert.equal(res.status, 422, `expected 422, got ${res.status} ${res.text}`);
  assertJsonContentType(res);
  assert.equal(res.body.error, "RequestValidationError", res.text);
  assert.ok(Array.isArray(res.body.detail) && res.body.detail.length > 0, `detail must be a non-empty array: ${res.text}`);
  for (const item of res.body.detail) {
    assert.ok(Array.isArray(item.loc), `loc must be an array: ${JSON.stringify(item)}`);
    for (const p of item.loc) assert.ok(typeof p === "string" || Number.isInteger(p), `loc part ${p}`);
    assert.equal(typeof item.msg, "string");
    assert.equal(typeof item.type, "string");
    if ("ctx" in item) {
      assert.ok(item.ctx !== null && typeof item.ctx === "object" && !Array.isArray(item.ctx),
        `ctx must be an object when present, got ${JSON.stringify(item.ctx)}`);
    }
    assert.ok(!("url" in item), "validation items carry no url");
  }
  if (exactCount) assert.equal(res.body.detail.length, expected.length, res.text);
  for (const want of expected) {
    const hit = res.body.detail.find((item) => Object.entries(want).every(([k, v]) => {
      try { assert.deepEqual(item[k], v); return true; } catch { return false; }
    }));
    assert.ok(hit, `no validation item matching ${JSON.stringify(want)} in ${res.text}`);
  }
  return res.body.detail;
}

export function assertDatetime(v, what = "datetime") {
  assert.equal(typeof v, "string", `${what} should be a string, got ${JSON.stringify(v)}`);
  assert.match(v, DATETIME_RE, `${what} should be RFC 3339 UTC with Z`);
  assert.ok(!Number.isNaN(Date.parse(v)), `${what} parses`);
}
function nullOrDatetime(v, what) {
  if (v !== null) assertDatetime(v, what);
}

// Throws if any object key anywhere is named `name`.
export function assertNoKeyDeep(value, name, path = "$") {
  if (Array.isArray(value)) value.forEach((v, i) => assertNoKeyDeep(v, name, `${path}[${i}]`));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      assert.notEqual(k, name, `unexpected key ${name} at ${path}`);
      assertNoKeyDeep(v, name, `${path}.${k}`);
    }
  }
}

export function assertMember(m) {
  assert.ok(m && typeof m === "object", "member object");
  assert.deepEqual(Object.keys(m).sort(), [...MEMBER_KEYS].sort(), `member keys: ${Object.keys(m)}`);
  assert.match(m.id, UUID_RE);
  assertDatetime(m.created_at, "member.created_at");
  nullOrDatetime(m.modified_at, "member.modified_at");
  assert.match(m.customer_id, UUID_RE);
  assert.equal(typeof m.email, "string");
  assert.ok(m.name === null || typeof m.name === "string");
  assert.ok(m.external_id === null || typeof m.external_id === "string");
  assert.ok(["owner", "billing_manager", "member"].includes(m.role), `role ${m.role}`);
}

// Full structural check of a CustomerSeat (§2.4): 15 keys in emitted order, types, nullability.
export function assertSeatShape(seat) {
  assert.ok(seat && typeof seat === "object" && !Array.isArray(seat), `seat object: ${JSON.stringify(seat)}`);
  assert.deepEqual(Object.keys(seat), SEAT_KEYS, "CustomerSeat keys and key order");
  assertDatetime(seat.created_at, "created_at");
  nullOrDatetime(seat.modified_at, "modified_at");
  assert.match(seat.id, UUID4_RE, "seat id is a lower-case UUID v4");
  assert.ok(seat.subscription_id === null || UUID_RE.test(seat.subscription_id));
  assert.ok(seat.order_id === null || UUID_RE.test(seat.order_id));
  assert.ok((seat.subscription_id === null) !== (seat.order_id === null), "exactly one container id");
  assert.ok(["pending", "claimed", "revoked"].includes(seat.status), `status ${seat.status}`);
  assert.ok(seat.customer_id === null || UUID_RE.test(seat.customer_id));
  assert.ok(seat.member_id === null || UUID_RE.test(seat.member_id));
  if (seat.member !== null) {
    assertMember(seat.member);
    assert.equal(seat.member.id, seat.member_id, "member.id equals member_id");
  } else {
    assert.equal(seat.member_id, null, "member null iff member_id null");
  }
  assert.ok(seat.email === null || typeof seat.email === "string");
  assert.ok(seat.customer_email === null || typeof seat.customer_email === "string");
  nullOrDatetime(seat.invitation_token_expires_at, "invitation_token_expires_at");
  nullOrDatetime(seat.claimed_at, "claimed_at");
  nullOrDatetime(seat.revoked_at, "revoked_at");
  assert.ok(seat.seat_metadata === null || (typeof seat.seat_metadata === "object" && !Array.isArray(seat.seat_metadata)));
  assertNoKeyDeep(seat, "invitation_token");
  assert.ok(!("customer" in seat));
}

export function assertSeatsList(body) {
  assert.deepEqual(Object.keys(body), SEATS_LIST_KEYS, "SeatsList keys and key order");
  assert.ok(Array.isArray(body.seats));
  assert.ok(Number.isInteger(body.available_seats));
  assert.ok(Number.isInteger(body.total_seats));
  body.seats.forEach(assertSeatShape);
}

export function assertClaimInfoShape(body) {
  assert.deepEqual(Object.keys(body), CLAIM_INFO_KEYS, "SeatClaimInfo keys and key order");
  assert.equal(typeof body.product_name, "string");
  assert.match(body.product_id, UUID_RE);
  assert.equal(typeof body.organization_name, "string");
  assert.equal(typeof body.organization_slug, "string");
  assert.equal(typeof body.customer_email, "string");
  assert.equal(typeof body.can_claim, "boolean");
  assertNoKeyDeep(body, "invitation_token");
}

export function assertRevokedSeat(seat) {
  assertSeatShape(seat);
  assert.equal(seat.status, "revoked");
  assertDatetime(seat.revoked_at, "revoked_at");
  assert.equal(seat.customer_id, null);
  assert.equal(seat.member_id, null);
  assert.equal(seat.member, null);
  assert.equal(seat.email, null);
  assert.equal(seat.customer_email, null);
}

// |a - b| <= tolerance, both in ms.
export function assertNear(actualMs, expectedMs, toleranceMs, what) {
  assert.ok(Math.abs(actualMs - expectedMs) <= toleranceMs,
    `${what}: ${new Date(actualMs).toISOString()} not within ${toleranceMs} ms of ${new Date(expectedMs).toISOString()}`);
}

// ---------------------------------------------------------------------------------------------
// SQL helpers (sqlite3 CLI on the server's database file, or psql on its PostgreSQL database: see
// runSql in tests/lib/harness.mjs)

export function sql(server, statement) {
  for (let attempt = 0; ; attempt++) {
    try {
      return server.sql(statement);
    } catch (e) {
      if (attempt < 20 && /locked|busy/i.test(String(e.stderr ?? e.message))) {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
        continue;
      }
      throw e;
    }
  }
}

// Sets a seat's invitation_token_expires_at (INTEGER unix microseconds) to `ms` (epoch milliseconds).
export function setInvitationExpiry(server, seatId, ms) {
  const out = sql(server,
    `UPDATE customer_seats SET invitation_token_expires_at = ${Math.round(ms) * 1000} WHERE id = '${seatId}'; SELECT changes();`);
  assert.equal(out.trim(), "1", `expected to update exactly one customer_seats row for ${seatId}, got ${out}`);
}

export function expireInvitation(server, seatId) {
  setInvitationExpiry(server, seatId, Date.now() - 3600 * 1000); // expired one hour ago
}

// Turns the seat-based-pricing flag of an existing organization on or off by editing the database.
// The admin CLI can only set it at creation time; the schema is inspected to find the flag column
// (a boolean column named like *seat_based_pricing*, or a JSON feature_settings column).
export function setSeatBasedPricing(server, orgId, enabled) {
  const tables = sql(server, "SELECT name FROM sqlite_master WHERE type='table';").split("\n").filter(Boolean);
  const table = tables.find((t) => /^organizations?$/i.test(t)) ?? tables.find((t) => /organization/i.test(t) && !/token|member|user/i.test(t));
  assert.ok(table, `no organizations table among ${tables}`);
  const cols = sql(server, `PRAGMA table_info(${table});`).split("\n").filter(Boolean).map((l) => l.split("|")[1]);
  let stmt;
  const flagCol = cols.find((c) => /seat_based_pricing/i.test(c));
  if (flagCol) {
    stmt = `UPDATE ${table} SET ${flagCol} = ${enabled ? 1 : 0} WHERE id = '${orgId}';`;
  } else if (cols.includes("feature_settings")) {
    stmt = `UPDATE ${table} SET feature_settings = json_set(coalesce(feature_settings, '{}'), '$.seat_based_pricing_enabled', json('${enabled}')) WHERE id = '${orgId}';`;
  } else {
    assert.fail(`cannot find the seat-based-pricing flag column in ${table}: ${cols}`);
  }
  const out = sql(server, `${stmt} SELECT changes();`);
  assert.equal(out.trim(), "1", `expected to update exactly one organization row, got ${out}`);
}

// ---------------------------------------------------------------------------------------------
// restart on an existing database

// Starts `seatkeeper serve` on the database and mail log of `server` (whose process must be gone).
// Returns a server-like object; its stop() stops that process and removes the shared directory.
export async function restartServer(server, { env = {}, extraArgs = [] } = {}) {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(BINARY,
    ["serve", "--database", server.databaseUrl, "--listen", `127.0.0.1:${port}`, "--public-url", PUBLIC_URL,
     "--mail-log", server.mailLog, ...extraArgs],
    // Same environment as tests/lib/harness.mjs startServer (on SQLite it sets no secret: the server
    // then uses the key file beside the database, shared with the admin CLI and with this restart;
    // on PostgreSQL the harness put SEATKEEPER_SECRET into process.env for every process).
    { env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const exited = new Promise((r) => child.once("exit", r));
  const deadline = Date.now() + 15000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`restarted seatkeeper exited early: ${stderr}`);
    try {
      const r = await fetch(`${baseUrl}/healthz`);
      if (r.ok) break;
    } catch {}
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`restarted seatkeeper did not start: ${stderr}`);
    }
    await sleep(50);
  }
  return {
    ...server, port, baseUrl, child,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const t = setTimeout(() => child.kill("SIGKILL"), 5000);
        await exited;
        clearTimeout(t);
      }
      rmSync(server.dir, { recursive: true, force: true });
    },
  };
}

// SIGKILLs a harness server and waits until the process is gone. Do not call server.stop() afterwards
// (the harness would wait for an exit event that already happened); remove server.dir instead.
export async function killHard(server) {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise((r) => server.child.once("exit", r));
  server.child.kill("SIGKILL");
  await exited;
}

// Stops a harness server safely even if it was killed already.
export async function stopServer(server) {
  if (!server) return;
  if (server.child.exitCode !== null || server.child.signalCode !== null) {
    rmSync(server.dir, { recursive: true, force: true });
    return;
  }
  await server.stop();
}

// A fresh random UUID v4 that matches nothing.
export function randomUuid4() {
  return crypto.randomUUID();
}
// Valid UUIDs of other versions.
export const UUID_V1 = "c232ab00-9414-11ec-b3c8-9f6bdeced846";
export const UUID_V7 = "01890a5d-ac96-774b-bcce-b302099a8057";

// An RFC 3339 UTC datetime as BigInt microseconds since the epoch (keeps the 6 fractional digits).
export function micros(text) {
  const m = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?Z$/.exec(text);
  assert.ok(m, `datetime ${text}`);
  return BigInt(Date.parse(`${m[1]}Z`)) * 1000n + BigInt((m[2] ?? "").padEnd(6, "0"));
}

// POSTs `buffer` with Transfer-Encoding: chunked (no Content-Length), in chunks of `chunkSize`.
// Returns {status, headers, text} or {error} like postLarge().
export function postChunked(server, path, buffer, headers = {}, chunkSize = 16 * 1024) {
  return new Promise((resolve) => {
    let settled = false;
    const done = (v) => { if (!settled) { settled = true; resolve(v); } };
    const req = http.request(server.baseUrl + path, {
      method: "POST",
      headers: { "content-type": "application/json", "transfer-encoding": "chunked", ...headers },
    }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (text += d));
      res.on("end", () => done({ status: res.statusCode, headers: res.headers, text }));
      res.on("error", () => done({ status: res.statusCode, headers: res.headers, text }));
    });
    req.on("error", (error) => done({ error }));
    req.setTimeout(10000, () => { req.destroy(new Error("timeout")); });
    for (let i = 0; i < buffer.length; i += chunkSize) req.write(buffer.subarray(i, i + chunkSize));
    req.end();
  });
}
