// Bring-your-own invitation (send_invitation: false → invitation_url, no e-mail) and invitation
// lifetime (invitation_expires_in, and the organization defaults set with
// `seatkeeper admin update-organization`): seatkeeper's extensions (docs/extensions.md).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, PUBLIC_URL, KEEP_DELIVERED_OUTBOX } from "../lib/harness.mjs";
import {
  makeOrg, newSubscription, email, call, assign, resend, claimInfo, claim, listOk, stopServer, assertValidation,
  assertNoKeyDeep, sql, SEAT_KEYS,
} from "./helpers.mjs";

const T = { timeout: 30000 };
const HOUR = 3600 * 1000;

let server;
let org;

before(async () => {
  server = await startServer({ extraArgs: KEEP_DELIVERED_OUTBOX });
  org = makeOrg(server);
});
after(async () => stopServer(server));

// Invitation e-mails recorded for the seat: their payload is sealed, so count by seat id in the
// outbox's plain columns is impossible; count every e-mail row instead, before and after.
const emailRows = () => Number(sql(server, "SELECT count(*) FROM outbox WHERE topic = 'email';").trim());
const expiresIn = (seat) => Date.parse(seat.invitation_token_expires_at) - Date.parse(seat.modified_at ?? seat.created_at);
const tokenOf = (url) => new URL(url).searchParams.get("token");

test("send_invitation: false → no e-mail, the answer carries a working invitation_url", T, async () => {
  const sub = newSubscription(server, org, 3);
  const before = emailRows();
  const r = await assign(server, org, { subscription_id: sub.id, email: email("byo"), send_invitation: false });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(Object.keys(r.body), [...SEAT_KEYS, "invitation_url"]);
  assert.match(r.body.invitation_url, new RegExp(`^${PUBLIC_URL}/${org.slug}/portal/claim\\?token=[A-Za-z0-9_-]{43}$`));
  assert.equal(emailRows(), before, "no invitation e-mail queued");
  const info = await claimInfo(server, tokenOf(r.body.invitation_url));
  assert.equal(info.status, 200, info.text);
  assert.equal(info.body.can_claim, true);
  // The link lives only in this answer: not in the list, not in the webhook event, not in the database.
  const l = await listOk(server, org, { subscription_id: sub.id });
  assertNoKeyDeep(l, "invitation_url");
  const events = sql(server, `SELECT payload FROM outbox WHERE event_type = 'customer_seat.assigned' AND payload LIKE '%${r.body.id}%';`);
  assert.ok(events.length > 0);
  assert.ok(!events.includes(tokenOf(r.body.invitation_url)) && !events.includes("invitation_url"));
  const stored = sql(server, `SELECT invitation_token_hash FROM customer_seats WHERE id = '${r.body.id}';`).trim();
  assert.notEqual(stored, tokenOf(r.body.invitation_url));
  const claimed = await claim(server, tokenOf(r.body.invitation_url));
  assert.equal(claimed.status, 200, claimed.text);
});

test("without the field, or with true, the answer is Polar's and an e-mail goes out", T, async () => {
  const sub = newSubscription(server, org, 3);
  for (const extra of [{}, { send_invitation: true }, { send_invitation: null }]) {
    const before = emailRows();
    const r = await assign(server, org, { subscription_id: sub.id, email: email("mail"), ...extra });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(Object.keys(r.body), SEAT_KEYS);
    assert.equal(emailRows(), before + 1);
  }
});

test("resend with send_invitation: false hands back a fresh link and retires the old one", T, async () => {
  const sub = newSubscription(server, org, 3);
  const first = await assign(server, org, { subscription_id: sub.id, email: email("rs"), send_invitation: false });
  const before = emailRows();
  const again = await call(server, "POST", `/v1/customer-seats/${first.body.id}/resend`,
    { token: org.token, body: { send_invitation: false } });
  assert.equal(again.status, 200, again.text);
  assert.equal(emailRows(), before);
  assert.notEqual(tokenOf(again.body.invitation_url), tokenOf(first.body.invitation_url));
  assert.equal((await claimInfo(server, tokenOf(first.body.invitation_url))).status, 404);
  assert.equal((await claimInfo(server, tokenOf(again.body.invitation_url))).status, 200);
  const plain = await resend(server, org, first.body.id);  // Polar's resend: no body
  assert.equal(plain.status, 200);
  assert.deepEqual(Object.keys(plain.body), SEAT_KEYS);
  assert.equal(emailRows(), before + 1);
});

test("invitation_expires_in sets the link's lifetime on assign and resend", T, async () => {
  const sub = newSubscription(server, org, 3);
  const r = await assign(server, org, { subscription_id: sub.id, email: email("life"), invitation_expires_in: 7200 });
  assert.equal(r.status, 200, r.text);
  assert.equal(Date.parse(r.body.invitation_token_expires_at) - Date.parse(r.body.created_at), 2 * HOUR);
  const week = 7 * 24 * HOUR;
  const resent = await call(server, "POST", `/v1/customer-seats/${r.body.id}/resend`,
    { token: org.token, body: { invitation_expires_in: week / 1000 } });
  assert.equal(resent.status, 200, resent.text);
  assert.equal(expiresIn(resent.body), week);
  const max = await assign(server, org, { subscription_id: sub.id, email: email("life"), invitation_expires_in: 2592000 });
  assert.equal(expiresIn(max.body), 30 * 24 * HOUR);
  const dflt = await assign(server, org, { subscription_id: sub.id, email: email("life") });
  assert.equal(expiresIn(dflt.body), 24 * HOUR);
});

test("bad send_invitation or invitation_expires_in → 422 naming the field, nothing assigned", T, async () => {
  const sub = newSubscription(server, org, 3);
  const cases = [
    [{ send_invitation: "no" }, { type: "bool_type", loc: ["body", "send_invitation"], input: "no" }],
    [{ send_invitation: 0 }, { type: "bool_type", loc: ["body", "send_invitation"], input: 0 }],
    [{ send_invitation: {} }, { type: "bool_type", loc: ["body", "send_invitation"] }],
    [{ invitation_expires_in: 3599 }, { type: "greater_than_equal", loc: ["body", "invitation_expires_in"], ctx: { ge: 3600 } }],
    [{ invitation_expires_in: -1 }, { type: "greater_than_equal", loc: ["body", "invitation_expires_in"] }],
    [{ invitation_expires_in: 2592001 }, { type: "less_than_equal", loc: ["body", "invitation_expires_in"], ctx: { le: 2592000 } }],
    [{ invitation_expires_in: 1e30 }, { type: "less_than_equal", loc: ["body", "invitation_expires_in"] }],
    [{ invitation_expires_in: 18446744073709551615 }, { type: "less_than_equal", loc: ["body", "invitation_expires_in"] }],
    [{ invitation_expires_in: "3600" }, { type: "int_type", loc: ["body", "invitation_expires_in"] }],
    [{ invitation_expires_in: 3600.5 }, { type: "int_from_float", loc: ["body", "invitation_expires_in"] }],
    [{ invitation_expires_in: true }, { type: "int_type", loc: ["body", "invitation_expires_in"] }],
  ];
  for (const [extra, issue] of cases) {
    const r = await assign(server, org, { subscription_id: sub.id, email: email("bad"), ...extra });
    assertValidation(r, [issue], { exactCount: true });
  }
  const seat = (await assign(server, org, { subscription_id: sub.id, email: email("ok") })).body;
  const badResend = await call(server, "POST", `/v1/customer-seats/${seat.id}/resend`,
    { token: org.token, body: { invitation_expires_in: 60, send_invitation: "x" } });
  assertValidation(badResend, [
    { type: "bool_type", loc: ["body", "send_invitation"] },
    { type: "greater_than_equal", loc: ["body", "invitation_expires_in"] },
  ], { exactCount: true });
  assertValidation(await call(server, "POST", `/v1/customer-seats/${seat.id}/resend`, { token: org.token, body: "[1]" }),
    [{ type: "model_attributes_type", loc: ["body"] }]);
  assertValidation(await call(server, "POST", `/v1/customer-seats/${seat.id}/resend`, { token: org.token, body: "{oops" }),
    [{ type: "json_invalid" }]);
  const l = await listOk(server, org, { subscription_id: sub.id });
  assert.equal(l.seats.length, 1);
});

test("organization defaults: delivery none and a 7-day lifetime; a request still overrides them", T, async () => {
  const own = makeOrg(server);
  const set = server.admin("update-organization", "--slug", own.slug, "--invitation-delivery", "none",
    "--invitation-lifetime", "7d");
  assert.deepEqual(set, { id: own.id, slug: own.slug, invitation_delivery: "none", invitation_lifetime: "7d" });
  const sub = newSubscription(server, own, 3);
  const before = emailRows();
  const byDefault = await assign(server, own, { subscription_id: sub.id, email: email("dflt") });
  assert.equal(byDefault.status, 200, byDefault.text);
  assert.ok(byDefault.body.invitation_url);
  assert.equal(expiresIn(byDefault.body), 7 * 24 * HOUR);
  assert.equal(emailRows(), before);
  const overridden = await assign(server, own, { subscription_id: sub.id, email: email("dflt"), send_invitation: true,
    invitation_expires_in: 3600 });
  assert.deepEqual(Object.keys(overridden.body), SEAT_KEYS);
  assert.equal(expiresIn(overridden.body), HOUR);
  assert.equal(emailRows(), before + 1);

  const back = server.admin("update-organization", "--slug", own.slug, "--invitation-delivery", "email",
    "--invitation-lifetime", "default");
  assert.equal(back.invitation_delivery, "email");
  assert.equal(back.invitation_lifetime, "default");
  const normal = await assign(server, own, { subscription_id: sub.id, email: email("dflt") });
  assert.deepEqual(Object.keys(normal.body), SEAT_KEYS);
  assert.equal(expiresIn(normal.body), 24 * HOUR);
});

test("update-organization refuses bad values", T, async () => {
  for (const args of [["--invitation-delivery", "sms"], ["--invitation-lifetime", "30m"], ["--invitation-lifetime", "31d"],
    ["--invitation-lifetime", "7x"], ["--invitation-lifetime", "-1"]]) {
    const r = server.adminRaw("update-organization", "--slug", org.slug, ...args);
    assert.notEqual(r.status, 0, `${args.join(" ")} should fail`);
  }
  assert.notEqual(server.adminRaw("update-organization", "--slug", "no-such-org", "--invitation-delivery", "none").status, 0);
});
