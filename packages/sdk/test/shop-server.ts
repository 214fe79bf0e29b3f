/**
 * A small shop for the SDK's browser tests, on 127.0.0.1 with a random port: a product page with gated
 * scripts and an iframe, the built SDK under `/sdk/`, and the two consent endpoints of the wire contract
 * kept in memory (posted receipts are recorded for the tests to assert).
 *
 * The notice configuration serves the cookie purposes the server derives from `examples/aurora/loupe.yaml`
 * (`aurora-purposes.json`, kept equal to the server's model by `packages/server/src/sdk/sdk-fixture.test.ts`),
 * plus `_ga_*`, the measurement-id cookie the test page's analytics tag also sets. The region, and so the regime, comes from
 * an `X-Test-Region` request header, standing in for the server's geolocation: `us-ca` is opt-out, anything
 * else is the EEA and opt-in.
 */
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CONFIG_PATH, IDEMPOTENCY_HEADER, type PurposeInfo, RECEIPTS_PATH } from "../src/wire.js";

/** One receipt as the ledger received it. */
export interface PostedReceipt {
  idempotencyKey: string | undefined;
  secGpc: string | undefined;
  receipt: Record<string, unknown>;
}

/** The running test shop. */
export interface ShopServer {
  url: string;
  /** Receipts posted, in order. */
  receipts: PostedReceipt[];
  /** Every request, as `METHOD path?query`, in order. */
  requests: string[];
  /** What the config endpoint serves; tests change it. */
  state: { configHash: string; noticeVersion: string; failConfig: boolean };
  /** Clears receipts and requests. */
  reset(): void;
  close(): Promise<void>;
}

/** The cookie purposes of Aurora Fine Jewelry as Loupe's server derives them from `examples/aurora/loupe.yaml`. */
export const AURORA_PURPOSES = JSON.parse(
  readFileSync(join(dirname(fileURLToPath(import.meta.url)), "aurora-purposes.json"), "utf8"),
) as PurposeInfo[];

/** What the test shop's config endpoint sends: {@link AURORA_PURPOSES}, and `_ga_*` declared for analytics. */
const SHOP_PURPOSES = AURORA_PURPOSES.map((p) =>
  p.id === "analytics"
    ? { ...p, cookies: [...p.cookies, { name: "_ga_*", provider: "Google", duration: "2y" }] }
    : p,
);

const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".html": "text/html; charset=utf-8",
  ".json": "application/json",
};

/** Gated test scripts: each records that it ran and sets the cookies its purpose declares. */
const SCRIPTS: Record<string, { body: string; delay?: number }> = {
  // Slow on purpose: if scripts were not run in document order, the inline script after it would run first.
  "/t/analytics-1.js": {
    delay: 250,
    body: `window.__ran.push("analytics-1");
document.cookie = "_ga=GA1.1.1; path=/; max-age=3600";
document.cookie = "_ga=GA1.1.2; path=/shop; max-age=3600";
document.cookie = "_ga_X1Y2=GS1.1; path=/; max-age=3600";
localStorage.setItem("_ga", "1");`,
  },
  "/t/analytics-2.js": { body: `window.__ran.push("analytics-2");` },
  "/t/ads.js": { body: `window.__ran.push("ads"); document.cookie = "_fbp=fb.1.1; path=/; max-age=3600";` },
};

function page(lang: string, hash: string): string {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Aurora Fine Jewelry — Engagement rings</title>
<script src="/sdk/snippet.js" data-hash="${hash}" data-policy="/privacy"></script>
<script>window.__ran = ["essential"];</script>
<style>
body { margin: 0; font: 16px/1.5 system-ui, sans-serif; }
header, footer { padding: 12px 16px; background: #f3efe7; }
main { padding: 16px; }
.hero { height: 240px; background: #e7e2d8; }
iframe { display: block; width: 320px; height: 120px; border: 1px solid #ccc; }
</style>
</head>
<body>
<header><strong>Aurora Fine Jewelry</strong></header>
<main>
<h1>Engagement rings</h1>
<div class="hero"></div>
<p>Hand-finished rings in recycled gold, sized and engraved in our workshop.</p>
<script type="text/plain" data-loupe-purpose="analytics" src="/t/analytics-1.js"></script>
<script type="text/plain" data-loupe-purpose="analytics">window.__ran.push("analytics-inline");</script>
<script type="text/plain" data-loupe-purpose="analytics" src="/t/analytics-2.js"></script>
<script type="text/plain" data-loupe-purpose="advertising" src="/t/ads.js"></script>
<script type="text/plain" data-loupe-purpose="functional">window.__ran.push("functional-inline"); document.cookie = "basket_remember=1; path=/; max-age=3600"; localStorage.setItem("basket_remember", "1");</script>
<iframe data-loupe-purpose="social" data-src="/t/social.html" title="Our social feed"></iframe>
</main>
<footer>
<a href="/privacy">Privacy notice</a> ·
<a href="#" data-loupe-open>Your privacy choices</a> ·
<a href="#" data-loupe-withdraw>Withdraw cookie consent</a>
</footer>
</body>
</html>`;
}

/** A page whose content moves: proves that the layout-shift measurement sees shifts. */
const SHIFTING_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shift</title></head>
<body style="margin:0;font:16px system-ui"><h1>Rings</h1><p>Text that will move.</p>
<script>setTimeout(() => { const b = document.createElement("div"); b.style.height = "200px"; b.textContent = "In-flow banner"; document.body.prepend(b); }, 300);</script>
</body></html>`;

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    let s = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => {
      s += c;
    });
    req.on("end", () => resolve(s));
    req.on("error", reject);
  });

/**
 * Starts the test shop, serving the SDK files built into `sdkDir`.
 *
 * @example
 * const shop = await startShopServer(outdir);
 * await page.goto(`${shop.url}/shop/rings`);
 * await shop.close();
 */
export async function startShopServer(sdkDir: string): Promise<ShopServer> {
  const state = { configHash: "cfg-1", noticeVersion: "2025-06-01", failConfig: false };
  const receipts: PostedReceipt[] = [];
  const requests: string[] = [];

  const send = (res: ServerResponse, status: number, type: string, body: string | Buffer, headers = {}) => {
    res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store", ...headers });
    res.end(body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const path = url.pathname;
    requests.push(`${req.method} ${path}${url.search}`);
    const region = String(req.headers["x-test-region"] ?? "eea");
    if (req.method === "GET" && path.startsWith("/shop/")) {
      return send(
        res,
        200,
        TYPES[".html"] as string,
        page(url.searchParams.get("lang") ?? "en", state.configHash),
        {
          "Set-Cookie": "session_id=s1; Path=/; HttpOnly; SameSite=Lax",
        },
      );
    }
    if (req.method === "GET" && path === "/shift")
      return send(res, 200, TYPES[".html"] as string, SHIFTING_PAGE);
    if (req.method === "GET" && path.startsWith("/sdk/")) {
      const name = path.slice(5);
      if (!/^[\w.-]+\.js$/.test(name)) return send(res, 404, "text/plain", "not found");
      try {
        return send(res, 200, TYPES[".js"] as string, await readFile(join(sdkDir, name)));
      } catch {
        return send(res, 404, "text/plain", "not found");
      }
    }
    const script = SCRIPTS[path];
    if (req.method === "GET" && script) {
      if (script.delay) await new Promise((r) => setTimeout(r, script.delay));
      return send(res, 200, TYPES[".js"] as string, script.body);
    }
    if (req.method === "GET" && path === "/t/social.html") {
      return send(
        res,
        200,
        TYPES[".html"] as string,
        `<p>Follow us</p><script>parent.__ran.push("social")</script>`,
      );
    }
    if (req.method === "GET" && path === CONFIG_PATH) {
      if (state.failConfig) return send(res, 500, TYPES[".json"] as string, `{"error":"unavailable"}`);
      const optOut = region === "us-ca";
      return send(
        res,
        200,
        TYPES[".json"] as string,
        JSON.stringify({
          noticeVersion: state.noticeVersion,
          configHash: state.configHash,
          regime: optOut ? "opt-out" : "opt-in",
          region,
          gpcHonoured: true,
          purposes: SHOP_PURPOSES,
        }),
      );
    }
    if (req.method === "POST" && path === RECEIPTS_PATH) {
      const body = JSON.parse(await readBody(req)) as { receipts: Record<string, unknown>[] };
      const key = req.headers[IDEMPOTENCY_HEADER.toLowerCase()];
      const gpc = req.headers["sec-gpc"];
      for (const receipt of body.receipts) {
        receipts.push({
          idempotencyKey: Array.isArray(key) ? key[0] : key,
          secGpc: Array.isArray(gpc) ? gpc[0] : gpc,
          receipt,
        });
      }
      return send(
        res,
        200,
        TYPES[".json"] as string,
        JSON.stringify({ receipts: body.receipts.map((_, i) => ({ id: `rcp_${receipts.length - i}` })) }),
      );
    }
    return send(res, 404, "text/plain", "not found");
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => send(res, 500, "text/plain", String(e)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    receipts,
    requests,
    state,
    reset() {
      receipts.length = 0;
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
