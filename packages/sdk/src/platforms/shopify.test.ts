/**
 * The Shopify adapter in Chromium: a storefront page with a stub `window.Shopify` whose `customerPrivacy`
 * records every `setTrackingConsent` call, Loupe's head snippet, the adapter, and theme scripts gated by Loupe.
 */
import { readFileSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSdk } from "../../build/build-sdk.mjs";
import { CONFIG_PATH, RECEIPTS_PATH } from "../wire.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const PURPOSES = JSON.parse(readFileSync(join(HERE, "../../test/aurora-purposes.json"), "utf8"));
const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
];

/** A stub of Shopify's storefront globals: `loadFeatures` installs a `customerPrivacy` that records calls. */
const SHOPIFY_STUB = `
window.__calls = [];
window.__ran = [];
window.Shopify = {
  loadFeatures: function (features, done) {
    window.__features = features;
    var held = { analytics: "", marketing: "", preferences: "", sale_of_data: "" };
    window.Shopify.customerPrivacy = {
      setTrackingConsent: function (consent, cb) {
        window.__calls.push(consent);
        for (var k in consent) held[k] = consent[k] ? "yes" : "no";
        setTimeout(function () { cb && cb({}); }, 0);
      },
      currentVisitorConsent: function () { return Object.assign({}, held); },
      consentId: function () { return "shopify-consent-" + window.__calls.length; }
    };
    setTimeout(function () { done(); }, 0);
  }
};`;

const page = (
  snippet: string,
) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Namdar test store</title>
<script>${SHOPIFY_STUB}</script>
<script src="/sdk/${snippet}" data-hash="cfg-1"></script>
<script src="/sdk/shopify.js" defer></script>
</head><body><h1>Diamond studs</h1>
<script type="text/plain" data-loupe-purpose="analytics">window.__ran.push("theme-analytics");</script>
<script type="text/plain" data-loupe-purpose="advertising">window.__ran.push("theme-pixel");</script>
<script type="text/plain" data-loupe-purpose="functional">window.__ran.push("theme-wishlist");</script>
</body></html>`;

let browser: Browser;
let server: Server;
let url: string;
let outdir: string;

beforeAll(async () => {
  outdir = await mkdtemp(join(tmpdir(), "loupe-sdk-shopify-"));
  const { files } = await buildSdk({ outdir });
  await esbuild.build({
    entryPoints: [join(HERE, "shopify.ts")],
    outfile: join(outdir, "shopify.js"),
    bundle: true,
    format: "iife",
    target: "es2020",
    minify: true,
    logLevel: "warning",
  });
  const html = page(files.snippet);
  server = createServer(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const send = (status: number, type: string, body: string | Buffer) => {
      res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
      res.end(body);
    };
    if (path === "/products/studs") return send(200, "text/html", html);
    if (path === CONFIG_PATH) {
      return send(
        200,
        "application/json",
        JSON.stringify({
          noticeVersion: "1",
          configHash: "cfg-1",
          regime: "opt-in",
          region: "eea",
          gpcHonoured: true,
          purposes: PURPOSES,
        }),
      );
    }
    if (path === RECEIPTS_PATH) {
      req.resume();
      return send(200, "application/json", JSON.stringify({ receipts: [{ id: "rcp_1" }] }));
    }
    if (path.startsWith("/sdk/") && /^\/sdk\/[\w.-]+\.js$/.test(path)) {
      try {
        return send(200, "text/javascript", await readFile(join(outdir, path.slice(5))));
      } catch {
        return send(404, "text/plain", "not found");
      }
    }
    send(404, "text/plain", "not found");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: process.env.LOUPE_CHROMIUM ?? "/usr/bin/chromium",
    args: ARGS,
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  if (outdir) await rm(outdir, { recursive: true, force: true });
});

async function open(gpc = false): Promise<Page> {
  const context = await browser.newContext(gpc ? { extraHTTPHeaders: { "Sec-GPC": "1" } } : {});
  if (gpc) {
    await context.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, "globalPrivacyControl", {
        get: () => true,
        configurable: true,
      });
    });
  }
  const p = await context.newPage();
  await p.goto(`${url}/products/studs`);
  return p;
}

const calls = (p: Page) => p.evaluate(() => (window as unknown as { __calls: unknown[] }).__calls.slice());
const ran = (p: Page) => p.evaluate(() => (window as unknown as { __ran: string[] }).__ran.slice());
const eventually = <T>(fn: () => Promise<T>) => expect.poll(fn, { timeout: 10_000, interval: 50 });
const click = (p: Page, name: string) =>
  p.getByRole("region", { name: "Your privacy choices" }).getByRole("button", { name }).click();

describe("Shopify adapter", () => {
  it("makes no call before a choice, and theme scripts stay gated", async () => {
    const p = await open();
    await p.getByRole("region", { name: "Your privacy choices" }).waitFor();
    await p.waitForTimeout(300);
    expect(await calls(p)).toEqual([]);
    expect(await ran(p)).toEqual([]);
    await p.context().close();
  });

  it("Accept all: every purpose to Shopify, and the theme scripts run", async () => {
    const p = await open();
    await click(p, "Accept all");
    await eventually(() => calls(p)).toEqual([
      { analytics: true, marketing: true, preferences: true, sale_of_data: true },
    ]);
    await eventually(() => ran(p)).toEqual(["theme-analytics", "theme-pixel", "theme-wishlist"]);
    expect(await p.evaluate(() => (window as unknown as { __features: unknown }).__features)).toEqual([
      { name: "consent-tracking-api", version: "0.1" },
    ]);
    expect(
      await p.evaluate(
        () => (window as unknown as { loupeShopify: { consentId: string } }).loupeShopify.consentId,
      ),
    ).toBe("shopify-consent-1");
    // A reload with the stored choice changes nothing at Shopify.
    await p.reload();
    await eventually(() => ran(p)).toEqual(["theme-analytics", "theme-pixel", "theme-wishlist"]);
    await p.waitForTimeout(300);
    expect(await calls(p)).toEqual([]);
    await p.context().close();
  });

  it("Reject all: nothing to Shopify but essentials, sale of data refused, theme scripts stay gated", async () => {
    const p = await open();
    await click(p, "Reject all");
    await eventually(() => calls(p)).toEqual([
      { analytics: false, marketing: false, preferences: false, sale_of_data: false },
    ]);
    await p.waitForTimeout(300);
    expect(await ran(p)).toEqual([]);
    await p.context().close();
  });

  it("GPC: Accept all still refuses the sale of data, and the advertising pixel stays gated", async () => {
    const p = await open(true);
    await click(p, "Accept all");
    // Social (not a sale in this map) is granted, so marketing is on; advertising, which sells, is not.
    await eventually(() => calls(p)).toEqual([
      { analytics: true, marketing: true, preferences: true, sale_of_data: false },
    ]);
    await eventually(() => ran(p)).toEqual(["theme-analytics", "theme-wishlist"]);
    await p.context().close();
  });
});
