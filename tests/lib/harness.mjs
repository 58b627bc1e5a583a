// Shared end-to-end harness: starts the real seatkeeper binary on a free loopback port with a
// fresh database, drives the admin CLI, and reads invitation links from the development mail log.
//
// The store is SQLite (a new file per server) unless SEATKEEPER_TEST_STORE=postgres, in which case
// every server gets a new database on the PostgreSQL server of TEST_DATABASE_URL (scripts/test.sh
// starts a throwaway cluster and runs the suites once per store).
import { spawn, execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { checkResponse } from "./openapi-check.mjs";

const here = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(here, "../..");
export const BINARY = process.env.SEATKEEPER_BIN ?? join(ROOT, "build/seatkeeper");
export const PUBLIC_URL = "http://portal.seatkeeper.test";

export async function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once("error", fail);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export const STORE = process.env.SEATKEEPER_TEST_STORE ?? "sqlite";
export const ON_POSTGRES = STORE === "postgres";
if (ON_POSTGRES) {
  if (!process.env.TEST_DATABASE_URL) throw new Error("SEATKEEPER_TEST_STORE=postgres needs TEST_DATABASE_URL");
  // PostgreSQL has no key file beside the database: one secret for every serve and admin process
  // of this run, passed in the environment (an argument would show in `ps`).
  process.env.SEATKEEPER_SECRET ??= randomBytes(32).toString("base64url");
} else if (STORE !== "sqlite") {
  throw new Error(`SEATKEEPER_TEST_STORE must be sqlite or postgres, not ${STORE}`);
}

let databases = 0;
// Creates an empty database on TEST_DATABASE_URL's server and returns its URL.
export function createPgDatabase() {
  const base = new URL(process.env.TEST_DATABASE_URL);
  const name = `sk_${process.pid}_${Date.now().toString(36)}_${++databases}`;
  execFileSync("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", base.href, "-c", `CREATE DATABASE ${name}`],
    { stdio: ["ignore", "ignore", "pipe"] });
  const url = new URL(base.href);
  url.pathname = `/${name}`;
  return url.href;
}

// The e2e helpers inspect and poke the database with SQLite statements. On PostgreSQL the few
// SQLite-only idioms they use are rewritten to their information_schema / CTE equivalents with
// the same output shape (psql -A -t prints rows as "a|b|c" like the sqlite3 CLI); everything else
// runs as written, which works because both schemas have the same tables and columns.
export function sqliteToPostgres(statement) {
  const s = statement.trim();
  if (/^SELECT name FROM sqlite_master WHERE type\s*=\s*'table'\s*;?$/i.test(s)) {
    return "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() " +
      "AND table_type = 'BASE TABLE' ORDER BY 1";
  }
  let m = /^PRAGMA table_info\((\w+)\)\s*;?$/i.exec(s);
  if (m) {
    return "SELECT ordinal_position - 1, column_name, data_type, CASE is_nullable WHEN 'NO' THEN 1 ELSE 0 END, " +
      `column_default, 0 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '${m[1]}' ` +
      "ORDER BY ordinal_position";
  }
  m = /^((?:UPDATE|DELETE|INSERT)\b[\s\S]*?);\s*SELECT changes\(\)\s*;?$/i.exec(s);
  if (m) return `WITH changed AS (${m[1]} RETURNING 1) SELECT count(*) FROM changed`;
  if (/sqlite_|PRAGMA|changes\(\)|json_set/i.test(s)) throw new Error(`no PostgreSQL translation for: ${s}`);
  return s;
}

// Runs one statement and returns what the sqlite3 CLI would print for it.
export function runSql(databaseUrl, statement) {
  if (ON_POSTGRES) {
    return execFileSync("psql", ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", databaseUrl,
      "-c", sqliteToPostgres(statement)], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  }
  // The server's writer may hold the database's write lock (its WAL checkpointer, a batch): wait
  // for it as the server's own connections do, instead of failing at once with SQLITE_BUSY.
  return execFileSync("sqlite3", ["-cmd", ".timeout 10000", databaseUrl.replace(/^sqlite:\/\//, ""), statement],
    { encoding: "utf8" });
}

// Runs `seatkeeper admin --database URL ...args` and returns the parsed JSON it printed.
export function admin(databaseUrl, ...args) {
  const out = execFileSync(BINARY, ["admin", "--database", databaseUrl, ...args], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  return JSON.parse(out);
}

// Like admin(), but returns {status, stdout, stderr} instead of throwing on a non-zero exit.
export function adminRaw(databaseUrl, ...args) {
  try {
    const stdout = execFileSync(BINARY, ["admin", "--database", databaseUrl, ...args], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    return { status: 0, stdout, stderr: "" };
  } catch (e) {
    return { status: e.status, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

// `databaseUrl`: start on an existing database (a second instance beside another server) instead
// of a fresh one.
// By default a server deletes each outbox row as it is delivered. Tests that read delivered rows
// back (to count the events a change wrote, or to see what a row holds) keep them for a day.
export const KEEP_DELIVERED_OUTBOX = ["--retention-outbox", "1d"];

export async function startServer({ env = {}, extraArgs = [], databaseUrl: existing } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "seatkeeper-e2e-"));
  const databaseUrl = existing ?? (ON_POSTGRES ? createPgDatabase() : `sqlite://${join(dir, "seatkeeper.db")}`);
  const dbPath = ON_POSTGRES ? null : databaseUrl.replace(/^sqlite:\/\//, "");
  const mailLog = join(dir, "mail.log");
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  // Create the schema first so the admin CLI can be used before or after start-up.
  execFileSync(BINARY, ["migrate", "--database", databaseUrl], { stdio: "ignore" });
  const child = spawn(
    BINARY,
    ["serve", "--database", databaseUrl, "--listen", `127.0.0.1:${port}`, "--public-url", PUBLIC_URL,
     "--mail-log", mailLog, ...extraArgs],
    { env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const deadline = Date.now() + 15000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`seatkeeper exited early (${child.exitCode}): ${stderr}`);
    try {
      const r = await fetch(`${baseUrl}/healthz`);
      if (r.ok) break;
    } catch {}
    if (Date.now() > deadline) throw new Error(`seatkeeper did not start: ${stderr}`);
    await sleep(50);
  }
  const server = {
    dir, dbPath, databaseUrl, mailLog, port, baseUrl, child,
    stderr: () => stderr,
    admin: (...args) => admin(databaseUrl, ...args),
    adminRaw: (...args) => adminRaw(databaseUrl, ...args),
    sql: (statement) => runSql(databaseUrl, statement),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        await new Promise((r) => child.once("exit", r));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return server;
}

// Creates an organization, an access token, a billing customer, a product and a subscription
// (or a paid order with oneTime) with `seats` seats. Returns every id plus the token.
let counter = 0;
export function createWorld(server, { seats = 5, oneTime = false, orderStatus = "paid",
  scopes = "customer_seats:read customer_seats:write", seatBasedPricing = true } = {}) {
  const n = `${process.pid}-${++counter}`;
  const slug = `org-${n}`;
  const orgArgs = ["create-organization", "--name", `Org ${n}`, "--slug", slug];
  if (!seatBasedPricing) orgArgs.push("--disable-seat-based-pricing");
  const organization = server.admin(...orgArgs);
  const token = server.admin("create-token", "--organization", slug, "--scopes", scopes);
  const customer = server.admin("create-customer", "--organization", slug, "--email", `billing-${n}@example.com`,
    "--name", `Billing ${n}`);
  const productArgs = ["create-product", "--organization", slug, "--name", `Product ${n}`];
  if (oneTime) productArgs.push("--one-time");
  const product = server.admin(...productArgs);
  const world = { organization, slug, token: token.token, customer, product };
  if (oneTime) {
    world.order = server.admin("create-order", "--customer", customer.id, "--product", product.id,
      "--seats", String(seats), "--status", orderStatus);
  } else {
    world.subscription = server.admin("create-subscription", "--customer", customer.id, "--product", product.id,
      "--seats", String(seats));
  }
  return world;
}

// Every invitation line in the mail log: [{email, url, token}].
export function invitations(server) {
  if (!existsSync(server.mailLog)) return [];
  return readFileSync(server.mailLog, "utf8").split("\n").filter(Boolean).map((line) => {
    const [email, url] = line.split(" ");
    return { email, url, token: new URL(url).searchParams.get("token") };
  });
}

// Waits until the mail log holds at least `count` invitations to `email`; returns the newest token.
export async function waitForInvitation(server, email, { count = 1, timeoutMs = 5000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mine = invitations(server).filter((i) => i.email.toLowerCase() === email.toLowerCase());
    if (mine.length >= count) return mine[mine.length - 1].token;
    if (Date.now() > deadline) throw new Error(`no invitation #${count} for ${email} in ${server.mailLog}`);
    await sleep(20);
  }
}

// fetch() with JSON in and out; returns {status, headers, body} with body parsed when JSON, after
// checking the answer against the server's /openapi.json (tests/lib/openapi-check.mjs).
export async function call(server, method, path, { token, body, headers = {} } = {}) {
  const h = { ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  if (body !== undefined) h["content-type"] = "application/json";
  const r = await fetch(server.baseUrl + path, {
    method, headers: h, body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await r.text();
  let parsed = text;
  try { parsed = JSON.parse(text); } catch {}
  // Every answer must be one /openapi.json describes (route, status and body schema).
  await checkResponse(server, method, path, r.status, parsed, r.headers.get("content-type"));
  return { status: r.status, headers: r.headers, body: parsed, text };
}
