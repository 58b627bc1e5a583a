// Starts lib/webhook-receiver.mjs as a child process and talks to its control API.
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";

const here = dirname(fileURLToPath(import.meta.url));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function startReceiver() {
  const child = spawn(process.execPath, [join(here, "webhook-receiver.mjs")], {
    cwd: join(here, ".."), // resolves the SDK packages from tests/node_modules
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise((ok, fail) => {
    const lines = createInterface({ input: child.stdout });
    lines.once("line", (line) => ok(JSON.parse(line).port));
    child.once("exit", (code) => fail(new Error(`webhook receiver exited (${code})`)));
  });
  const base = `http://127.0.0.1:${port}`;
  const receiver = {
    child, port, base,
    url: (name) => `${base}/hooks/${name}`,
    async configure(name, settings) {
      const r = await fetch(`${base}/_control/${name}`, { method: "POST", body: JSON.stringify(settings) });
      if (r.status !== 204) throw new Error(`receiver control failed: ${r.status}`);
    },
    async log(name) {
      const all = await (await fetch(`${base}/_log`)).json();
      return name ? all.filter((e) => e.name === name) : all;
    },
    // Polls the log of `name` until `predicate(entries)` holds; returns the entries.
    async waitFor(name, predicate, { timeoutMs = 10000, what = "deliveries" } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const entries = await receiver.log(name);
        if (predicate(entries)) return entries;
        if (Date.now() > deadline) {
          throw new Error(`timed out waiting for ${what} at ${name}; got ${JSON.stringify(entries.map(
            (e) => ({ id: e.id, type: e.event?.type, answered: e.answered, v0: e.v0, v1: e.v1, byHand: e.byHand })))}`);
        }
        await sleep(50);
      }
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        await new Promise((r) => child.once("exit", r));
      }
    },
  };
  return receiver;
}

// The successful deliveries of `entries` (answered 2xx), in arrival order.
export const delivered = (entries) => entries.filter((e) => e.answered >= 200 && e.answered < 300);
