// seatkeeper's seat operations beside Polar's API (docs/extensions.md): bulk assignment, atomic
// transfer, seat history and "holders at T", end to end on the store under test.
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import { startServer, waitForInvitation, invitations } from "../lib/harness.mjs";
import { startReceiver, delivered } from "../lib/receiver.mjs";
import {
  call, uid, email, newSubscription, newOrder, assignOk, listOk, revoke, resend, claim, setInvitationExpiry, randomUuid4,
  postLarge, assertError, assertValidation, assertSeatShape, assertRevokedSeat, assertInsufficientScope, newToken, DATETIME_RE,
} from "./helpers.mjs";
import { FAST_RETRIES, makeWebhookOrg, createEndpoint } from "./webhook-helpers.mjs";

let server;
let receiver;
let org;
const T = { timeout: 60000 };

before(async () => {
  server = await startServer({ extraArgs: FAST_RETRIES });
  receiver = await startReceiver();
  org = makeWebhookOrg(server);
});
after(async () => {
  await receiver?.stop();
  await server?.stop();
});

const bulk = (body, opts = {}) => call(server, "POST", "/v1/customer-seats/bulk", { token: org.token, body, ...opts });
const transfer = (seatId, body, opts = {}) =>
  call(server, "POST", `/v1/customer-seats/${seatId}/transfer`, { token: org.token, body, ...opts });
const events = (seatId, query = {}) =>
  call(server, "GET", `/v1/customer-seats/${seatId}/events?${new URLSearchParams(query)}`, { token: org.token });
const holders = (query) =>
  call(server, "GET", `/v1/customer-seats/holders?${new URLSearchParams(query)}`, { token: org.token });

async function eventsOk(seatId, query) {
  const r = await events(seatId, query);
  assert.equal(r.status, 200, r.text);
  return r.body;
}
async function holdersAt(subscriptionId, at) {
  const r = await holders({ subscription_id: subscriptionId, at });
  assert.equal(r.status, 200, r.text);
  return r.body.items;
}

// Invitations reach the mail log in commit order: once `sentinel`'s has arrived, any invitation
// committed before it is there too. So a missing invitation is proven missing without waiting.
async function assertNoInvitationBefore(sentinelEmail, subscriptionId, absent) {
  await assignOk(server, org, { subscription_id: subscriptionId, email: sentinelEmail });
  await waitForInvitation(server, sentinelEmail);
  const sent = invitations(server).map((m) => m.email);
  for (const e of absent) assert.ok(!sent.includes(e), `no invitation for ${e}`);
}

describe("bulk assignment", () => {
  test("mixed good and bad rows: each judged like a single assign, in order, in one request", T, async () => {
    const sub = newSubscription(server, org, 3);
    const seated = email("seated");
    await assignOk(server, org, { subscription_id: sub.id, email: seated });
    const [a, b, c] = [email("a"), email("b"), email("c")];
    const r = await bulk({
      subscription_id: sub.id,
      seats: [
        { email: a, metadata: { team: "red" } },
        { email: "not-an-email" },
        { email: seated },
        {},
        { email: b },
        { email: c },
      ],
    });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(Object.keys(r.body), ["results", "assigned", "failed"]);
    assert.equal(r.body.assigned, 2);
    assert.equal(r.body.failed, 4);
    const rows = r.body.results;
    assert.deepEqual(rows.map((x) => x.index), [0, 1, 2, 3, 4, 5]);
    assert.deepEqual(rows.map((x) => x.status), ["assigned", "error", "error", "error", "assigned", "error"]);
    for (const row of rows) assert.deepEqual(Object.keys(row), ["index", "email", "status", "seat", "error"]);
    assertSeatShape(rows[0].seat);
    assert.equal(rows[0].seat.email, a);
    assert.equal(rows[0].seat.status, "pending");
    assert.deepEqual(rows[0].seat.seat_metadata, { team: "red" });
    assert.equal(rows[0].error, null);
    // a malformed row is a row error in the 422 shape, located inside the request
    assert.equal(rows[1].seat, null);
    assert.equal(rows[1].error.error, "RequestValidationError");
    assert.deepEqual(rows[1].error.detail[0].loc, ["body", "seats", 1, "email"]);
    assert.equal(rows[1].email, "not-an-email");
    assert.deepEqual(rows[2].error, { error: "SeatAlreadyAssigned", detail: `Seat already assigned to customer ${seated}` });
    assert.equal(rows[3].error.error, "RequestValidationError");
    assert.deepEqual(rows[3].error.detail[0].loc, ["body", "seats", 3]);
    assert.equal(rows[3].email, null);
    assert.equal(rows[4].seat.email, b);
    assert.deepEqual(rows[5].error, { error: "SeatNotAvailable", detail: `No available seats for ${sub.id}` });

    const l = await listOk(server, org, { subscription_id: sub.id });
    assert.deepEqual(l.seats.map((s) => s.email).sort(), [seated, a, b].sort());
    assert.equal(l.available_seats, 0);
    assert.deepEqual(l.seats.find((s) => s.email === a), rows[0].seat);
    // one invitation per assigned seat
    await waitForInvitation(server, a);
    await waitForInvitation(server, b);
    assert.equal(invitations(server).filter((m) => m.email === a || m.email === b).length, 2);
  });

  test("dry run reports what would happen and changes nothing", T, async () => {
    const sub = newSubscription(server, org, 2);
    const [a, b, c] = [email("dry-a"), email("dry-b"), email("dry-c")];
    const r = await bulk({ subscription_id: sub.id, dry_run: true, seats: [{ email: a }, { email: b }, { email: c }] });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.results.map((x) => x.status), ["would_assign", "would_assign", "error"]);
    assert.equal(r.body.assigned, 0);
    assert.equal(r.body.failed, 1);
    assert.equal(r.body.results[0].seat.email, a);
    assert.deepEqual(r.body.results[2].error, { error: "SeatNotAvailable", detail: `No available seats for ${sub.id}` });
    const l = await listOk(server, org, { subscription_id: sub.id });
    assert.equal(l.seats.length, 0);
    assert.equal(l.available_seats, 2);
    assertError(await events(r.body.results[0].seat.id), 404, "ResourceNotFound", "Seat not found");
    await assertNoInvitationBefore(email("dry-sentinel"), sub.id, [a, b]);
  });

  test("atomic: one bad row and nothing is applied; all good and everything is", T, async () => {
    const sub = newSubscription(server, org, 5);
    const [a, b] = [email("atom-a"), email("atom-b")];
    const refused = await bulk({ subscription_id: sub.id, atomic: true, seats: [{ email: a }, { email: b }, { email: a }] });
    assert.equal(refused.status, 200, refused.text);
    assert.deepEqual(refused.body.results.map((x) => x.status), ["would_assign", "would_assign", "error"]);
    assert.equal(refused.body.results[2].error.error, "SeatAlreadyAssigned");
    assert.equal(refused.body.assigned, 0);
    assert.equal(refused.body.failed, 1);
    assert.equal((await listOk(server, org, { subscription_id: sub.id })).seats.length, 0);
    await assertNoInvitationBefore(email("atom-sentinel"), sub.id, [a, b]);

    const applied = await bulk({ subscription_id: sub.id, atomic: true, seats: [{ email: a }, { email: b }] });
    assert.equal(applied.status, 200, applied.text);
    assert.deepEqual(applied.body.results.map((x) => x.status), ["assigned", "assigned"]);
    assert.equal(applied.body.assigned, 2);
    assert.equal((await listOk(server, org, { subscription_id: sub.id })).seats.length, 3);
    await waitForInvitation(server, a);
    await waitForInvitation(server, b);
  });

  test("rows take the assign's invitation options; an Idempotency-Key replays the whole answer", T, async () => {
    const sub = newSubscription(server, org, 3);
    const [own, mailed] = [email("byo"), email("mailed")];
    const body = {
      subscription_id: sub.id,
      seats: [{ email: own, send_invitation: false }, { email: mailed }, { email: email("bad-opt"), send_invitation: "later" }],
    };
    const headers = { "Idempotency-Key": `bulk-${uid()}` };
    const r = await bulk(body, { headers });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.results.map((x) => x.status), ["assigned", "assigned", "error"]);
    assert.match(r.body.results[0].seat.invitation_url, /\/portal\/claim\?token=/);
    assert.equal(r.body.results[1].seat.invitation_url, undefined);
    assert.deepEqual(r.body.results[2].error.detail.map((i) => i.loc), [["body", "seats", 2, "send_invitation"]]);

    const again = await bulk(body, { headers });
    assert.equal(again.status, 200, again.text);
    assert.equal(again.headers.get("idempotent-replayed"), "true");
    assert.deepEqual(again.body, r.body);
    assert.equal((await listOk(server, org, { subscription_id: sub.id })).seats.length, 2);
    await waitForInvitation(server, mailed);
    await assertNoInvitationBefore(email("byo-sentinel"), sub.id, [own]);
  });

  test("1,000 rows in one request", T, async () => {
    const sub = newSubscription(server, org, 1000);
    const tag = uid();
    const seats = Array.from({ length: 1000 }, (_, i) => ({ email: `r${i}-${tag}@ex.com` }));
    const r = await bulk({ subscription_id: sub.id, seats });
    assert.equal(r.status, 200, r.text.slice(0, 500));
    assert.equal(r.body.assigned, 1000);
    assert.equal(r.body.failed, 0);
    assert.deepEqual(r.body.results.map((x) => x.seat.email), seats.map((s) => s.email));
    const l = await listOk(server, org, { subscription_id: sub.id });
    assert.equal(l.seats.length, 1000);
    assert.equal(l.available_seats, 0);
    await waitForInvitation(server, seats[999].email, { timeoutMs: 30000 });
  });

  test("a bulk body may exceed 64 KiB, up to 1 MiB", T, async () => {
    const sub = newSubscription(server, org, 400);
    const tag = uid();
    const seats = Array.from({ length: 400 }, (_, i) => ({ email: `m${i}-${tag}@ex.com`, metadata: { note: "n".repeat(300) } }));
    const body = JSON.stringify({ subscription_id: sub.id, dry_run: true, seats });
    assert.ok(body.length > 128 * 1024, `${body.length} bytes`);
    const r = await postLarge(server, "/v1/customer-seats/bulk", Buffer.from(body), { authorization: `Bearer ${org.token}` });
    assert.equal(r.status, 200, r.text?.slice(0, 300));
    assert.equal(JSON.parse(r.text).results.filter((x) => x.status === "would_assign").length, 400);
    const huge = Buffer.from(JSON.stringify({ subscription_id: sub.id, seats: [{ email: email(), metadata: { n: "x".repeat(1100 * 1024) } }] }));
    const refused = await postLarge(server, "/v1/customer-seats/bulk", huge, { authorization: `Bearer ${org.token}` });
    // The server answers 413 as soon as it reads the Content-Length and closes; a client still
    // writing a megabyte may see the reset before it reads that answer.
    if (refused.error) assert.match(refused.error.code ?? "", /^(ECONNRESET|EPIPE)$/, refused.error.message);
    else assert.equal(refused.status, 413, refused.text);
  });

  test("orders too; container problems fail the whole request", T, async () => {
    const order = newOrder(server, org, 1);
    const r = await bulk({ order_id: order.id, seats: [{ email: email("o") }] });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.results[0].seat.order_id, order.id);
    assertError(await bulk({ subscription_id: randomUuid4(), seats: [{ email: email() }] }), 404, "ResourceNotFound",
      "Subscription not found");
    const unpaid = newOrder(server, org, 1, { status: "pending" });
    assertError(await bulk({ order_id: unpaid.id, seats: [{ email: email() }] }), 400, "SeatNotAvailable",
      "Order must be paid before assigning seats");
    assertInsufficientScope(await bulk({ subscription_id: randomUuid4(), seats: [{ email: email() }] },
      { token: newToken(server, org, "customer_seats:read") }));
  });

  test("a malformed body as a whole is a 422", T, async () => {
    const sub = newSubscription(server, org, 1);
    assertValidation(await bulk([]), [{ type: "model_attributes_type", loc: ["body"] }]);
    assertValidation(await bulk({ seats: [{ email: email() }] }), [{ type: "value_error", loc: ["body"] }]);
    assertValidation(await bulk({ subscription_id: sub.id, order_id: sub.id, seats: [] }), [{ loc: ["body"] }]);
    assertValidation(await bulk({ subscription_id: "nope", seats: [{ email: email() }] }),
      [{ type: "uuid_parsing", loc: ["body", "subscription_id"] }]);
    assertValidation(await bulk({ subscription_id: sub.id }), [{ type: "missing", loc: ["body", "seats"] }]);
    assertValidation(await bulk({ subscription_id: sub.id, seats: {} }), [{ type: "list_type", loc: ["body", "seats"] }]);
    assertValidation(await bulk({ subscription_id: sub.id, seats: [] }), [{ type: "too_short", loc: ["body", "seats"] }]);
    const tooMany = Array.from({ length: 1001 }, () => ({}));
    assertValidation(await bulk({ subscription_id: sub.id, seats: tooMany }), [{ type: "too_long", loc: ["body", "seats"] }]);
    assertValidation(await bulk({ subscription_id: sub.id, seats: [{ email: email() }], dry_run: "maybe" }),
      [{ loc: ["body", "dry_run"] }]);
    assert.equal((await listOk(server, org, { subscription_id: sub.id })).seats.length, 0);
  });
});

describe("transfer", () => {
  test("on a full subscription: one seat changes hands, webhooks revoked then assigned", T, async () => {
    const hook = `transfer-${uid()}`;
    const tOrg = makeWebhookOrg(server);
    await createEndpoint(server, tOrg, receiver, hook);
    const sub = newSubscription(server, tOrg, 1);
    const [a, b] = [email("from"), email("to")];
    const seat = await assignOk(server, tOrg, { subscription_id: sub.id, email: a });
    const oldToken = await waitForInvitation(server, a);

    const r = await call(server, "POST", `/v1/customer-seats/${seat.id}/transfer`,
      { token: tOrg.token, body: { email: b, metadata: { desk: 7 } } });
    assert.equal(r.status, 200, r.text);
    assertSeatShape(r.body);
    assert.equal(r.body.id, seat.id, "the seat keeps its id");
    assert.equal(r.body.status, "pending");
    assert.equal(r.body.email, b);
    assert.deepEqual(r.body.seat_metadata, { desk: 7 });
    assert.notEqual(r.body.member_id, seat.member_id);
    await waitForInvitation(server, b);
    assert.equal((await claim(server, oldToken)).status, 400, "the old holder's link is dead");
    const l = await listOk(server, tOrg, { subscription_id: sub.id });
    assert.deepEqual(l.seats, [r.body]);
    assert.equal(l.available_seats, 0);

    const entries = await receiver.waitFor(hook, (es) => delivered(es).length >= 3);
    const seen = delivered(entries).map((e) => JSON.parse(e.body));
    assert.deepEqual(seen.map((p) => p.type),
      ["customer_seat.assigned", "customer_seat.revoked", "customer_seat.assigned"]);
    assertRevokedSeat(seen[1].data);
    assert.equal(seen[1].data.id, seat.id);
    assert.deepEqual(seen[2].data, r.body);
  });

  test("Polar-shaped 400s: a revoked seat, a holder already seated, the holder themself", T, async () => {
    const sub = newSubscription(server, org, 3);
    const [a, b, c] = [email("ta"), email("tb"), email("tc")];
    const seatA = await assignOk(server, org, { subscription_id: sub.id, email: a });
    await assignOk(server, org, { subscription_id: sub.id, email: b });
    assertError(await transfer(seatA.id, { email: b }), 400, "SeatAlreadyAssigned", `Seat already assigned to customer ${b}`);
    assertError(await transfer(seatA.id, { email: a }), 400, "SeatAlreadyAssigned", `Seat already assigned to customer ${a}`);
    assert.equal((await revoke(server, org, seatA.id)).status, 200);
    assertError(await transfer(seatA.id, { email: c }), 400, "SeatAlreadyRevoked", "Seat is revoked and cannot be transferred");
    assertError(await transfer(randomUuid4(), { email: c }), 404, "ResourceNotFound", "Seat not found");
    assertValidation(await transfer(seatA.id, {}), [{ type: "value_error", loc: ["body"] }]);
    assertValidation(await transfer(seatA.id, { email: "x" }), [{ loc: ["body", "email"] }]);
    assertValidation(await transfer("nope", { email: c }), [{ type: "uuid_parsing", loc: ["path", "seat_id"] }]);
    // nothing changed by the refusals
    const l = await listOk(server, org, { subscription_id: sub.id });
    assert.deepEqual(l.seats.filter((s) => s.status !== "revoked").map((s) => s.email), [b]);
  });

  test("the new holder's invitation follows the assign's options: send_invitation false hands back the link", T, async () => {
    const sub = newSubscription(server, org, 1);
    const [from, to] = [email("byo-from"), email("byo-to")];
    const seat = await assignOk(server, org, { subscription_id: sub.id, email: from });
    const r = await transfer(seat.id, { email: to, send_invitation: false, invitation_expires_in: 7200 });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.id, seat.id);
    assert.match(r.body.invitation_url, /\/portal\/claim\?token=/);
    assertValidation(await transfer(seat.id, { email: email(), invitation_expires_in: 60 }),
      [{ type: "greater_than_equal", loc: ["body", "invitation_expires_in"] }]);
    await assertNoInvitationBefore(email("byo-to-sentinel"), newSubscription(server, org, 1).id, [to]);
  });
});

describe("seat history", () => {
  test("assign, resend, claim, transfer: every change, who made it, oldest first, paginated", T, async () => {
    const token = server.admin("create-token", "--organization", org.slug, "--scopes",
      "customer_seats:read customer_seats:write");
    const as = { token: token.token };
    const sub = newSubscription(server, org, 1);
    const [a, b] = [email("ha"), email("hb")];
    const seat = (await call(server, "POST", "/v1/customer-seats", { ...as, body: { subscription_id: sub.id, email: a } })).body;
    await waitForInvitation(server, a);
    assert.equal((await call(server, "POST", `/v1/customer-seats/${seat.id}/resend`, as)).status, 200);
    const link = await waitForInvitation(server, a, { count: 2 });
    const claimed = await claim(server, link);
    assert.equal(claimed.status, 200, claimed.text);
    const moved = await call(server, "POST", `/v1/customer-seats/${seat.id}/transfer`, { ...as, body: { email: b } });
    assert.equal(moved.status, 200, moved.text);

    const h = await eventsOk(seat.id, { limit: 100 });
    assert.deepEqual(Object.keys(h), ["items", "pagination"]);
    assert.deepEqual(h.pagination, { total_count: 5, max_page: 1 });
    assert.deepEqual(h.items.map((e) => e.type),
      ["assigned", "invitation_resent", "claimed", "transferred_out", "transferred_in"]);
    for (const e of h.items) {
      assert.deepEqual(Object.keys(e),
        ["id", "seat_id", "subscription_id", "order_id", "type", "occurred_at", "email", "member_id", "actor"]);
      assert.equal(e.seat_id, seat.id);
      assert.equal(e.subscription_id, sub.id);
      assert.equal(e.order_id, null);
      assert.match(e.occurred_at, DATETIME_RE);
    }
    const times = h.items.map((e) => Date.parse(e.occurred_at));
    assert.deepEqual([...times].sort((x, y) => x - y), times, "oldest first");
    assert.deepEqual(h.items.map((e) => e.email), [a, a, a, a, b]);
    assert.deepEqual(h.items.map((e) => e.member_id),
      [seat.member_id, seat.member_id, seat.member_id, seat.member_id, moved.body.member_id]);
    const byToken = { type: "organization_token", id: token.id };
    assert.deepEqual(h.items[0].actor, byToken);
    assert.deepEqual(h.items[1].actor, byToken);
    assert.equal(h.items[2].actor.type, "member_session");
    assert.ok(h.items[2].actor.id, "the session the claim minted");
    assert.deepEqual(h.items[3].actor, byToken);
    assert.deepEqual(h.items[4].actor, byToken);

    const page2 = await eventsOk(seat.id, { limit: 2, page: 2 });
    assert.deepEqual(page2.pagination, { total_count: 5, max_page: 3 });
    assert.deepEqual(page2.items, h.items.slice(2, 4));
    // history survives revocation, and no API edits it
    assert.equal((await revoke(server, org, seat.id)).status, 200);
    const after = await eventsOk(seat.id, { limit: 100 });
    assert.deepEqual(after.items.slice(0, 5), h.items);
    assert.equal(after.items[5].type, "revoked");
    assert.equal(after.items[5].email, b);
    assert.equal((await call(server, "DELETE", `/v1/customer-seats/${seat.id}/events`, { token: org.token })).status, 405);
  });

  test("a lapsed invitation is recorded once, dated when it lapsed, before the resend", T, async () => {
    const sub = newSubscription(server, org, 1);
    const a = email("lapse");
    const seat = await assignOk(server, org, { subscription_id: sub.id, email: a });
    setInvitationExpiry(server, seat.id, Date.parse(seat.created_at) + 1);  // lapsed just after it was sent
    assert.equal((await resend(server, org, seat.id)).status, 200);
    const h = await eventsOk(seat.id);
    assert.deepEqual(h.items.map((e) => e.type), ["assigned", "expired", "invitation_resent"]);
    assert.deepEqual(h.items[1].actor, { type: "system", id: null });
    assert.equal(h.items[1].email, a);
    assert.ok(Date.parse(h.items[1].occurred_at) < Date.parse(h.items[2].occurred_at));
  });

  test("events of an unknown seat or another organization's seat: 404; bad paging: 422", T, async () => {
    assertError(await events(randomUuid4()), 404, "ResourceNotFound", "Seat not found");
    const other = makeWebhookOrg(server);
    const sub = newSubscription(server, other, 1);
    const foreign = await assignOk(server, other, { subscription_id: sub.id, email: email("other") });
    assertError(await events(foreign.id), 404, "ResourceNotFound", "Seat not found");
    assertValidation(await events(foreign.id, { limit: "0" }), [{ loc: ["query", "limit"] }]);
  });
});

describe("holders at an instant", () => {
  test("before and after a transfer and a revocation, from the log", T, async () => {
    const sub = newSubscription(server, org, 2);
    const [a, b, c] = [email("at-a"), email("at-b"), email("at-c")];
    const seatA = await assignOk(server, org, { subscription_id: sub.id, email: a });
    const seatB = await assignOk(server, org, { subscription_id: sub.id, email: b });
    const moved = await transfer(seatA.id, { email: c });
    assert.equal(moved.status, 200, moved.text);
    assert.equal((await revoke(server, org, seatB.id)).status, 200);

    const historyA = (await eventsOk(seatA.id)).items;
    const historyB = (await eventsOk(seatB.id)).items;
    const assignedB = historyB[0].occurred_at;
    const transferred = historyA.at(-1).occurred_at;
    const revokedB = historyB.at(-1).occurred_at;
    assert.deepEqual(historyB.map((e) => e.type), ["assigned", "revoked"]);

    assert.deepEqual(await holdersAt(sub.id, "2000-01-01T00:00:00Z"), []);
    const beforeTransfer = await holdersAt(sub.id, assignedB);
    assert.deepEqual(beforeTransfer, [
      { seat_id: seatA.id, email: a, member_id: seatA.member_id, status: "pending", since: historyA[0].occurred_at },
      { seat_id: seatB.id, email: b, member_id: seatB.member_id, status: "pending", since: assignedB },
    ]);
    const afterTransfer = await holdersAt(sub.id, transferred);
    assert.deepEqual(afterTransfer.map((h) => [h.seat_id, h.email]).sort(), [[seatA.id, c], [seatB.id, b]].sort());
    assert.equal(afterTransfer.find((h) => h.email === c).since, transferred);
    assert.equal(afterTransfer.find((h) => h.email === c).member_id, moved.body.member_id);
    assert.deepEqual((await holdersAt(sub.id, revokedB)).map((h) => h.email), [c]);
    // a numeric offset names the same instant
    const plusTwo = new Date(Date.parse(revokedB) + 2 * 3600 * 1000).toISOString().replace("Z", "+02:00");
    assert.ok((await holdersAt(sub.id, plusTwo)).length >= 1);
  });

  test("claims show as claimed; the envelope is Polar's list; bad queries are refused", T, async () => {
    const sub = newSubscription(server, org, 3);
    const a = email("cl");
    const seat = await assignOk(server, org, { subscription_id: sub.id, email: a });
    const claimed = await claim(server, await waitForInvitation(server, a));
    assert.equal(claimed.status, 200);
    const now = new Date(Date.now() + 60_000).toISOString();
    const r = await holders({ subscription_id: sub.id, at: now, limit: "1" });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.pagination, { total_count: 1, max_page: 1 });
    assert.deepEqual(Object.keys(r.body.items[0]), ["seat_id", "email", "member_id", "status", "since"]);
    assert.equal(r.body.items[0].seat_id, seat.id);
    assert.equal(r.body.items[0].status, "claimed");

    assertValidation(await holders({ subscription_id: sub.id }), [{ type: "missing", loc: ["query", "at"] }]);
    assertValidation(await holders({ subscription_id: sub.id, at: "yesterday" }), [{ loc: ["query", "at"] }]);
    assertError(await holders({ at: now }), 400, "BadRequest", "Either subscription_id or order_id must be provided");
    assertError(await holders({ subscription_id: randomUuid4(), at: now }), 404, "ResourceNotFound", "Subscription not found");
  });
});
