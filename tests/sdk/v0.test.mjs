// SDK conformance: @polar-sh/sdk 0.49.0 (npm alias polar-sdk-0, Speakeasy) against a real seatkeeper.
// 0.49.0 validates every 200 body with zod (a success proves the shape; a shape error surfaces as
// ResponseValidationError, whose zod issues the failure message shows), maps camelCase, turns
// datetimes into Date objects, and reports every non-422 error as SDKError {statusCode, body}.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";

import { Polar, HTTPClient } from "polar-sdk-0";
import { SDKError } from "polar-sdk-0/models/errors/sdkerror.js";
import { HTTPValidationError } from "polar-sdk-0/models/errors/httpvalidationerror.js";

import { startServer, createWorld, waitForInvitation } from "../lib/harness.mjs";
import {
  BOGUS_TOKEN, DAY_MS, UUID,
  assertAuthBody, assertEnvelope, assertErrorClass, assertNear, assertSeatShapeV0, assertValidationItems,
  describeError, disableSeatPricingInDb, invitationsFor, jsonBody, ok, rejectsWith, sleep, uniqueEmail, unknownId,
} from "./helpers.mjs";

let server;

before(async () => {
  server = await startServer();
});

after(async () => {
  await server?.stop();
});

// customerSeats service of a 0.x client; when `captured` is an array, every request is recorded in it.
function seats(token, captured) {
  const httpClient = new HTTPClient();
  if (captured) {
    httpClient.addHook("beforeRequest", (req) => {
      captured.push({ url: req.url, method: req.method, headers: new Headers(req.headers) });
    });
  }
  return new Polar({ accessToken: token, serverURL: server.baseUrl, httpClient }).customerSeats;
}

function world(opts) {
  return createWorld(server, opts);
}

async function assignByEmail(w, email = uniqueEmail(), extra = {}) {
  const seat = await ok(seats(w.token).assignSeat({ subscriptionId: w.subscription.id, email, ...extra }),
    "assignSeat");
  return { seat, email };
}

// 0.x generic error: SDKError with statusCode, and (when given) the Polar envelope in the raw body.
function assertSdkError(e, status, errorName, label) {
  assertErrorClass(e, SDKError, label);
  assert.equal(e.statusCode, status, `${label}: statusCode (${describeError(e)})`);
  assert.match(e.contentType, /^application\/json/, `${label}: content-type`);
  const body = jsonBody(e);
  if (errorName) assertEnvelope(body, errorName, label);
  return body;
}

function assertValidation(e, label) {
  assertErrorClass(e, HTTPValidationError, label);
  assert.equal(e.statusCode, 422, label);
  assertValidationItems(e.detail, label);
  assert.equal(jsonBody(e).error, "RequestValidationError", `${label}: envelope error key`);
  return e.detail;
}

describe("@polar-sh/sdk 0.49.0: happy paths", () => {
  it("assignSeat by email: zod-valid pending CustomerSeat with Date fields, claim link mailed", async () => {
    const w = world({ seats: 3 });
    const before = Date.now();
    const { seat, email } = await assignByEmail(w);
    assertSeatShapeV0(seat);
    assert.equal(seat.status, "pending");
    assert.equal(seat.subscriptionId, w.subscription.id);
    assert.equal(seat.orderId, null);
    assert.equal(seat.email, email);
    assert.equal(seat.customerEmail, email);
    assert.equal(seat.customerId, w.customer.id);
    assert.ok(seat.member, "member present");
    assert.equal(seat.member.email, email);
    assert.equal(seat.member.customerId, w.customer.id);
    assert.equal(seat.member.role, "member");
    assert.equal(seat.member.externalId, null);
    assert.ok(seat.invitationTokenExpiresAt instanceof Date);
    assertNear(seat.invitationTokenExpiresAt.getTime(), before + DAY_MS, 5 * 60 * 1000, "invitationTokenExpiresAt");
    assert.equal(seat.claimedAt, null);
    assert.equal(seat.revokedAt, null);
    assert.deepEqual(seat.seatMetadata, {});
    assert.ok(await waitForInvitation(server, email));
  });

  it("assignSeat with externalMemberId + email and metadata", async () => {
    const w = world({ seats: 2 });
    const email = uniqueEmail("ext0");
    const external = `ext0-${Date.now()}`;
    const metadata = { plan: "gold", seats: 2 };
    const seat = await ok(seats(w.token).assignSeat({
      subscriptionId: w.subscription.id, externalMemberId: external, email, metadata,
    }), "assignSeat");
    assertSeatShapeV0(seat);
    assert.equal(seat.status, "pending");
    assert.equal(seat.member?.externalId, external);
    assert.equal(seat.member?.email, email);
    assert.equal(seat.email, email);
    assert.deepEqual(seat.seatMetadata, metadata);
    await waitForInvitation(server, email);
  });

  it("assignSeat with immediateClaim: claimed, claimedAt Date, no expiry, no e-mail", async () => {
    const w = world({ seats: 2 });
    const email = uniqueEmail("instant0");
    const seat = await ok(seats(w.token).assignSeat({ subscriptionId: w.subscription.id, email, immediateClaim: true }));
    assertSeatShapeV0(seat);
    assert.equal(seat.status, "claimed");
    assert.ok(seat.claimedAt instanceof Date);
    assert.equal(seat.invitationTokenExpiresAt, null);
    assert.equal(seat.member?.email, email);
    assert.equal(seat.customerId, w.customer.id);
    await sleep(300);
    assert.equal(invitationsFor(server, email).length, 0);
  });

  it("listSeats({subscriptionId}): SeatsList with counts and ordered seats", async () => {
    const w = world({ seats: 3 });
    const s = seats(w.token);
    const empty = await ok(s.listSeats({ subscriptionId: w.subscription.id }), "listSeats");
    assert.deepEqual(empty, { seats: [], availableSeats: 3, totalSeats: 3 });
    const { seat: a } = await assignByEmail(w, uniqueEmail("a0"));
    const { seat: b } = await assignByEmail(w, uniqueEmail("b0"));
    const list = await ok(s.listSeats({ subscriptionId: w.subscription.id }), "listSeats");
    assert.equal(list.totalSeats, 3);
    assert.equal(list.availableSeats, 1);
    assert.deepEqual(list.seats.map((x) => x.id), [a.id, b.id]);
    list.seats.forEach((x, i) => assertSeatShapeV0(x, `seats[${i}]`));
    await ok(s.revokeSeat({ seatId: b.id }));
    const after = await ok(s.listSeats({ subscriptionId: w.subscription.id }));
    assert.equal(after.availableSeats, 2);
    assert.equal(after.seats.find((x) => x.id === b.id)?.status, "revoked");
  });

  it("listSeats({orderId}) on a one-time product", async () => {
    const w = world({ seats: 2, oneTime: true });
    const s = seats(w.token);
    const email = uniqueEmail("order0");
    const seat = await ok(s.assignSeat({ orderId: w.order.id, email }), "assignSeat(order)");
    assertSeatShapeV0(seat);
    assert.equal(seat.orderId, w.order.id);
    assert.equal(seat.subscriptionId, null);
    const list = await ok(s.listSeats({ orderId: w.order.id }), "listSeats(order)");
    assert.equal(list.totalSeats, 2);
    assert.equal(list.availableSeats, 1);
    assert.deepEqual(list.seats.map((x) => x.id), [seat.id]);
    await waitForInvitation(server, email);
  });

  it("revokeSeat({seatId}): revoked, holder cleared, token dead, idempotent", async () => {
    const w = world({ seats: 2 });
    const s = seats(w.token);
    const { seat, email } = await assignByEmail(w, uniqueEmail("rev0"));
    const token = await waitForInvitation(server, email);
    const revoked = await ok(s.revokeSeat({ seatId: seat.id }), "revokeSeat");
    assertSeatShapeV0(revoked);
    assert.equal(revoked.status, "revoked");
    assert.ok(revoked.revokedAt instanceof Date);
    assert.equal(revoked.member, null);
    assert.equal(revoked.memberId, null);
    assert.equal(revoked.customerId, null);
    assert.equal(revoked.email, null);
    assert.equal(revoked.customerEmail, null);
    let e = await rejectsWith(s.getClaimInfo({ invitationToken: token }));
    assertSdkError(e, 404, "ResourceNotFound", "claim info after revoke");
    e = await rejectsWith(s.claimSeat({ invitationToken: token }));
    assertSdkError(e, 400, "InvalidInvitationToken", "claim after revoke");
    const again = await ok(s.revokeSeat({ seatId: seat.id }), "revoke again");
    assert.equal(again.status, "revoked");
    assert.equal(again.revokedAt.getTime(), revoked.revokedAt.getTime());
  });

  it("resendInvitation({seatId}) rotates the token", async () => {
    const w = world({ seats: 2 });
    const s = seats(w.token);
    const { seat, email } = await assignByEmail(w, uniqueEmail("resend0"));
    const first = await waitForInvitation(server, email);
    const captured = [];
    const resent = await ok(seats(w.token, captured).resendInvitation({ seatId: seat.id }), "resendInvitation");
    assert.equal(captured.at(-1).headers.get("content-type"), null, "0.x resend sends no body/content-type");
    assertSeatShapeV0(resent);
    assert.equal(resent.id, seat.id);
    assert.equal(resent.status, "pending");
    assert.ok(resent.invitationTokenExpiresAt.getTime() >= seat.invitationTokenExpiresAt.getTime());
    const second = await waitForInvitation(server, email, { count: 2 });
    assert.notEqual(second, first);
    const e = await rejectsWith(s.getClaimInfo({ invitationToken: first }));
    assertSdkError(e, 404, "ResourceNotFound", "old token after resend");
    const info = await ok(s.getClaimInfo({ invitationToken: second }));
    assert.equal(info.canClaim, true);
  });

  it("getClaimInfo / claimSeat without Authorization (0.x sends none): SeatClaimInfo + member session", async () => {
    const w = world({ seats: 2 });
    const { seat, email } = await assignByEmail(w, uniqueEmail("claim0"));
    const token = await waitForInvitation(server, email);
    const captured = [];
    const s = seats(w.token, captured);

    const info = await ok(s.getClaimInfo({ invitationToken: token }), "getClaimInfo");
    assert.equal(captured.at(-1).headers.get("authorization"), null, "0.x sends no Authorization to claim routes");
    assert.deepEqual(Object.keys(info).sort(),
      ["canClaim", "customerEmail", "organizationName", "organizationSlug", "productId", "productName"]);
    assert.equal(info.productId, w.product.id);
    assert.equal(info.organizationSlug, w.slug);
    if (w.product.name !== undefined) assert.equal(info.productName, w.product.name);
    if (w.organization.name !== undefined) assert.equal(info.organizationName, w.organization.name);
    assert.equal(info.customerEmail, email);
    assert.equal(info.canClaim, true);

    const claim = await ok(s.claimSeat({ invitationToken: token }), "claimSeat");
    assert.equal(captured.at(-1).headers.get("authorization"), null);
    assert.ok(claim.customerSessionToken.startsWith("polar_mst_"), claim.customerSessionToken);
    assertSeatShapeV0(claim.seat, "claim.seat");
    assert.equal(claim.seat.id, seat.id);
    assert.equal(claim.seat.status, "claimed");
    assert.ok(claim.seat.claimedAt instanceof Date);
    assert.equal(claim.seat.customerId, w.customer.id);
    assert.equal(claim.seat.member?.email, email);

    let e = await rejectsWith(s.getClaimInfo({ invitationToken: token }));
    assertSdkError(e, 404, "ResourceNotFound", "claim info after claim");
    e = await rejectsWith(s.claimSeat({ invitationToken: token }));
    assertSdkError(e, 400, "InvalidInvitationToken", "second claim");
  });

  it("assignSeat({memberId}) re-seats an existing member", async () => {
    const w = world({ seats: 2 });
    const s = seats(w.token);
    const { seat: first, email } = await assignByEmail(w, uniqueEmail("member-id0"));
    await ok(s.revokeSeat({ seatId: first.id }));
    const again = await ok(s.assignSeat({ subscriptionId: w.subscription.id, memberId: first.memberId }), "assignSeat(memberId)");
    assertSeatShapeV0(again);
    assert.equal(again.status, "pending");
    assert.equal(again.memberId, first.memberId);
    assert.equal(again.email, email);
    const e = await rejectsWith(s.assignSeat({ subscriptionId: w.subscription.id, memberId: unknownId() }));
    assertSdkError(e, 404, "MemberNotFound", "unknown memberId");
  });

  it("a 0.x client with an invalid access token can still use the claim routes", async () => {
    const w = world({ seats: 1 });
    const { email } = await assignByEmail(w, uniqueEmail("anon0"));
    const token = await waitForInvitation(server, email);
    const s = seats(BOGUS_TOKEN);
    const info = await ok(s.getClaimInfo({ invitationToken: token }));
    assert.equal(info.customerEmail, email);
    const claim = await ok(s.claimSeat({ invitationToken: token }));
    assert.equal(claim.seat.status, "claimed");
  });
});

describe("@polar-sh/sdk 0.49.0: errors", () => {
  it("assignSeat on a full subscription → SDKError 400 SeatNotAvailable", async () => {
    const w = world({ seats: 1 });
    await assignByEmail(w);
    const e = await rejectsWith(seats(w.token).assignSeat({ subscriptionId: w.subscription.id, email: uniqueEmail() }));
    assertSdkError(e, 400, "SeatNotAvailable", "full");
  });

  it("assignSeat twice to the same e-mail → SDKError 400 SeatAlreadyAssigned", async () => {
    const w = world({ seats: 3 });
    const { email } = await assignByEmail(w);
    const e = await rejectsWith(seats(w.token).assignSeat({ subscriptionId: w.subscription.id, email }));
    assertSdkError(e, 400, "SeatAlreadyAssigned", "duplicate");
  });

  it("assignSeat on an unknown subscription / order → SDKError 404 ResourceNotFound", async () => {
    const w = world({ seats: 1 });
    const s = seats(w.token);
    let e = await rejectsWith(s.assignSeat({ subscriptionId: unknownId(), email: uniqueEmail() }));
    assertSdkError(e, 404, "ResourceNotFound", "unknown subscription");
    e = await rejectsWith(s.assignSeat({ orderId: unknownId(), email: uniqueEmail() }));
    assertSdkError(e, 404, "ResourceNotFound", "unknown order");
  });

  it("assignSeat with an invalid body → HTTPValidationError with detail[] parsed", async () => {
    const w = world({ seats: 5 });
    const sub = w.subscription.id;
    const cases = [
      { name: "nothing but immediate_claim", body: {} },
      { name: "no container", body: { email: uniqueEmail() } },
      { name: "both containers", body: { subscriptionId: sub, orderId: unknownId(), email: uniqueEmail() } },
      { name: "no recipient", body: { subscriptionId: sub } },
      { name: "bad subscription uuid", body: { subscriptionId: "not-a-uuid", email: uniqueEmail() }, loc: "subscription_id" },
      { name: "bad email", body: { subscriptionId: sub, email: "not-an-email" }, loc: "email" },
      { name: "member_id with email", body: { subscriptionId: sub, memberId: unknownId(), email: uniqueEmail() } },
      {
        name: "11 metadata keys",
        body: { subscriptionId: sub, email: uniqueEmail(), metadata: Object.fromEntries([...Array(11)].map((_, i) => [`k${i}`, i])) },
        loc: "metadata",
      },
    ];
    for (const c of cases) {
      const e = await rejectsWith(seats(w.token).assignSeat(c.body), c.name);
      const detail = assertValidation(e, c.name);
      assert.equal(detail[0].loc[0], "body", `${c.name}: ${JSON.stringify(detail)}`);
      if (c.loc) assert.ok(detail.some((d) => d.loc.includes(c.loc)), `${c.name}: ${JSON.stringify(detail)}`);
    }
  });

  it("listSeats({}) → SDKError 400 BadRequest; unknown → 404; bad uuid → HTTPValidationError", async () => {
    const w = world({ seats: 1 });
    const s = seats(w.token);
    let e = await rejectsWith(s.listSeats({}));
    assertSdkError(e, 400, "BadRequest", "no container");
    e = await rejectsWith(s.listSeats({ subscriptionId: unknownId() }));
    assertSdkError(e, 404, "ResourceNotFound", "unknown subscription");
    e = await rejectsWith(s.listSeats({ orderId: unknownId() }));
    assertSdkError(e, 404, "ResourceNotFound", "unknown order");
    e = await rejectsWith(s.listSeats({ subscriptionId: "nope" }));
    const detail = assertValidation(e, "bad uuid");
    assert.ok(detail.some((d) => d.loc[0] === "query"), JSON.stringify(detail));
  });

  it("revokeSeat unknown seat → SDKError 404; bad seatId → HTTPValidationError", async () => {
    const w = world({ seats: 1 });
    const s = seats(w.token);
    let e = await rejectsWith(s.revokeSeat({ seatId: unknownId() }));
    assertSdkError(e, 404, "ResourceNotFound", "unknown seat");
    e = await rejectsWith(s.revokeSeat({ seatId: "not-a-uuid" }));
    const detail = assertValidation(e, "bad seat id");
    assert.ok(detail.some((d) => d.loc[0] === "path" && d.loc.includes("seat_id")), JSON.stringify(detail));
  });

  it("resendInvitation on a claimed seat → SDKError 400 SeatNotPending; unknown → 404", async () => {
    const w = world({ seats: 2 });
    const s = seats(w.token);
    const { seat, email } = await assignByEmail(w);
    const token = await waitForInvitation(server, email);
    await ok(s.claimSeat({ invitationToken: token }));
    let e = await rejectsWith(s.resendInvitation({ seatId: seat.id }));
    assertSdkError(e, 400, "SeatNotPending", "claimed seat");
    const instant = await ok(s.assignSeat({ subscriptionId: w.subscription.id, email: uniqueEmail(), immediateClaim: true }));
    e = await rejectsWith(s.resendInvitation({ seatId: instant.id }));
    assertSdkError(e, 400, "SeatNotPending", "immediately claimed seat");
    e = await rejectsWith(s.resendInvitation({ seatId: unknownId() }));
    assertSdkError(e, 404, "ResourceNotFound", "unknown seat");
  });

  it("getClaimInfo with a bad token → SDKError 404; claimSeat with a bad token → SDKError 400", async () => {
    const s = seats(undefined);
    for (const token of ["no-such-token", "tok with space+plus="]) {
      const e = await rejectsWith(s.getClaimInfo({ invitationToken: token }));
      assertSdkError(e, 404, "ResourceNotFound", `claim info ${token}`);
    }
    const e = await rejectsWith(s.claimSeat({ invitationToken: "no-such-token" }));
    assertSdkError(e, 400, "InvalidInvitationToken", "claim");
  });

  it("seat-based pricing off → SDKError 403 FeatureNotEnabled on listSeats and assignSeat", async () => {
    const w = world({ seats: 2, seatBasedPricing: false });
    const s = seats(w.token);
    let e = await rejectsWith(s.listSeats({ subscriptionId: w.subscription.id }));
    assertSdkError(e, 403, "FeatureNotEnabled", "list");
    e = await rejectsWith(s.assignSeat({ subscriptionId: w.subscription.id, email: uniqueEmail() }));
    assertSdkError(e, 403, "FeatureNotEnabled", "assign");
  });

  it("seat-based pricing turned off later → SDKError 403 on revoke, resend, getClaimInfo, claimSeat", async () => {
    const w = world({ seats: 2 });
    const s = seats(w.token);
    const { seat, email } = await assignByEmail(w);
    const token = await waitForInvitation(server, email);
    disableSeatPricingInDb(server, w.organization.id);
    let e = await rejectsWith(s.revokeSeat({ seatId: seat.id }));
    assertSdkError(e, 403, "FeatureNotEnabled", "revoke");
    e = await rejectsWith(s.resendInvitation({ seatId: seat.id }));
    assertSdkError(e, 403, "FeatureNotEnabled", "resend");
    e = await rejectsWith(s.getClaimInfo({ invitationToken: token }));
    assertSdkError(e, 403, "FeatureNotEnabled", "claim info");
    e = await rejectsWith(s.claimSeat({ invitationToken: token }));
    assertSdkError(e, 403, "FeatureNotEnabled", "claim");
  });

  it("invalid or missing access token → SDKError 401 with a JSON body", async () => {
    const w = world({ seats: 2 });
    const { seat } = await assignByEmail(w);
    const s = seats(BOGUS_TOKEN);
    let e = await rejectsWith(s.listSeats({ subscriptionId: w.subscription.id }));
    assertAuthBody(assertSdkError(e, 401, null, "list"), ["invalid_token"], "list");
    e = await rejectsWith(s.assignSeat({ subscriptionId: w.subscription.id, email: uniqueEmail() }));
    assertAuthBody(assertSdkError(e, 401, null, "assign"), ["invalid_token"], "assign");
    e = await rejectsWith(s.revokeSeat({ seatId: seat.id }));
    assertAuthBody(assertSdkError(e, 401, null, "revoke"), ["invalid_token"], "revoke");
    e = await rejectsWith(s.resendInvitation({ seatId: seat.id }));
    assertAuthBody(assertSdkError(e, 401, null, "resend"), ["invalid_token"], "resend");

    // accessToken "" → 0.x omits the header entirely → anonymous → 401
    const captured = [];
    e = await rejectsWith(seats("", captured).listSeats({ subscriptionId: w.subscription.id }));
    assert.equal(captured.at(-1).headers.get("authorization"), null);
    assertAuthBody(assertSdkError(e, 401, null, "no token"), ["Unauthorized", "invalid_token"], "no token");
  });

  it("missing scope → SDKError 403 insufficient_scope; write-only token may list", async () => {
    const base = world({ seats: 3 });
    const { seat } = await assignByEmail(base);
    const readOnly = server.admin("create-token", "--organization", base.slug, "--scopes", "customer_seats:read").token;
    const writeOnly = server.admin("create-token", "--organization", base.slug, "--scopes", "customer_seats:write").token;
    const r = seats(readOnly);
    const list = await ok(r.listSeats({ subscriptionId: base.subscription.id }));
    assert.equal(list.seats.length, 1);
    let e = await rejectsWith(r.assignSeat({ subscriptionId: base.subscription.id, email: uniqueEmail() }));
    assertAuthBody(assertSdkError(e, 403, null, "assign"), ["insufficient_scope"], "assign");
    e = await rejectsWith(r.revokeSeat({ seatId: seat.id }));
    assertAuthBody(assertSdkError(e, 403, null, "revoke"), ["insufficient_scope"], "revoke");
    e = await rejectsWith(r.resendInvitation({ seatId: seat.id }));
    assertAuthBody(assertSdkError(e, 403, null, "resend"), ["insufficient_scope"], "resend");
    const list2 = await ok(seats(writeOnly).listSeats({ subscriptionId: base.subscription.id }), "list with write scope");
    assert.equal(list2.seats.length, 1);
    assert.match(list2.seats[0].id, UUID);
  });
});
