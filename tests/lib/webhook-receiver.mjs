// A webhook receiver, run as its own process (node lib/webhook-receiver.mjs): it verifies every
// delivery three ways — @polar-sh/sdk 0.49.0's validateEvent (synchronous, zod-checks the payload),
// 1.0.1's webhooks.validateEvent (async) and by hand with node:crypto — and records it.
//
//   POST /hooks/<name>          a delivery; answered per the name's behaviour
//   POST /_control/<name>       JSON {secret?, failFirst?, status?, hang?} sets the name's behaviour
//   GET  /_log                  every delivery received so far, in arrival order
//
// Prints {"port": N} on its first stdout line once listening.
import http from "node:http";
import { createHmac, timingSafeEqual } from "node:crypto";
import { validateEvent as validateV0 } from "polar-sdk-0/webhooks";
import { webhooks as webhooksV1 } from "polar-sdk-1/2026-04";

const hooks = new Map(); // name -> {secret, failFirst, status, hang, seen}
const log = [];
const hung = new Set();

function hook(name) {
  if (!hooks.has(name)) hooks.set(name, { secret: null, failFirst: 0, status: 500, hang: false, seen: 0 });
  return hooks.get(name);
}

// Standard Webhooks by hand: HMAC-SHA256 keyed with the secret's UTF-8 bytes, as Polar signs.
function verifyByHand(body, headers, secret) {
  const id = headers["webhook-id"];
  const timestamp = headers["webhook-timestamp"];
  const signatures = (headers["webhook-signature"] ?? "").split(" ");
  if (!id || !timestamp) return "missing headers";
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return "timestamp outside tolerance";
  const expected = createHmac("sha256", Buffer.from(secret, "utf8")).update(`${id}.${timestamp}.${body}`).digest();
  for (const entry of signatures) {
    const [version, signature] = entry.split(",", 2);
    if (version !== "v1" || !signature) continue;
    const given = Buffer.from(signature, "base64");
    if (given.length === expected.length && timingSafeEqual(given, expected)) return null;
  }
  return "no matching signature";
}

async function verify(body, headers, secret) {
  const result = { v0: null, v1: null, byHand: verifyByHand(body, headers, secret), event: null };
  try {
    const event = validateV0(body, headers, secret);
    result.event = { type: event.type, seatId: event.data?.id ?? null };
  } catch (e) {
    result.v0 = `${e?.name}: ${e?.message}`;
  }
  try {
    await webhooksV1.validateEvent(body, headers, secret);
  } catch (e) {
    result.v1 = `${e?.name}: ${e?.message}`;
  }
  return result;
}

function readBody(req) {
  return new Promise((ok, fail) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => ok(Buffer.concat(chunks).toString("utf8")));
    req.on("error", fail);
  });
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, "http://receiver");
  const parts = url.pathname.split("/").filter(Boolean);
  const body = await readBody(req);
  if (req.method === "GET" && url.pathname === "/_log") {
    res.writeHead(200, { "content-type": "application/json" });
    return res.end(JSON.stringify(log));
  }
  if (req.method === "POST" && parts[0] === "_control" && parts[1]) {
    const h = hook(parts[1]);
    Object.assign(h, JSON.parse(body || "{}"));
    if (!h.hang) for (const pending of hung) if (pending.name === parts[1]) pending.release();
    res.writeHead(204);
    return res.end();
  }
  if (req.method === "POST" && parts[0] === "hooks" && parts[1]) {
    const name = parts[1];
    const h = hook(name);
    h.seen += 1;
    const verdict = h.secret ? await verify(body, req.headers, h.secret) : { v0: "no secret", v1: "no secret", byHand: "no secret" };
    const entry = {
      name, receivedAt: Date.now(), id: req.headers["webhook-id"], timestamp: req.headers["webhook-timestamp"],
      signature: req.headers["webhook-signature"], contentType: req.headers["content-type"],
      userAgent: req.headers["user-agent"], body, ...verdict, answered: null,
    };
    log.push(entry);
    const answer = (status, text) => {
      entry.answered = status;
      res.writeHead(status, { "content-type": "text/plain" });
      res.end(text);
    };
    if (h.hang) {
      // Keep the request open until released (or until the sender gives up and disconnects).
      const pending = {
        name,
        release: () => {
          hung.delete(pending);
          // The sender may be gone (killed): then nobody can receive this answer.
          if (req.socket.destroyed) entry.answered = "dropped";
          else answer(200, "released");
        },
      };
      hung.add(pending);
      req.socket.on("close", () => hung.delete(pending));
      return;
    }
    if (h.seen <= h.failFirst) return answer(h.status, `failing on purpose (${h.seen}/${h.failFirst})`);
    const valid = !verdict.v0 && !verdict.v1 && !verdict.byHand;
    return valid ? answer(200, "ok") : answer(400, `rejected: ${verdict.v0 ?? verdict.v1 ?? verdict.byHand}`);
  }
  res.writeHead(404);
  res.end();
});

server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
process.on("SIGTERM", () => process.exit(0));
