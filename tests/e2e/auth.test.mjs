// Authentication and scopes (customer-seats-api.md §1.2, DECISIONS.md §4).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, waitForInvitation } from "../lib/harness.mjs";
import {
  call, raw, makeOrg, newToken, newSubscription, email, assign, assignOk, list, revoke, resend, claimInfo, claim,
  stopServer, randomUuid4, assertUnauthorized, assertInvalidToken, assertInsufficientScope, assertSeatsList,
} from "./helpers.mjs";

let server;
let org;
let sub;
let seat; // a pending seat of org
const T = { timeout: 20000 };

before(async () => {
  server = await startServer();
  org = makeOrg(server);
  sub = newSubscription(server, org, 20);
  seat = await assignOk(server, org, { subscription_id: sub.id, email: email("auth") });
});
after(async () => stopServer(server));

const protectedOps = () => [
  ["list", (opts) => list(server, org, { subscription_id: sub.id }, opts)],
  ["assign", (opts) => assign(server, org, { subscription_id: sub.id, email: email("x") }, opts)],
  ["revoke", (opts) => revoke(server, org, seat.id, opts)],
  ["resend", (opts) => resend(server, org, seat.id, opts)],
];

test("no bearer on list/assign/revoke/resend → 401 Unauthorized", T, async () => {
  for (const [name, op] of protectedOps()) {
    const r = await op({ token: undefined });
    assertUnauthorized(r);
    assert.match(r.headers.get("www-authenticate") ?? "", /^Bearer/i, `${name}: WWW-Authenticate`);
  }
  // the seat was not touched
  const l = await list(server, org, { subscription_id: sub.id });
  assert.equal(l.body.seats.find((s) => s.id === seat.id).status, "pending");
});

test("non-Bearer Authorization scheme is anonymous → 401 Unauthorized", T, async () => {
  const r = await raw(server, "GET", `/v1/customer-seats?subscription_id=${sub.id}`,
    { headers: { authorization: "Basic dXNlcjpwYXNz" } });
  assertUnauthorized(r);
});

test("auth is checked before body/path validation", T, async () => {
  assertUnauthorized(await call(server, "POST", "/v1/customer-seats", { body: {} }));
  assertUnauthorized(await call(server, "DELETE", "/v1/customer-seats/not-a-uuid"));
  assertUnauthorized(await call(server, "GET", "/v1/customer-seats?subscription_id=nope"));
  const readOnly = newToken(server, org, "customer_seats:read");
  assertInsufficientScope(await call(server, "POST", "/v1/customer-seats", { token: readOnly, body: {} }));
});

async function expectInvalidTokenEverywhere(bad) {
  for (const token of bad) {
    for (const [name, op] of protectedOps()) {
      const r = await op({ token });
      assertInvalidToken(r);
      assert.ok(r.headers.get("www-authenticate"), `${name}: WWW-Authenticate present`);
    }
    assertInvalidToken(await claimInfo(server, "some-token", { token }));
    assertInvalidToken(await claim(server, "some-token", { token }));
  }
}

test("unknown access token or unknown prefix → 401 invalid_token on every route, claim routes included", T, async () => {
  await expectInvalidTokenEverywhere(["polar_oat_doesnotexist0000000000000000000000000000", "garbage-without-prefix",
    "polar_pat_nope", "polar_oat_"]);
});

// §1.2: "A Bearer token that has a known prefix but does not resolve ... → 401 invalid_token (even on
// public endpoints such as /claim)". Only a *valid* session token is downgraded to anonymous.
test("a session-prefixed bearer that does not resolve (polar_mst_/polar_cst_) → 401 invalid_token", T, async () => {
  await expectInvalidTokenEverywhere(["polar_mst_bogus", "polar_cst_bogus"]);
});

test("list accepts a customer_seats:read-only token (§9.1)", T, async () => {
  const readOnly = newToken(server, org, "customer_seats:read");
  const r = await list(server, org, { subscription_id: sub.id }, { token: readOnly });
  assert.equal(r.status, 200, r.text);
  assertSeatsList(r.body);
});

test("list accepts a customer_seats:write-only token (DECISIONS §4)", T, async () => {
  const writeOnly = newToken(server, org, "customer_seats:write");
  const r = await list(server, org, { subscription_id: sub.id }, { token: writeOnly });
  assert.equal(r.status, 200, r.text);
  assertSeatsList(r.body);
});

test("read-only token cannot assign, revoke or resend → 403 insufficient_scope", T, async () => {
  const readOnly = newToken(server, org, "customer_seats:read");
  for (const [name, op] of protectedOps().filter(([n]) => n !== "list")) {
    assertInsufficientScope(await op({ token: readOnly }));
  }
  const l = await list(server, org, { subscription_id: sub.id });
  assert.equal(l.body.seats.find((s) => s.id === seat.id).status, "pending");
});

test("write-only token can assign, resend and revoke", T, async () => {
  const writeOnly = newToken(server, org, "customer_seats:write");
  const s = await assign(server, org, { subscription_id: sub.id, email: email("wo") }, { token: writeOnly });
  assert.equal(s.status, 200, s.text);
  const rs = await resend(server, org, s.body.id, { token: writeOnly });
  assert.equal(rs.status, 200, rs.text);
  const rv = await revoke(server, org, s.body.id, { token: writeOnly });
  assert.equal(rv.status, 200, rv.text);
});

test("a token with only unrelated scopes → 403 insufficient_scope on every seat operation", T, async () => {
  let other;
  const tried = [];
  for (const scopes of ["customers:read", "orders:read", "products:read", "customer_portal:read"]) {
    const r = server.adminRaw("create-token", "--organization", org.slug, "--scopes", scopes);
    tried.push(`${scopes}: ${r.status} ${r.stderr}`);
    if (r.status === 0) { other = JSON.parse(r.stdout).token; break; }
  }
  assert.ok(other, `admin create-token accepted none of the unrelated scopes: ${tried.join("; ")}`);
  for (const [, op] of protectedOps()) assertInsufficientScope(await op({ token: other }));
});

test("anonymous claim-info and claim work; a valid org bearer on the claim routes also works (SDK 1.x)", T, async () => {
  const e = email("anon");
  await assignOk(server, org, { subscription_id: sub.id, email: e });
  const token = await waitForInvitation(server, e);
  const ci = await claimInfo(server, token);
  assert.equal(ci.status, 200, ci.text);
  const ci2 = await claimInfo(server, token, { token: org.token });
  assert.equal(ci2.status, 200, ci2.text);
  const c = await claim(server, token, { token: org.token });
  assert.equal(c.status, 200, c.text);
  assert.equal(c.body.seat.status, "claimed");
});

test("a member session token (polar_mst_) on a merchant seat route → 401 Unauthorized, not 403", T, async () => {
  const e = email("mst");
  await assignOk(server, org, { subscription_id: sub.id, email: e });
  const token = await waitForInvitation(server, e);
  const c = await claim(server, token);
  assert.equal(c.status, 200, c.text);
  const mst = c.body.customer_session_token;
  assert.ok(mst.startsWith("polar_mst_"));
  // A Member subject is not allowed on merchant routes and is treated as anonymous (§1.2).
  assertUnauthorized(await list(server, org, { subscription_id: sub.id }, { token: mst }));
  assertUnauthorized(await assign(server, org, { subscription_id: sub.id, email: email("m") }, { token: mst }));
  // ...while a valid session bearer does not break the public claim routes
  const r = await claimInfo(server, "unknown-token-value", { token: mst });
  assert.equal(r.status, 404, r.text);
});

test("an access token of one organization does not see another organization's containers", T, async () => {
  const other = makeOrg(server);
  const r = await list(server, other, { subscription_id: sub.id });
  assert.equal(r.status, 404, r.text);
  assert.deepEqual(r.body, { error: "ResourceNotFound", detail: "Subscription not found" });
  // sanity: random seat id → 404 Seat not found as well
  const r2 = await revoke(server, other, randomUuid4());
  assert.deepEqual(r2.body, { error: "ResourceNotFound", detail: "Seat not found" });
});
