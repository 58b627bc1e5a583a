// The billing manager's portal page (GET /{slug}/portal, entered through the customer_portal_url
// of POST /v1/customer-sessions/), in a real browser: assign, resend and revoke, the domain's
// refusals in words, the cookie session, and CSRF refusals.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { startServer, waitForInvitation } from "../lib/harness.mjs";
import { launchBrowser, screenshot, horizontalOverflow, PHONE, onLoopback } from "../lib/browser.mjs";
import { makeOrg, newToken, newSubscription, newCustomer, email, assignOk, listOk, call, stopServer } from "./helpers.mjs";

let server;
let org;
let browser;
let sessionsToken;
const T = { timeout: 40000 };

before(async () => {
  server = await startServer();
  org = makeOrg(server);
  sessionsToken = newToken(server, org, "customer_sessions:write customer_seats:read customer_seats:write");
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await stopServer(server);
});


async function portalLink(customer = org.customer) {
  const r = await call(server, "POST", "/v1/customer-sessions/", { token: sessionsToken, body: { customer_id: customer.id } });
  assert.equal(r.status, 201, r.text);
  return onLoopback(server, r.body.customer_portal_url);
}

// A browser signed in to the portal of `customer`, on the portal page.
async function signedIn({ customer = org.customer, viewport = PHONE } = {}) {
  const context = await browser.newContext({ viewport, javaScriptEnabled: false });
  const page = await context.newPage();
  const link = await portalLink(customer);
  const entry = await page.goto(link);
  assert.equal(entry.headers()["referrer-policy"], "no-referrer");
  await page.waitForURL((u) => u.pathname === `/${org.slug}/portal` && !u.search.includes("token"));
  return { context, page, link };
}

async function seats(sub) {
  return (await listOk(server, org, `subscription_id=${sub.id}`)).seats;
}

function card(page, sub) {
  return page.locator("section.card", { has: page.locator(`input[name="container"][value="subscription:${sub.id}"]`) });
}

async function invite(page, sub, address) {
  const c = card(page, sub);
  await c.locator('input[name="email"]').fill(address);
  await Promise.all([page.waitForLoadState(), c.getByRole("button", { name: "Send invitation" }).click()]);
}

test("portal link → cookie session → assign, resend and revoke from the page", T, async () => {
  const sub = newSubscription(server, org, 2);
  const { context, page } = await signedIn();
  const cookie = (await context.cookies()).find((c) => c.name === "sk_customer_session");
  assert.ok(cookie?.httpOnly);
  assert.equal(cookie.sameSite, "Strict");
  assert.equal(cookie.path, `/${org.slug}/portal`);
  const lifetime = cookie.expires - Date.now() / 1000;
  assert.ok(lifetime > 3500 && lifetime <= 3600, `cookie lives the session's hour, not ${lifetime}s`);
  assert.ok((await card(page, sub).textContent()).includes("0 of 2 seats used"));

  const alice = email("alice");
  await invite(page, sub, alice);
  assert.ok((await page.textContent("main")).includes("Invitation sent."));
  assert.ok((await card(page, sub).textContent()).includes("1 of 2 seats used"));
  assert.ok((await card(page, sub).textContent()).includes(alice));
  await waitForInvitation(server, alice);
  assert.equal((await seats(sub)).find((s) => s.customer_email === alice).status, "pending");

  const row = card(page, sub).locator("tr", { hasText: alice });
  await Promise.all([page.waitForLoadState(), row.getByRole("button", { name: "Resend" }).click()]);
  assert.ok((await page.textContent("main")).includes("Invitation sent again"));
  await waitForInvitation(server, alice, { count: 2 });

  const bob = email("bob");
  await invite(page, sub, bob);
  assert.equal(await horizontalOverflow(page), 0, "no horizontal scroll at 375 px");
  await screenshot(page, "billing-portal-page");

  // No seat left: the domain's refusal, in words, and nothing assigned.
  const carol = email("carol");
  await invite(page, sub, carol);
  const main = await page.textContent("main");
  assert.ok(main.includes("The invitation was not sent: No available seats"), main);
  assert.ok(!(await seats(sub)).some((s) => s.customer_email === carol));

  // The browser's own check (type=email) lets "someone@localhost" through; the domain's does not.
  await invite(page, sub, "someone@localhost");
  const refusedAddress = await page.textContent("main");
  assert.ok(refusedAddress.includes("That e-mail address is not valid: The part after the @-sign is not valid"), refusedAddress);

  await Promise.all([page.waitForLoadState(), card(page, sub).locator("tr", { hasText: bob }).getByRole("link", { name: "Revoke…" }).click()]);
  assert.ok((await page.textContent("h1")).includes("Revoke this seat?"));
  assert.ok((await page.textContent("main")).includes(bob));
  await screenshot(page, "billing-portal-revoke-confirmation");
  await Promise.all([page.waitForLoadState(), page.getByRole("button", { name: "Revoke seat" }).click()]);
  assert.ok((await page.textContent("main")).includes("Seat revoked."));
  assert.equal((await seats(sub)).filter((s) => s.status === "revoked").length, 1);
  assert.ok(!(await card(page, sub).textContent()).includes(bob));

  await Promise.all([page.waitForLoadState(), page.getByRole("button", { name: "Sign out" }).click()]);
  assert.ok((await page.textContent("h1")).includes("You are signed out"));
  assert.equal((await context.cookies()).find((c) => c.name === "sk_customer_session"), undefined);
  assert.equal((await page.goto(`${server.baseUrl}/${org.slug}/portal`)).status(), 401);
  await context.close();
});

test("the wide layout, for the README", T, async () => {
  const sub = newSubscription(server, org, 3);
  await assignOk(server, org, { subscription_id: sub.id, email: email("dana") });
  const { context, page } = await signedIn({ viewport: { width: 1100, height: 800 } });
  await screenshot(page, "billing-portal-page-wide");
  await context.close();
});

test("an expired, unknown or foreign portal link is refused with a page; the token leaves no cookie", T, async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  for (const token of ["polar_cst_unknown", "", "x".repeat(3000), "polar_mst_nope"]) {
    const r = await page.goto(`${server.baseUrl}/${org.slug}/portal?customer_session_token=${token}`);
    assert.equal(r.status(), 401, token);
    assert.ok((await page.textContent("h1")).includes("This portal link is no longer valid"));
  }
  // A link of one organization opened under another's address.
  const other = makeOrg(server);
  const link = await portalLink();
  const r = await page.goto(link.replace(`/${org.slug}/`, `/${other.slug}/`));
  assert.equal(r.status(), 401);
  assert.equal((await context.cookies()).length, 0);
  await context.close();
});

test("CSRF: portal forms without the token, or from another origin, are refused and change nothing", T, async () => {
  const sub = newSubscription(server, org, 2);
  const { context, page } = await signedIn();
  const csrf = await page.locator('input[name="csrf_token"]').first().inputValue();
  const action = `${server.baseUrl}/${org.slug}/portal/assign`;
  // Same browser, session cookie attached, but no form token.
  const without = await context.request.post(action, { form: { container: `subscription:${sub.id}`, email: email("x") } });
  assert.equal(without.status(), 403);
  assert.ok((await without.text()).includes("This form was refused"));
  const forged = await context.request.post(action, { form: { container: `subscription:${sub.id}`, email: email("x"), csrf_token: "f".repeat(64) } });
  assert.equal(forged.status(), 403);

  // Another site's page posting a copy of the form, with the real token, from the same browser.
  const victim = email("victim");
  const attacker = http.createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end(`<!doctype html><form method="post" action="${action}">
      <input type="hidden" name="csrf_token" value="${csrf}">
      <input type="hidden" name="container" value="subscription:${sub.id}">
      <input type="hidden" name="email" value="${victim}"><button>Go</button></form>`);
  });
  await new Promise((ok) => attacker.listen(0, "127.0.0.1", ok));
  try {
    await page.goto(`http://attacker.test:${attacker.address().port}/`);
    const [response] = await Promise.all([page.waitForNavigation(), page.click("button")]);
    assert.equal(response.status(), 403);
  } finally {
    attacker.close();
  }
  assert.equal((await seats(sub)).length, 0);
  await context.close();
});

test("another customer's seat cannot be revoked or resent from the portal", T, async () => {
  const stranger = newCustomer(server, org);
  const theirs = newSubscription(server, org, 2, { customer: stranger });
  const seat = await assignOk(server, org, { subscription_id: theirs.id, email: email("theirs") });
  const { context, page } = await signedIn();
  const confirm = await page.goto(`${server.baseUrl}/${org.slug}/portal/revoke/${seat.id}`);
  assert.equal(confirm.status(), 404);
  const csrf = await page.locator('input[name="csrf_token"]').first().inputValue();
  const headers = { origin: server.baseUrl };
  for (const path of [`revoke/${seat.id}`, `resend/${seat.id}`]) {
    const r = await context.request.post(`${server.baseUrl}/${org.slug}/portal/${path}`, { form: { csrf_token: csrf }, headers });
    assert.equal(r.status(), 404, path);
  }
  assert.equal((await listOk(server, org, `subscription_id=${theirs.id}`)).seats[0].status, "pending");
  await context.close();
});
