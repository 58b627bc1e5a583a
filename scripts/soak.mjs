// `make soak`: crash safety under load on SQLite. Each cycle starts seatkeeper on the same
// database, drives concurrent assigns and revokes at it, SIGKILLs it at a random moment while
// requests are in flight, restarts it and checks:
//   - every acknowledged assignment is present with its e-mail and not revoked, unless a revoke
//     of it was acknowledged too (then the seat is revoked, or reused for another e-mail);
//   - no subscription holds more pending + claimed seats than it has seats;
//   - no message is lost: every committed assignment's invitation e-mail and every committed
//     assign/revoke webhook event is delivered (in the mail log / at the loopback receiver) or
//     still queued in the database.
// After the last cycle a server runs without being killed until every one of those messages has
// been delivered at least once (a message leased by a killed process waits out its lease).
//
// Requests whose answer the kill swallowed are "uncertain": their outcome is read back from the
// database after the restart and then held to the same rules. SOAK_CYCLES (default 100) sets the
// number of cycles; `make test` runs 3. Traffic stays on 127.0.0.1. Prints a summary (JSON last).
import { spawn, execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { readFileSync, existsSync, rmSync } from "node:fs";
import { BINARY, PUBLIC_URL, freePort, startServer, createWorld } from "../tests/lib/harness.mjs";

const CYCLES = Number(process.env.SOAK_CYCLES ?? 100);
const WORKERS = Number(process.env.SOAK_WORKERS ?? 8);
const SUBSCRIPTIONS = 3;
const SEATS_PER_SUBSCRIPTION = 12;
const DRAIN_TIMEOUT_MS = 120_000;  // longer than the e-mail lease (60 s) plus retries
const SCOPES = "customer_seats:read customer_seats:write webhooks:read webhooks:write";
const EVENTS = ["customer_seat.assigned", "customer_seat.revoked"];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const random = (lo, hi) => lo + Math.floor(Math.random() * (hi - lo));
const t0 = Date.now();
const log = (line) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${line}`);

function fail(message) {
  console.error(`SOAK FAILED: ${message}`);
  process.exitCode = 1;
  throw new Error(message);
}

// A revoked seat shows no e-mail (and its id is reused by a later assignment): a `revoked` event is
// known by seat id and revocation time, an `assigned` one by its e-mail address.
const micros = (rfc3339) => {
  const [whole, fraction = "0"] = rfc3339.replace(/Z$/, "").split(".");
  return Date.parse(`${whole}Z`) * 1000 + Number(fraction.padEnd(6, "0").slice(0, 6));
};
const assignedKey = (email) => `customer_seat.assigned ${email}`;
const revokedKey = (seatId, revokedAt) => `customer_seat.revoked ${seatId} ${revokedAt ?? "*"}`;
// A revocation whose answer was lost and whose seat was reassigned since has no known time: any
// `revoked` event of that seat stands for it.
const holds = (keys, key) => key.endsWith(" *") ? [...keys].some((k) => k.startsWith(key.slice(0, -1))) : keys.has(key);
function eventKey(event) {
  if (event.type === "customer_seat.revoked") return revokedKey(event.data?.id, micros(event.data?.revoked_at ?? ""));
  return event.type === "customer_seat.assigned" ? assignedKey(event.data?.email) : `${event.type}`;
}

// The key of a queued event as the server stores it: JSON (rows of earlier versions) or a seat
// event record (src/domain/seat_event_record.hpp: "~seat1", then fields, a string as
// <bytes>:<text>, a timestamp as <unix micros>;, an absent optional as "_"). Reads the fields up
// to revoked_at.
function storedEventKey(payload) {
  if (!payload.startsWith("~seat1")) return eventKey(JSON.parse(payload));
  const bytes = Buffer.from(payload, "utf8");
  let at = 6;
  const upTo = (c) => { const end = bytes.indexOf(c, at); const v = bytes.toString("utf8", at, end); at = end + 1; return v; };
  const absent = () => (bytes[at] === 0x5f ? (at++, true) : false);
  const text = () => { const n = Number(upTo(":")); const v = bytes.toString("utf8", at, at + n); at += n; return v; };
  const time = () => Number(upTo(";"));
  const flag = () => bytes[at++];
  const type = text();
  time();                                   // the event's timestamp
  const id = text();
  time();                                   // created_at
  if (!absent()) time();                    // modified_at
  flag(); text(); flag();                   // container kind and id, status
  if (!absent()) text();                    // customer_id
  if (!absent()) text();                    // member_id
  const email = absent() ? null : text();
  if (!absent()) time();                    // invitation_token_expires_at
  if (!absent()) time();                    // claimed_at
  const revokedAt = absent() ? null : time();
  if (type === "customer_seat.revoked") return revokedKey(id, revokedAt);
  return type === "customer_seat.assigned" ? assignedKey(email) : type;
}

// ---- the loopback webhook receiver: records every delivery, always answers 200
const received = [];  // {type, seatId, email}
const receiver = createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    try {
      const event = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      received.push(eventKey(event));
    } catch {}
    res.writeHead(200);
    res.end("ok");
  });
});
await new Promise((ok) => receiver.listen(0, "127.0.0.1", ok));
const receiverUrl = `http://127.0.0.1:${receiver.address().port}/hooks/soak`;

// ---- the server: started, SIGKILLed and restarted on one database
const serveHelp = execFileSync(BINARY, ["serve", "--help"], { encoding: "utf8" });
// Once outbound webhooks refuse private addresses, the loopback receiver needs the opt-in.
const extraArgs = ["--retry-base-ms", "100", ...(serveHelp.includes("--allow-private-webhooks") ? ["--allow-private-webhooks"] : []),
  // The load is the point here, not the per-token rate limit (a 429 would read as a failure).
  ...(serveHelp.includes("--api-rate-limit") ? ["--api-rate-limit", "off"] : [])];
const first = await startServer({ extraArgs });
const base = { dir: first.dir, databaseUrl: first.databaseUrl, dbPath: first.dbPath, mailLog: first.mailLog, sql: first.sql,
  admin: first.admin };

async function serve() {
  const port = await freePort();
  const child = spawn(BINARY, ["serve", "--database", base.databaseUrl, "--listen", `127.0.0.1:${port}`,
    "--public-url", PUBLIC_URL, "--mail-log", base.mailLog, ...extraArgs], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const exited = new Promise((r) => child.once("exit", r));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) fail(`seatkeeper exited on start: ${stderr}`);
    try {
      if ((await fetch(`${baseUrl}/healthz`)).ok) break;
    } catch {}
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      fail(`seatkeeper did not start: ${stderr}`);
    }
    await sleep(20);
  }
  return { child, exited, baseUrl, stderr: () => stderr };
}

async function killHard(server) {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill("SIGKILL");
  await server.exited;
}

// ---- the world: one organization, a few small subscriptions, one webhook endpoint
const world = createWorld(first, { seats: SEATS_PER_SUBSCRIPTION, scopes: SCOPES });
const subscriptions = [world.subscription.id];
for (let i = 1; i < SUBSCRIPTIONS; i++) {
  subscriptions.push(first.admin("create-subscription", "--customer", world.customer.id, "--product", world.product.id,
    "--seats", String(SEATS_PER_SUBSCRIPTION)).id);
}
const auth = { authorization: `Bearer ${world.token}`, "content-type": "application/json" };
{
  const r = await fetch(`${first.baseUrl}/v1/webhooks/endpoints`, {
    method: "POST", headers: auth, body: JSON.stringify({ url: receiverUrl, format: "raw", events: EVENTS }),
  });
  if (r.status !== 201) fail(`cannot create the webhook endpoint: ${r.status} ${await r.text()}`);
}
await first.child.kill("SIGTERM");
await new Promise((r) => (first.child.exitCode !== null ? r() : first.child.once("exit", r)));

// ---- what the clients were told. One occupancy per e-mail address (each assign uses a new one).
// state: "active" (assign acknowledged), "revoked" (revoke acknowledged), "uncertain-assign",
// "uncertain-revoke" (no answer: the kill came first).
const occupancies = new Map();  // email -> {email, seatId, subscription, state}
const stats = { cycles: 0, assignsAcked: 0, revokesAcked: 0, refusedFull: 0, uncertain: 0, uncertainCommitted: 0,
  otherErrors: 0, inFlightAtKill: [], checks: 0 };
let emailCounter = 0;

async function request(server, method, path, body) {
  const r = await fetch(server.baseUrl + path, { method, headers: auth, body: body && JSON.stringify(body) });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : null };
}

async function worker(server, stop, inFlight) {
  while (!stop.now) {
    const active = [...occupancies.values()].filter((o) => o.state === "active");
    const revoking = active.length > 0 && Math.random() < 0.4;
    inFlight.count++;
    if (revoking) {
      const o = active[random(0, active.length)];
      o.state = "uncertain-revoke";
      try {
        const r = await request(server, "DELETE", `/v1/customer-seats/${o.seatId}`);
        if (r.status !== 200) fail(`revoke ${o.seatId} -> ${r.status} ${JSON.stringify(r.body)}`);
        if (r.body.status !== "revoked" || r.body.id !== o.seatId) fail(`revoke answered ${JSON.stringify(r.body)}`);
        Object.assign(o, { state: "revoked", revokedAt: micros(r.body.revoked_at) });
        stats.revokesAcked++;
      } catch (e) {
        if (e.message.startsWith("revoke")) throw e;
        stats.uncertain++;
        return;  // the server is gone
      } finally {
        inFlight.count--;
      }
    } else {
      const email = `soak-${process.pid}-${++emailCounter}@example.com`;
      const subscription = subscriptions[random(0, subscriptions.length)];
      const o = { email, seatId: null, subscription, state: "uncertain-assign" };
      occupancies.set(email, o);
      try {
        const r = await request(server, "POST", "/v1/customer-seats", { subscription_id: subscription, email });
        if (r.status === 200 || r.status === 201) {
          if (r.body.email !== email || r.body.status !== "pending") fail(`assign answered ${JSON.stringify(r.body)}`);
          Object.assign(o, { seatId: r.body.id, state: "active" });
          stats.assignsAcked++;
        } else if (r.status === 400 && /seat/i.test(JSON.stringify(r.body))) {
          occupancies.delete(email);  // no seat left: refused, and nothing may have been written
          o.state = "refused";
          stats.refusedFull++;
        } else {
          fail(`assign -> ${r.status} ${JSON.stringify(r.body)}`);
        }
      } catch (e) {
        if (e.message.startsWith("assign")) throw e;
        stats.uncertain++;
        return;
      } finally {
        inFlight.count--;
      }
    }
  }
}

// ---- the database after a restart
const sql = (statement) => execFileSync("sqlite3", [base.dbPath, statement], { encoding: "utf8", maxBuffer: 256 << 20 });

function seatRows() {
  const out = sql("SELECT id, email, status, subscription_id, revoked_at FROM customer_seats;");
  return out.split("\n").filter(Boolean).map((l) => {
    const [id, email, status, subscription, revokedAt] = l.split("|");
    return { id, email, status, subscription, revokedAt: revokedAt ? Number(revokedAt) : null };
  });
}

function check(cycle) {
  stats.checks++;
  const rows = seatRows();
  const byEmail = new Map(rows.filter((r) => r.email).map((r) => [r.email, r]));
  const byId = new Map(rows.map((r) => [r.id, r]));
  // Uncertain requests: adopt what the database says.
  for (const o of occupancies.values()) {
    if (o.state === "uncertain-assign") {
      const row = byEmail.get(o.email);
      if (row && row.status !== "revoked") {
        Object.assign(o, { seatId: row.id, state: "active" });
        stats.uncertainCommitted++;
      } else {
        if (row) fail(`cycle ${cycle}: ${o.email} has a revoked seat nobody revoked`);
        occupancies.delete(o.email);
      }
    } else if (o.state === "uncertain-revoke") {
      // Nothing ran between the kill and this check, so a revoked row is still this revocation.
      // Its seat may have been reassigned since, by an assignment whose answer was lost too.
      const row = byId.get(o.seatId);
      if (!row) fail(`cycle ${cycle}: seat ${o.seatId} of ${o.email} is missing`);
      if (row.email === o.email && row.status !== "revoked") {
        o.state = "active";
      } else {
        if (row.status !== "revoked" && !occupancies.has(row.email)) {
          fail(`cycle ${cycle}: seat ${o.seatId} reads back as ${JSON.stringify(row)}`);
        }
        Object.assign(o, { state: "revoked", revokedAt: row.status === "revoked" ? row.revokedAt : null });
        stats.uncertainCommitted++;
      }
    }
  }
  for (const o of occupancies.values()) {
    const row = byId.get(o.seatId);
    if (o.state === "active") {
      if (!row) fail(`cycle ${cycle}: acknowledged seat ${o.seatId} (${o.email}) is missing`);
      if (row.email !== o.email || row.status === "revoked" || row.subscription !== o.subscription) {
        fail(`cycle ${cycle}: acknowledged seat ${o.seatId} (${o.email}) reads back as ${JSON.stringify(row)}`);
      }
    } else if (o.state === "revoked") {
      if (!row) fail(`cycle ${cycle}: revoked seat ${o.seatId} is missing`);
      if (row.email === o.email || (row.status === "revoked" && o.revokedAt !== null && row.revokedAt < o.revokedAt)) {
        fail(`cycle ${cycle}: acknowledged revoke of ${o.seatId} (${o.email}) was lost: ${JSON.stringify(row)}`);
      }
    }
  }
  // Every seat row that holds an address belongs to an occupancy we know of (nothing invented).
  for (const row of rows) {
    if (row.status !== "revoked" && !occupancies.has(row.email)) fail(`cycle ${cycle}: unknown seat ${JSON.stringify(row)}`);
  }
  const occupied = new Map();
  for (const row of rows) if (row.status !== "revoked") occupied.set(row.subscription, (occupied.get(row.subscription) ?? 0) + 1);
  for (const [subscription, n] of occupied) {
    if (n > SEATS_PER_SUBSCRIPTION) fail(`cycle ${cycle}: subscription ${subscription} holds ${n} seats of ${SEATS_PER_SUBSCRIPTION}`);
  }
  // Not delivered yet must mean still queued: an invitation per missing e-mail, an event per
  // missing webhook. The queues are read first: a message delivered in between is then not missing.
  const queuedMail = Number(sql("SELECT count(*) FROM outbox WHERE topic = 'email' AND delivered_at IS NULL;").trim());
  const queued = JSON.parse(execFileSync("sqlite3", ["-json", base.dbPath,
    "SELECT payload FROM outbox WHERE topic = 'webhook_event' AND delivered_at IS NULL " +
    "UNION ALL SELECT payload FROM webhook_events WHERE done_at IS NULL;"], { encoding: "utf8", maxBuffer: 256 << 20 }) || "[]");
  const queuedHooks = new Set(queued.map((row) => storedEventKey(row.payload)));
  const missing = undelivered();
  if (missing.mail.length > queuedMail) {
    fail(`cycle ${cycle}: ${missing.mail.length} invitations neither delivered nor queued (${queuedMail} queued)`);
  }
  for (const key of missing.webhooks) {
    if (!holds(queuedHooks, key)) fail(`cycle ${cycle}: webhook event "${key}" neither delivered nor queued`);
  }
  return missing;
}

// What must have been delivered: for every committed assignment its invitation and its
// `assigned` event, for every committed revoke its `revoked` event.
function undelivered() {
  const mailed = new Set(existsSync(base.mailLog)
    ? readFileSync(base.mailLog, "utf8").split("\n").filter(Boolean).map((l) => l.split(" ")[0]) : []);
  const hooks = new Set(received);
  const mail = [];
  const webhooks = [];
  for (const o of occupancies.values()) {
    if (o.state !== "active" && o.state !== "revoked") continue;
    if (!mailed.has(o.email)) mail.push(o.email);
    if (!hooks.has(assignedKey(o.email))) webhooks.push(assignedKey(o.email));
    if (o.state === "revoked" && !holds(hooks, revokedKey(o.seatId, o.revokedAt))) webhooks.push(revokedKey(o.seatId, o.revokedAt));
  }
  return { mail, webhooks };
}

// ---- the cycles
let exitCode = 0;
try {
  for (let cycle = 1; cycle <= CYCLES; cycle++) {
    const server = await serve();
    if (cycle > 1) check(cycle);  // the previous kill left this database
    const stop = { now: false };
    const inFlight = { count: 0 };
    const workers = Array.from({ length: WORKERS }, () => worker(server, stop, inFlight));
    await sleep(random(150, 700));
    stats.inFlightAtKill.push(inFlight.count);
    await killHard(server);
    stop.now = true;
    await Promise.all(workers);
    stats.cycles = cycle;
    if (cycle % 10 === 0 || cycle === CYCLES) {
      log(`cycle ${cycle}: ${stats.assignsAcked} assigns and ${stats.revokesAcked} revokes acknowledged, ` +
        `${stats.uncertain} uncertain`);
    }
  }
  // The drain: one more restart, checked, then left running until everything is delivered.
  const server = await serve();
  check("final");
  const drainStart = Date.now();
  let missing;
  for (;;) {
    missing = undelivered();
    if (missing.mail.length === 0 && missing.webhooks.length === 0) break;
    if (Date.now() - drainStart > DRAIN_TIMEOUT_MS) {
      fail(`not delivered within ${DRAIN_TIMEOUT_MS} ms: ${missing.mail.length} invitations, ` +
        `${missing.webhooks.length} webhook events (${JSON.stringify(missing.webhooks.slice(0, 5))})`);
    }
    await sleep(100);
  }
  stats.drainMs = Date.now() - drainStart;
  server.child.kill("SIGTERM");
  await server.exited;
} catch (e) {
  if (!process.exitCode) console.error(e);
  exitCode = 1;
} finally {
  receiver.close();
}

const mailLines = existsSync(base.mailLog) ? readFileSync(base.mailLog, "utf8").split("\n").filter(Boolean).length : 0;
const committed = [...occupancies.values()].filter((o) => o.state === "active" || o.state === "revoked");
const expectedHooks = committed.length + committed.filter((o) => o.state === "revoked").length;
const summary = {
  cycles: stats.cycles, workers: WORKERS, assignsAcked: stats.assignsAcked, revokesAcked: stats.revokesAcked,
  refusedFull: stats.refusedFull, uncertain: stats.uncertain, uncertainCommitted: stats.uncertainCommitted,
  meanInFlightAtKill: stats.inFlightAtKill.length
    ? Number((stats.inFlightAtKill.reduce((a, b) => a + b, 0) / stats.inFlightAtKill.length).toFixed(2)) : 0,
  checks: stats.checks, invitationsExpected: committed.length, mailLogLines: mailLines,
  webhooksExpected: expectedHooks, webhooksReceived: received.length, drainMs: stats.drainMs ?? null,
  seconds: Math.round((Date.now() - t0) / 1000), ok: exitCode === 0,
};
log(exitCode === 0 ? "soak passed" : "soak FAILED");
console.log(JSON.stringify(summary));
if (exitCode === 0) rmSync(base.dir, { recursive: true, force: true });
else console.error(`database and mail log kept in ${base.dir}`);
process.exit(exitCode);
