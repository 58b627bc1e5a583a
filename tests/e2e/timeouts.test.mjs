// The connection deadlines (--idle-timeout): an idle keep-alive connection is closed, and so is a
// client that sends its request too slowly, even though bytes keep arriving (slow loris): the
// deadline covers the whole request, not each read. Nothing here is timed: each test waits for
// the server to close the socket, and fails by the test's timeout if it never does.
import test, { before, after } from "node:test";
import assert from "node:assert/strict";
import { connect } from "node:net";
import { startServer } from "../lib/harness.mjs";

const T = { timeout: 30000 };
let server;

before(async () => {
  server = await startServer({ extraArgs: ["--idle-timeout", "1"] });
});
after(async () => {
  await server?.stop();
});

// A raw connection to the server: `received` collects what it answered, `closed` resolves when
// the server closed the connection (its FIN or a reset).
function open(srv) {
  const { hostname, port } = new URL(srv.baseUrl);
  const socket = connect({ host: hostname, port: Number(port) });
  socket.setEncoding("latin1");
  const conn = { socket, received: "" };
  socket.on("data", (chunk) => (conn.received += chunk));
  conn.opened = new Promise((resolve, reject) => { socket.once("connect", resolve); socket.once("error", reject); });
  conn.closed = new Promise((resolve) => {
    socket.once("end", resolve);
    socket.once("close", resolve);
    socket.on("error", () => {});  // a reset after a close counts as closed
  });
  return conn;
}

test("an idle keep-alive connection is closed after its answer", T, async () => {
  const conn = open(server);
  await conn.opened;
  conn.socket.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
  await conn.closed;
  assert.match(conn.received, /^HTTP\/1\.1 200/, "the request before the idle time was answered");
  conn.socket.destroy();
});

test("a connection that never sends a request is closed", T, async () => {
  const conn = open(server);
  await conn.opened;
  await conn.closed;
  assert.equal(conn.received, "");
  conn.socket.destroy();
});

test("slow loris: a request whose headers keep trickling in is cut off, unanswered", T, async () => {
  const conn = open(server);
  await conn.opened;
  conn.socket.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n`);
  let lines = 0;
  // One more header line every 100 ms: each read succeeds, but the request is never complete.
  const trickle = setInterval(() => {
    if (!conn.socket.destroyed) conn.socket.write(`X-Trickle-${lines++}: 1\r\n`);
  }, 100);
  try {
    await conn.closed;
  } finally {
    clearInterval(trickle);
  }
  assert.equal(conn.received, "", "the incomplete request was not answered");
  assert.ok(lines > 0, "header lines kept arriving before the server closed the connection");
  conn.socket.destroy();
});

test("slow body: a request whose body trickles in is cut off too", T, async () => {
  const conn = open(server);
  await conn.opened;
  conn.socket.write(`POST /v1/customer-seats HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
    `Content-Length: 60000\r\n\r\n`);
  const trickle = setInterval(() => {
    if (!conn.socket.destroyed) conn.socket.write(" ");
  }, 100);
  try {
    await conn.closed;
  } finally {
    clearInterval(trickle);
  }
  assert.equal(conn.received, "");
  conn.socket.destroy();
});

test("the server still answers new connections after closing slow ones", T, async () => {
  const answer = await fetch(`${server.baseUrl}/healthz`);
  assert.equal(answer.status, 200);
});
