// Structured logs: with stderr not a terminal the server logs JSON, one access line per request
// with its request id, method, route template, status, duration and bytes. X-Request-Id is taken
// (bounded, sanitized) or generated, returned, and carried into the lines of the work it caused,
// including the outbox rows a request wrote. Tokens and claim links never reach the log.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, waitForInvitation, KEEP_DELIVERED_OUTBOX } from "../lib/harness.mjs";
import { makeOrg, newSubscription, email, assign, claimInfo, listOk, raw, sql, stopServer, sleep } from "./helpers.mjs";

let server;
before(async () => {
  server = await startServer({ extraArgs: KEEP_DELIVERED_OUTBOX });
});
after(async () => {
  await stopServer(server);
});

function jsonLines(text) {
  return text.split("\n").filter(Boolean).map((line) => {
    try {
      return JSON.parse(line);
    } catch {
      throw new Error(`not a JSON log line: ${line}`);
    }
  });
}

// Polls the log until a line matches (the access line is written right after the answer).
async function logLine(s, predicate, what) {
  const deadline = Date.now() + 5000;
  for (;;) {
    const found = jsonLines(s.stderr()).find(predicate);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no log line for ${what} in:\n${s.stderr()}`);
    await sleep(20);
  }
}

test("every stderr line is JSON with time, level and event when stderr is not a terminal", async () => {
  await raw(server, "GET", "/healthz");
  const lines = jsonLines(server.stderr());
  assert.ok(lines.length > 0);
  for (const line of lines) {
    assert.match(line.time, /^\d{4}-\d{2}-\d{2}T/);
    assert.ok(["debug", "info", "warn", "error"].includes(line.level), line.level);
    assert.equal(typeof line.event, "string");
  }
});

test("a client's X-Request-Id is returned and names the access line", async () => {
  const org = makeOrg(server);
  const sub = newSubscription(server, org, 2);
  const r = await raw(server, "GET", `/v1/customer-seats?subscription_id=${sub.id}`, {
    headers: { authorization: `Bearer ${org.token}`, "x-request-id": "client-abc.123" },
  });
  assert.equal(r.status, 200);
  assert.equal(r.headers.get("x-request-id"), "client-abc.123");
  const line = await logLine(server, (l) => l.event === "http.request" && l.request_id === "client-abc.123", "the list");
  assert.equal(line.method, "GET");
  assert.equal(line.route, "/v1/customer-seats");
  assert.equal(line.status, 200);
  assert.equal(line.bytes, r.text.length);
  assert.equal(typeof line.duration_ms, "number");
  assert.ok(line.duration_ms >= 0);
});

test("without X-Request-Id one is generated; a hostile one is bounded and sanitized", async () => {
  const plain = await raw(server, "GET", "/healthz");
  const generated = plain.headers.get("x-request-id");
  assert.match(generated, /^[0-9a-f]{32}$/);
  await logLine(server, (l) => l.request_id === generated && l.route === "/healthz", "the generated id");

  const hostile = await raw(server, "GET", "/healthz", { headers: { "x-request-id": `a b"c<script>${"x".repeat(300)}` } });
  const cleaned = hostile.headers.get("x-request-id");
  assert.match(cleaned, /^[A-Za-z0-9._:@+=\/-]{1,128}$/);
  assert.ok(cleaned.startsWith("abcscript"), cleaned);

  const empty = await raw(server, "GET", "/healthz", { headers: { "x-request-id": "<<>>" } });
  assert.match(empty.headers.get("x-request-id"), /^[0-9a-f]{32}$/);
});

test("the request id follows the work into the outbox; tokens and claim links stay out", async () => {
  const org = makeOrg(server);
  const sub = newSubscription(server, org, 2);
  const who = email("logged");
  const r = await assign(server, org, { subscription_id: sub.id, email: who }, { headers: { "x-request-id": "assign-req-1" } });
  assert.equal(r.status, 200, r.text);
  const token = await waitForInvitation(server, who);
  const enqueued = jsonLines(server.stderr()).filter((l) => l.event === "outbox.enqueued" && l.request_id === "assign-req-1");
  assert.deepEqual(enqueued.map((l) => l.topic).sort(), ["email", "webhook_event"]);
  const rows = sql(server, `SELECT request_id FROM outbox WHERE id IN (${enqueued.map((l) => `'${l.outbox_id}'`).join(",")})`);
  assert.deepEqual(rows.trim().split("\n").map((l) => l.trim()), ["assign-req-1", "assign-req-1"],
    "the logged outbox ids are the rows written, and each row carries the request id");

  assert.equal((await claimInfo(server, token)).status, 200);
  const log = server.stderr();
  assert.ok(!log.includes(token), "the invitation token never reaches the log");
  assert.ok(!log.includes(org.token), "nor the access token");
  assert.ok(!log.includes("portal/claim"), "nor a claim link");
  const claimLine = await logLine(server, (l) => l.route === "/v1/customer-seats/claim/{invitation_token}", "claim info");
  assert.equal(claimLine.status, 200);
});

test("--log-format text writes plain lines; --log-level warn drops the access log", async () => {
  const other = await startServer({ extraArgs: ["--log-format", "text", "--log-level", "warn"] });
  try {
    await raw(other, "GET", "/healthz");
    await sleep(100);
    assert.ok(!other.stderr().includes("http.request"), other.stderr());
  } finally {
    await stopServer(other);
  }
  const text = await startServer({ extraArgs: ["--log-format", "text"] });
  try {
    await raw(text, "GET", "/healthz", { headers: { "x-request-id": "text-1" } });
    const deadline = Date.now() + 5000;
    while (!text.stderr().includes("request_id=text-1") && Date.now() < deadline) await sleep(20);
    const line = text.stderr().split("\n").find((l) => l.includes("request_id=text-1"));
    assert.match(line, /^\S+ INFO http\.request request_id=text-1 method=GET route=\/healthz status=200 duration_ms=[\d.]+ bytes=\d+$/);
  } finally {
    await stopServer(text);
  }
});

test("an unknown --log-format is refused at start", async () => {
  await assert.rejects(startServer({ extraArgs: ["--log-format", "xml"] }), /--log-format must be text or json/);
});
