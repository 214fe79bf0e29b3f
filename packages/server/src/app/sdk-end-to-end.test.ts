/**
 * End to end: the real browser SDK against the real server. The SDK is built with esbuild into a temporary
 * folder and served by the server under `/sdk/`; the server runs on the embedded PGlite with the Aurora data
 * map; Debian's Chromium (headless, through playwright-core) opens the server's demo shop page, and the test
 * reads what reached the ledger.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSdk } from "../../../sdk/build/build-sdk.mjs";
import { loadConfig } from "../config/load-config.js";
import { SDK_CACHE_CONTROL } from "../sdk/sdk-routes.js";
import { AURORA_MAP } from "../testing/test-stores.js";
import { type RunningServer, startServer } from "./start-server.js";

const CHROMIUM = process.env.LOUPE_CHROMIUM ?? "/usr/bin/chromium";
const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
];
const API_KEY = "end-to-end-admin-key-0123456789";
const OPTIONAL = ["functional", "analytics", "advertising", "social"];

/** Polls until the assertion holds; generous, for a loaded machine. */
const eventually = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 10_000, interval: 50 });

let dir: string;
let sdkDir: string;
let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

/** Every receipt of the ledger, oldest first, as stored. */
const ledger = () => server.app.store.db.selectFrom("consent_receipts").selectAll().orderBy("id").execute();

/** Opens the demo shop in a new browser context with the given request headers (and GPC in the page). */
async function visit(
  headers: Record<string, string>,
  gpc = false,
): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ extraHTTPHeaders: headers });
  contexts.push(context);
  if (gpc) {
    await context.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, "globalPrivacyControl", {
        get: () => true,
        configurable: true,
      });
    });
  }
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("response", (r) => {
    if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
  });
  const res = await page.goto(`${server.url}/demo/shop`);
  expect(res?.status()).toBe(200);
  return { page, errors };
}

const tagsRan = (page: Page) =>
  page.evaluate(() => ((window as unknown as { loupeDemoTags?: string[] }).loupeDemoTags ?? []).slice());
const consentCookie = async (page: Page) =>
  (await page.context().cookies()).find((c) => c.name === "loupe_consent")?.value;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "loupe-e2e-"));
  sdkDir = join(dir, "sdk");
  await buildSdk({ outdir: sdkDir });
  server = await startServer({
    config: loadConfig({
      LOUPE_MAP: AURORA_MAP,
      LOUPE_DATA_DIR: join(dir, "pglite"),
      PORT: "0",
      LOUPE_API_KEY: API_KEY,
      LOUPE_LOG_LEVEL: "silent",
    }),
    sdkDir,
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}, 60_000);

afterAll(async () => {
  for (const c of contexts.splice(0)) await c.close();
  await browser?.close();
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("the browser SDK against the real server", { timeout: 30_000 }, () => {
  it("serves the built SDK under /sdk/ with script headers a shop on another origin can load", async () => {
    const res = await fetch(`${server.url}/sdk/snippet.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe(SDK_CACHE_CONTROL);
    expect(res.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await res.text()).toContain("loupe_consent");
    const etag = res.headers.get("etag");
    expect(etag).toMatch(/^"[\w-]{22}"$/);
    const again = await fetch(`${server.url}/sdk/snippet.js`, { headers: { "If-None-Match": etag ?? "" } });
    expect(again.status).toBe(304);
    expect((await fetch(`${server.url}/sdk/ui.fr.js`)).status).toBe(200);
    const missing = await fetch(`${server.url}/sdk/..%2Fpackage.json`);
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe("NOT_FOUND");
    // The API keeps its strict policy; the demo page gets one that lets the banner run.
    expect((await fetch(`${server.url}/healthz`)).headers.get("content-security-policy")).toContain(
      "default-src 'none'",
    );
    const shop = await fetch(`${server.url}/demo/shop`, { headers: { "CF-IPCountry": "FR" } });
    expect(shop.headers.get("content-security-policy")).toContain("script-src 'self'");
    const config = await (
      await fetch(`${server.url}/api/v1/consent/config`, { headers: { "CF-IPCountry": "FR" } })
    ).json();
    expect(await shop.text()).toContain(
      `<script src="/sdk/snippet.js" data-hash="${config.configHash}" data-policy="/privacy"></script>`,
    );
  });

  it("Reject all in an opt-in country is recorded in the ledger with the server's regime and region", async () => {
    const before = (await ledger()).length;
    const { page, errors } = await visit({ "CF-IPCountry": "FR" });
    const banner = page.getByRole("region", { name: "Your privacy choices" });
    await eventually(() => banner.isVisible()).toBe(true);
    await banner.getByRole("button", { name: "Reject all" }).click();
    await eventually(() => banner.count()).toBe(0);
    await eventually(async () => (await ledger()).length).toBe(before + 1);

    const receipt = (await ledger()).at(-1);
    const config = await (
      await fetch(`${server.url}/api/v1/consent/config`, { headers: { "CF-IPCountry": "FR" } })
    ).json();
    expect(receipt).toMatchObject({
      granted: ["essential"],
      denied: OPTIONAL,
      action: "reject-all",
      source: "banner",
      gpc: false,
      dnt: false,
      regime: "opt-in",
      region: "FR",
      notice_version: config.notice.version,
      config_hash: config.configHash,
      language: "en",
      ip_truncated: "127.0.0.0/24",
    });
    // The receipt names the visitor whose choice the browser stored.
    expect(receipt?.visitor_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(decodeURIComponent((await consentCookie(page)) ?? "").split(".")[1]).toBe(receipt?.visitor_id);
    // No gated tag ran.
    await page.waitForTimeout(300);
    expect(await tagsRan(page)).toEqual([]);

    // The same through the API: the visitor's state, and the chain, checked with the admin key.
    const state = await (await fetch(`${server.url}/api/v1/consent/visitor/${receipt?.visitor_id}`)).json();
    expect(
      state.purposes.map((p: { id: string; state: string; action?: string }) => [p.id, p.state, p.action]),
    ).toEqual([["essential", "granted", undefined], ...OPTIONAL.map((id) => [id, "denied", "reject-all"])]);
    const verify = await fetch(`${server.url}/api/v1/consent/ledger/verify`, {
      headers: { Authorization: `Bearer ${API_KEY}` },
    });
    expect(await verify.json()).toMatchObject({ ok: true, count: before + 1 });
    expect(errors).toEqual([]);
  });

  it("a GPC visit in an opt-out country shows “Opt-Out Request Honored” and records the signal", async () => {
    const before = (await ledger()).length;
    const { page, errors } = await visit({ "CF-IPCountry": "US", "Sec-GPC": "1" }, true);
    const notice = page.getByRole("region", { name: "Opt-Out Request Honored" });
    await eventually(() => notice.isVisible()).toBe(true);
    await eventually(async () => (await ledger()).length).toBe(before + 1);

    // The purposes GPC turns off are the server's: those the data map ties to sale or sharing.
    const config = await (
      await fetch(`${server.url}/api/v1/consent/config`, { headers: { "CF-IPCountry": "US" } })
    ).json();
    const sold: string[] = config.gpc.purposes;
    expect(sold).toContain("advertising");
    const kept = OPTIONAL.filter((id) => !sold.includes(id));
    const receipt = (await ledger()).at(-1);
    expect(receipt).toMatchObject({
      granted: ["essential", ...kept],
      denied: sold,
      action: "gpc",
      source: "signal",
      gpc: true,
      regime: "opt-out",
      region: "US",
      notice_version: config.notice.version,
      config_hash: config.configHash,
    });
    // Opt-out regime: the purposes that are not sale or sharing run by default; advertising does not.
    await eventually(() => tagsRan(page)).toEqual(kept);
    const cookies = (await page.context().cookies()).map((c) => c.name);
    expect(cookies).toContain("_ga");
    expect(cookies).not.toContain("_fbp");
    expect(errors).toEqual([]);
  });
});
