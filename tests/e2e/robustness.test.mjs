// Hostile or unusual request bodies must get a 4xx JSON answer and never take the server down.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "../lib/harness.mjs";
import {
  raw, makeOrg, newSubscription, email, assign, assignOk, postLarge, postChunked, stopServer, assertValidation,
} from "./helpers.mjs";

let server;
let org;
const T = { timeout: 20000 };

before(async () => {
  server = await startServer();
  org = makeOrg(server);
});
after(async () => stopServer(server));

async function assertAlive() {
  const h = await raw(server, "GET", "/healthz");
  assert.equal(h.status, 200, "server still serves /healthz");
}

function assert4xxJson(r, what) {
  assert.ok(!r.error, `${what}: no HTTP response (connection error: ${r.error?.code ?? r.error?.message})`);
  assert.ok(r.status >= 400 && r.status < 500, `${what}: expected 4xx, got ${r.status} ${r.text?.slice(0, 200)}`);
  assert.match(r.headers["content-type"] ?? "", /^application\/json/i, `${what}: content-type`);
  assert.doesNotThrow(() => JSON.parse(r.text), `${what}: JSON body ${r.text?.slice(0, 200)}`);
}

test("huge chunked body (no Content-Length, > 64 KiB) → 4xx JSON; server alive", T, async () => {
  const sub = newSubscription(server, org, 2);
  const body = Buffer.from(JSON.stringify({ subscription_id: sub.id, email: email("chunk"), metadata: { b: "y".repeat(300 * 1024) } }));
  const r = await postChunked(server, "/v1/customer-seats", body, { authorization: `Bearer ${org.token}` });
  assert4xxJson(r, "chunked huge body");
  await assertAlive();
  await assignOk(server, org, { subscription_id: sub.id, email: email("after-chunk") });
});

test("small chunked body is accepted like a normal one", T, async () => {
  const sub = newSubscription(server, org, 2);
  const e = email("smallchunk");
  const r = await postChunked(server, "/v1/customer-seats", Buffer.from(JSON.stringify({ subscription_id: sub.id, email: e })),
    { authorization: `Bearer ${org.token}` }, 7);
  assert.ok(!r.error, String(r.error));
  assert.equal(r.status, 200, r.text);
  assert.equal(JSON.parse(r.text).email, e);
});

test("huge body on the anonymous claim route → 4xx JSON; server alive", T, async () => {
  const body = Buffer.from(JSON.stringify({ invitation_token: "z".repeat(200 * 1024) }));
  const r = await postLarge(server, "/v1/customer-seats/claim", body);
  assert4xxJson(r, "huge claim body");
  await assertAlive();
});

test("deeply nested JSON (20 000 levels) → 4xx JSON; server alive", T, async () => {
  const depth = 20000;
  const nested = "[".repeat(depth) + "]".repeat(depth);
  const sub = newSubscription(server, org, 2);
  const body = `{"subscription_id":"${sub.id}","email":"${email("deep")}","metadata":{"a":${nested}}}`;
  const r = await postLarge(server, "/v1/customer-seats", Buffer.from(body), { authorization: `Bearer ${org.token}` });
  assert4xxJson(r, "deep nesting");
  await assertAlive();
  const r2 = await postLarge(server, "/v1/customer-seats/claim", Buffer.from("{".repeat(30000)));
  assert4xxJson(r2, "deep unterminated objects");
  await assertAlive();
});

// Seat metadata is dict[str, Any] in Polar (only key count and json.dumps size are limited), so a
// nested value within 1 KB is valid input there (Python's json accepts ~1000 levels).
test("metadata nested 60 levels deep (within 1 KB) is accepted and echoed", T, async () => {
  const sub = newSubscription(server, org, 2);
  let v = "leaf";
  for (let i = 0; i < 60; i++) v = [v];
  const seat = await assignOk(server, org, { subscription_id: sub.id, email: email("nest"), metadata: { v } });
  assert.deepEqual(seat.seat_metadata, { v });
});

test("invalid UTF-8 in the body → 4xx JSON; server alive", T, async () => {
  const sub = newSubscription(server, org, 2);
  const prefix = Buffer.from(`{"subscription_id":"${sub.id}","email":"`);
  const body = Buffer.concat([prefix, Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(`@example.com"}`)]);
  const r = await postLarge(server, "/v1/customer-seats", body, { authorization: `Bearer ${org.token}` });
  assert4xxJson(r, "invalid UTF-8");
  await assertAlive();
});

test("trailing garbage after the JSON value → 422 json_invalid", T, async () => {
  const sub = newSubscription(server, org, 2);
  const r = await raw(server, "POST", "/v1/customer-seats", {
    headers: { authorization: `Bearer ${org.token}`, "content-type": "application/json" },
    body: `{"subscription_id":"${sub.id}","email":"${email("trail")}"} trailing`,
  });
  const [item] = assertValidation(r);
  assert.equal(item.type, "json_invalid", r.text);
});

test("escaped NUL (\\u0000) in e-mail → 422, never stored", T, async () => {
  const sub = newSubscription(server, org, 2);
  const r = await assign(server, org, { subscription_id: sub.id, email: "nul\u0000@example.com" });
  assert.equal(r.status, 422, r.text);
  await assertAlive();
});

test("many sequential keep-alive requests on one connection keep working", T, async () => {
  const sub = newSubscription(server, org, 2);
  for (let i = 0; i < 100; i++) {
    const r = await raw(server, "GET", `/v1/customer-seats?subscription_id=${sub.id}`,
      { headers: { authorization: `Bearer ${org.token}` } });
    assert.equal(r.status, 200);
  }
});
