// The request limits on their own: bodies that are valid in every other respect, so the only rule
// they can break is the one under test (the 64 KiB body limit, the JSON nesting-depth limit).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "../lib/harness.mjs";
import { makeOrg, newSubscription, email, postLarge, stopServer, assertValidation } from "./helpers.mjs";

const BODY_LIMIT = 64 * 1024;
// Boost.JSON counts the outer object as one level; the request parser allows 64.
const MAX_DEPTH = 64;

let server;
let org;
const T = { timeout: 20000 };

before(async () => {
  server = await startServer();
  org = makeOrg(server);
});
after(async () => stopServer(server));

// A valid assign body padded with JSON whitespace to exactly `size` bytes.
function paddedAssignBody(subscriptionId, to, size) {
  const json = JSON.stringify({ subscription_id: subscriptionId, email: to });
  assert.ok(json.length + 1 <= size);
  return Buffer.from(json.slice(0, -1) + " ".repeat(size - json.length) + "}");
}

const assignRaw = (body) => postLarge(server, "/v1/customer-seats", body, { authorization: `Bearer ${org.token}` });

test("a valid body of exactly 64 KiB is accepted; one byte more is 413 PayloadTooLarge", T, async () => {
  const sub = newSubscription(server, org, 2);
  const fits = email("limit-fits");
  const atLimit = await assignRaw(paddedAssignBody(sub.id, fits, BODY_LIMIT));
  assert.equal(atLimit.status, 200, atLimit.text);
  assert.equal(JSON.parse(atLimit.text).email, fits);

  const over = await assignRaw(paddedAssignBody(sub.id, email("limit-over"), BODY_LIMIT + 1));
  assert.ok(!over.error, `no HTTP response (connection error: ${over.error?.code ?? over.error?.message})`);
  assert.equal(over.status, 413, over.text);
  assert.match(over.headers["content-type"] ?? "", /^application\/json/i);
  assert.deepEqual(JSON.parse(over.text), { error: "PayloadTooLarge", detail: "Request body is too large" });

  // Only the first body was assigned.
  const list = await fetch(`${server.baseUrl}/v1/customer-seats?subscription_id=${sub.id}`,
    { headers: { authorization: `Bearer ${org.token}` } });
  assert.deepEqual((await list.json()).seats.map((s) => s.email), [fits]);
});

// An ignored extra key carries the nesting, so depth is the only thing wrong with the body.
function nestedAssignBody(subscriptionId, to, depth) {
  const arrays = depth - 1;  // the outer object is one level
  return Buffer.from(`{"subscription_id":"${subscriptionId}","email":"${to}","extra":${"[".repeat(arrays)}${"]".repeat(arrays)}}`);
}

test("JSON nested exactly 64 levels deep is accepted; 65 levels is 422 json_invalid", T, async () => {
  const sub = newSubscription(server, org, 2);
  const fits = email("depth-fits");
  const atLimit = await assignRaw(nestedAssignBody(sub.id, fits, MAX_DEPTH));
  assert.equal(atLimit.status, 200, atLimit.text);
  assert.equal(JSON.parse(atLimit.text).email, fits);

  const over = await assignRaw(nestedAssignBody(sub.id, email("depth-over"), MAX_DEPTH + 1));
  assertValidation({ ...over, body: JSON.parse(over.text) }, [{ type: "json_invalid", loc: ["body", 0] }]);
});
