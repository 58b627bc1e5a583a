// Readiness, graceful shutdown under load, and online backups under load.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { startServer, call, BINARY, ON_POSTGRES } from "../lib/harness.mjs";
import { makeOrg, newSubscription, email, assign, listOk, raw, sql, stopServer, restartServer, sleep } from "./helpers.mjs";

const run = promisify(execFile);
const T = { timeout: 60000 };

// Assigns seats from `workers` concurrent loops until stop() is called; every seat answered 200
// is recorded with the time it was acknowledged.
function startLoad(server, org, sub, { workers = 6 } = {}) {
  const acknowledged = [];
  let stopped = false;
  let failures = 0;
  const loops = Array.from({ length: workers }, async () => {
    while (!stopped) {
      try {
        const r = await assign(server, org, { subscription_id: sub.id, email: email("load") });
        if (r.status === 200) acknowledged.push({ id: r.body.id, at: performance.now() });
        else failures++;
      } catch {
        failures++;  // refused or reset while shutting down: not acknowledged
        if (server.child.exitCode !== null || server.child.signalCode !== null) return;
        await sleep(5);
      }
    }
  });
  return {
    acknowledged,
    failures: () => failures,
    async stop() {
      stopped = true;
      await Promise.all(loops);
    },
  };
}

async function waitFor(predicate, what, timeoutMs = 10000) {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

test("/readyz answers 200 only while the store answers and every migration is applied", T, async () => {
  const server = await startServer();
  try {
    const ok = await raw(server, "GET", "/readyz");
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual(ok.body, { status: "ok" });
    const applied = sql(server, "SELECT applied_at FROM schema_migrations WHERE version = 1").trim();
    sql(server, "DELETE FROM schema_migrations WHERE version = 1");
    const pending = await raw(server, "GET", "/readyz");
    assert.equal(pending.status, 503, pending.text);
    assert.deepEqual(pending.body, { status: "unavailable", reason: "migrations are not current" });
    assert.equal((await raw(server, "GET", "/healthz")).status, 200, "liveness does not depend on the schema");
    sql(server, `INSERT INTO schema_migrations (version, applied_at) VALUES (1, ${applied})`);
    assert.equal((await raw(server, "GET", "/readyz")).status, 200);
  } finally {
    await stopServer(server);
  }
});

test("SIGTERM under load: exits 0 within 10 s and every acknowledged seat is in the database", T, async () => {
  const server = await startServer();
  try {
    const org = makeOrg(server);
    const sub = newSubscription(server, org, 1000000);
    const load = startLoad(server, org, sub);
    await waitFor(() => load.acknowledged.length >= 40, "40 acknowledged seats");
    const exited = new Promise((r) => server.child.once("exit", (code, signal) => r({ code, signal })));
    server.child.kill("SIGTERM");
    const deadline = new Promise((r) => setTimeout(() => r("timeout"), 10000));
    const outcome = await Promise.race([exited, deadline]);
    await load.stop();
    assert.notEqual(outcome, "timeout", "the server did not exit within 10 s of SIGTERM");
    assert.deepEqual(outcome, { code: 0, signal: null }, server.stderr());
    assert.match(server.stderr(), /"event":"serve.stopping"/);

    const ids = new Set(sql(server, `SELECT id FROM customer_seats WHERE subscription_id = '${sub.id}'`)
      .split("\n").map((l) => l.trim()).filter(Boolean));
    const lost = load.acknowledged.filter((s) => !ids.has(s.id));
    assert.deepEqual(lost, [], `${lost.length} of ${load.acknowledged.length} acknowledged seats are missing`);
  } finally {
    await stopServer(server);
  }
});

test("seatkeeper backup copies a live database under load; the copy holds every seat acknowledged before it began",
  T, async (t) => {
    const server = await startServer();
    const dir = mkdtempSync(join(tmpdir(), "seatkeeper-backup-"));
    try {
      const output = join(dir, "backup.db");
      if (ON_POSTGRES) {
        await assert.rejects(run(BINARY, ["backup", "--database", server.databaseUrl, "--output", output]),
          (e) => e.code === 2 && /pg_dump/.test(e.stderr));
        assert.ok(!existsSync(output));
        return;
      }
      const org = makeOrg(server);
      const sub = newSubscription(server, org, 1000000);
      const load = startLoad(server, org, sub, { workers: 4 });
      await waitFor(() => load.acknowledged.length >= 30, "30 acknowledged seats");
      const began = performance.now();
      const { stdout } = await run(BINARY, ["backup", "--database", server.databaseUrl, "--output", output]);
      const servedDuring = load.acknowledged.filter((s) => s.at > began).length;
      await load.stop();
      const report = JSON.parse(stdout);
      assert.equal(report.status, "ok");
      assert.equal(report.integrity_check, "ok");
      assert.equal(report.output, output);
      assert.ok(report.pages > 0);
      t.diagnostic(`${servedDuring} assignments were acknowledged while the backup ran`);

      const check = await run("sqlite3", [output, "PRAGMA integrity_check"]);
      assert.equal(check.stdout.trim(), "ok");
      assert.ok(!existsSync(`${output}-wal`), "the copy is one self-contained file");
      const copied = new Set((await run("sqlite3", [output, `SELECT id FROM customer_seats WHERE subscription_id = '${sub.id}'`]))
        .stdout.split("\n").filter(Boolean));
      const before = load.acknowledged.filter((s) => s.at < began);
      assert.ok(before.length >= 30);
      const missing = before.filter((s) => !copied.has(s.id));
      assert.deepEqual(missing, [], `${missing.length} seats acknowledged before the backup are not in it`);

      // Restore as docs/deployment.md says: the file and its key file side by side, then serve.
      const restoreDir = join(dir, "restored");
      await run("mkdir", ["-p", restoreDir]);
      copyFileSync(output, join(restoreDir, "seatkeeper.db"));
      copyFileSync(report.secret_file, join(restoreDir, "seatkeeper.secret"));
      const restored = await restartServer({ ...server, dir: restoreDir,
        databaseUrl: `sqlite://${join(restoreDir, "seatkeeper.db")}`, mailLog: join(restoreDir, "mail.log") });
      try {
        const listed = await listOk(restored, org, { subscription_id: sub.id });
        assert.ok(listed.seats.length >= before.length);
      } finally {
        await stopServer(restored);
      }
    } finally {
      await stopServer(server);
      rmSync(dir, { recursive: true, force: true });
    }
  });

test("seatkeeper backup refuses a missing database without writing the output", async () => {
  const dir = mkdtempSync(join(tmpdir(), "seatkeeper-backup-"));
  try {
    await assert.rejects(run(BINARY, ["backup", "--database", join(dir, "none.db"), "--output", join(dir, "out.db")]),
      (e) => e.code === 2 && /no database/.test(e.stderr));
    assert.ok(!existsSync(join(dir, "out.db")));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the HTML pages and their stylesheet answer as /openapi.json describes them", async () => {
  const server = await startServer();
  try {
    const org = makeOrg(server);
    // call() checks each answer against the document: path, status and content type.
    const css = await call(server, "GET", "/_portal/portal.css");
    assert.equal(css.status, 200);
    assert.match(css.headers.get("content-type"), /^text\/css/);
    const claim = await call(server, "GET", `/${org.slug}/portal/claim?token=not-a-token`);
    assert.equal(claim.status, 404);
    assert.match(claim.headers.get("content-type"), /^text\/html/);
    const portal = await call(server, "GET", `/${org.slug}/portal`);
    assert.match(portal.headers.get("content-type"), /^text\/html/);
  } finally {
    await stopServer(server);
  }
});
