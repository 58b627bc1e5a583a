// The claim page (GET/POST /{slug}/portal/claim) and the member's seats page, in a real browser
// (Debian's chromium via playwright-core), plus the bad-input and CSRF cases over plain HTTP.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { startServer, waitForInvitation, invitations } from "../lib/harness.mjs";
import { launchBrowser, screenshot, horizontalOverflow, PHONE, onLoopback } from "../lib/browser.mjs";
import { makeOrg, newSubscription, email, assignOk, listOk, revoke, raw, stopServer } from "./helpers.mjs";

let server;
let org;
let browser;
const T = { timeout: 30000 };
const INVALID = "This invitation is no longer valid";

before(async () => {
  server = await startServer();
  org = makeOrg(server);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await stopServer(server);
});


async function invite({ o = org, seats = 3 } = {}) {
  const sub = newSubscription(server, o, seats);
  const e = email("invitee");
  const seat = await assignOk(server, o, { subscription_id: sub.id, email: e });
  await waitForInvitation(server, e);
  const link = invitations(server).filter((i) => i.email === e).at(-1).url;
  return { sub, seat, email: e, link: onLoopback(server, link), token: new URL(link).searchParams.get("token") };
}

async function seatStatus(o, sub, seatId) {
  const list = await listOk(server, o, `subscription_id=${sub.id}`);
  return list.seats.find((s) => s.id === seatId)?.status;
}

async function phonePage() {
  const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
  return { context, page: await context.newPage() };
}

// The hidden fields of the claim form, read from a rendered page (what a browser would post).
async function claimFields(link) {
  const r = await fetch(link);
  const html = await r.text();
  const field = (name) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];
  return { token: field("token"), seat: field("seat"), csrf_token: field("csrf_token") };
}

// Posts a form as a browser would, without following the redirect that answers a success.
async function postForm(path, fields, headers = {}) {
  const r = await fetch(server.baseUrl + path, {
    method: "POST", redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: r.status, headers: r.headers, text: await r.text() };
}

test("e-mail link → claim page → Claim seat → confirmation without the token; the seat is claimed", T, async () => {
  const inv = await invite();
  const { context, page } = await phonePage();
  const response = await page.goto(inv.link);
  assert.equal(response.status(), 200);
  const headers = response.headers();
  assert.match(headers["content-type"], /^text\/html/);
  assert.equal(headers["referrer-policy"], "no-referrer");
  assert.equal(headers["cache-control"], "no-store");
  assert.match(headers["content-security-policy"], /default-src 'none'/);
  assert.doesNotMatch(headers["content-security-policy"], /unsafe-inline/);
  const text = await page.textContent("main");
  for (const expected of [org.name, org.productName, inv.email, "Invitation expires"]) assert.ok(text.includes(expected), expected);
  assert.ok((await page.textContent("header")).includes(org.name));
  assert.equal(await horizontalOverflow(page), 0, "no horizontal scroll at 375 px");
  await screenshot(page, "claim-page");

  await page.getByRole("button", { name: "Claim seat" }).click();
  await page.waitForURL(/\/portal\/seats/);
  assert.ok(!page.url().includes(inv.token), "the token left the address bar");
  assert.ok(!page.url().includes("token="));
  const confirmation = await page.textContent("main");
  assert.ok(confirmation.includes("Your seat is claimed"));
  assert.ok(confirmation.includes(org.productName));
  assert.ok(confirmation.includes(inv.email));
  assert.equal(await horizontalOverflow(page), 0);
  await screenshot(page, "member-seats-page");
  assert.equal(await seatStatus(org, inv.sub, inv.seat.id), "claimed");

  const cookie = (await context.cookies()).find((c) => c.name === "sk_member_session");
  assert.ok(cookie.httpOnly);
  assert.equal(cookie.sameSite, "Strict");
  assert.equal(cookie.path, `/${org.slug}/portal`);
  const lifetime = cookie.expires - Date.now() / 1000;
  assert.ok(lifetime > 3500 && lifetime <= 3600, `cookie lives the session's hour, not ${lifetime}s`);

  // Reopening the link: a human message and no button.
  const again = await page.goto(inv.link);
  assert.equal(again.status(), 404);
  assert.ok((await page.textContent("h1")).includes(INVALID));
  assert.equal(await page.getByRole("button", { name: "Claim seat" }).count(), 0);
  assert.ok((await page.textContent("main")).includes("resend"));
  await screenshot(page, "invitation-no-longer-valid");

  // Signing out clears the session cookie.
  await page.goto(`${server.baseUrl}/${org.slug}/portal/seats`);
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForSelector("text=You are signed out");
  assert.equal((await context.cookies()).find((c) => c.name === "sk_member_session"), undefined);
  const after = await page.goto(`${server.baseUrl}/${org.slug}/portal/seats`);
  assert.equal(after.status(), 401);
  await context.close();
});

test("keyboard only: Tab to the button, Enter claims the seat", T, async () => {
  const inv = await invite();
  const { context, page } = await phonePage();
  await page.goto(inv.link);
  let focused = "";
  for (let i = 0; i < 10 && focused !== "Claim seat"; i++) {
    await page.keyboard.press("Tab");
    focused = await page.evaluate(() => document.activeElement?.textContent?.trim() ?? "");
  }
  assert.equal(focused, "Claim seat");
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/portal\/seats/);
  assert.ok((await page.textContent("main")).includes("Your seat is claimed"));
  assert.equal(await seatStatus(org, inv.sub, inv.seat.id), "claimed");
  await context.close();
});

test("a revoked seat's link shows the human message and no button", T, async () => {
  const inv = await invite();
  assert.equal((await revoke(server, org, inv.seat.id)).status, 200);
  const { context, page } = await phonePage();
  const r = await page.goto(inv.link);
  assert.equal(r.status(), 404);
  assert.match(r.headers()["content-type"], /^text\/html/);
  assert.ok((await page.textContent("h1")).includes(INVALID));
  assert.equal(await page.getByRole("button").count(), 0);
  await context.close();
});

test("unknown, missing, odd and huge tokens: the human message, never JSON or a 500", T, async () => {
  const { context, page } = await phonePage();
  const base = `${server.baseUrl}/${org.slug}/portal/claim`;
  for (const query of ["?token=not-a-real-token", "", "?token=", "?token=%00%FF%E2%98%83<script>",
    `?token=${"x".repeat(4000)}`, "?token=a&token=b"]) {
    const r = await page.goto(base + query);
    assert.equal(r.status(), 404, query);
    assert.match(r.headers()["content-type"], /^text\/html/, query);
    assert.ok((await page.textContent("h1")).includes(INVALID), query);
    assert.equal(await page.getByRole("button").count(), 0, query);
  }
  const unknownOrg = await page.goto(`${server.baseUrl}/no-such-org/portal/claim?token=abc`);
  assert.equal(unknownOrg.status(), 404);
  await context.close();
});

test("a link opened under another organization's address is not valid there and shows none of its data", T, async () => {
  const inv = await invite();
  const other = makeOrg(server);
  const r = await fetch(inv.link.replace(`/${org.slug}/`, `/${other.slug}/`));
  const html = await r.text();
  assert.equal(r.status, 404);
  assert.ok(html.includes(INVALID));
  assert.ok(!html.includes(org.name) && !html.includes(org.productName) && !html.includes(inv.email));
  // Nor can it be claimed there.
  const fields = await claimFields(inv.link);
  const posted = await postForm(`/${other.slug}/portal/claim`, fields);
  assert.equal(posted.status, 404);
  assert.equal(await seatStatus(org, inv.sub, inv.seat.id), "pending");
});

test("names are HTML-escaped: markup in the organization and product names shows as text", T, async () => {
  const slug = `esc-${Date.now().toString(36)}`;
  server.admin("create-organization", "--name", `<b>Acme</b> & "Co"`, "--slug", slug);
  const token = server.admin("create-token", "--organization", slug, "--scopes", "customer_seats:read customer_seats:write").token;
  const customer = server.admin("create-customer", "--organization", slug, "--email", `b-${slug}@example.com`);
  const product = server.admin("create-product", "--organization", slug, "--name", "<img src=x onerror=alert(1)>Plan");
  const sub = server.admin("create-subscription", "--customer", customer.id, "--product", product.id, "--seats", "2");
  const e = email("esc");
  await assignOk(server, { slug, token }, { subscription_id: sub.id, email: e });
  await waitForInvitation(server, e);
  const inv = { link: onLoopback(server, invitations(server).filter((i) => i.email === e).at(-1).url) };
  const html = await (await fetch(inv.link)).text();
  assert.ok(!html.includes("<b>Acme</b>") && !html.includes("<img src=x"));
  assert.ok(html.includes("&lt;b&gt;Acme&lt;/b&gt; &amp; &quot;Co&quot;"));
  const { context, page } = await phonePage();
  await page.goto(inv.link);
  assert.ok((await page.textContent("header")).includes(`<b>Acme</b> & "Co"`));
  assert.equal(await page.locator("main img").count(), 0);
  await context.close();
});

test("CSRF: a claim form posted without its token is refused, and the seat stays pending", T, async () => {
  const inv = await invite();
  const fields = await claimFields(inv.link);
  const { csrf_token, ...withoutToken } = fields;
  const r = await postForm(`/${org.slug}/portal/claim`, withoutToken);
  assert.equal(r.status, 403);
  assert.match(r.headers.get("content-type"), /^text\/html/);
  assert.ok(r.text.includes("This form was refused"));
  const forged = await postForm(`/${org.slug}/portal/claim`, { ...fields, csrf_token: "0".repeat(64) });
  assert.equal(forged.status, 403);
  assert.equal(await seatStatus(org, inv.sub, inv.seat.id), "pending");
});

test("CSRF: a claim form posted from another origin is refused, even with valid fields", T, async () => {
  const inv = await invite();
  const fields = await claimFields(inv.link);
  // A page on another site that auto-submits a copy of the form to seatkeeper.
  const action = `${server.baseUrl}/${org.slug}/portal/claim`;
  const inputs = Object.entries(fields).map(([k, v]) => `<input type="hidden" name="${k}" value="${v}">`).join("");
  const attacker = http.createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end(`<!doctype html><form id="f" method="post" action="${action}">${inputs}<button>Win a prize</button></form>`);
  });
  await new Promise((ok) => attacker.listen(0, "127.0.0.1", ok));
  try {
    const { context, page } = await phonePage();
    await page.goto(`http://attacker.test:${attacker.address().port}/`);
    const [response] = await Promise.all([page.waitForNavigation(), page.click("button")]);
    assert.equal(response.status(), 403);
    assert.ok((await page.textContent("h1")).includes("This form was refused"));
    await context.close();
  } finally {
    attacker.close();
  }
  // The same refusal over plain HTTP with an explicit foreign Origin or Sec-Fetch-Site.
  const path = `/${org.slug}/portal/claim`;
  assert.equal((await postForm(path, fields, { origin: "http://evil.example" })).status, 403);
  assert.equal((await postForm(path, fields, { "sec-fetch-site": "cross-site" })).status, 403);
  assert.equal(await seatStatus(org, inv.sub, inv.seat.id), "pending");
});

test("double submission of the claim form: one claim, the second answers 'already claimed'", T, async () => {
  const inv = await invite();
  const fields = await claimFields(inv.link);
  const path = `/${org.slug}/portal/claim`;
  const first = await postForm(path, fields, { origin: server.baseUrl, "sec-fetch-site": "same-origin" });
  assert.equal(first.status, 303);
  assert.equal(first.headers.get("location"), `/${org.slug}/portal/seats?claimed=1`);
  assert.match(first.headers.get("set-cookie"), /^sk_member_session=polar_mst_\w+; Path=\/[\w-]+\/portal; HttpOnly; SameSite=Strict; Max-Age=3600$/);
  const second = await postForm(path, fields, { origin: server.baseUrl });
  assert.equal(second.status, 409);
  assert.ok(second.text.includes("already claimed"));
  assert.equal(await seatStatus(org, inv.sub, inv.seat.id), "claimed");
});

test("bad forms: not urlencoded, missing or oversized fields → a 4xx page, nothing claimed", T, async () => {
  const inv = await invite();
  const fields = await claimFields(inv.link);
  const path = `/${org.slug}/portal/claim`;
  const json = await raw(server, "POST", path, { headers: { "content-type": "application/json" }, body: JSON.stringify(fields) });
  assert.equal(json.status, 400);
  assert.match(json.headers.get("content-type"), /^text\/html/);
  assert.equal((await postForm(path, { seat: fields.seat, csrf_token: fields.csrf_token })).status, 400);
  assert.equal((await postForm(path, { ...fields, token: "t".repeat(5000) })).status, 400);
  assert.equal((await postForm(path, { ...fields, seat: "s".repeat(5000) })).status, 400);
  assert.equal(await seatStatus(org, inv.sub, inv.seat.id), "pending");
});
