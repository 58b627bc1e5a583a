// GET /metrics: the exposition parses strictly, names the documented families with their types,
// counts requests by route template (never raw paths, ids, e-mails or tokens), follows the seats
// and the outbox in the database, and moves to its own listener with --metrics-listen.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, freePort } from "../lib/harness.mjs";
import { parsePrometheus, sampleValue } from "../lib/prometheus.mjs";
import { startReceiver, delivered } from "../lib/receiver.mjs";
import { makeOrg, newSubscription, email, assignOk, listOk, raw, stopServer, sleep } from "./helpers.mjs";
import { FAST_RETRIES, makeWebhookOrg, createEndpoint } from "./webhook-helpers.mjs";

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await stopServer(server);
});

async function scrape(base = server.baseUrl) {
  const r = await fetch(`${base}/metrics`);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  const text = await r.text();
  return { text, families: parsePrometheus(text) };
}

const FAMILIES = {
  seatkeeper_http_requests_total: "counter",
  seatkeeper_http_request_duration_seconds: "histogram",
  seatkeeper_store_commit_batch_size: "histogram",
  seatkeeper_store_queue_depth: "gauge",
  seatkeeper_outbox_pending: "gauge",
  seatkeeper_webhook_deliveries_total: "counter",
  seatkeeper_seats: "gauge",
  process_resident_memory_bytes: "gauge",
  process_open_fds: "gauge",
  process_start_time_seconds: "gauge",
};

test("every documented family is there with its type, and the text parses strictly", async () => {
  const { families } = await scrape();
  for (const [name, type] of Object.entries(FAMILIES)) {
    assert.ok(families.has(name), `family ${name}`);
    assert.equal(families.get(name).type, type, `type of ${name}`);
    assert.ok(families.get(name).help, `HELP of ${name}`);
  }
  assert.ok(sampleValue(families, "process_resident_memory_bytes") > 0);
  assert.ok(sampleValue(families, "process_open_fds") > 0);
  const started = sampleValue(families, "process_start_time_seconds");
  assert.ok(started > 1.6e9 && started <= Date.now() / 1000 + 1, `start time ${started}`);
});

test("requests are counted by method, route template and status; durations by route", async () => {
  const org = makeOrg(server);
  const sub = newSubscription(server, org, 3);
  const route = { method: "GET", route: "/v1/customer-seats", status: "200" };
  const before = sampleValue((await scrape()).families, "seatkeeper_http_requests_total", route) ?? 0;
  for (let i = 0; i < 5; i++) await listOk(server, org, { subscription_id: sub.id });
  const { families } = await scrape();
  assert.equal(sampleValue(families, "seatkeeper_http_requests_total", route), before + 5);
  const count = sampleValue(families, "seatkeeper_http_request_duration_seconds_count", { route: "/v1/customer-seats" });
  assert.ok(count >= 5, `duration count ${count}`);

  // A seat id in the path is counted under the template, a path matching nothing as "unmatched".
  const r = await raw(server, "DELETE", `/v1/customer-seats/${crypto.randomUUID()}`, {
    headers: { authorization: `Bearer ${org.token}` },
  });
  assert.equal(r.status, 404);
  await raw(server, "GET", "/no/such/path/secret-looking-token");
  const after = (await scrape()).families;
  assert.equal(sampleValue(after, "seatkeeper_http_requests_total",
    { method: "DELETE", route: "/v1/customer-seats/{seat_id}", status: "404" }), 1);
  assert.ok(sampleValue(after, "seatkeeper_http_requests_total", { method: "GET", route: "unmatched", status: "404" }) >= 1);
});

test("labels never carry ids, e-mails or tokens", async () => {
  const org = makeOrg(server);
  const sub = newSubscription(server, org, 2);
  const who = email("metrics-private");
  const seat = await assignOk(server, org, { subscription_id: sub.id, email: who });
  await listOk(server, org, { subscription_id: sub.id });
  const { text, families } = await scrape();
  for (const secret of [who, seat.id, sub.id, org.token, org.id ?? org.organization?.id].filter(Boolean))
    assert.ok(!text.includes(secret), `exposition contains ${secret}`);
  for (const family of families.values())
    for (const s of family.samples)
      for (const v of Object.values(s.labels))
        assert.ok(!/[0-9a-f]{8}-[0-9a-f]{4}-/.test(v) && !v.includes("@"), `label value ${v}`);
});

test("seats and outbox gauges follow the database; commits are counted", async () => {
  const org = makeOrg(server);
  const sub = newSubscription(server, org, 5);
  const first = await scrape();
  const pending = sampleValue(first.families, "seatkeeper_seats", { status: "pending" });
  const commits = sampleValue(first.families, "seatkeeper_store_commit_batch_size_count");
  await assignOk(server, org, { subscription_id: sub.id, email: email("gauge-a") });
  await assignOk(server, org, { subscription_id: sub.id, email: email("gauge-b") });
  const { families } = await scrape();
  assert.equal(sampleValue(families, "seatkeeper_seats", { status: "pending" }), pending + 2);
  const dbPending = Number(server.sql("SELECT count(*) FROM customer_seats WHERE status = 'pending'").trim());
  assert.equal(sampleValue(families, "seatkeeper_seats", { status: "pending" }), dbPending);
  assert.ok(sampleValue(families, "seatkeeper_store_commit_batch_size_count") >= commits + 2);
  for (const topic of ["email", "webhook_event"])
    assert.ok(sampleValue(families, "seatkeeper_outbox_pending", { topic }) >= 0, `outbox ${topic}`);
  for (const outcome of ["delivered", "retrying", "gave_up"])
    assert.equal(typeof sampleValue(families, "seatkeeper_webhook_deliveries_total", { outcome }), "number");
  for (const queue of ["read", "write", "postgres_pool"])
    assert.equal(typeof sampleValue(families, "seatkeeper_store_queue_depth", { queue }), "number");
});

test("--metrics-listen moves /metrics to its own listener, which serves nothing of the API", async () => {
  const port = await freePort();
  const other = await startServer({ extraArgs: ["--metrics-listen", `127.0.0.1:${port}`] });
  try {
    const main = await raw(other, "GET", "/metrics");
    assert.equal(main.status, 404);
    const metricsBase = `http://127.0.0.1:${port}`;
    const { families } = await scrape(metricsBase);
    assert.ok(families.has("seatkeeper_http_requests_total"));
    const api = await fetch(`${metricsBase}/v1/customer-seats`);
    assert.equal(api.status, 404);
    assert.equal((await fetch(`${metricsBase}/healthz`)).status, 200);
  } finally {
    await stopServer(other);
  }
});

test("webhook deliveries are counted by outcome: a failed attempt as retrying, then its success as delivered",
  { timeout: 60000 }, async () => {
    const receiver = await startReceiver();
    const hooked = await startServer({ extraArgs: FAST_RETRIES });
    try {
      const org = makeWebhookOrg(hooked);
      const name = `metrics-${crypto.randomUUID()}`;
      await createEndpoint(hooked, org, receiver, name, ["customer_seat.assigned"]);
      await receiver.configure(name, { failFirst: 1, status: 503 });
      const outcome = async (o) =>
        sampleValue((await scrape(hooked.baseUrl)).families, "seatkeeper_webhook_deliveries_total", { outcome: o });
      assert.equal(await outcome("delivered"), 0);
      assert.equal(await outcome("retrying"), 0);
      const sub = newSubscription(hooked, org, 1);
      await assignOk(hooked, org, { subscription_id: sub.id, email: email("metrics-hook") });
      await receiver.waitFor(name, (es) => delivered(es).length >= 1);
      // The count is taken when the attempt's result is recorded, just after the receiver answered.
      const deadline = Date.now() + 10000;
      while ((await outcome("delivered")) < 1 && Date.now() < deadline) await sleep(20);
      assert.equal(await outcome("delivered"), 1);
      assert.equal(await outcome("retrying"), 1);
      assert.equal(await outcome("gave_up"), 0);
    } finally {
      await stopServer(hooked);
      await receiver.stop();
    }
  });
