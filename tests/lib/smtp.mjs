// A real SMTP server for the tests (lib/smtp_sink.py on Debian's python3-aiosmtpd), a throwaway
// TLS certificate for it, and just enough MIME parsing to read what seatkeeper sent.
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";

const here = dirname(fileURLToPath(import.meta.url));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// Debian's interpreter, where python3-aiosmtpd lives (another python3 may come first on PATH).
const PYTHON = process.env.SEATKEEPER_TEST_PYTHON ?? "/usr/bin/python3";

// A self-signed certificate for 127.0.0.1; returns {dir, cert, key}.
export function makeCertificate() {
  const dir = mkdtempSync(join(tmpdir(), "seatkeeper-tls-"));
  const cert = join(dir, "cert.pem");
  const key = join(dir, "key.pem");
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"], { stdio: "ignore" });
  return { dir, cert, key };
}

// Starts the sink on `port`. Options: {tls: {cert, key}, starttls, implicitTls, user: "name:password"}.
export async function startSmtpSink(port, { tls, starttls = false, implicitTls = false, user } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "seatkeeper-smtp-"));
  const args = [join(here, "smtp_sink.py"), "--port", String(port), "--dir", dir];
  if (tls) args.push("--cert", tls.cert, "--key", tls.key);
  if (starttls) args.push("--starttls");
  if (implicitTls) args.push("--implicit-tls");
  if (user) args.push("--user", user);
  const child = spawn(PYTHON, args, { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  await new Promise((ok, fail) => {
    createInterface({ input: child.stdout }).once("line", ok);
    child.once("exit", (code) => fail(new Error(`smtp sink exited (${code}): ${stderr}`)));
  });
  return {
    dir, port, child,
    // Every accepted message: {envelope, raw}.
    messages() {
      return readdirSync(dir).filter((f) => f.endsWith(".eml")).sort().map((f) => ({
        raw: readFileSync(join(dir, f), "utf8"),
        envelope: JSON.parse(readFileSync(join(dir, f.replace(/\.eml$/, ".json")), "utf8")),
      }));
    },
    async waitForMessages(count, timeoutMs = 10000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const all = this.messages();
        if (all.length >= count) return all;
        if (Date.now() > deadline) throw new Error(`only ${all.length} of ${count} messages arrived; sink: ${stderr}`);
        await sleep(50);
      }
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        await new Promise((r) => child.once("exit", r));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function decodeQuotedPrintable(text) {
  const bytes = [];
  const soft = text.replace(/=\r?\n/g, "");
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === "=" && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(soft[i], "utf8"));
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

function decodeEncodedWords(value) {
  return value.replace(/\r?\n[ \t]/g, "").replace(/=\?UTF-8\?B\?([^?]*)\?=\s*/gi,
    (_, b64) => Buffer.from(b64, "base64").toString("utf8"));
}

// Splits a message (or a part) into lower-cased headers and a body.
function splitHeaders(text) {
  const end = text.indexOf("\r\n\r\n");
  const head = text.slice(0, end).replace(/\r\n[ \t]/g, " ");
  const headers = {};
  for (const line of head.split("\r\n")) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body: text.slice(end + 4) };
}

// {headers, subject, parts: [{type, charset, encoding, text}]} of a multipart message.
export function parseMessage(raw) {
  const { headers, body } = splitHeaders(raw);
  const boundary = /boundary="([^"]+)"/.exec(headers["content-type"] ?? "")?.[1];
  const parts = [];
  if (boundary) {
    for (const chunk of body.split(`--${boundary}`).slice(1)) {
      if (chunk.startsWith("--")) break;
      const part = splitHeaders(chunk.replace(/^\r\n/, ""));
      const [type, ...params] = (part.headers["content-type"] ?? "").split(";").map((s) => s.trim());
      const encoding = part.headers["content-transfer-encoding"];
      const charset = params.find((p) => p.toLowerCase().startsWith("charset="))?.split("=")[1];
      const text = encoding === "quoted-printable" ? decodeQuotedPrintable(part.body) : part.body;
      parts.push({ type, charset, encoding, text });
    }
  }
  return { headers, subject: decodeEncodedWords(headers.subject ?? ""), boundary, parts };
}
