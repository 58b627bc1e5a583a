// The webhook guard with its default (on): URLs naming internal addresses are refused when they
// are written; names are judged after resolution, so `localhost` is accepted but its deliveries
// are refused before any connection (a loopback receiver is the sentinel that nothing arrives).
// Also: endpoints failing for the disable period are switched off, and the per-organization cap.
import test, { before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, call } from "../lib/harness.mjs";
import { startReceiver } from "../lib/receiver.mjs";
import { makeWebhookOrg, createEndpoint, waitForDeliveries, SEAT_EVENTS } from "./webhook-helpers.mjs";
import { newSubscription, assignOk, email, sleep } from "./helpers.mjs";

const T = { timeout: 60000 };
let guarded, receiver;

before(async () => {
  guarded = await startServer({ extraArgs: ["--retry-base-ms", "200"] });
  receiver = await startReceiver();
});
after(async () => {
  await guarded?.stop();
  await receiver?.stop();
});

const create = (server, org, url) =>
  call(server, "POST", "/v1/webhooks/endpoints", { token: org.token, body: { url, format: "raw", events: SEAT_EVENTS } });

test("internal address literals are refused in every spelling, with a 422 at body.url", T, async () => {
  const org = makeWebhookOrg(guarded);
  for (const url of ["http://127.0.0.1:8080/hook", "http://[::1]/", "http://169.254.169.254/latest/meta-data/",
    "http://10.0.0.1/", "http://0.0.0.0/", "http://2130706433/", "http://0x7f.1/", "http://017700000001/",
    "http://[::ffff:127.0.0.1]/", "http://100.64.0.1/", "http://192.168.1.1:81/x", "http://[fd00::1]/"]) {
    const r = await create(guarded, org, url);
    assert.equal(r.status, 422, `${url} -> ${r.status} ${r.text}`);
    assert.deepEqual(r.body.detail[0].loc, ["body", "url"]);
    assert.match(r.body.detail[0].msg, /may not target internal addresses/);
  }
  // An update may not move an endpoint inside either. (This organization never has an event, so
  // nothing is ever sent to the unresolvable host.)
  const ok = await create(guarded, org, "https://hooks.seatkeeper.invalid/seatkeeper");
  assert.equal(ok.status, 201, ok.text);
  const moved = await call(guarded, "PATCH", `/v1/webhooks/endpoints/${ok.body.id}`,
    { token: org.token, body: { url: "http://127.1/" } });
  assert.equal(moved.status, 422, moved.text);
  assert.deepEqual(moved.body.detail[0].loc, ["body", "url"]);
});

test("a name that resolves to loopback is refused at connect time: logged as refused, nothing arrives", T, async () => {
  const org = makeWebhookOrg(guarded);
  const url = `http://localhost:${receiver.port}/hooks/guarded`;
  const endpoint = await create(guarded, org, url);
  assert.equal(endpoint.status, 201, endpoint.text);
  const sub = newSubscription(guarded, org, 2);
  await assignOk(guarded, org, { subscription_id: sub.id, email: email("guard") });
  const refused = await waitForDeliveries(guarded, org, { endpoint_id: endpoint.body.id }, (items) => items.length >= 2);
  for (const d of refused) {
    assert.equal(d.succeeded, false);
    assert.equal(d.http_code, null);
    assert.equal(d.response, "refused: the host resolved to a loopback address");
  }
  assert.match(guarded.stderr(), /webhook: refused event \S+ for endpoint \S+, nothing was connected/);
  assert.equal((await receiver.log("guarded")).length, 0, "the loopback receiver never saw a request");
});

test("an endpoint failing for the disable period is disabled, and the API says so", T, async () => {
  const server = await startServer({ extraArgs: ["--retry-base-ms", "100", "--allow-private-webhooks",
    "--webhook-disable-after", "1s"] });
  try {
    const org = makeWebhookOrg(server);
    const endpoint = await createEndpoint(server, org, receiver, "always-down");
    await receiver.configure("always-down", { failFirst: 1_000_000, status: 503 });
    const sub = newSubscription(server, org, 2);
    await assignOk(server, org, { subscription_id: sub.id, email: email("down") });
    const deadline = Date.now() + 30000;
    let state;
    for (;;) {
      state = await call(server, "GET", `/v1/webhooks/endpoints/${endpoint.id}`, { token: org.token });
      if (state.body.enabled === false || Date.now() > deadline) break;
      await sleep(50);
    }
    assert.equal(state.body.enabled, false, "disabled after failing for the whole period");
    assert.match(server.stderr(), new RegExp(`webhook: endpoint ${endpoint.id} disabled`));
    // Re-enabling starts a fresh period.
    await receiver.configure("always-down", { failFirst: 0 });
    const again = await call(server, "PATCH", `/v1/webhooks/endpoints/${endpoint.id}`,
      { token: org.token, body: { enabled: true } });
    assert.equal(again.body.enabled, true);
  } finally {
    await server.stop();
  }
});
