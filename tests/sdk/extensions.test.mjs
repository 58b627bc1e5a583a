// seatkeeper's opt-in extensions (docs/extensions.md) through Polar's own SDKs: what a program
// written against them can use, and that an extension never breaks an SDK's parsing.
// - 0.49.0 sends extra headers per call (`headers`), so Idempotency-Key works as is; it validates
//   request bodies with zod, so the body extensions cannot be sent with it, but an organization
//   default (no e-mail) adds invitation_url to the answer, which it must still accept.
// - 1.0.1 sends bodies as given, so send_invitation and invitation_expires_in pass through it; it
//   has no per-call headers and sends only Polar's list parameters.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";

import { Polar } from "polar-sdk-0";
import * as v2026_04 from "polar-sdk-1/2026-04";

import { startServer, createWorld, PUBLIC_URL } from "../lib/harness.mjs";
import { DAY_MS, assertSeatShapeV0, assertSeatShapeV1, invitationsFor, ok, uniqueEmail } from "./helpers.mjs";

let server;

before(async () => {
  server = await startServer();
});

after(async () => {
  await server?.stop();
});

const v0 = (token) => new Polar({ accessToken: token, serverURL: server.baseUrl }).customerSeats;
const v1 = (token) => v2026_04.createPolar({ accessToken: token, baseUrl: server.baseUrl }).customerSeats;
const tokenOf = (url) => new URL(url).searchParams.get("token");

describe("@polar-sh/sdk 0.49.0 with seatkeeper's extensions", () => {
  it("an assign retried with the same Idempotency-Key returns the same seat and assigns once", async () => {
    const w = createWorld(server, { seats: 3 });
    const email = uniqueEmail("idem-v0");
    const key = `v0-${email}`;
    const request = { subscriptionId: w.subscription.id, email };
    const first = await ok(v0(w.token).assignSeat(request, { headers: { "Idempotency-Key": key } }), "assignSeat");
    const again = await ok(v0(w.token).assignSeat(request, { headers: { "Idempotency-Key": key } }), "assignSeat again");
    assertSeatShapeV0(again);
    assert.equal(again.id, first.id);
    assert.deepEqual(again, first);
    const list = await ok(v0(w.token).listSeats({ subscriptionId: w.subscription.id }), "listSeats");
    assert.equal(list.seats.length, 1);
    assert.equal(list.availableSeats, 2);
    assert.equal(invitationsFor(server, email).length, 1, "one invitation e-mail");
  });

  it("an organization that delivers its own invitations: the extra invitation_url does not break parsing", async () => {
    const w = createWorld(server, { seats: 2 });
    server.admin("update-organization", "--slug", w.slug, "--invitation-delivery", "none");
    const email = uniqueEmail("byo-v0");
    const seat = await ok(v0(w.token).assignSeat({ subscriptionId: w.subscription.id, email }), "assignSeat");
    assertSeatShapeV0(seat);
    assert.equal(seat.status, "pending");
    assert.equal(invitationsFor(server, email).length, 0, "no e-mail");
  });
});

describe("@polar-sh/sdk 1.0.1 with seatkeeper's extensions", () => {
  it("send_invitation: false and invitation_expires_in pass through; the invitation_url claims the seat", async () => {
    const w = createWorld(server, { seats: 3 });
    const email = uniqueEmail("byo-v1");
    const seat = await ok(v1(w.token).assignSeat({
      subscription_id: w.subscription.id, email, send_invitation: false, invitation_expires_in: 7 * 24 * 3600,
    }), "assignSeat");
    const { invitation_url: _url, ...polarSeat } = seat;
    assertSeatShapeV1(polarSeat);  // Polar's CustomerSeat plus the one extra field
    assert.ok(seat.invitation_url.startsWith(`${PUBLIC_URL}/${w.slug}/portal/claim?token=`), seat.invitation_url);
    assert.equal(Date.parse(seat.invitation_token_expires_at) - Date.parse(seat.created_at), 7 * DAY_MS);
    assert.equal(invitationsFor(server, email).length, 0, "no e-mail");
    const claimed = await ok(v1(w.token).claimSeat({ invitation_token: tokenOf(seat.invitation_url) }), "claimSeat");
    assert.equal(claimed.seat.id, seat.id);
    assert.equal(claimed.seat.status, "claimed");
  });

  it("an organization's default lifetime and delivery apply to a plain assign and resend", async () => {
    const w = createWorld(server, { seats: 2 });
    server.admin("update-organization", "--slug", w.slug, "--invitation-delivery", "none", "--invitation-lifetime", "3d");
    const email = uniqueEmail("dflt-v1");
    const seat = await ok(v1(w.token).assignSeat({ subscription_id: w.subscription.id, email }), "assignSeat");
    const { invitation_url: _url, ...polarSeat } = seat;
    assertSeatShapeV1(polarSeat);
    assert.equal(Date.parse(seat.invitation_token_expires_at) - Date.parse(seat.created_at), 3 * DAY_MS);
    const resent = await ok(v1(w.token).resendInvitation(seat.id), "resendInvitation");
    assert.notEqual(tokenOf(resent.invitation_url), tokenOf(seat.invitation_url), "a fresh link");
    assert.equal(invitationsFor(server, email).length, 0, "no e-mail");
  });
});
