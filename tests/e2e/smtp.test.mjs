// Invitation e-mail through a real SMTP server (aiosmtpd from Debian's packages): STARTTLS with a
// login, implicit TLS, a server that is down at first, and a wrong password. The link in the
// received message claims the seat; no claim link ever reaches the server's log.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { startServer, freePort, waitForInvitation } from "../lib/harness.mjs";
import { makeCertificate, startSmtpSink, parseMessage } from "../lib/smtp.mjs";
import { makeOrg, email, sleep, newSubscription, assignOk, claim, claimInfo } from "./helpers.mjs";
import { FAST_RETRIES } from "./webhook-helpers.mjs";

const T = { timeout: 40000 };
const tls = makeCertificate();
const cleanups = [];
after(async () => {
  for (const fn of cleanups.reverse()) await fn();
  rmSync(tls.dir, { recursive: true, force: true });
});

async function smtpServer(smtpArgs, env = {}) {
  const server = await startServer({ extraArgs: [...FAST_RETRIES, ...smtpArgs], env });
  cleanups.push(() => server.stop());
  return server;
}

async function sink(port, options) {
  const s = await startSmtpSink(port, { tls, ...options });
  cleanups.push(() => s.stop());
  return s;
}

const tokenOf = (url) => new URL(url).searchParams.get("token");
const linkIn = (text) => /(http:\/\/portal\.seatkeeper\.test\/\S+\/portal\/claim\?token=[A-Za-z0-9_-]+)/.exec(text)?.[1];

test("STARTTLS + login: the invitation arrives as text and HTML, and its link claims the seat", T, async () => {
  const port = await freePort();
  const smtp = await sink(port, { starttls: true, user: "seatkeeper:s3cret pass" });
  const server = await smtpServer([
    "--smtp-url", `smtp://127.0.0.1:${port}`, "--smtp-starttls", "required", "--smtp-ca-file", tls.cert,
    "--smtp-username", "seatkeeper", "--smtp-from", "Acme Seats <seats@acme.example>",
  ], { SEATKEEPER_SMTP_PASSWORD: "s3cret pass" });
  const org = makeOrg(server);
  // A product name outside ASCII exercises the encoded subject.
  const product = server.admin("create-product", "--organization", org.slug, "--name", "Équipe Pro ✓");
  const sub = server.admin("create-subscription", "--customer", org.customer.id, "--product", product.id, "--seats", "2");
  const to = email("invitee");
  const seat = await assignOk(server, org, { subscription_id: sub.id, email: to });

  const [message] = await smtp.waitForMessages(1);
  assert.deepEqual(message.envelope, { mail_from: "seats@acme.example", rcpt_tos: [to], tls: true, user: "seatkeeper" });
  const m = parseMessage(message.raw);
  assert.equal(m.subject, "You've been invited to access Équipe Pro ✓");
  assert.equal(m.headers.from, "Acme Seats <seats@acme.example>");
  assert.equal(m.headers.to, to);
  assert.equal(m.headers["mime-version"], "1.0");
  assert.match(m.headers["content-type"], /^multipart\/alternative; boundary="/);
  assert.match(m.headers["message-id"], /^<[0-9a-f-]{36}@acme\.example>$/);
  assert.ok(!Number.isNaN(Date.parse(m.headers.date)), `Date: ${m.headers.date}`);
  assert.deepEqual(m.parts.map((p) => [p.type, p.charset, p.encoding]),
    [["text/plain", "UTF-8", "quoted-printable"], ["text/html", "UTF-8", "quoted-printable"]]);
  const [text, html] = m.parts.map((p) => p.text);
  assert.ok(text.includes(`${org.billingEmail} has invited you to access Équipe Pro ✓ from ${org.name}.`), text);
  const expires = new Date(seat.invitation_token_expires_at);
  const day = expires.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  const time = expires.toISOString().slice(11, 16);
  assert.ok(text.includes(`This invitation expires on ${day} at ${time} UTC.`), text);
  const link = linkIn(text);
  assert.ok(link, `no claim link in ${text}`);
  assert.ok(html.includes(`href="${link}"`), "the HTML part links to the same claim URL");
  assert.ok(html.includes(org.billingEmail) && html.includes("Équipe Pro ✓"));
  assert.ok(html.includes(`This invitation expires on ${day} at ${time} UTC.`));

  // The development mail log, configured too, carries the same link.
  assert.equal(await waitForInvitation(server, to), tokenOf(link));
  const info = await claimInfo(server, tokenOf(link));
  assert.equal(info.status, 200, info.text);
  assert.equal(info.body.product_name, "Équipe Pro ✓");
  const claimed = await claim(server, tokenOf(link));
  assert.equal(claimed.status, 200, claimed.text);
  assert.equal(claimed.body.seat.id, seat.id);
  assert.equal(claimed.body.seat.status, "claimed");
  assert.ok(!server.stderr().includes(tokenOf(link)), "the claim link never reaches the log");
});

test("smtps:// (TLS from the first byte) with a login", T, async () => {
  const port = await freePort();
  const smtp = await sink(port, { implicitTls: true, user: "u:p" });
  const server = await smtpServer(["--smtp-url", `smtps://127.0.0.1:${port}`, "--smtp-ca-file", tls.cert,
    "--smtp-username", "u", "--smtp-password", "p", "--smtp-from", "seats@acme.example"]);
  const org = makeOrg(server);
  const sub = newSubscription(server, org, 1);
  const to = email("tls");
  await assignOk(server, org, { subscription_id: sub.id, email: to });
  const [message] = await smtp.waitForMessages(1);
  assert.equal(message.envelope.user, "u");
  assert.deepEqual(message.envelope.rcpt_tos, [to]);
  const link = linkIn(parseMessage(message.raw).parts[0].text);
  assert.equal((await claim(server, tokenOf(link))).status, 200);
});

// Polls the server's log until `pattern` appears.
async function waitForLog(server, pattern, timeoutMs = 10000) {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(server.stderr())) {
    if (Date.now() > deadline) assert.fail(`log never matched ${pattern}: ${server.stderr()}`);
    await sleep(50);
  }
}

test("a mail server that is down fails no API call; the invitation arrives once it is up", T, async () => {
  const port = await freePort();
  const server = await smtpServer(["--smtp-url", `smtp://127.0.0.1:${port}`, "--smtp-starttls", "none",
    "--smtp-from", "seats@acme.example"]);
  const org = makeOrg(server);
  const sub = newSubscription(server, org, 3);
  const to = email("patient");
  // The assignment answers while nobody listens on the mail port; the failed attempt is logged.
  const seat = await assignOk(server, org, { subscription_id: sub.id, email: to });
  await waitForLog(server, /outbox email: message \S+ failed \(attempt 1\)/);
  const smtp = await sink(port, {});
  const [message] = await smtp.waitForMessages(1, 20000);
  const link = linkIn(parseMessage(message.raw).parts[0].text);
  const claimed = await claim(server, tokenOf(link));
  assert.equal(claimed.status, 200, claimed.text);
  assert.equal(claimed.body.seat.id, seat.id);
  assert.ok(!server.stderr().includes(tokenOf(link)), "the claim link never reaches the log");
});

test("a rejected login is retried and logged without the message", T, async () => {
  const port = await freePort();
  const smtp = await sink(port, { starttls: true, user: "seatkeeper:right" });
  const server = await smtpServer(["--smtp-url", `smtp://127.0.0.1:${port}`, "--smtp-starttls", "required",
    "--smtp-ca-file", tls.cert, "--smtp-username", "seatkeeper", "--smtp-from", "seats@acme.example"],
  { SEATKEEPER_SMTP_PASSWORD: "wrong" });
  const org = makeOrg(server);
  const sub = newSubscription(server, org, 1);
  const to = email("denied");
  await assignOk(server, org, { subscription_id: sub.id, email: to });
  const token = await waitForInvitation(server, to);  // the mail log works regardless
  await waitForLog(server, /failed \(attempt 2\)/);
  assert.match(server.stderr(), /smtp: Login denied/);
  assert.equal(smtp.messages().length, 0);
  assert.ok(!server.stderr().includes(token));
  assert.ok(!server.stderr().includes("wrong"), "nor the password");
});

test("serve refuses SMTP settings that cannot work", T, async () => {
  await assert.rejects(startServer({ extraArgs: ["--smtp-url", "http://mail.example", "--smtp-from", "a@b.c"] }),
    /smtp-url must start with smtp/);
  await assert.rejects(startServer({ extraArgs: ["--smtp-url", "smtp://127.0.0.1:25"] }), /smtp-from/);
  await assert.rejects(startServer({ extraArgs: ["--smtp-url", "smtp://127.0.0.1:25", "--smtp-from", "a@b.c",
    "--smtp-starttls", "maybe"] }), /smtp-starttls/);
  // STARTTLS that a man in the middle can strip is not offered at all.
  await assert.rejects(startServer({ extraArgs: ["--smtp-url", "smtp://127.0.0.1:25", "--smtp-from", "a@b.c",
    "--smtp-starttls", "opportunistic"] }), /opportunistic is not offered/);
});
