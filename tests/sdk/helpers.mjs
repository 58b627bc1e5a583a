// Helpers shared by the SDK conformance tests (tests/sdk/*.test.mjs).
// They only wrap the two official SDK generations and node:assert; the server is started with
// tests/lib/harness.mjs.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";

import { invitations } from "../lib/harness.mjs";

export { sleep };

// RFC 3339, UTC, "Z" (DECISIONS.md: "datetime format (RFC 3339, UTC, `Z`)").
export const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const SEAT_KEYS = [
  "created_at", "modified_at", "id", "subscription_id", "order_id", "status", "customer_id", "member_id",
  "member", "email", "customer_email", "invitation_token_expires_at", "claimed_at", "revoked_at", "seat_metadata",
];
export const MEMBER_KEYS = ["id", "created_at", "modified_at", "customer_id", "email", "name", "external_id", "role"];
export const CLAIM_INFO_KEYS = [
  "product_name", "product_id", "organization_name", "organization_slug", "customer_email", "can_claim",
];

let emailCounter = 0;
// A fresh, syntactically valid address on a reserved domain.
export function uniqueEmail(tag = "member") {
  return `${tag}-${process.pid}-${++emailCounter}-${Date.now().toString(36)}@example.com`;
}

// A random UUID version 4 that no server object has.
export const unknownId = () => randomUUID();

// An access token with a plausible prefix that the server never issued.
export const BOGUS_TOKEN = "polar_oat_" + "x".repeat(37) + "000000";

// Awaits `promise`, which must reject; returns the error. Fails with what it got otherwise.
export async function rejectsWith(promise, label = "call") {
  let value;
  try {
    value = await promise;
  } catch (e) {
    return e;
  }
  assert.fail(`${label}: expected an error, but it succeeded with ${JSON.stringify(value)}`);
}

// Describes an SDK error for assertion messages (zod issues for 0.x validation failures).
export function describeError(e) {
  if (!e || typeof e !== "object") return String(e);
  const parts = [`${e.name ?? e.constructor?.name}: ${e.message}`];
  if (typeof e.pretty === "function") {
    try { parts.push(e.pretty()); } catch {}
  }
  if ("rawValue" in e) parts.push(`rawValue=${safeJson(e.rawValue)}`);
  if ("statusCode" in e) parts.push(`statusCode=${e.statusCode}`);
  if ("error" in e) parts.push(`error=${safeJson(e.error)}`);
  if ("body" in e && typeof e.body === "string") parts.push(`body=${e.body.slice(0, 2000)}`);
  return parts.join("\n");
}

function safeJson(v) {
  try { return JSON.stringify(v); } catch { return String(v); }
}

// Runs an SDK call that must succeed; an SDK error is turned into an assertion failure that shows
// the status, the body and, for 0.x ResponseValidationError, the zod issues.
export async function ok(promise, label = "call") {
  try {
    return await promise;
  } catch (e) {
    assert.fail(`${label}: expected success, got ${describeError(e)}`);
  }
}

// Asserts the error is of class `className` (by its `name`, and instanceof when a class is given).
export function assertErrorClass(e, cls, label = "") {
  const name = typeof cls === "string" ? cls : cls.name;
  assert.equal(e?.name, name, `${label} expected ${name}, got ${describeError(e)}`);
  if (typeof cls === "function") assert.ok(e instanceof cls, `${label} not instanceof ${name}: ${describeError(e)}`);
}

export function assertDateTimeString(v, field) {
  assert.equal(typeof v, "string", `${field} should be a string, got ${JSON.stringify(v)}`);
  assert.match(v, RFC3339_UTC, `${field} is not RFC 3339 UTC with Z: ${v}`);
  assert.ok(!Number.isNaN(Date.parse(v)), `${field} does not parse: ${v}`);
}

export function assertNullableDateTimeString(v, field) {
  if (v === null) return;
  assertDateTimeString(v, field);
}

// Shape check for a 1.x (snake_case, unvalidated) Member object.
export function assertMemberShapeV1(m, label = "member") {
  assert.equal(typeof m, "object", `${label} should be an object`);
  assert.notEqual(m, null);
  assert.deepEqual(Object.keys(m).sort(), [...MEMBER_KEYS].sort(), `${label} keys`);
  assert.match(m.id, UUID, `${label}.id`);
  assertDateTimeString(m.created_at, `${label}.created_at`);
  assertNullableDateTimeString(m.modified_at, `${label}.modified_at`);
  assert.match(m.customer_id, UUID, `${label}.customer_id`);
  assert.equal(typeof m.email, "string");
  assert.ok(m.name === null || typeof m.name === "string", `${label}.name`);
  assert.ok(m.external_id === null || typeof m.external_id === "string", `${label}.external_id`);
  assert.ok(["owner", "billing_manager", "member"].includes(m.role), `${label}.role = ${m.role}`);
}

// Shape check for a 1.x CustomerSeat: the SDK validates nothing, so the test does what 0.x's zod
// would, and a bit more (every key present, no token leak, UTC datetimes).
export function assertSeatShapeV1(s, label = "seat") {
  assert.equal(typeof s, "object", `${label} should be an object, got ${JSON.stringify(s)}`);
  assert.notEqual(s, null, label);
  assert.deepEqual(Object.keys(s).sort(), [...SEAT_KEYS].sort(), `${label} keys`);
  assert.ok(!("invitation_token" in s), `${label} leaks invitation_token`);
  assert.ok(!("customer" in s), `${label} has a customer object`);
  assert.match(s.id, UUID, `${label}.id`);
  assertDateTimeString(s.created_at, `${label}.created_at`);
  assertNullableDateTimeString(s.modified_at, `${label}.modified_at`);
  assertNullableDateTimeString(s.invitation_token_expires_at, `${label}.invitation_token_expires_at`);
  assertNullableDateTimeString(s.claimed_at, `${label}.claimed_at`);
  assertNullableDateTimeString(s.revoked_at, `${label}.revoked_at`);
  assert.ok(["pending", "claimed", "revoked"].includes(s.status), `${label}.status = ${s.status}`);
  for (const k of ["subscription_id", "order_id", "customer_id", "member_id"]) {
    assert.ok(s[k] === null || UUID.test(s[k]), `${label}.${k} = ${JSON.stringify(s[k])}`);
  }
  assert.ok((s.subscription_id === null) !== (s.order_id === null), `${label}: exactly one container id`);
  for (const k of ["email", "customer_email"]) {
    assert.ok(s[k] === null || typeof s[k] === "string", `${label}.${k}`);
  }
  assert.ok(s.seat_metadata === null || (typeof s.seat_metadata === "object" && !Array.isArray(s.seat_metadata)),
    `${label}.seat_metadata = ${JSON.stringify(s.seat_metadata)}`);
  if (s.member !== null) {
    assertMemberShapeV1(s.member, `${label}.member`);
    assert.equal(s.member.id, s.member_id, `${label}.member.id === member_id`);
  }
}

// 0.x: zod has already validated the shape; check the conversions the SDK did.
export function assertDateOrNull(v, field) {
  assert.ok(v === null || (v instanceof Date && !Number.isNaN(v.getTime())), `${field} should be Date|null, got ${v}`);
}

export function assertSeatShapeV0(s, label = "seat") {
  assert.equal(typeof s, "object", label);
  assert.ok(s.createdAt instanceof Date, `${label}.createdAt should be a Date`);
  assertDateOrNull(s.modifiedAt, `${label}.modifiedAt`);
  assertDateOrNull(s.invitationTokenExpiresAt, `${label}.invitationTokenExpiresAt`);
  assertDateOrNull(s.claimedAt, `${label}.claimedAt`);
  assertDateOrNull(s.revokedAt, `${label}.revokedAt`);
  assert.match(s.id, UUID, `${label}.id`);
  // 0.49.0's SeatStatus is an open enum: any string passes zod, so check the value here.
  assert.ok(["pending", "claimed", "revoked"].includes(s.status), `${label}.status = ${s.status}`);
  assert.ok((s.subscriptionId === null) !== (s.orderId === null), `${label}: exactly one container id`);
  if (s.member !== null) {
    assert.ok(s.member.createdAt instanceof Date, `${label}.member.createdAt should be a Date`);
    assertDateOrNull(s.member.modifiedAt, `${label}.member.modifiedAt`);
    assert.ok(["owner", "billing_manager", "member"].includes(s.member.role), `${label}.member.role`);
    assert.equal(s.member.id, s.memberId, `${label}.member.id === memberId`);
  }
}

// The 0.x SDK keeps the raw body as text; parse it as the Polar envelope.
export function jsonBody(e) {
  assert.equal(typeof e.body, "string", `error has no body: ${describeError(e)}`);
  try {
    return JSON.parse(e.body);
  } catch {
    assert.fail(`error body is not JSON: ${e.body}`);
  }
}

// Polar business-error envelope {"error": <ClassName>, "detail": <message>}.
export function assertEnvelope(body, errorName, label = "") {
  assert.equal(typeof body, "object", `${label} body should be a JSON object, got ${JSON.stringify(body)}`);
  assert.notEqual(body, null);
  assert.equal(body.error, errorName, `${label} body.error: ${JSON.stringify(body)}`);
  assert.equal(typeof body.detail, "string", `${label} body.detail should be a string: ${JSON.stringify(body)}`);
  assert.ok(body.detail.length > 0, `${label} body.detail empty`);
}

// Auth-layer errors: {"error":"invalid_token"|"insufficient_scope","error_description"} or Polar's
// {"error":"Unauthorized","detail":"Unauthorized"} for an anonymous request.
export function assertAuthBody(body, allowed, label = "") {
  assert.equal(typeof body, "object", `${label} body should be JSON, got ${JSON.stringify(body)}`);
  assert.notEqual(body, null);
  assert.ok(allowed.includes(body.error), `${label} body.error should be one of ${allowed}: ${JSON.stringify(body)}`);
  if (body.error === "invalid_token" || body.error === "insufficient_scope") {
    assert.equal(typeof body.error_description, "string", `${label} error_description: ${JSON.stringify(body)}`);
  } else {
    assert.equal(typeof body.detail, "string", `${label} detail: ${JSON.stringify(body)}`);
  }
}

// FastAPI-style 422 items: {loc: (string|int)[], msg: string, type: string, input?, ctx?: object}.
export function assertValidationItems(detail, label = "") {
  assert.ok(Array.isArray(detail), `${label} detail should be an array: ${JSON.stringify(detail)}`);
  assert.ok(detail.length > 0, `${label} detail should not be empty`);
  for (const item of detail) {
    assert.ok(Array.isArray(item.loc) && item.loc.length > 0, `${label} loc: ${JSON.stringify(item)}`);
    for (const part of item.loc) {
      assert.ok(typeof part === "string" || Number.isInteger(part), `${label} loc part: ${JSON.stringify(item)}`);
    }
    assert.equal(typeof item.msg, "string", `${label} msg: ${JSON.stringify(item)}`);
    assert.equal(typeof item.type, "string", `${label} type: ${JSON.stringify(item)}`);
    if ("ctx" in item && item.ctx !== undefined) {
      assert.ok(item.ctx !== null && typeof item.ctx === "object" && !Array.isArray(item.ctx),
        `${label} ctx must be an object or absent (0.49.0 rejects null): ${JSON.stringify(item)}`);
    }
  }
}

// Every invitation for `email` currently in the development mail log.
export function invitationsFor(server, email) {
  return invitations(server).filter((i) => i.email.toLowerCase() === email.toLowerCase());
}

// Records the headers of every fetch() issued while `fn` runs (the 1.x SDK uses global fetch).
export async function captureFetch(fn) {
  const seen = [];
  const original = globalThis.fetch;
  globalThis.fetch = async (input, init = {}) => {
    const url = typeof input === "string" ? input : input.url ?? String(input);
    const headers = new Headers(init.headers ?? (typeof input === "object" ? input.headers : undefined));
    seen.push({ url, method: init.method ?? "GET", headers });
    return original(input, init);
  };
  try {
    const result = await fn();
    return { result, requests: seen };
  } catch (e) {
    e.requests = seen;
    throw e;
  } finally {
    globalThis.fetch = original;
  }
}

// Approximately equal instants (ms), for "now + 24 h" style checks.
export function assertNear(actualMs, expectedMs, toleranceMs, label) {
  assert.ok(Math.abs(actualMs - expectedMs) <= toleranceMs,
    `${label}: ${new Date(actualMs).toISOString()} not within ${toleranceMs} ms of ${new Date(expectedMs).toISOString()}`);
}

export const DAY_MS = 24 * 60 * 60 * 1000;

// Turns the seat-based-pricing flag of an organization off directly in the database (SQLite or
// PostgreSQL), so the 403 paths of the seat-id and token routes can be reached for a seat created
// while it was on. Throws if no such organization was changed.
export function disableSeatPricingInDb(server, organizationId) {
  const statement = `UPDATE organizations SET seat_based_pricing_enabled = 0 WHERE id = '${organizationId}' RETURNING id;`;
  for (let attempt = 0; ; attempt++) {
    try {
      const changed = server.sql(statement);
      assert.equal(changed.trim(), organizationId, "the organization's seat-based-pricing flag was turned off");
      return;
    } catch (e) {
      // The server's writer may hold SQLite's write lock for a moment: wait and try again.
      if (attempt < 40 && /locked|busy/i.test(String(e.stderr ?? e.message))) {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
        continue;
      }
      throw e;
    }
  }
}

// The 1.x PolarClientError (unmapped status) keeps the raw body text in `.error`; parse it.
export function parseJsonText(text, label = "") {
  assert.equal(typeof text, "string", `${label} expected raw text, got ${JSON.stringify(text)}`);
  try {
    return JSON.parse(text);
  } catch {
    assert.fail(`${label} body is not JSON: ${text}`);
  }
}
