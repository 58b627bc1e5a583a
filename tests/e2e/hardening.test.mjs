// Hardening at the edges: rate limits (429 + Retry-After), the token lifecycle (expiry and
// revocation answer 401 invalid_token at once), input refusals (non-finite numbers, control and
// bidi characters, invalid UTF-8 echoes), Expect: 100-continue, Cache-Control: no-store, the
// server secret's minimum length, file modes, the retention job, the claim page's limit and the
// connection cap.
import test, { before, after } from "node:test";
import assert from "node:assert/strict";
import { connect } from "node:net";
import { statSync } from "node:fs";
import { join } from "node:path";
import { startServer, call, ON_POSTGRES, waitForInvitation } from "../lib/harness.mjs";
import { makeOrg, newSubscription, assignOk, claimInfo, claim, email, sleep, raw } from "./helpers.mjs";

const T = { timeout: 60000 };
let server;

before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

const listSeats = (srv, token, sub) => call(srv, "GET", `/v1/customer-seats?subscription_id=${sub}`, { token });

test("claim routes are rate-limited per client address: 429, integer Retry-After, Polar-shaped body", T, async () => {
  const limited = await startServer({ extraArgs: ["--claim-rate-limit", "3/0.01", "--trusted-proxy", "127.0.0.1"] });
  try {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await claimInfo(limited, `guess-${i}`)).status);
    assert.deepEqual(statuses, [404, 404, 404, 429]);
    const refused = await claim(limited, "another-guess");
    assert.equal(refused.status, 429);
    assert.equal(refused.body.error, "TooManyRequests");
    assert.equal(typeof refused.body.detail, "string");
    assert.match(refused.headers.get("retry-after"), /^[1-9]\d*$/);
    // Behind the trusted proxy, X-Forwarded-For names the client: another client has its own bucket.
    const other = await claimInfo(limited, "guess-x", { headers: { "x-forwarded-for": "203.0.113.9" } });
    assert.equal(other.status, 404);
    // The merchant API is not the claim routes' bucket.
    const org = makeOrg(limited);
    const sub = newSubscription(limited, org, 1);
    assert.equal((await listSeats(limited, org.token, sub.id)).status, 200);
  } finally {
    await limited.stop();
  }
});

test("the claim page shares the claim routes' per-address limit, and its 429 is a page", T, async () => {
  const limited = await startServer({ extraArgs: ["--claim-rate-limit", "2/0.01"] });
  try {
    const org = makeOrg(limited);
    const page = (token) => call(limited, "GET", `/${org.slug}/portal/claim?token=${token}`);
    assert.equal((await page("guess-1")).status, 404);  // a page that explains the link is not (or no longer) good
    assert.equal((await claimInfo(limited, "guess-2")).status, 404);
    const refused = await page("guess-3");
    assert.equal(refused.status, 429);
    assert.match(refused.headers.get("content-type"), /^text\/html/);
    assert.match(refused.headers.get("retry-after"), /^[1-9]\d*$/);
    assert.match(refused.headers.get("content-security-policy"), /default-src 'none'/);
    assert.match(refused.text, /Too many attempts/);
    const posted = await fetch(limited.baseUrl + `/${org.slug}/portal/claim`, {
      method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "token=guess-4",
    });
    assert.equal(posted.status, 429);
  } finally {
    await limited.stop();
  }
});

// One keep-alive HTTP/1.1 connection on which requests are sent by hand; `next()` resolves with
// the next complete answer's status line.
function keepAlive(srv) {
  const { hostname, port } = new URL(srv.baseUrl);
  const socket = connect({ host: hostname, port: Number(port) });
  let buffered = "";
  const waiting = [];
  socket.setEncoding("latin1");
  socket.on("data", (chunk) => {
    buffered += chunk;
    // /healthz answers are small and carry a Content-Length: one answer ends with its body.
    for (;;) {
      const head = buffered.indexOf("\r\n\r\n");
      if (head < 0) break;
      const length = Number(/content-length: *(\d+)/i.exec(buffered.slice(0, head))?.[1] ?? 0);
      if (buffered.length < head + 4 + length) break;
      const statusLine = buffered.slice(0, buffered.indexOf("\r\n"));
      buffered = buffered.slice(head + 4 + length);
      waiting.shift()?.(statusLine);
    }
  });
  const opened = new Promise((resolve, reject) => { socket.once("connect", resolve); socket.once("error", reject); });
  return {
    opened,
    get(path) {
      const answer = new Promise((resolve) => waiting.push(resolve));
      socket.write(`GET ${path} HTTP/1.1\r\nHost: ${hostname}\r\n\r\n`);
      return answer;
    },
    close() { socket.destroy(); },
  };
}

test("--max-connections: one connection over the cap waits until another closes", T, async () => {
  const capped = await startServer({ extraArgs: ["--max-connections", "2"] });
  const [first, second, third] = [keepAlive(capped), keepAlive(capped), keepAlive(capped)];
  try {
    await Promise.all([first.opened, second.opened, third.opened]);  // the kernel accepts all three
    assert.match(await first.get("/healthz"), /^HTTP\/1\.1 200/);
    assert.match(await second.get("/healthz"), /^HTTP\/1\.1 200/);
    let thirdAnswered = false;
    const thirdAnswer = third.get("/healthz").then((line) => { thirdAnswered = true; return line; });
    // Sentinels: both served connections answer again, many times, while the third waits.
    for (let i = 0; i < 20; i++) {
      assert.match(await first.get("/healthz"), /^HTTP\/1\.1 200/);
      assert.match(await second.get("/healthz"), /^HTTP\/1\.1 200/);
    }
    assert.equal(thirdAnswered, false, "a third connection was served beyond --max-connections 2");
    first.close();
    assert.match(await thirdAnswer, /^HTTP\/1\.1 200/);
  } finally {
    for (const c of [first, second, third]) c.close();
    await capped.stop();
  }
});

test("X-Forwarded-For is ignored unless the peer is a trusted proxy", T, async () => {
  const limited = await startServer({ extraArgs: ["--claim-rate-limit", "1/0.01"] });
  try {
    assert.equal((await claimInfo(limited, "a", { headers: { "x-forwarded-for": "198.51.100.1" } })).status, 404);
    assert.equal((await claimInfo(limited, "b", { headers: { "x-forwarded-for": "198.51.100.2" } })).status, 429);
  } finally {
    await limited.stop();
  }
});

test("the merchant API is rate-limited per access token; off turns a limit off", T, async () => {
  const limited = await startServer({ extraArgs: ["--api-rate-limit", "2/0.01", "--claim-rate-limit", "off"] });
  try {
    const org = makeOrg(limited);
    const sub = newSubscription(limited, org, 1);
    const second = limited.admin("create-token", "--organization", org.slug, "--scopes", "customer_seats:read").token;
    assert.equal((await listSeats(limited, org.token, sub.id)).status, 200);
    assert.equal((await listSeats(limited, org.token, sub.id)).status, 200);
    const third = await listSeats(limited, org.token, sub.id);
    assert.equal(third.status, 429);
    assert.equal(third.body.error, "TooManyRequests");
    assert.equal((await listSeats(limited, second, sub.id)).status, 200, "another token has its own bucket");
    for (let i = 0; i < 5; i++) assert.equal((await claimInfo(limited, `g${i}`)).status, 404, "claim limit off");
  } finally {
    await limited.stop();
  }
});

test("tokens: --expires-in, list-tokens without secrets, revoke-token answers 401 invalid_token at once", T, async () => {
  const org = makeOrg(server);
  const sub = newSubscription(server, org, 1);
  const made = server.admin("create-token", "--organization", org.slug, "--scopes", "customer_seats:read",
    "--expires-in", "30d");
  assert.match(made.token, /^polar_oat_/);
  assert.equal(made.state, "active");
  const days = (Date.parse(made.expires_at) - Date.now()) / 86400000;
  assert.ok(days > 29.9 && days <= 30, `expires in 30 days (${days})`);
  assert.equal((await listSeats(server, made.token, sub.id)).status, 200);

  const listed = server.admin("list-tokens", "--organization", org.slug);
  assert.equal(listed.items.length, 2);
  const text = JSON.stringify(listed);
  assert.ok(!text.includes(made.token) && !text.includes(org.token), "no secret is ever listed");
  assert.ok(listed.items.every((t) => !("token" in t) && !("token_hash" in t)));

  server.admin("revoke-token", "--id", made.id);
  const revoked = await listSeats(server, made.token, sub.id);
  assert.equal(revoked.status, 401);
  assert.equal(revoked.body.error, "invalid_token");
  assert.equal(server.admin("list-tokens", "--organization", org.slug).items.find((t) => t.id === made.id).state, "revoked");
  assert.notEqual(server.adminRaw("revoke-token", "--id", made.id).status, 0, "revoking twice is an error");
  // A revoked token takes no place in the writer's queue either: it is refused on a reader first.
  const write = await call(server, "POST", "/v1/customer-seats",
    { token: made.token, body: { subscription_id: sub.id, email: email("nope") } });
  assert.equal(write.status, 401);
  assert.equal(write.body.error, "invalid_token");
  assert.equal((await listSeats(server, org.token, sub.id)).status, 200, "other tokens are untouched");
});

test("an expired token answers 401 invalid_token", T, async () => {
  const org = makeOrg(server);
  const sub = newSubscription(server, org, 1);
  const short = server.admin("create-token", "--organization", org.slug, "--scopes", "customer_seats:read",
    "--expires-in", "1s");
  const deadline = Date.now() + 10000;
  let r;
  do {
    r = await listSeats(server, short.token, sub.id);
    if (r.status === 401) break;
    await sleep(100);
  } while (Date.now() < deadline);
  assert.equal(r.status, 401);
  assert.equal(r.body.error, "invalid_token");
  assert.notEqual(server.adminRaw("create-token", "--organization", org.slug, "--scopes", "x", "--expires-in", "soon")
    .status, 0);
});

test("non-finite numbers are refused with a 422 before any use", T, async () => {
  const org = makeOrg(server, { scopes: "customer_seats:write subscriptions:write" });
  const sub = newSubscription(server, org, 2);
  const r = await raw(server, "POST", "/v1/customer-seats", {
    headers: { authorization: `Bearer ${org.token}`, "content-type": "application/json" },
    body: `{"subscription_id":"${sub.id}","email":"${email("inf")}","metadata":{"big":1e400}}`,
  });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.body.detail[0].type, "finite_number");
  assert.deepEqual(r.body.detail[0].loc, ["body", "metadata", "big"]);
  const huge = await call(server, "PATCH", `/v1/subscriptions/${sub.id}`, { token: org.token, body: { seats: 1e300 } });
  assert.equal(huge.status, 422, huge.text);
});

test("echoed path and query values are valid UTF-8, even when the bytes were not", T, async () => {
  const org = makeOrg(server);
  const res = await fetch(`${server.baseUrl}/v1/customer-seats?subscription_id=%C3%28x`, {
    headers: { authorization: `Bearer ${org.token}` },
  });
  assert.equal(res.status, 422);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);  // throws on invalid UTF-8
  assert.equal(JSON.parse(text).detail[0].input, "\uFFFD(x");
});

test("names and e-mails with control or bidi override characters are refused", T, async () => {
  const org = makeOrg(server, { scopes: "customers:write customer_seats:write" });
  for (const name of ["Eve\u202Egnp.exe", "Line\nBreak", "Bell\u0007"]) {
    const r = await call(server, "POST", "/v1/customers", { token: org.token, body: { email: email("c"), name } });
    assert.equal(r.status, 422, `${JSON.stringify(name)} -> ${r.status}`);
    assert.deepEqual(r.body.detail[0].loc, ["body", "name"]);
  }
  const sub = newSubscription(server, org, 1);
  const bad = await call(server, "POST", "/v1/customer-seats",
    { token: org.token, body: { subscription_id: sub.id, email: "eve\u202E@example.com" } });
  assert.equal(bad.status, 422, bad.text);
  assert.notEqual(server.adminRaw("create-customer", "--organization", org.slug, "--email", email("cli"),
    "--name", "Mallory\u202E").status, 0);
});

test("Expect: 100-continue is answered before the body is sent", T, async () => {
  const org = makeOrg(server);
  const sub = newSubscription(server, org, 1);
  const body = JSON.stringify({ subscription_id: sub.id, email: email("expect") });
  const socket = connect(server.port, "127.0.0.1");
  let received = "";
  const waitFor = (pattern) => new Promise((ok) => {
    const check = () => { if (pattern.test(received)) { socket.off("data", onData); ok(); } };
    const onData = (d) => { received += d; check(); };
    socket.on("data", onData);
    check();
  });
  socket.write(`POST /v1/customer-seats HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${org.token}\r\n` +
    `Content-Type: application/json\r\nContent-Length: ${body.length}\r\nExpect: 100-continue\r\n\r\n`);
  await waitFor(/^HTTP\/1\.1 100 Continue\r\n\r\n/);  // the sentinel: only then does the body go out
  socket.write(body);
  await waitFor(/HTTP\/1\.1 200 OK[\s\S]*\r\n\r\n\{/);
  socket.destroy();
});

test("answers carrying a secret or a session say Cache-Control: no-store", T, async () => {
  // The endpoint's organization never has an event: nothing is ever sent to its (unresolvable) host.
  const quiet = makeOrg(server, { scopes: "webhooks:write" });
  const endpoint = await call(server, "POST", "/v1/webhooks/endpoints",
    { token: quiet.token, body: { url: "https://hooks.seatkeeper.invalid/x", format: "raw", events: ["customer_seat.claimed"] } });
  assert.equal(endpoint.status, 201, endpoint.text);
  assert.equal(endpoint.headers.get("cache-control"), "no-store");
  const org = makeOrg(server);
  const sub = newSubscription(server, org, 1);
  const to = email("session");
  await assignOk(server, org, { subscription_id: sub.id, email: to });
  const claimed = await claim(server, await waitForInvitation(server, to));
  assert.equal(claimed.status, 200, claimed.text);
  assert.equal(claimed.headers.get("cache-control"), "no-store");
});

test("a server secret shorter than 32 bytes is refused at start-up", T, async () => {
  await assert.rejects(startServer({ env: { SEATKEEPER_SECRET: "too-short-a-secret" } }), /at least 32 bytes/);
});

test("the SQLite database and the secret file are readable by their owner only", { ...T, skip: ON_POSTGRES }, () => {
  for (const file of [server.dbPath, join(server.dir, "seatkeeper.secret"), `${server.dbPath}-wal`]) {
    assert.equal(statSync(file).mode & 0o777, 0o600, file);
  }
});

test("retention prunes delivered outbox rows, old delivery logs and expired sessions", T, async () => {
  const pruning = await startServer({ extraArgs: ["--retention-interval-ms", "100", "--retention-outbox", "1s",
    "--retention-sessions", "1s", "--retention-delivery-logs", "1s"] });
  try {
    const org = makeOrg(pruning);
    const sub = newSubscription(pruning, org, 1);
    const to = email("old");
    await assignOk(pruning, org, { subscription_id: sub.id, email: to });
    assert.equal((await claim(pruning, await waitForInvitation(pruning, to))).status, 200);
    // Make the session expired: the job may delete it once it has been expired for 1 s.
    pruning.sql("UPDATE member_sessions SET expires_at = 0");
    const count = (table, where = "1=1") => Number(pruning.sql(`SELECT count(*) FROM ${table} WHERE ${where}`).trim());
    const deadline = Date.now() + 20000;
    while ((count("member_sessions") > 0 || count("outbox", "delivered_at IS NOT NULL") > 0) && Date.now() < deadline)
      await sleep(100);
    assert.equal(count("member_sessions"), 0, "expired sessions pruned");
    assert.equal(count("outbox", "delivered_at IS NOT NULL"), 0, "delivered outbox rows pruned");
    // The job logs after its commit, and the synchronous queries above keep this process from
    // reading the server's stderr meanwhile: poll for the line rather than read it once.
    while (!/retention: pruned/.test(pruning.stderr()) && Date.now() < deadline) await sleep(50);
    assert.match(pruning.stderr(), /retention: pruned/);
  } finally {
    await pruning.stop();
  }
});
