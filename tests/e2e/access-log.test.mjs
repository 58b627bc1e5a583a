// The access log is written in batches by a log thread (common/line_batcher): a line may reach
// stderr a moment after its answer, but none is lost, and stopping the server writes every line
// still buffered before the process exits.
import { test } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "../lib/harness.mjs";
import { raw, sleep, stopServer } from "./helpers.mjs";

function accessLines(text) {
  return text.split("\n").filter(Boolean).map((line) => JSON.parse(line)).filter((l) => l.event === "http.request");
}

test("every answered request has its access line once the server stops (SIGTERM)", async () => {
  // An hour between batches: the lines can only come out when the server stops.
  const server = await startServer({ extraArgs: ["--access-log-flush-ms", "3600000"] });
  const ids = [];
  try {
    // Concurrent requests (several connections, so both network threads log), then sequential ones.
    const tag = `flush-${process.pid}`;
    for (let batch = 0; batch < 10; batch++) {
      const sent = [];
      for (let i = 0; i < 20; i++) {
        const id = `${tag}-${batch}-${i}`;
        ids.push(id);
        sent.push(raw(server, "GET", "/healthz", { headers: { "x-request-id": id } }));
      }
      for (const r of await Promise.all(sent)) assert.equal(r.status, 200);
    }
    assert.ok(!server.stderr().includes(ids[0]), "held back while the server runs");
  } finally {
    await stopServer(server);
  }
  assert.deepEqual(server.child.exitCode, 0, server.stderr());
  const logged = accessLines(server.stderr()).map((l) => l.request_id).filter((id) => ids.includes(id));
  assert.equal(logged.length, ids.length, "each request has exactly one line");
  assert.deepEqual([...logged].sort(), [...ids].sort());
});

// Sends one request and waits (polling) until its access line is on stderr, once.
async function oneLineArrives(extraArgs, id) {
  const server = await startServer({ extraArgs });
  try {
    assert.equal((await raw(server, "GET", "/healthz", { headers: { "x-request-id": id } })).status, 200);
    const deadline = Date.now() + 5000;
    while (!server.stderr().includes(id) && Date.now() < deadline) await sleep(20);
    assert.equal(accessLines(server.stderr()).filter((l) => l.request_id === id).length, 1);
  } finally {
    await stopServer(server);
  }
}

test("with the default interval the lines come out while the server runs", async () => {
  await oneLineArrives([], `live-${process.pid}`);
});

test("--access-log-flush-ms 0 writes every line too (at once, without the log thread)", async () => {
  await oneLineArrives(["--access-log-flush-ms", "0"], `direct-${process.pid}`);
});
