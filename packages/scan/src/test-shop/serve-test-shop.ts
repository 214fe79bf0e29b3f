import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { SHOP_SCRIPT } from "./shop-script.js";

/** Chromium flag that sends every `*.test` host (the shop's "third parties") to the loopback address. */
export const TEST_SHOP_HOST_RULES = "--host-resolver-rules=MAP *.test 127.0.0.1";

/** A defect a generated page carries (or `none`). */
export type PlantedDefect =
  | "none"
  | "analytics-early"
  | "ad-after-reject"
  | "gpc-ignored"
  | "new-tag"
  | "pushy-banner";

/** The hand-written pages of the test shop and the defect each plants. */
export const TEST_SHOP_PAGES: Readonly<Record<string, PlantedDefect>> = {
  "/": "none",
  "/analytics-early": "analytics-early",
  "/ad-after-reject": "ad-after-reject",
  "/gpc-ignored": "gpc-ignored",
  "/new-tag": "new-tag",
  "/pushy-banner": "pushy-banner",
};

/** A running test shop. */
export interface TestShop {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  port: number;
  /** Requests the third-party hosts received, as `host path`. */
  thirdPartyHits: string[];
  close(): Promise<void>;
}

const EEA = new Set([
  "AT",
  "BE",
  "BG",
  "HR",
  "CY",
  "CZ",
  "DK",
  "EE",
  "FI",
  "FR",
  "DE",
  "GR",
  "HU",
  "IE",
  "IT",
]);
const PIXEL = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");

/**
 * Serves a small fictional jewellery shop on 127.0.0.1 (random port) for the scanner's tests and benchmark.
 * Each page carries the shop's banner and gated analytics and advertising tags; the hand-written pages
 * ({@link TEST_SHOP_PAGES}) each plant one defect, and `generatedPages` adds product pages `/p/1…/p/N`
 * (every fifth with a defect) listed in the sitemap instead. The same server answers for `metrics.test`,
 * `ads.test` and `pixel.test`, which a browser reaches through {@link TEST_SHOP_HOST_RULES}.
 *
 * @example
 * const shop = await serveTestShop();
 * const browser = await launchChromium({ args: [TEST_SHOP_HOST_RULES] });
 * // … scanSite({ url: shop.url, browser, … })
 * await shop.close();
 */
export async function serveTestShop(options: { generatedPages?: number } = {}): Promise<TestShop> {
  const generated = options.generatedPages ?? 0;
  const thirdPartyHits: string[] = [];
  const server = createServer((req, res) => {
    try {
      handle(req, res, generated, thirdPartyHits);
    } catch {
      res.statusCode = 500;
      res.end();
    }
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    thirdPartyHits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function handle(req: IncomingMessage, res: ServerResponse, generated: number, hits: string[]): void {
  const host = (req.headers.host ?? "").replace(/:\d+$/, "");
  const port = (req.socket.localPort ?? 80).toString();
  const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "127.0.0.1"}`);
  if (host.endsWith(".test")) {
    hits.push(`${host} ${url.pathname}`);
    res.writeHead(200, { "content-type": "image/gif", "cache-control": "no-store" });
    res.end(PIXEL);
    return;
  }
  if (url.pathname === "/shop.js") {
    res.writeHead(200, { "content-type": "text/javascript", "cache-control": "no-store" });
    res.end(SHOP_SCRIPT);
    return;
  }
  if (url.pathname === "/api/v1/consent/config") {
    const country = String(req.headers["x-country"] ?? "").toUpperCase();
    const regime = country === "US" ? "opt-out" : "opt-in";
    const region = country && (EEA.has(country) || country === "US") ? country : "unknown";
    res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(
      JSON.stringify({
        configHash: "test",
        regime,
        region,
        gpcHonoured: true,
        purposes: [
          { id: "essential", required: true, saleOrShare: false, cookies: ["shop_session", "loupe_consent"] },
          { id: "analytics", required: false, saleOrShare: false, cookies: ["_ga", "_hjSessionUser_1234"] },
          { id: "advertising", required: false, saleOrShare: true, cookies: ["_fbp"] },
        ],
      }),
    );
    return;
  }
  if (url.pathname === "/sitemap.xml") {
    const paths = generated
      ? Array.from({ length: generated }, (_, i) => `/p/${i + 1}`)
      : Object.keys(TEST_SHOP_PAGES).filter((p) => p !== "/new-tag");
    const base = `http://${req.headers.host}`;
    res.writeHead(200, { "content-type": "application/xml" });
    res.end(
      `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${paths
        .map((p) => `  <url><loc>${base}${p}</loc></url>`)
        .join("\n")}\n</urlset>\n`,
    );
    return;
  }
  const product = /^\/p\/(\d+)$/.exec(url.pathname);
  const n = product ? Number(product[1]) : 0;
  const defect: PlantedDefect | undefined = product
    ? n >= 1 && n <= generated
      ? generatedDefect(n)
      : undefined
    : TEST_SHOP_PAGES[url.pathname];
  if (defect === undefined) {
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("not found");
    return;
  }
  const headers: Record<string, string> = {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
  };
  if (!/(?:^|;\s*)shop_session=/.test(req.headers.cookie ?? "")) {
    headers["set-cookie"] = `shop_session=${randomBytes(8).toString("hex")}; Path=/; HttpOnly; SameSite=Lax`;
  }
  res.writeHead(200, headers);
  res.end(pageHtml(url.pathname, defect, port, generated));
}

function generatedDefect(n: number): PlantedDefect {
  const cycle: PlantedDefect[] = [
    "analytics-early",
    "ad-after-reject",
    "gpc-ignored",
    "new-tag",
    "pushy-banner",
  ];
  return n % 5 === 0 ? (cycle[(n / 5 - 1) % cycle.length] as PlantedDefect) : "none";
}

function pageHtml(path: string, defect: PlantedDefect, port: string, generated: number): string {
  const links = generated
    ? [1, 2, 3].map((d) => `/p/${((Number(path.split("/")[2]) + d - 1) % generated) + 1}`)
    : Object.keys(TEST_SHOP_PAGES);
  const flags: Record<string, unknown> = {};
  if (defect === "gpc-ignored") flags.ignoreGpc = true;
  if (defect === "pushy-banner") flags.banner = "pushy";
  const planted: Record<PlantedDefect, string> = {
    none: "",
    "analytics-early": `<script>if (!/(?:^|; )loupe_consent=/.test(document.cookie)) document.cookie = "_ga=GA1.1.42.42; max-age=63072000; path=/";</script>`,
    "ad-after-reject": `<script>if (/(?:^|; )loupe_consent=/.test(document.cookie)) { document.cookie = "_fbp=fb.1.99.99; max-age=7776000; path=/"; new Image().src = "http://ads.test:${port}/tr?ev=PageView"; }</script>`,
    "gpc-ignored": "",
    "new-tag": `<script type="text/plain" data-loupe-purpose="analytics">document.cookie = "_hjSessionUser_1234=eyJpZCI6IjEifQ; max-age=31536000; path=/"; new Image().src = "http://pixel.test:${port}/p.gif";</script>`,
    "pushy-banner": "",
  };
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Lumen — ${path}</title>
<script>window.SHOP_FLAGS = ${JSON.stringify(flags)};</script>
<script src="/shop.js" defer></script>
${planted[defect]}
</head><body>
<h1>Lumen Test Jewellers</h1>
<p>Solitaire rings, eternity bands and pearl earrings.</p>
<nav>${links.map((l) => `<a href="${l}">${l}</a>`).join(" ")} <a href="/catalogue.pdf">Catalogue (PDF)</a> <a href="http://ads.test:${port}/landing">Partner offer</a></nav>
<script type="text/plain" data-loupe-purpose="analytics">document.cookie = "_ga=GA1.1." + Math.floor(Math.random() * 1e9) + "; max-age=63072000; path=/"; new Image().src = "http://metrics.test:${port}/collect?v=2";</script>
<script type="text/plain" data-loupe-purpose="advertising">document.cookie = "_fbp=fb.1." + Date.now() + "; max-age=7776000; path=/"; new Image().src = "http://ads.test:${port}/tr?ev=PageView";</script>
</body></html>
`;
}
