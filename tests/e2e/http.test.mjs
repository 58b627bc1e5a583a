// HTTP plumbing: health, routing errors (404/405), Polar-Version handling, JSON bodies everywhere,
// malformed/empty/huge request bodies, and the exact wire shapes the two TypeScript SDKs send.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, waitForInvitation } from "../lib/harness.mjs";
import {
  call, raw, makeOrg, newSubscription, email, assign, assignOk, postLarge, stopServer, randomUuid4,
  assertNotFoundRoute, assertMethodNotAllowed, assertValidation, assertJsonContentType, assertUnauthorized,
  assertSeatShape, claimInfo,
} from "./helpers.mjs";

let server;
let org;
const T = { timeout: 20000 };

before(async () => {
  server = await startServer();
  org = makeOrg(server);
});
after(async () => stopServer(server));

test("GET /healthz answers 200", T, async () => {
  const r = await raw(server, "GET", "/healthz");
  assert.equal(r.status, 200);
});

test("unknown routes answer 404 {\"detail\":\"Not Found\"}", T, async () => {
  for (const path of ["/v1/nope", "/v2/customer-seats", "/v1/customer-seats/x/y/z", "/v1/customer-seat"]) {
    const r = await raw(server, "GET", path);
    assertNotFoundRoute(r);
  }
  // also with a valid bearer
  assertNotFoundRoute(await call(server, "GET", "/v1/does-not-exist", { token: org.token }));
});

test("wrong method on a known path answers 405 {\"detail\":\"Method Not Allowed\"}", T, async () => {
  const id = randomUuid4();
  assertMethodNotAllowed(await call(server, "PUT", "/v1/customer-seats", { token: org.token, body: {} }));
  assertMethodNotAllowed(await call(server, "PATCH", `/v1/customer-seats/${id}`, { token: org.token, body: {} }));
  assertMethodNotAllowed(await call(server, "GET", `/v1/customer-seats/${id}/resend`, { token: org.token }));
  assertMethodNotAllowed(await call(server, "DELETE", "/v1/customer-seats", { token: org.token }));
  assertMethodNotAllowed(await call(server, "DELETE", "/v1/customer-seats/claim/sometoken"));
});

test("Polar-Version absent resolves to 2026-04 and is echoed", T, async () => {
  const sub = newSubscription(server, org, 1);
  const r = await call(server, "GET", `/v1/customer-seats?subscription_id=${sub.id}`, { token: org.token });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.headers.get("polar-version"), "2026-04");
});

test("Polar-Version 2026-04, 2026-10 and 2027-01 are accepted and echoed", T, async () => {
  const sub = newSubscription(server, org, 1);
  for (const v of ["2026-04", "2026-10", "2027-01"]) {
    const r = await call(server, "GET", `/v1/customer-seats?subscription_id=${sub.id}`,
      { token: org.token, headers: { "Polar-Version": v } });
    assert.equal(r.status, 200, `${v}: ${r.text}`);
    assert.equal(r.headers.get("polar-version"), v);
  }
});

test("Polar-Version is echoed on error responses too", T, async () => {
  const r = await call(server, "GET", "/v1/customer-seats", { headers: { "Polar-Version": "2026-10" } });
  assertUnauthorized(r);
  assert.equal(r.headers.get("polar-version"), "2026-10");
  const r2 = await call(server, "GET", "/v1/customer-seats", { token: org.token, headers: { "Polar-Version": "2027-01" } });
  assert.equal(r2.status, 400, r2.text);
  assert.equal(r2.headers.get("polar-version"), "2027-01");
});

test("unsupported or malformed Polar-Version answers 404 {\"detail\":\"Not Found\"}", T, async () => {
  const sub = newSubscription(server, org, 1);
  for (const v of ["2025-01", "2026-05", "2026-4", "latest", "2026-04-01", "garbage"]) {
    const r = await call(server, "GET", `/v1/customer-seats?subscription_id=${sub.id}`,
      { token: org.token, headers: { "Polar-Version": v } });
    assertNotFoundRoute(r);
  }
  // on a write route and on the public claim routes as well
  const w = await assign(server, org, { subscription_id: sub.id, email: email("pv") },
    { headers: { "Polar-Version": "1999-01" } });
  assertNotFoundRoute(w);
  assertNotFoundRoute(await claimInfo(server, "whatever", { headers: { "Polar-Version": "1999-01" } }));
  assertNotFoundRoute(await call(server, "POST", "/v1/customer-seats/claim",
    { body: { invitation_token: "x" }, headers: { "Polar-Version": "1999-01" } }));
  // nothing was assigned by the rejected request
  const l = await call(server, "GET", `/v1/customer-seats?subscription_id=${sub.id}`, { token: org.token });
  assert.equal(l.body.seats.length, 0);
});

test("malformed JSON body on assign → 422 json_invalid", T, async () => {
  const r = await call(server, "POST", "/v1/customer-seats", { token: org.token, body: '{"subscription_id": ' });
  const [item] = assertValidation(r);
  assert.equal(item.type, "json_invalid", r.text);
  assert.equal(item.loc[0], "body");
  // FastAPI wording. loc[1] is the error position (its exact value is inferred in the spec), so only
  // loc[0] is asserted.
  assert.equal(item.msg, "JSON decode error");
});

test("malformed JSON body on claim → 422 json_invalid", T, async () => {
  const r = await call(server, "POST", "/v1/customer-seats/claim", { body: "{not json" });
  const [item] = assertValidation(r);
  assert.equal(item.type, "json_invalid");
  assert.equal(item.loc[0], "body");
});

test("empty body on assign → 422 missing body", T, async () => {
  const r = await call(server, "POST", "/v1/customer-seats", { token: org.token, body: "" });
  assertValidation(r, [{ type: "missing", loc: ["body"], msg: "Field required" }]);
  // and without any content-type at all
  const r2 = await raw(server, "POST", "/v1/customer-seats", { headers: { authorization: `Bearer ${org.token}` } });
  assertValidation(r2, [{ type: "missing", loc: ["body"] }]);
});

test("empty JSON object on assign → 422 container rule", T, async () => {
  const r = await assign(server, org, {});
  assertValidation(r, [{ type: "value_error", loc: ["body"],
    msg: "Value error, Exactly one of subscription_id or order_id must be provided" }], { exactCount: true });
});

test("non-object JSON body on assign → 422", T, async () => {
  for (const body of ["[]", "\"text\"", "42", "null"]) {
    const r = await call(server, "POST", "/v1/customer-seats", { token: org.token, body });
    const detail = assertValidation(r);
    assert.equal(detail[0].loc[0], "body", `${body}: ${r.text}`);
  }
});

test("NUL character anywhere in a body string → 422 invalid characters", T, async () => {
  const sub = newSubscription(server, org, 5);
  const msg = "Value error, This value contains invalid characters";
  const bodies = [
    { subscription_id: sub.id, email: email("nul"), external_member_id: "ab\u0000cd" },
    { subscription_id: sub.id, email: email("nul"), metadata: { note: "x\u0000y" } },
    { subscription_id: sub.id, email: email("nul"), metadata: { "k\u0000": "v" } },
  ];
  for (const body of bodies) {
    const r = await assign(server, org, body);
    const detail = assertValidation(r);
    assert.ok(detail.some((d) => d.msg === msg && d.loc[0] === "body"), `${JSON.stringify(body)} -> ${r.text}`);
  }
  const c = await call(server, "POST", "/v1/customer-seats/claim", { body: { invitation_token: "abc\u0000def" } });
  const detail = assertValidation(c);
  assert.ok(detail.some((d) => d.msg === msg), c.text);
  // nothing was assigned
  const l = await call(server, "GET", `/v1/customer-seats?subscription_id=${sub.id}`, { token: org.token });
  assert.equal(l.body.seats.length, 0);
});

test("huge body (> 64 KiB) → 413 or another 4xx with a JSON body; the server stays alive", T, async () => {
  const sub = newSubscription(server, org, 5);
  const body = JSON.stringify({ subscription_id: sub.id, email: email("huge"), metadata: { blob: "x".repeat(200 * 1024) } });
  const r = await postLarge(server, "/v1/customer-seats", Buffer.from(body),
    { authorization: `Bearer ${org.token}` });
  assert.ok(!r.error, `no HTTP response to a huge body (connection error: ${r.error?.code ?? r.error?.message})`);
  assert.ok(r.status >= 400 && r.status < 500, `expected 4xx, got ${r.status} ${r.text?.slice(0, 200)}`);
  assert.match(r.headers["content-type"] ?? "", /^application\/json/i);
  assert.doesNotThrow(() => JSON.parse(r.text), `body is JSON: ${r.text?.slice(0, 200)}`);
  // still alive and serving
  const h = await raw(server, "GET", "/healthz");
  assert.equal(h.status, 200);
  const ok = await assign(server, org, { subscription_id: sub.id, email: email("after-huge") });
  assert.equal(ok.status, 200, ok.text);
});

test("every error status carries a JSON body", T, async () => {
  const cases = [
    await raw(server, "GET", "/v1/customer-seats"), // 401
    await call(server, "GET", "/v1/customer-seats", { token: org.token }), // 400
    await call(server, "GET", `/v1/customer-seats?subscription_id=${randomUuid4()}`, { token: org.token }), // 404
    await call(server, "DELETE", "/v1/customer-seats/nope", { token: org.token }), // 422
    await call(server, "GET", "/v1/customer-seats/claim/nope"), // 404
    await call(server, "POST", "/v1/customer-seats/claim", { body: { invitation_token: "nope" } }), // 400
    await call(server, "GET", "/v1/customer-seats", { token: "polar_oat_bogus" }), // 401
    await raw(server, "PUT", "/v1/customer-seats"), // 405
  ];
  for (const r of cases) {
    assert.ok(r.status >= 400, `${r.status}`);
    assertJsonContentType(r);
    assert.equal(typeof r.body, "object", `JSON body for ${r.status}: ${r.text}`);
  }
});

test("SDK 1.x wire shape: content-type json with empty bodies on GET, DELETE and resend; bearer on claim", T, async () => {
  const sub = newSubscription(server, org, 5);
  const seat = await assignOk(server, org, { subscription_id: sub.id, email: email("sdk1") });
  const token = await waitForInvitation(server, seat.email);
  const h = { authorization: `Bearer ${org.token}`, "content-type": "application/json", "polar-version": "2026-10",
    accept: "*/*" };
  const l = await raw(server, "GET", `/v1/customer-seats?subscription_id=${sub.id}`, { headers: h });
  assert.equal(l.status, 200, l.text);
  const rs = await raw(server, "POST", `/v1/customer-seats/${seat.id}/resend`, { headers: { ...h, "content-length": "0" } });
  assert.equal(rs.status, 200, rs.text);
  assertSeatShape(rs.body);
  const newToken = await waitForInvitation(server, seat.email, { count: 2 });
  assert.notEqual(newToken, token);
  const ci = await raw(server, "GET", `/v1/customer-seats/claim/${encodeURIComponent(newToken)}`, { headers: h });
  assert.equal(ci.status, 200, ci.text);
  const d = await raw(server, "DELETE", `/v1/customer-seats/${seat.id}`, { headers: h });
  assert.equal(d.status, 200, d.text);
  assert.equal(d.body.status, "revoked");
});

test("SDK 0.x wire shape: no Polar-Version, no content-type on resend, immediate_claim:false always sent", T, async () => {
  const sub = newSubscription(server, org, 5);
  const h = { authorization: `Bearer ${org.token}`, accept: "application/json", "user-agent": "speakeasy-sdk/typescript 0.49.0 2.918.3 2026-04 @polar-sh/sdk" };
  const e = email("sdk0");
  const a = await raw(server, "POST", "/v1/customer-seats", {
    headers: { ...h, "content-type": "application/json" },
    body: JSON.stringify({ subscription_id: sub.id, email: e, immediate_claim: false }),
  });
  assert.equal(a.status, 200, a.text);
  assert.equal(a.headers.get("polar-version"), "2026-04");
  assert.equal(a.body.status, "pending");
  await waitForInvitation(server, e);
  const rs = await raw(server, "POST", `/v1/customer-seats/${a.body.id}/resend`, { headers: h });
  assert.equal(rs.status, 200, rs.text);
  const token = await waitForInvitation(server, e, { count: 2 });
  // claim calls without Authorization
  const ci = await raw(server, "GET", `/v1/customer-seats/claim/${encodeURIComponent(token)}`, { headers: { accept: "application/json" } });
  assert.equal(ci.status, 200, ci.text);
  const c = await raw(server, "POST", "/v1/customer-seats/claim", {
    headers: { accept: "application/json", "content-type": "application/json" },
    body: JSON.stringify({ invitation_token: token }),
  });
  assert.equal(c.status, 200, c.text);
});

test("unknown request-body keys are ignored", T, async () => {
  const sub = newSubscription(server, org, 2);
  const r = await assign(server, org, { subscription_id: sub.id, email: email("extra"), foo: 1, bar: { baz: [1] } });
  assert.equal(r.status, 200, r.text);
  assertSeatShape(r.body);
});

test("success responses are exactly 200 with application/json", T, async () => {
  const sub = newSubscription(server, org, 2);
  const a = await assign(server, org, { subscription_id: sub.id, email: email("ok") });
  assert.equal(a.status, 200);
  assertJsonContentType(a);
  const d = await call(server, "DELETE", `/v1/customer-seats/${a.body.id}`, { token: org.token });
  assert.equal(d.status, 200);
  assertJsonContentType(d);
  const l = await call(server, "GET", `/v1/customer-seats?subscription_id=${sub.id}`, { token: org.token });
  assert.equal(l.status, 200);
  assertJsonContentType(l);
});
