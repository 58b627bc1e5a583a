// A real browser for the page tests: Debian's chromium, headless, driven by playwright-core
// (which downloads no browser of its own). Every host name but the test's own resolves to
// nothing, so a page can only reach loopback; `attacker.test` maps to 127.0.0.1 to play a
// foreign origin in the CSRF tests.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { ROOT } from "./harness.mjs";

export const CHROMIUM = process.env.SEATKEEPER_CHROMIUM ?? "/usr/bin/chromium";
export const SCREENSHOTS = join(ROOT, "tests/artifacts/screenshots");
export const PHONE = { width: 375, height: 740 };

export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",  // the tests may run as root (CI containers)
      "--no-proxy-server",
      "--host-resolver-rules=MAP attacker.test 127.0.0.1, MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
      "--disable-component-update",
      "--disable-domain-reliability",
      "--disable-features=OptimizationHints,MediaRouter,Translate",
    ],
  });
}

// Saves a full-page PNG under tests/artifacts/screenshots (kept by CI as an artifact).
export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

// The page has no horizontal scroll at its current viewport width.
export async function horizontalOverflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

// Links in e-mails and API answers point at the public URL; the browser reaches the same path
// (and query) on the test server's loopback address.
export function onLoopback(server, url) {
  const u = new URL(url);
  return server.baseUrl + u.pathname + u.search;
}
