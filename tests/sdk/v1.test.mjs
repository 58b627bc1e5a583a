// SDK conformance: @polar-sh/sdk 1.0.1 (npm alias polar-sdk-1) against a real seatkeeper.
// 1.0.1 validates no response, so the tests check every field themselves; errors are the typed
// classes of the version entry point's `errors` namespace, with `.error` holding the parsed JSON.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";

import { PolarClientError } from "polar-sdk-1";
import * as v2026_04 from "polar-sdk-1/2026-04";
import * as v2026_10 from "polar-sdk-1/2026-10";
import * as v2027_01 from "polar-sdk-1/2027-01";

import { startServer, createWorld, waitForInvitation, PUBLIC_URL } from "../lib/harness.mjs";
import {
  BOGUS_TOKEN, CLAIM_INFO_KEYS, DAY_MS, UUID,
  assertAuthBody, assertDateTimeString, assertEnvelope, assertErrorClass, assertNear, assertSeatShapeV1,
  assertValidationItems, captureFetch, describeError, disableSeatPricingInDb, invitationsFor, ok, parseJsonText, rejectsWith, sleep,
  uniqueEmail, unknownId,
} from "./helpers.mjs";

const { errors } = v2026_04;

let server;

before(async () => {
  server = await startServer();
});

after(async () => {
  await server?.stop();
});

// customerSeats service of a 1.x client for `token`, from the given version entry point.
function seats(token, entry = v2026_04) {
  return entry.createPolar({ accessToken: token, baseUrl: server.baseUrl }).customerSeats;
}

function world(opts) {
  return createWorld(server, opts);
}

async function assignByEmail(w, email = uniqueEmail(), extra = {}) {
  const seat = await ok(seats(w.token).assignSeat({ subscription_id: w.subscription.id, email, ...extra }),
    "assignSeat");
  return { seat, email };
}

// Asserts a typed 1.x error: class name + instanceof, statusCode and (when given) the envelope's error name.
function assertTyped(e, cls, status, errorName, label) {
  assertErrorClass(e, cls, label);
  assert.ok(e instanceof PolarClientError, `${label}: should extend PolarClientError`);
  assert.equal(e.statusCode, status, `${label}: statusCode`);
  if (errorName) assertEnvelope(e.error, errorName, label);
}

describe("@polar-sh/sdk 1.0.1: happy paths", () => {
  it("assignSeat by email returns a pending CustomerSeat and mails a claim link", async () => {
    const w = world({ seats: 3 });
    const before = Date.now();
    const { seat, email } = await assignByEmail(w);
    assertSeatShapeV1(seat);
    assert.equal(seat.status, "pending");
    assert.equal(seat.subscription_id, w.subscription.id);
    assert.equal(seat.order_id, null);
    assert.equal(seat.email, email);
    assert.equal(seat.customer_email, email);
    assert.equal(seat.customer_id, w.customer.id, "member model: customer_id is the billing customer");
    assert.notEqual(seat.member, null, "a member is created for the e-mail");
    assert.equal(seat.member.email, email);
    assert.equal(seat.member.customer_id, w.customer.id);
    assert.equal(seat.member.role, "member");
    assert.equal(seat.member.external_id, null);
    assert.equal(seat.claimed_at, null);
    assert.equal(seat.revoked_at, null);
    assert.deepEqual(seat.seat_metadata, {});
    assert.notEqual(seat.invitation_token_expires_at, null);
    assertNear(Date.parse(seat.invitation_token_expires_at), before + DAY_MS, 5 * 60 * 1000,
      "invitation_token_expires_at ≈ now + 24 h");

    const token = await waitForInvitation(server, email);
    assert.ok(typeof token === "string" && token.length > 0);
    const [mail] = invitationsFor(server, email);
    assert.ok(mail.url.startsWith(`${PUBLIC_URL}/${w.slug}/portal/claim?token=`), `claim url: ${mail.url}`);
  });

  it("assignSeat with external_member_id + email and metadata", async () => {
    const w = world({ seats: 2 });
    const email = uniqueEmail("ext");
    const external = `ext-${Date.now()}`;
    const metadata = { team: "blue", level: 3, nested: { ok: true } };
    const seat = await ok(seats(w.token).assignSeat({
      subscription_id: w.subscription.id, external_member_id: external, email, metadata,
    }), "assignSeat");
    assertSeatShapeV1(seat);
    assert.equal(seat.status, "pending");
    assert.equal(seat.email, email);
    assert.equal(seat.member?.external_id, external);
    assert.equal(seat.member?.email, email);
    assert.equal(seat.member?.customer_id, w.customer.id);
    assert.deepEqual(seat.seat_metadata, metadata);
    await waitForInvitation(server, email);
  });

  it("assignSeat with immediate_claim is claimed at once, without a token or an e-mail", async () => {
    const w = world({ seats: 2 });
    const email = uniqueEmail("instant");
    const seat = await ok(seats(w.token).assignSeat({
      subscription_id: w.subscription.id, email, immediate_claim: true,
    }), "assignSeat");
    assertSeatShapeV1(seat);
    assert.equal(seat.status, "claimed");
    assertDateTimeString(seat.claimed_at, "claimed_at");
    assert.equal(seat.invitation_token_expires_at, null);
    assert.equal(seat.revoked_at, null);
    assert.equal(seat.email, email);
    assert.equal(seat.member?.email, email);
    assert.equal(seat.customer_id, w.customer.id);
    await sleep(300);
    assert.equal(invitationsFor(server, email).length, 0, "immediate_claim must not send an invitation");
  });

  it("listSeats by subscription: all seats in creation order, counts, revoked seats included", async () => {
    const w = world({ seats: 3 });
    const s = seats(w.token);
    const empty = await ok(s.listSeats({ subscription_id: w.subscription.id }), "listSeats");
    assert.deepEqual(Object.keys(empty).sort(), ["available_seats", "seats", "total_seats"]);
    assert.deepEqual(empty.seats, []);
    assert.equal(empty.total_seats, 3);
    assert.equal(empty.available_seats, 3);

    const { seat: a } = await assignByEmail(w, uniqueEmail("a"));
    const { seat: b } = await assignByEmail(w, uniqueEmail("b"));
    const list = await ok(s.listSeats({ subscription_id: w.subscription.id }), "listSeats");
    assert.equal(list.total_seats, 3);
    assert.equal(list.available_seats, 1);
    assert.ok(Number.isInteger(list.total_seats) && Number.isInteger(list.available_seats));
    assert.deepEqual(list.seats.map((x) => x.id), [a.id, b.id], "ordered by created_at, id");
    list.seats.forEach((x, i) => assertSeatShapeV1(x, `seats[${i}]`));
    assert.deepEqual(list.seats[0], a, "listed seat equals the assigned one");

    await ok(s.revokeSeat(a.id), "revokeSeat");
    const after = await ok(s.listSeats({ subscription_id: w.subscription.id }), "listSeats");
    assert.equal(after.available_seats, 2, "revoked seats do not use capacity");
    assert.equal(after.total_seats, 3);
    const revoked = after.seats.find((x) => x.id === a.id);
    assert.ok(revoked, "revoked seat is still listed");
    assert.equal(revoked.status, "revoked");
  });

  it("listSeats by order on a one-time product", async () => {
    const w = world({ seats: 2, oneTime: true });
    const s = seats(w.token);
    const email = uniqueEmail("order");
    const seat = await ok(s.assignSeat({ order_id: w.order.id, email }), "assignSeat(order)");
    assertSeatShapeV1(seat);
    assert.equal(seat.order_id, w.order.id);
    assert.equal(seat.subscription_id, null);
    assert.equal(seat.status, "pending");
    const list = await ok(s.listSeats({ order_id: w.order.id }), "listSeats(order)");
    assert.equal(list.total_seats, 2);
    assert.equal(list.available_seats, 1);
    assert.deepEqual(list.seats.map((x) => x.id), [seat.id]);
    assertSeatShapeV1(list.seats[0]);
    await waitForInvitation(server, email);
  });

  it("revokeSeat: revoked, holder cleared, token dead, idempotent", async () => {
    const w = world({ seats: 2 });
    const s = seats(w.token);
    const { seat, email } = await assignByEmail(w, uniqueEmail("rev"), { metadata: { k: "v" } });
    const token = await waitForInvitation(server, email);
    const revoked = await ok(s.revokeSeat(seat.id), "revokeSeat");
    assertSeatShapeV1(revoked);
    assert.equal(revoked.id, seat.id);
    assert.equal(revoked.status, "revoked");
    assertDateTimeString(revoked.revoked_at, "revoked_at");
    for (const k of ["member", "member_id", "customer_id", "email", "customer_email"]) {
      assert.equal(revoked[k], null, `${k} must be null after revoke`);
    }
    assert.deepEqual(revoked.seat_metadata, { k: "v" }, "metadata survives revoke");
    assert.equal(revoked.subscription_id, w.subscription.id);

    const e = await rejectsWith(s.getClaimInfo(token), "getClaimInfo(revoked token)");
    assertTyped(e, errors.CustomerSeatsGetClaimInfo404Error, 404, "ResourceNotFound", "getClaimInfo after revoke");
    const e2 = await rejectsWith(s.claimSeat({ invitation_token: token }), "claimSeat(revoked token)");
    assertTyped(e2, errors.CustomerSeatsClaimSeat400Error, 400, "InvalidInvitationToken", "claimSeat after revoke");

    const again = await ok(s.revokeSeat(seat.id), "revokeSeat again");
    assert.equal(again.status, "revoked");
    assert.equal(again.revoked_at, revoked.revoked_at, "second revoke leaves the seat unchanged");
  });

  it("revokeSeat of a claimed seat keeps claimed_at", async () => {
    const w = world({ seats: 2 });
    const s = seats(w.token);
    const seat = await ok(s.assignSeat({ subscription_id: w.subscription.id, email: uniqueEmail(), immediate_claim: true }));
    const revoked = await ok(s.revokeSeat(seat.id), "revokeSeat");
    assertSeatShapeV1(revoked);
    assert.equal(revoked.status, "revoked");
    assert.equal(revoked.claimed_at, seat.claimed_at);
    assert.equal(revoked.member, null);
    assert.equal(revoked.customer_email, null);
  });

  it("resendInvitation rotates the token: new e-mail, old token dead, new token works", async () => {
    const w = world({ seats: 2 });
    const s = seats(w.token);
    const { seat, email } = await assignByEmail(w, uniqueEmail("resend"));
    const first = await waitForInvitation(server, email);
    await sleep(20);
    const resent = await ok(s.resendInvitation(seat.id), "resendInvitation");
    assertSeatShapeV1(resent);
    assert.equal(resent.id, seat.id);
    assert.equal(resent.status, "pending");
    assert.equal(resent.email, email);
    assert.notEqual(resent.invitation_token_expires_at, null);
    assert.ok(Date.parse(resent.invitation_token_expires_at) >= Date.parse(seat.invitation_token_expires_at),
      "a fresh 24 h expiry");
    assertNear(Date.parse(resent.invitation_token_expires_at), Date.now() + DAY_MS, 5 * 60 * 1000, "new expiry");

    const second = await waitForInvitation(server, email, { count: 2 });
    assert.notEqual(second, first, "resend must mint a new token");
    const e = await rejectsWith(s.getClaimInfo(first), "getClaimInfo(old token)");
    assertTyped(e, errors.CustomerSeatsGetClaimInfo404Error, 404, "ResourceNotFound", "old token after resend");
    const info = await ok(s.getClaimInfo(second), "getClaimInfo(new token)");
    assert.equal(info.can_claim, true);
    const e2 = await rejectsWith(s.claimSeat({ invitation_token: first }), "claimSeat(old token)");
    assertTyped(e2, errors.CustomerSeatsClaimSeat400Error, 400, "InvalidInvitationToken", "claim with old token");
    const claimed = await ok(s.claimSeat({ invitation_token: second }), "claimSeat(new token)");
    assert.equal(claimed.seat.status, "claimed");
  });

  it("getClaimInfo then claimSeat (Authorization sent, valid token accepted)", async () => {
    const w = world({ seats: 2 });
    const s = seats(w.token);
    const { seat, email } = await assignByEmail(w, uniqueEmail("claim"));
    const token = await waitForInvitation(server, email);

    const { result: info, requests } = await captureFetch(() => ok(s.getClaimInfo(token), "getClaimInfo"));
    assert.equal(requests.at(-1).headers.get("authorization"), `Bearer ${w.token}`, "1.x sends the bearer");
    assert.deepEqual(Object.keys(info).sort(), [...CLAIM_INFO_KEYS].sort());
    assert.equal(info.product_id, w.product.id);
    assert.equal(info.organization_slug, w.slug);
    if (w.product.name !== undefined) assert.equal(info.product_name, w.product.name);
    else assert.ok(typeof info.product_name === "string" && info.product_name.length > 0);
    if (w.organization.name !== undefined) assert.equal(info.organization_name, w.organization.name);
    else assert.ok(typeof info.organization_name === "string" && info.organization_name.length > 0);
    assert.equal(info.customer_email, email);
    assert.equal(info.can_claim, true);

    const before = Date.now();
    const { result: claim, requests: r2 } = await captureFetch(
      () => ok(s.claimSeat({ invitation_token: token }), "claimSeat"));
    assert.equal(r2.at(-1).headers.get("authorization"), `Bearer ${w.token}`);
    assert.deepEqual(Object.keys(claim).sort(), ["customer_session_token", "seat"]);
    assert.equal(typeof claim.customer_session_token, "string");
    assert.ok(claim.customer_session_token.startsWith("polar_mst_"),
      `member session token expected, got ${claim.customer_session_token}`);
    assertSeatShapeV1(claim.seat, "claim.seat");
    assert.equal(claim.seat.id, seat.id);
    assert.equal(claim.seat.status, "claimed");
    assertDateTimeString(claim.seat.claimed_at, "claimed_at");
    assertNear(Date.parse(claim.seat.claimed_at), before, 60 * 1000, "claimed_at ≈ now");
    assert.equal(claim.seat.revoked_at, null);
    assert.equal(claim.seat.customer_id, w.customer.id);
    assert.equal(claim.seat.member?.email, email);
    assert.equal(claim.seat.email, email);

    const list = await ok(s.listSeats({ subscription_id: w.subscription.id }));
    assert.equal(list.seats.find((x) => x.id === seat.id)?.status, "claimed");

    // single use
    const e = await rejectsWith(s.getClaimInfo(token), "getClaimInfo(after claim)");
    assertTyped(e, errors.CustomerSeatsGetClaimInfo404Error, 404, "ResourceNotFound", "claim-info after claim");
    const e2 = await rejectsWith(s.claimSeat({ invitation_token: token }), "claimSeat twice");
    assertTyped(e2, errors.CustomerSeatsClaimSeat400Error, 400, "InvalidInvitationToken", "second claim");
  });

  it("assignSeat by member_id re-seats an existing member of the billing customer", async () => {
    const w = world({ seats: 2 });
    const s = seats(w.token);
    const { seat: first, email } = await assignByEmail(w, uniqueEmail("member-id"));
    const memberId = first.member_id;
    assert.match(memberId, UUID);
    await ok(s.revokeSeat(first.id), "revokeSeat");
    const again = await ok(s.assignSeat({ subscription_id: w.subscription.id, member_id: memberId }), "assignSeat(member_id)");
    assertSeatShapeV1(again);
    assert.equal(again.status, "pending");
    assert.equal(again.member_id, memberId);
    assert.equal(again.member?.id, memberId);
    assert.equal(again.email, email);
    assert.equal(again.customer_id, w.customer.id);
    await waitForInvitation(server, email, { count: 2 });
    const e = await rejectsWith(s.assignSeat({ subscription_id: w.subscription.id, member_id: unknownId() }));
    assertTyped(e, errors.CustomerSeatsAssignSeat404Error, 404, "MemberNotFound", "unknown member_id");
  });

  it("concurrent assignSeat calls never oversell a subscription", async () => {
    const w = world({ seats: 1 });
    const s = seats(w.token);
    const results = await Promise.allSettled([...Array(5)].map(() =>
      s.assignSeat({ subscription_id: w.subscription.id, email: uniqueEmail("race") })));
    const wins = results.filter((r) => r.status === "fulfilled");
    const losses = results.filter((r) => r.status === "rejected");
    assert.equal(wins.length, 1, `exactly one success: ${results.map((r) => r.status === "rejected" ? describeError(r.reason) : "ok")}`);
    for (const l of losses) assertTyped(l.reason, errors.CustomerSeatsAssignSeat400Error, 400, "SeatNotAvailable", "race loser");
    const list = await ok(s.listSeats({ subscription_id: w.subscription.id }));
    assert.equal(list.seats.filter((x) => x.status !== "revoked").length, 1);
    assert.equal(list.available_seats, 0);
  });

  it("claim routes accept a valid access token of another organization", async () => {
    const w = world({ seats: 1 });
    const other = world({ seats: 1 });
    const { email } = await assignByEmail(w, uniqueEmail("x-org"));
    const token = await waitForInvitation(server, email);
    const s = seats(other.token);
    const info = await ok(s.getClaimInfo(token), "getClaimInfo with another org's token");
    assert.equal(info.organization_slug, w.slug);
    const claim = await ok(s.claimSeat({ invitation_token: token }), "claimSeat with another org's token");
    assert.equal(claim.seat.status, "claimed");
  });
});

describe("@polar-sh/sdk 1.0.1: errors", () => {
  it("assignSeat on a full subscription → CustomerSeatsAssignSeat400Error SeatNotAvailable", async () => {
    const w = world({ seats: 1 });
    await assignByEmail(w);
    const e = await rejectsWith(seats(w.token).assignSeat({ subscription_id: w.subscription.id, email: uniqueEmail() }));
    assertTyped(e, errors.CustomerSeatsAssignSeat400Error, 400, "SeatNotAvailable", "full subscription");
  });

  it("assignSeat twice to the same e-mail → CustomerSeatsAssignSeat400Error SeatAlreadyAssigned", async () => {
    const w = world({ seats: 3 });
    const { email } = await assignByEmail(w);
    const e = await rejectsWith(seats(w.token).assignSeat({ subscription_id: w.subscription.id, email }));
    assertTyped(e, errors.CustomerSeatsAssignSeat400Error, 400, "SeatAlreadyAssigned", "duplicate");
  });

  it("assignSeat on a pending order → CustomerSeatsAssignSeat400Error SeatNotAvailable", async () => {
    const w = world({ seats: 2, oneTime: true, orderStatus: "pending" });
    const e = await rejectsWith(seats(w.token).assignSeat({ order_id: w.order.id, email: uniqueEmail() }));
    assertTyped(e, errors.CustomerSeatsAssignSeat400Error, 400, "SeatNotAvailable", "pending order");
  });

  it("assignSeat on an unknown or foreign subscription/order → CustomerSeatsAssignSeat404Error", async () => {
    const w = world({ seats: 1 });
    const other = world({ seats: 1 });
    const s = seats(w.token);
    let e = await rejectsWith(s.assignSeat({ subscription_id: unknownId(), email: uniqueEmail() }));
    assertTyped(e, errors.CustomerSeatsAssignSeat404Error, 404, "ResourceNotFound", "unknown subscription");
    e = await rejectsWith(s.assignSeat({ subscription_id: other.subscription.id, email: uniqueEmail() }));
    assertTyped(e, errors.CustomerSeatsAssignSeat404Error, 404, "ResourceNotFound", "other org's subscription");
    e = await rejectsWith(s.assignSeat({ order_id: unknownId(), email: uniqueEmail() }));
    assertTyped(e, errors.CustomerSeatsAssignSeat404Error, 404, "ResourceNotFound", "unknown order");
  });

  it("assignSeat with an invalid body → HTTPValidationError (422, detail[])", async () => {
    const w = world({ seats: 5 });
    const sub = w.subscription.id;
    const cases = [
      { name: "empty body", body: {} },
      { name: "no container", body: { email: uniqueEmail() } },
      { name: "both containers", body: { subscription_id: sub, order_id: unknownId(), email: uniqueEmail() } },
      { name: "no recipient", body: { subscription_id: sub } },
      { name: "bad subscription uuid", body: { subscription_id: "not-a-uuid", email: uniqueEmail() }, loc: "subscription_id" },
      { name: "bad email", body: { subscription_id: sub, email: "not-an-email" }, loc: "email" },
      { name: "email wrong type", body: { subscription_id: sub, email: 42 }, loc: "email" },
      { name: "member_id with email", body: { subscription_id: sub, member_id: unknownId(), email: uniqueEmail() } },
      { name: "customer and member ids", body: { subscription_id: sub, customer_id: unknownId(), external_member_id: "m" } },
      {
        name: "11 metadata keys",
        body: { subscription_id: sub, email: uniqueEmail(), metadata: Object.fromEntries([...Array(11)].map((_, i) => [`k${i}`, i])) },
        loc: "metadata",
      },
    ];
    for (const c of cases) {
      const e = await rejectsWith(seats(w.token).assignSeat(c.body), c.name);
      assertTyped(e, errors.HTTPValidationError, 422, null, c.name);
      assert.equal(e.error?.error, "RequestValidationError", `${c.name}: envelope ${JSON.stringify(e.error)}`);
      assertValidationItems(e.error.detail, c.name);
      assert.equal(e.error.detail[0].loc[0], "body", `${c.name}: loc starts with body: ${JSON.stringify(e.error.detail)}`);
      if (c.loc) {
        assert.ok(e.error.detail.some((d) => d.loc.includes(c.loc)), `${c.name}: some loc names ${c.loc}: ${JSON.stringify(e.error.detail)}`);
      }
    }
    const list = await ok(seats(w.token).listSeats({ subscription_id: sub }));
    assert.equal(list.seats.length, 0, "no seat created by an invalid request");
  });

  it("listSeats errors: no container → 400 (unmapped PolarClientError), unknown → 404, bad uuid → 422", async () => {
    const w = world({ seats: 1 });
    const s = seats(w.token);
    let e = await rejectsWith(s.listSeats(), "listSeats()");
    assert.equal(e.name, "PolarClientError", `got ${e.name}`);
    assert.equal(e.statusCode, 400);
    assertEnvelope(parseJsonText(e.error, "list()"), "BadRequest", "list without container");

    e = await rejectsWith(s.listSeats({ subscription_id: unknownId() }));
    assertTyped(e, errors.CustomerSeatsListSeats404Error, 404, "ResourceNotFound", "unknown subscription");
    e = await rejectsWith(s.listSeats({ order_id: unknownId() }));
    assertTyped(e, errors.CustomerSeatsListSeats404Error, 404, "ResourceNotFound", "unknown order");
    e = await rejectsWith(s.listSeats({ subscription_id: "nope" }));
    assertTyped(e, errors.HTTPValidationError, 422, null, "bad uuid");
    assertValidationItems(e.error.detail, "list bad uuid");
    assert.ok(e.error.detail.some((d) => d.loc[0] === "query" && d.loc.includes("subscription_id")),
      JSON.stringify(e.error.detail));
  });

  it("revokeSeat unknown / foreign seat → CustomerSeatsRevokeSeat404Error; bad id → HTTPValidationError", async () => {
    const w = world({ seats: 1 });
    const other = world({ seats: 1 });
    const { seat: foreign } = await assignByEmail(other);
    const s = seats(w.token);
    let e = await rejectsWith(s.revokeSeat(unknownId()));
    assertTyped(e, errors.CustomerSeatsRevokeSeat404Error, 404, "ResourceNotFound", "unknown seat");
    e = await rejectsWith(s.revokeSeat(foreign.id));
    assertTyped(e, errors.CustomerSeatsRevokeSeat404Error, 404, "ResourceNotFound", "other org's seat");
    e = await rejectsWith(s.revokeSeat("not-a-uuid"));
    assertTyped(e, errors.HTTPValidationError, 422, null, "bad seat id");
    assertValidationItems(e.error.detail, "revoke bad id");
    assert.ok(e.error.detail.some((d) => d.loc[0] === "path" && d.loc.includes("seat_id")), JSON.stringify(e.error.detail));
    const still = await ok(seats(other.token).listSeats({ subscription_id: other.subscription.id }));
    assert.equal(still.seats[0].status, "pending", "foreign seat untouched");
  });

  it("resendInvitation on a claimed / revoked seat → CustomerSeatsResendInvitation400Error; unknown → 404", async () => {
    const w = world({ seats: 3 });
    const s = seats(w.token);
    const claimed = await ok(s.assignSeat({ subscription_id: w.subscription.id, email: uniqueEmail(), immediate_claim: true }));
    let e = await rejectsWith(s.resendInvitation(claimed.id));
    assertTyped(e, errors.CustomerSeatsResendInvitation400Error, 400, "SeatNotPending", "claimed seat");

    const { seat, email } = await assignByEmail(w);
    const token = await waitForInvitation(server, email);
    await ok(s.claimSeat({ invitation_token: token }));
    e = await rejectsWith(s.resendInvitation(seat.id));
    assertTyped(e, errors.CustomerSeatsResendInvitation400Error, 400, "SeatNotPending", "seat claimed by token");

    const { seat: other } = await assignByEmail(w);
    await ok(s.revokeSeat(other.id));
    e = await rejectsWith(s.resendInvitation(other.id));
    assertTyped(e, errors.CustomerSeatsResendInvitation400Error, 400, "SeatNotPending", "revoked seat");

    e = await rejectsWith(s.resendInvitation(unknownId()));
    assertTyped(e, errors.CustomerSeatsResendInvitation404Error, 404, "ResourceNotFound", "unknown seat");
  });

  it("getClaimInfo with a bad token → CustomerSeatsGetClaimInfo404Error", async () => {
    const w = world({ seats: 1 });
    const s = seats(w.token);
    for (const token of ["no-such-token", "A".repeat(43), "tok with space+plus="]) {
      const e = await rejectsWith(s.getClaimInfo(token), `getClaimInfo(${token})`);
      assertTyped(e, errors.CustomerSeatsGetClaimInfo404Error, 404, "ResourceNotFound", `token ${token}`);
    }
  });

  it("claimSeat with a bad token → CustomerSeatsClaimSeat400Error; without one → HTTPValidationError", async () => {
    const w = world({ seats: 1 });
    const s = seats(w.token);
    let e = await rejectsWith(s.claimSeat({ invitation_token: "no-such-token" }));
    assertTyped(e, errors.CustomerSeatsClaimSeat400Error, 400, "InvalidInvitationToken", "bad token");
    e = await rejectsWith(s.claimSeat({ token: "wrong-field" }));
    assertTyped(e, errors.HTTPValidationError, 422, null, "missing invitation_token");
    assertValidationItems(e.error.detail, "claim missing field");
    assert.ok(e.error.detail.some((d) => d.loc.includes("invitation_token")), JSON.stringify(e.error.detail));
  });

  it("seat-based pricing off → 403 FeatureNotEnabled on listSeats and assignSeat", async () => {
    const w = world({ seats: 2, seatBasedPricing: false });
    const s = seats(w.token);
    let e = await rejectsWith(s.listSeats({ subscription_id: w.subscription.id }));
    assertTyped(e, errors.CustomerSeatsListSeats403Error, 403, "FeatureNotEnabled", "list");
    e = await rejectsWith(s.assignSeat({ subscription_id: w.subscription.id, email: uniqueEmail() }));
    assertTyped(e, errors.CustomerSeatsAssignSeat403Error, 403, "FeatureNotEnabled", "assign");
  });

  it("seat-based pricing turned off later → 403 on revoke, resend, getClaimInfo, claimSeat", async () => {
    const w = world({ seats: 2 });
    const s = seats(w.token);
    const { seat, email } = await assignByEmail(w);
    const token = await waitForInvitation(server, email);
    disableSeatPricingInDb(server, w.organization.id);
    let e = await rejectsWith(s.revokeSeat(seat.id));
    assertTyped(e, errors.CustomerSeatsRevokeSeat403Error, 403, "FeatureNotEnabled", "revoke");
    e = await rejectsWith(s.resendInvitation(seat.id));
    assertTyped(e, errors.CustomerSeatsResendInvitation403Error, 403, "FeatureNotEnabled", "resend");
    e = await rejectsWith(s.getClaimInfo(token));
    assertTyped(e, errors.CustomerSeatsGetClaimInfo403Error, 403, "FeatureNotEnabled", "claim info");
    e = await rejectsWith(s.claimSeat({ invitation_token: token }));
    assertTyped(e, errors.CustomerSeatsClaimSeat403Error, 403, "FeatureNotEnabled", "claim");
  });

  it("invalid access token → 401 typed errors with a JSON body", async () => {
    const w = world({ seats: 2 });
    const { seat } = await assignByEmail(w);
    for (const token of [BOGUS_TOKEN, "not-even-a-polar-token"]) {
      const s = seats(token);
      let e = await rejectsWith(s.listSeats({ subscription_id: w.subscription.id }));
      assertTyped(e, errors.CustomerSeatsListSeats401Error, 401, null, "list");
      assertAuthBody(e.error, ["invalid_token"], "list");
      e = await rejectsWith(s.assignSeat({ subscription_id: w.subscription.id, email: uniqueEmail() }));
      assertTyped(e, errors.CustomerSeatsAssignSeat401Error, 401, null, "assign");
      assertAuthBody(e.error, ["invalid_token"], "assign");
      e = await rejectsWith(s.revokeSeat(seat.id));
      assertTyped(e, errors.CustomerSeatsRevokeSeat401Error, 401, null, "revoke");
      assertAuthBody(e.error, ["invalid_token"], "revoke");
      e = await rejectsWith(s.resendInvitation(seat.id));
      assertTyped(e, errors.CustomerSeatsResendInvitation401Error, 401, null, "resend");
      assertAuthBody(e.error, ["invalid_token"], "resend");
    }
    const still = await ok(seats(w.token).listSeats({ subscription_id: w.subscription.id }));
    assert.equal(still.seats[0].status, "pending", "nothing changed by unauthorized calls");
  });

  it("empty access token (\"Bearer \") → 401 CustomerSeatsListSeats401Error", async () => {
    const w = world({ seats: 1 });
    const e = await rejectsWith(seats("").listSeats({ subscription_id: w.subscription.id }));
    assertTyped(e, errors.CustomerSeatsListSeats401Error, 401, null, "empty token");
    assertAuthBody(e.error, ["Unauthorized", "invalid_token"], "empty token");
  });

  it("invalid bearer on the public claim routes → 401 (spec §1.2), as unmapped PolarClientError", async () => {
    const w = world({ seats: 1 });
    const { email } = await assignByEmail(w);
    const token = await waitForInvitation(server, email);
    const s = seats(BOGUS_TOKEN);
    let e = await rejectsWith(s.getClaimInfo(token));
    assert.equal(e.name, "PolarClientError", `getClaimInfo: ${e.name}`);
    assert.equal(e.statusCode, 401);
    assertAuthBody(parseJsonText(e.error, "claim info"), ["invalid_token"], "claim info");
    e = await rejectsWith(s.claimSeat({ invitation_token: token }));
    assert.equal(e.name, "PolarClientError", `claimSeat: ${e.name}`);
    assert.equal(e.statusCode, 401);
    // the token is still usable with a valid bearer
    const claim = await ok(seats(w.token).claimSeat({ invitation_token: token }));
    assert.equal(claim.seat.status, "claimed");
  });

  it("missing scope → 403: read-only token can list but not write; write-only token can list and write", async () => {
    const base = world({ seats: 3 });
    const { seat } = await assignByEmail(base);
    // a read-only and a write-only token of the same organization
    const readOnly = server.admin("create-token", "--organization", base.slug, "--scopes", "customer_seats:read").token;
    const writeOnly = server.admin("create-token", "--organization", base.slug, "--scopes", "customer_seats:write").token;

    const r = seats(readOnly);
    const list = await ok(r.listSeats({ subscription_id: base.subscription.id }), "list with read scope");
    assert.equal(list.seats.length, 1);
    let e = await rejectsWith(r.assignSeat({ subscription_id: base.subscription.id, email: uniqueEmail() }));
    assertTyped(e, errors.CustomerSeatsAssignSeat403Error, 403, null, "assign read-only");
    assertAuthBody(e.error, ["insufficient_scope"], "assign read-only");
    e = await rejectsWith(r.revokeSeat(seat.id));
    assertTyped(e, errors.CustomerSeatsRevokeSeat403Error, 403, null, "revoke read-only");
    assertAuthBody(e.error, ["insufficient_scope"], "revoke read-only");
    e = await rejectsWith(r.resendInvitation(seat.id));
    assertTyped(e, errors.CustomerSeatsResendInvitation403Error, 403, null, "resend read-only");
    assertAuthBody(e.error, ["insufficient_scope"], "resend read-only");

    const wr = seats(writeOnly);
    const list2 = await ok(wr.listSeats({ subscription_id: base.subscription.id }), "list with write scope (DECISIONS 4)");
    assert.equal(list2.seats.length, 1);
    const s2 = await ok(wr.assignSeat({ subscription_id: base.subscription.id, email: uniqueEmail() }), "assign with write scope");
    assert.equal(s2.status, "pending");
  });

  it("token with neither seat scope → 403 on listSeats", async () => {
    const base = world({ seats: 1 });
    const token = server.admin("create-token", "--organization", base.slug, "--scopes", "customers:read").token;
    const e = await rejectsWith(seats(token).listSeats({ subscription_id: base.subscription.id }));
    assertTyped(e, errors.CustomerSeatsListSeats403Error, 403, null, "list without seat scope");
    assertAuthBody(e.error, ["insufficient_scope"], "list without seat scope");
  });
});

describe("@polar-sh/sdk 1.0.1: every version entry point", () => {
  for (const [version, entry] of [["2026-04", v2026_04], ["2026-10", v2026_10], ["2027-01", v2027_01]]) {
    it(`createPolar from polar-sdk-1/${version}: listSeats, assignSeat and typed errors work`, async () => {
      const w = world({ seats: 2 });
      const s = seats(w.token, entry);
      const { result: list, requests } = await captureFetch(
        () => ok(s.listSeats({ subscription_id: w.subscription.id }), `listSeats ${version}`));
      assert.equal(requests.at(-1).headers.get("polar-version"), version, "entry point sends its version");
      assert.equal(list.total_seats, 2);
      assert.equal(list.available_seats, 2);
      const seat = await ok(s.assignSeat({ subscription_id: w.subscription.id, email: uniqueEmail(version) }),
        `assignSeat ${version}`);
      assertSeatShapeV1(seat);
      assert.match(seat.id, UUID);
      const list2 = await ok(s.listSeats({ subscription_id: w.subscription.id }));
      assert.deepEqual(list2.seats.map((x) => x.id), [seat.id]);
      const e = await rejectsWith(s.revokeSeat(unknownId()));
      assertTyped(e, entry.errors.CustomerSeatsRevokeSeat404Error, 404, "ResourceNotFound", `${version} revoke 404`);
    });
  }
});
