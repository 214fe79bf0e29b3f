/**
 * How fast the consent banner shows and how much a click on "Accept all" costs, Loupe side by side with
 * vanilla-cookieconsent 3 (a dev dependency), in Debian's Chromium, headless, with the CPU throttled 4×.
 *
 * One shop page is served twice from a `node:http` server on 127.0.0.1 (random port, gzip like a real
 * shop): with Loupe (the built snippet inlined first in `<head>`, the UI bundle and the two consent
 * endpoints answered in memory) and with vanilla-cookieconsent (its CSS in `<head>`, its UMD bundle and a
 * configuration script deferred at the end of `<body>`, as its documentation shows; the same five purposes,
 * `hideFromBots: false`). Both pages gate the same analytics and advertising scripts.
 *
 * Each run is a first visit in a fresh browser context. An init script records, relative to the navigation
 * start (`performance.timeOrigin`): when the banner is inserted, the first frame in which it is painted
 * (laid out, in the viewport, `visibility` visible and an opacity above 0 through its ancestors), the frame
 * in which its entrance animation has finished, the long tasks, and after a click on "Accept all" the time
 * from the click to the next frame (`requestAnimationFrame`, then a message posted from it) and the
 * interaction's Event Timing duration (INP-style, 8 ms resolution). Bytes are the encoded bodies of the
 * Resource Timing entries of the page.
 *
 * Run: `node packages/sdk/bench/timing.mjs [--runs 20] [--raw]` (builds the SDK into a temporary folder first;
 * `--raw` prints every run's marks and requests on stderr; `LOUPE_CHROMIUM` chooses another Chromium binary).
 * About 100 s for 20 runs. Exits 1 when a run breaks a sanity check (marks out of order, banner visible before
 * DOMContentLoaded, gated scripts not run, page errors, traffic off the loopback). Not a test; CI does not run it.
 */
import { readFileSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { cpus, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { buildSdk } from "../build/build-sdk.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const CHROMIUM = process.env.LOUPE_CHROMIUM ?? "/usr/bin/chromium";
const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
];
const CPU_SLOWDOWN = 4;
const runsArg = process.argv.indexOf("--runs");
const RUNS = runsArg > 0 ? Math.max(1, Number(process.argv[runsArg + 1]) || 20) : 20;
const RAW = process.argv.includes("--raw");
/** What the gated scripts record once everything is granted. */
const ALL_RAN = ["essential", "analytics", "analytics-inline", "ads"];

/** @typedef {"loupe" | "vcc"} Kind */
/** @typedef {{ path: string, afterClick: boolean, html: boolean, body: number, up: number, down: number }} Traffic */
/** @typedef {{ id: string, title: string, description: string, required: boolean, saleOrShare: boolean, cookies: { name: string, provider?: string, duration?: string }[] }} Purpose */

/** @type {Purpose[]} */
const PURPOSES = JSON.parse(readFileSync(join(ROOT, "test/aurora-purposes.json"), "utf8"));
const CONFIG_HASH = "cfg-1";
const vccDir = dirname(require.resolve("vanilla-cookieconsent/package.json"));
const vccVersion = JSON.parse(readFileSync(join(vccDir, "package.json"), "utf8")).version;
const sdkVersion = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version;

// ---------------------------------------------------------------------------------------------------------
// The shop

/**
 * The shop page; `head` goes first in `<head>`, `end` last in `<body>`, `gate` turns a purpose into the
 * attribute that gates an element.
 *
 * @param {{ head: string, end: string, gate: (purpose: string) => string, open: string }} tool
 */
const shopPage = (tool) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Aurora Fine Jewelry — Engagement rings</title>
${tool.head}
<script>window.__ran = ["essential"];</script>
<style>
body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: #222; }
header, footer { padding: 12px 16px; background: #f3efe7; }
main { padding: 16px; max-width: 60rem; margin: 0 auto; }
.hero { height: 240px; background: linear-gradient(120deg, #e7e2d8, #cfc6b4); border-radius: 8px; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr)); gap: 16px; padding: 0; }
.grid li { list-style: none; padding: 12px; border: 1px solid #ddd; border-radius: 8px; }
</style>
</head>
<body>
<header><strong>Aurora Fine Jewelry</strong> · Rings · Necklaces · Earrings · Bespoke</header>
<main>
<h1>Engagement rings</h1>
<div class="hero"></div>
<p>Hand-finished rings in recycled gold, sized and engraved in our workshop.</p>
<ul class="grid">
${["Solitaire", "Halo", "Three-stone", "Pavé band", "Vintage", "Bezel", "Toi et moi", "Eternity"]
  .map(
    (n, i) => `<li><h2>${n}</h2><p>18k recycled gold, lab-grown diamond.</p><p>€${1200 + i * 350}</p></li>`,
  )
  .join("\n")}
</ul>
<script type="text/plain" ${tool.gate("analytics")} src="/t/analytics.js"></script>
<script type="text/plain" ${tool.gate("analytics")}>window.__ran.push("analytics-inline");</script>
<script type="text/plain" ${tool.gate("advertising")} src="/t/ads.js"></script>
</main>
<footer>
<a href="/privacy">Privacy notice</a> ·
<a href="#" ${tool.open}>Your privacy choices</a>
</footer>
${tool.end}
</body>
</html>`;

/** The configuration of vanilla-cookieconsent: the same purposes, cookies and texts as Loupe's. */
const vccConfig = () => {
  const en = JSON.parse(readFileSync(join(ROOT, "src/i18n/en.json"), "utf8"));
  /** @param {string} name */
  const clear = (name) => (name.endsWith("*") ? `{name:/^${name.slice(0, -1)}/}` : JSON.stringify({ name }));
  const categories = PURPOSES.map((p) => {
    const own = p.cookies.filter((c) => c.name !== "loupe_consent" && c.name !== "session_id");
    const body = p.required
      ? "{enabled:true,readOnly:true}"
      : `{autoClear:{cookies:[${own.map((c) => clear(c.name)).join(",")}]}}`;
    return `${JSON.stringify(p.id)}:${body}`;
  }).join(",");
  const sections = [
    { title: en.prefsTitle, description: en.prefsText },
    ...PURPOSES.map((p) => ({
      title: p.title,
      description: p.description + (p.saleOrShare ? ` ${en.saleShare}` : ""),
      linkedCategory: p.id,
      ...(p.cookies.length > 0 && {
        cookieTable: {
          headers: { name: en.name, provider: en.provider, duration: en.duration },
          body: p.cookies.map((c) => ({ name: c.name, provider: c.provider, duration: c.duration })),
        },
      }),
    })),
  ];
  const translations = {
    en: {
      consentModal: {
        title: en.bannerTitle,
        description: `${en.bannerText} <a href="/privacy">${en.policy}</a>`,
        acceptAllBtn: en.acceptAll,
        acceptNecessaryBtn: en.rejectAll,
        showPreferencesBtn: en.customise,
      },
      preferencesModal: {
        title: en.prefsTitle,
        acceptAllBtn: en.acceptAll,
        acceptNecessaryBtn: en.rejectAll,
        savePreferencesBtn: en.save,
        closeIconLabel: en.close,
        sections,
      },
    },
  };
  return `CookieConsent.run({hideFromBots:false,mode:"opt-in",categories:{${categories}},language:{default:"en",translations:${JSON.stringify(translations)}}});\n`;
};

/** Gated test scripts: each records that it ran and sets the cookie of its purpose. */
const SCRIPTS = {
  "/t/analytics.js": `window.__ran.push("analytics");
document.cookie = "_ga=GA1.1.1; path=/; max-age=3600";
document.cookie = "_ga_X1Y2=GS1.1; path=/; max-age=3600";`,
  "/t/ads.js": `window.__ran.push("ads"); document.cookie = "_fbp=fb.1.1; path=/; max-age=3600";`,
};

/**
 * Starts the shop on 127.0.0.1 with a random port. Text bodies of 256 bytes or more are gzipped when the
 * browser accepts it (Chromium does not offer brotli over plain HTTP).
 *
 * @param {string} sdkDir folder of the built SDK
 */
async function startShop(sdkDir) {
  const snippet = (await readFile(join(sdkDir, "snippet.js"), "utf8")).trim();
  /** @type {Map<string, { type: string, body: Buffer }>} */
  const files = new Map();
  /** @param {string} path @param {string} type @param {string | Buffer} body */
  const put = (path, type, body) => files.set(path, { type, body: Buffer.from(body) });
  const JS = "text/javascript; charset=utf-8";
  const HTML = "text/html; charset=utf-8";
  put(
    "/loupe/rings",
    HTML,
    shopPage({
      head: `<script data-ui="/sdk/" data-hash="${CONFIG_HASH}" data-policy="/privacy">${snippet}</script>`,
      end: "",
      gate: (p) => `data-loupe-purpose="${p}"`,
      open: "data-loupe-open",
    }),
  );
  put(
    "/vcc/rings",
    HTML,
    shopPage({
      head: `<link rel="stylesheet" href="/vcc/cookieconsent.css">`,
      end: `<script defer src="/vcc/cookieconsent.umd.js"></script>\n<script defer src="/vcc/config.js"></script>`,
      gate: (p) => `data-category="${p}"`,
      open: `data-cc="show-preferencesModal"`,
    }),
  );
  put("/privacy", HTML, "<!doctype html><title>Privacy notice</title><h1>Privacy notice</h1>");
  for (const f of await readdir(sdkDir)) put(`/sdk/${f}`, JS, await readFile(join(sdkDir, f)));
  put("/vcc/cookieconsent.umd.js", JS, await readFile(join(vccDir, "dist/cookieconsent.umd.js")));
  put(
    "/vcc/cookieconsent.css",
    "text/css; charset=utf-8",
    await readFile(join(vccDir, "dist/cookieconsent.css")),
  );
  put("/vcc/config.js", JS, vccConfig());
  for (const [path, body] of Object.entries(SCRIPTS)) put(path, JS, body);
  put(
    "/api/v1/consent/config",
    "application/json",
    JSON.stringify({
      noticeVersion: "2025-06-01",
      configHash: CONFIG_HASH,
      regime: "opt-in",
      region: "eea",
      gpcHonoured: true,
      purposes: PURPOSES,
    }),
  );
  /** @type {Map<string, Buffer>} */
  const gzipped = new Map();
  for (const [path, f] of files) if (f.body.length >= 256) gzipped.set(path, gzipSync(f.body, { level: 9 }));
  let receipts = 0;
  /** @type {Traffic[]} */
  let traffic = [];
  let afterClick = false;
  /** @type {WeakMap<import("node:net").Socket, number>} */
  const readSoFar = new WeakMap();

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
    // Bytes on the socket: HTTP/1.1 without pipelining, so one request at a time per connection.
    const socket = req.socket;
    const readStart = readSoFar.get(socket) ?? 0;
    const writeStart = socket.bytesWritten;
    /** @type {Traffic} */
    const t = { path, afterClick, html: false, body: 0, up: 0, down: 0 };
    req.on("end", () => {
      t.up = socket.bytesRead - readStart;
      readSoFar.set(socket, socket.bytesRead);
    });
    res.on("finish", () => {
      t.down = socket.bytesWritten - writeStart;
      if (path !== "/favicon.ico") traffic.push(t);
    });
    if (req.method !== "POST") req.resume();
    if (req.method === "POST" && path === "/api/v1/consent") {
      let body = "";
      req.setEncoding("utf8");
      req.on("data", (c) => {
        body += c;
      });
      req.on("end", () => {
        const n = (() => {
          try {
            return JSON.parse(body).receipts.length;
          } catch {
            return 0;
          }
        })();
        receipts += n;
        res.writeHead(n > 0 ? 200 : 400, { "Content-Type": "application/json", "Cache-Control": "no-store" });
        res.end(
          JSON.stringify({ receipts: Array.from({ length: n }, (_, i) => ({ id: `rcp_${receipts - i}` })) }),
        );
      });
      return;
    }
    const f = req.method === "GET" ? files.get(path) : undefined;
    if (!f) {
      res.writeHead(404, { "Content-Type": "text/plain", "Cache-Control": "no-store" });
      res.end("not found");
      return;
    }
    const gz = /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? "")) ? gzipped.get(path) : undefined;
    /** @type {Record<string, string>} */
    const headers = { "Content-Type": f.type, "Cache-Control": "no-store", Vary: "Accept-Encoding" };
    if (gz) headers["Content-Encoding"] = "gzip";
    if (f.type === HTML) headers["Set-Cookie"] = "session_id=s1; Path=/; HttpOnly; SameSite=Lax";
    const body = gz ?? f.body;
    t.html = f.type === HTML;
    t.body = body.length;
    res.writeHead(200, headers);
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    receipts: () => receipts,
    /** Starts the record of a new visit. */
    reset() {
      traffic = [];
      afterClick = false;
    },
    /** Requests from now on follow the click. */
    clicked() {
      afterClick = true;
    },
    /** What the visit sent and received, request by request, in the order the responses ended. */
    traffic: () => traffic,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve(undefined));
      }),
  };
}

/** @typedef {Awaited<ReturnType<typeof startShop>>} Shop */

// ---------------------------------------------------------------------------------------------------------
// In the page

/**
 * @typedef {{
 *   inserted: number, visible: number, settled: number, click: number, clickFrame: number, gone: number,
 *   longTasks: { start: number, duration: number }[],
 *   events: { name: string, start: number, duration: number, interaction: number }[],
 * }} Marks
 */

/**
 * The init script: runs before any script of the page and records the marks in `window.__bench`.
 * Everything is relative to the navigation start.
 *
 * @param {Kind} kind
 */
function measure(kind) {
  /** @type {Marks} */
  const b = {
    inserted: 0,
    visible: 0,
    settled: 0,
    click: 0,
    clickFrame: 0,
    gone: 0,
    longTasks: [],
    events: [],
  };
  /** @type {Window & { __bench?: Marks }} */ (window).__bench = b;
  /** @returns {Element | null | undefined} */
  const banner = () =>
    kind === "loupe"
      ? document.querySelector("[data-loupe]")?.shadowRoot?.querySelector("section[aria-labelledby]")
      : document.querySelector("#cc-main .cm");
  const now = () => performance.now();

  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) b.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: "longtask", buffered: true });
  new PerformanceObserver((list) => {
    for (const e of /** @type {PerformanceEventTiming[]} */ (list.getEntries())) {
      const interaction = /** @type {{ interactionId?: number }} */ (e).interactionId ?? 0;
      b.events.push({ name: e.name, start: e.startTime, duration: e.duration, interaction });
    }
  }).observe(
    /** @type {PerformanceObserverInit} */ ({ type: "event", durationThreshold: 16, buffered: true }),
  );

  // Insertion: a mutation anywhere in the document (the banner comes with its host or wrapper).
  const mo = new MutationObserver(() => {
    if (banner()) {
      b.inserted = now();
      mo.disconnect();
    }
  });
  mo.observe(document, { childList: true, subtree: true });

  // Painted, then settled: checked in every frame, before that frame's paint.
  const frame = () => {
    const el = b.inserted ? banner() : null;
    if (el) {
      const r = el.getBoundingClientRect();
      const painted =
        r.width > 0 &&
        r.height > 0 &&
        r.bottom > 0 &&
        r.top < innerHeight &&
        el.checkVisibility({ opacityProperty: true, visibilityProperty: true });
      if (painted && !b.visible) b.visible = now();
      if (b.visible && !b.settled) {
        const running = el.getAnimations({ subtree: true }).some((a) => a.playState !== "finished");
        const opaque = (() => {
          for (let e = /** @type {Element | null} */ (el); e; ) {
            if (Number(getComputedStyle(e).opacity) < 1) return false;
            const root = e.parentNode;
            e = root instanceof ShadowRoot ? root.host : e.parentElement;
          }
          return true;
        })();
        if (!running && opaque) b.settled = now();
      }
    }
    if (!b.settled) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);

  // The click on "Accept all": from the event's time stamp to the frame after its handlers.
  addEventListener(
    "click",
    (e) => {
      if (!e.isTrusted || b.click) return;
      b.click = e.timeStamp;
      requestAnimationFrame(() => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => {
          b.clickFrame = now();
          // Loupe removes its banner; vanilla-cookieconsent starts a fade-out by removing this class.
          const el = banner();
          const shown =
            el?.checkVisibility({ opacityProperty: true, visibilityProperty: true }) &&
            (kind === "loupe" || document.documentElement.classList.contains("show--consent"));
          if (!shown) b.gone = now();
        };
        ch.port2.postMessage(0);
      });
    },
    true,
  );
}

// ---------------------------------------------------------------------------------------------------------
// The runs

/**
 * @typedef {{
 *   dcl: number, load: number, fcp: number, inserted: number, visible: number, settled: number,
 *   clickFrame: number, interaction: number, longestLoad: number, longestAfter: number,
 *   htmlBytes: number, bodiesBefore: number, wireBefore: number, wireAfter: number,
 *   requestsBefore: number, requestsAfter: number, hidden: boolean,
 *   ran: string[], foreign: string[], errors: string[],
 * }} Run
 */

/**
 * One first visit: fresh context, CPU throttled, banner shown, "Accept all" clicked.
 *
 * @param {import("playwright-core").Browser} browser
 * @param {Shop} shop
 * @param {Kind} kind
 * @returns {Promise<Run>}
 */
async function run(browser, shop, kind) {
  const base = shop.url;
  const t0 = Date.now();
  shop.reset();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    /** @type {string[]} */
    const errors = [];
    /** @type {string[]} */
    const foreign = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("request", (r) => {
      if (!r.url().startsWith(`${base}/`)) foreign.push(r.url());
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_SLOWDOWN });
    await page.addInitScript(measure, kind);
    const t1 = Date.now();
    await page.goto(`${base}/${kind}/rings`, { waitUntil: "load" });
    await page.waitForFunction(
      () => {
        const w = /** @type {Window & { __bench?: Marks }} */ (window);
        return (w.__bench?.settled ?? 0) > 0;
      },
      null,
      { timeout: 15_000, polling: 100 },
    );
    // Let the page go quiet before the click (focus handling, late tasks).
    await page.waitForTimeout(300);
    const accept =
      kind === "loupe"
        ? page.locator("[data-loupe] section button", { hasText: "Accept all" })
        : page.locator("#cc-main .cm button", { hasText: "Accept all" });
    const t2 = Date.now();
    shop.clicked();
    await accept.click();
    await page.waitForFunction(
      (all) => {
        const w = /** @type {Window & { __bench?: Marks, __ran?: string[] }} */ (window);
        return (w.__bench?.clickFrame ?? 0) > 0 && all.every((s) => w.__ran?.includes(s));
      },
      ALL_RAN,
      { timeout: 15_000, polling: 100 },
    );
    // Long tasks and the receipt that follow the click.
    await page.waitForTimeout(500);
    const t3 = Date.now();
    const data = await page.evaluate(() => {
      const w = /** @type {Window & { __bench?: Marks, __ran?: string[] }} */ (window);
      const nav = /** @type {PerformanceNavigationTiming} */ (performance.getEntriesByType("navigation")[0]);
      const fcp = performance.getEntriesByName("first-contentful-paint")[0];
      return {
        marks: /** @type {Marks} */ (w.__bench),
        ran: w.__ran ?? [],
        dcl: nav.domContentLoadedEventStart,
        load: nav.loadEventStart,
        fcp: fcp ? fcp.startTime : 0,
      };
    });
    const m = data.marks;
    const before = shop.traffic().filter((t) => !t.afterClick);
    const after = shop.traffic().filter((t) => t.afterClick);
    /** @param {Traffic[]} ts @param {(t: Traffic) => number} f */
    const sum = (ts, f) => ts.reduce((s, t) => s + f(t), 0);
    const interactions = m.events.filter((e) => e.interaction > 0 && e.start >= m.click - 1000);
    if (RAW) {
      const phases = `setup ${t1 - t0}, load+banner ${t2 - t1}, click+after ${t3 - t2}, total ${Date.now() - t0} ms`;
      const bytes = shop
        .traffic()
        .map((t) => `${t.path}${t.afterClick ? " (after)" : ""} ↑${t.up} ↓${t.down}`);
      console.error(
        `${kind}: ${JSON.stringify({ ...m, events: interactions })}\n  ${bytes.join(", ")}\n  ${phases}`,
      );
    }
    return {
      dcl: data.dcl,
      load: data.load,
      fcp: data.fcp,
      inserted: m.inserted,
      visible: m.visible,
      settled: m.settled,
      clickFrame: m.clickFrame - m.click,
      // Event Timing only reports events of 16 ms or more: a faster interaction counts as 16.
      interaction: Math.max(16, ...interactions.map((e) => e.duration)),
      longestLoad: Math.max(0, ...m.longTasks.filter((t) => t.start < m.click).map((t) => t.duration)),
      longestAfter: Math.max(0, ...m.longTasks.filter((t) => t.start >= m.click).map((t) => t.duration)),
      htmlBytes: sum(before, (t) => (t.html ? t.body : 0)),
      bodiesBefore: sum(before, (t) => t.body),
      wireBefore: sum(before, (t) => t.up + t.down),
      wireAfter: sum(after, (t) => t.up + t.down),
      requestsBefore: before.length,
      requestsAfter: after.length,
      hidden: m.gone > 0,
      ran: data.ran,
      foreign,
      errors,
    };
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Statistics and the table

/** @param {number[]} xs @param {number} q */
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  if (q === 0.5) {
    const mid = s.length / 2;
    return Number.isInteger(mid) ? ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2 : (s[Math.floor(mid)] ?? 0);
  }
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? 0;
};

/** @param {number} x */
const ms = (x) => (Number.isFinite(x) ? x.toFixed(0) : "–");

/**
 * @param {string} title
 * @param {[string, Run[]][]} subjects
 */
function printTable(title, subjects) {
  /** @type {[string, (r: Run) => number, (x: number) => string][]} */
  const metrics = [
    ["DOMContentLoaded (ms)", (r) => r.dcl, ms],
    ["first contentful paint (ms)", (r) => r.fcp, ms],
    ["load event (ms)", (r) => r.load, ms],
    ["banner inserted in the DOM (ms)", (r) => r.inserted, ms],
    ["banner visible, first painted frame (ms)", (r) => r.visible, ms],
    ["banner settled, entrance animation done (ms)", (r) => r.settled, ms],
    ["longest task before the click (ms, 0 = none ≥ 50)", (r) => r.longestLoad, ms],
    ['click "Accept all" → next frame (ms)', (r) => r.clickFrame, ms],
    ["click interaction, Event Timing (ms, ≥ 16)", (r) => r.interaction, ms],
    ["longest task after the click (ms, 0 = none ≥ 50)", (r) => r.longestAfter, ms],
    ["bytes before the click: HTML body (gzip)", (r) => r.htmlBytes, String],
    ["bytes before the click: all bodies (gzip)", (r) => r.bodiesBefore, String],
    ["bytes before the click: on the wire, both ways", (r) => r.wireBefore, String],
    ["bytes after the click: on the wire, both ways", (r) => r.wireAfter, String],
    [
      "requests before / after the click",
      (r) => r.requestsBefore * 100 + r.requestsAfter,
      (x) => `${Math.floor(x / 100)} / ${x % 100}`,
    ],
  ];
  const head = ["metric", ...subjects.flatMap(([name]) => [`${name} median`, "p90"])];
  const rows = metrics.map(([label, f, fmt]) => [
    label,
    ...subjects.flatMap(([, runs]) => {
      const xs = runs.map(f);
      return [fmt(quantile(xs, 0.5)), fmt(quantile(xs, 0.9))];
    }),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (/** @type {string[]} */ cells) =>
    cells.map((x, i) => (i === 0 ? x.padEnd(widths[i] ?? 0) : x.padStart(widths[i] ?? 0))).join("  ");
  console.log(`${title}\n`);
  console.log(line(head));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) console.log(line(r));
}

// ---------------------------------------------------------------------------------------------------------

const started = Date.now();
const outdir = await mkdtemp(join(tmpdir(), "loupe-timing-"));
await buildSdk({ outdir });
const shop = await startShop(outdir);
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
const browserVersion = browser.version();
/** @type {Record<Kind, Run[]>} */
const results = { loupe: [], vcc: [] };
/** @type {string[]} */
const problems = [];
try {
  // One warm-up visit of each, not counted (first compilation of the browser's own code paths).
  for (const kind of /** @type {Kind[]} */ (["loupe", "vcc"])) await run(browser, shop, kind);
  for (let i = 0; i < RUNS; i++) {
    /** @type {Kind[]} */
    const order = i % 2 === 0 ? ["loupe", "vcc"] : ["vcc", "loupe"];
    for (const kind of order) {
      const r = await run(browser, shop, kind);
      results[kind].push(r);
      const tag = `${kind} run ${i + 1}`;
      if (r.errors.length > 0) problems.push(`${tag}: page errors ${r.errors.join("; ")}`);
      if (r.foreign.length > 0) problems.push(`${tag}: requests off the loopback ${r.foreign.join(", ")}`);
      if (!(r.inserted > 0 && r.visible >= r.inserted && r.settled >= r.visible))
        problems.push(`${tag}: marks out of order (${r.inserted}, ${r.visible}, ${r.settled})`);
      if (r.visible < r.dcl)
        problems.push(`${tag}: banner visible (${ms(r.visible)}) before DOMContentLoaded (${ms(r.dcl)})`);
      if (!r.hidden) problems.push(`${tag}: banner still shown in the frame after the click`);
      if (ALL_RAN.some((s) => !r.ran.includes(s)))
        problems.push(`${tag}: gated scripts did not all run (${r.ran})`);
    }
    process.stderr.write(`\r${i + 1}/${RUNS} runs of each`);
  }
  process.stderr.write("\n");
} finally {
  await browser.close().catch(() => {});
  await shop.close();
  await rm(outdir, { recursive: true, force: true });
}
// Loupe posts one receipt per visit, the warm-up included.
if (shop.receipts() !== 1 + RUNS) problems.push(`receipts posted: ${shop.receipts()}, expected ${1 + RUNS}`);

printTable(
  `Consent banner, first visit: Chromium ${browserVersion} headless, CPU ${CPU_SLOWDOWN}× slower, ` +
    `${RUNS} runs of each (interleaved, fresh context), times from navigation start; ${cpus().length} CPUs`,
  [
    [`Loupe ${sdkVersion}`, results.loupe],
    [`vanilla-cookieconsent ${vccVersion}`, results.vcc],
  ],
);
console.log(
  "\nBytes: bodies gzipped from 256 B, as Chromium accepts over plain HTTP; on the wire = HTTP/1.1 requests and" +
    "\nresponses with their headers, counted on the server's sockets (the favicon request left out). p90: nearest rank (18th of 20).",
);
for (const p of problems) console.log(`! ${p}`);
// A broken run (marks out of order, gated scripts not run, page errors, traffic off the loopback) fails the bench.
if (problems.length > 0) process.exitCode = 1;
console.log(`\n${((Date.now() - started) / 1000).toFixed(0)} s`);
