// deploy/nginx.conf, unchanged but for ports and paths, in front of two seatkeeper instances on
// one PostgreSQL database: the deployment docs/deployment.md describes. Requests through nginx
// behave as direct ones, are spread over both instances, survive one instance going away, and
// get a JSON 503 when none is left. Runs only with SEATKEEPER_TEST_STORE=postgres.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer, freePort, invitations, ON_POSTGRES, ROOT } from "../lib/harness.mjs";
import {
  makeOrg, newSubscription, email, assign, assignOk, listOk, claim, claimInfo, stopServer, assertError,
  assertJsonContentType, call, sleep,
} from "./helpers.mjs";

const skip = ON_POSTGRES ? false : "needs one database shared by two processes: SEATKEEPER_TEST_STORE=postgres";
const T = { timeout: 60000 };
const NGINX = process.env.NGINX ?? (existsSync("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx");

// deploy/nginx.conf with the upstream servers, listen port and log path of this test run.
function nginxSiteConfig(upstreamPorts, listenPort, accessLog) {
  const site = readFileSync(join(ROOT, "deploy/nginx.conf"), "utf8");
  const upstreams = [...site.matchAll(/^\s*server 127\.0\.0\.1:\d+ (.*);$/gm)];
  assert.equal(upstreams.length, 2, "deploy/nginx.conf lists two example instances");
  let out = site;
  upstreams.forEach((m, i) => {
    out = out.replace(m[0], m[0].replace(/127\.0\.0\.1:\d+/, `127.0.0.1:${upstreamPorts[i]}`));
  });
  assert.match(out, /^\s*listen 80;$/m);
  out = out.replace(/^(\s*)listen 80;$/m, `$1listen 127.0.0.1:${listenPort};`);
  assert.match(out, /access_log \/var\/log\/nginx\/seatkeeper\.access\.log seatkeeper;/);
  return out.replace("/var/log/nginx/seatkeeper.access.log", accessLog);
}

async function startNginx(upstreamPorts) {
  const dir = mkdtempSync(join(tmpdir(), "seatkeeper-nginx-"));
  chmodSync(dir, 0o755); // nginx workers run unprivileged and write temp files under here
  for (const sub of ["body", "proxy", "fastcgi", "uwsgi", "scgi"]) mkdirSync(join(dir, sub));
  const port = await freePort();
  const accessLog = join(dir, "access.log");
  writeFileSync(join(dir, "seatkeeper.conf"), nginxSiteConfig(upstreamPorts, port, accessLog));
  // The process-level settings Debian's /etc/nginx/nginx.conf would normally provide.
  writeFileSync(join(dir, "nginx.conf"), `
daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  include ${dir}/seatkeeper.conf;
}
`);
  const child = spawn(NGINX, ["-p", dir, "-c", join(dir, "nginx.conf"), "-e", join(dir, "error.log")],
    { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const exited = new Promise((r) => child.once("exit", r));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10000;
  for (;;) {
    if (child.exitCode !== null) {
      const log = existsSync(join(dir, "error.log")) ? readFileSync(join(dir, "error.log"), "utf8") : "";
      throw new Error(`nginx exited (${child.exitCode}): ${stderr} ${log}`);
    }
    try {
      if ((await fetch(`${baseUrl}/healthz`)).ok) break;
    } catch {}
    if (Date.now() > deadline) throw new Error(`nginx did not start: ${stderr}`);
    await sleep(50);
  }
  return {
    baseUrl, accessLog,
    upstreamsSeen: () => readFileSync(accessLog, "utf8").split("\n").filter(Boolean)
      .map((l) => /upstream=(\S+)/.exec(l)?.[1]),
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGTERM"); // fast shutdown: do not wait for idle keep-alive clients
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe("nginx (deploy/nginx.conf) in front of two instances", { skip }, () => {
  let a;
  let b;
  let nginx;
  let proxy; // a server-like object whose requests go through nginx
  let org;

  before(async () => {
    a = await startServer();
    b = await startServer({ databaseUrl: a.databaseUrl });
    nginx = await startNginx([a.port, b.port]);
    proxy = { ...a, baseUrl: nginx.baseUrl };
    org = makeOrg(a);
  });
  after(async () => {
    if (nginx) await nginx.stop();
    await stopServer(b);
    await stopServer(a);
  });

  test("assign, list, claim-info and claim through nginx; requests reach both instances", T, async () => {
    const sub = newSubscription(a, org, 5);
    const e = email("proxied");
    const seat = await assignOk(proxy, org, { subscription_id: sub.id, email: e });
    for (let i = 0; i < 6; i++) {
      const l = await listOk(proxy, org, { subscription_id: sub.id });
      assert.deepEqual(l.seats.map((s) => s.id), [seat.id]);
    }
    // Whichever instance delivered the invitation, its token works through nginx.
    let token;
    for (let i = 0; i < 200 && !token; i++) {
      token = [...invitations(a), ...invitations(b)].find((x) => x.email === e)?.token;
      if (!token) await sleep(50);
    }
    assert.ok(token, `no invitation for ${e} in either mail log`);
    const info = await claimInfo(proxy, token);
    assert.equal(info.status, 200, info.text);
    assertJsonContentType(info);
    const c = await claim(proxy, token);
    assert.equal(c.status, 200, c.text);
    assert.equal(c.body.seat.id, seat.id);
    assert.equal(c.headers.get("polar-version"), "2026-04");

    const seen = new Set(nginx.upstreamsSeen());
    assert.ok(seen.has(`127.0.0.1:${a.port}`) && seen.has(`127.0.0.1:${b.port}`),
      `round robin should use both instances, access log shows ${[...seen]}`);
  });

  test("30 concurrent assigns through nginx on a 5-seat subscription → exactly 5 seats", T, async () => {
    const sub = newSubscription(a, org, 5);
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) =>
      assign(proxy, org, { subscription_id: sub.id, email: email(`lb${i}`) })));
    assert.equal(results.filter((r) => r.status === 200).length, 5, results.map((r) => r.status).join(","));
    for (const r of results.filter((x) => x.status !== 200)) {
      assertError(r, 400, "SeatNotAvailable", `No available seats for ${sub.id}`);
    }
  });

  test("an oversized body through nginx gets the same JSON 413 as from seatkeeper itself", T, async () => {
    const body = JSON.stringify({ subscription_id: "x", email: "y".repeat(100 * 1024) });
    for (let i = 0; i < 5; i++) {
      const r = await call(proxy, "POST", "/v1/customer-seats", { token: org.token, body });
      assert.equal(r.status, 413, `status ${r.status} ${r.text}`);
      assertJsonContentType(r);
      assert.deepEqual(r.body, { error: "PayloadTooLarge", detail: "Request body is too large" });
    }
    // A body just under the limit still reaches an instance (and fails validation there).
    const fits = await call(proxy, "POST", "/v1/customer-seats",
      { token: org.token, body: JSON.stringify({ email: "z".repeat(60 * 1024) }) });
    assert.equal(fits.status, 422, fits.text);
  });

  test("with one instance stopped, every request through nginx still succeeds", T, async () => {
    const sub = newSubscription(a, org, 20);
    await stopServer(a);
    for (let i = 0; i < 10; i++) {
      await assignOk(proxy, org, { subscription_id: sub.id, email: email(`failover${i}`) });
      const l = await listOk(proxy, org, { subscription_id: sub.id });
      assert.equal(l.seats.length, i + 1);
    }
  });

  test("with no instance left, nginx answers 503 in seatkeeper's JSON error shape", T, async () => {
    await stopServer(b);
    const res = await fetch(`${nginx.baseUrl}/v1/customer-seats?subscription_id=x`);
    assert.equal(res.status, 503);
    assert.match(res.headers.get("content-type"), /^application\/json/);
    assert.deepEqual(await res.json(), { error: "ServiceUnavailable", detail: "No seatkeeper instance is available" });
  });
});
