// Polling for what another thread records after the fact (e.g. the dispatcher's log of a delivery
// the receiver has already answered): no fixed sleeps, a deadline instead.
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";

// Calls `read` until `predicate(result)` holds and returns that result; fails after `timeoutMs`.
export async function eventually(what, read, predicate, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await read();
    if (await predicate(result)) return result;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(50);
  }
}
