/**
 * End-to-end tests of the consent SDK in Debian's Chromium (headless, through playwright-core): the SDK is
 * built with esbuild into a temporary folder, served with a test shop page and in-memory consent endpoints.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { BANNER_SELECTORS } from "../../scan/src/banner/banner-selectors.js";
import { buildSdk } from "../build/build-sdk.mjs";
import { type PostedReceipt, type ShopServer, startShopServer } from "../test/shop-server.js";
import { CONFIG_PATH } from "./wire.js";

const CHROMIUM = process.env.LOUPE_CHROMIUM ?? "/usr/bin/chromium";
const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
];
const SHOP = "/shop/rings";
const ALL = ["essential", "functional", "analytics", "advertising", "social"];
/** What the gated scripts of the shop page record, in document order, when everything is granted. */
const ALL_RAN = [
  "essential",
  "analytics-1",
  "analytics-inline",
  "analytics-2",
  "ads",
  "functional-inline",
  "social",
];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Polls until the assertion holds; generous, for a loaded machine. */
const eventually = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 10_000, interval: 50 });

let browser: Browser;
let shop: ShopServer;
let outdir: string;
/** The built files: their names carry the bundles' content hash. */
let files: Awaited<ReturnType<typeof buildSdk>>["files"];
const contexts: BrowserContext[] = [];

interface Visit {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

/** Opens the shop page in a new browser context (or a new page of `context`). */
async function visit(
  options: { gpc?: boolean; region?: string; query?: string; path?: string; context?: BrowserContext } = {},
): Promise<Visit> {
  let context = options.context;
  if (!context) {
    const headers: Record<string, string> = {};
    if (options.gpc) headers["Sec-GPC"] = "1";
    if (options.region) headers["X-Test-Region"] = options.region;
    context = await browser.newContext({ extraHTTPHeaders: headers });
    contexts.push(context);
    if (options.gpc) {
      await context.addInitScript(() => {
        Object.defineProperty(Navigator.prototype, "globalPrivacyControl", {
          get: () => true,
          configurable: true,
        });
      });
    }
  }
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${shop.url}${options.path ?? SHOP}${options.query ?? ""}`);
  return { context, page, errors };
}

const ran = (page: Page) => page.evaluate(() => (window as unknown as { __ran: string[] }).__ran.slice());
const settle = (page: Page, ms = 400) => page.waitForTimeout(ms);
const banner = (page: Page, name = "Your privacy choices") => page.getByRole("region", { name });
const dialog = (page: Page) => page.getByRole("dialog", { name: "Cookie preferences" });
const cookieNames = async (context: BrowserContext) => (await context.cookies()).map((c) => c.name).sort();
const consentCommands = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { dataLayer: IArguments[] }).dataLayer
      .map((a) => Array.from(a))
      .filter((a) => a[0] === "consent"),
  );
const consentFor = (granted: string[]) => {
  const g = (id: string) => (granted.includes(id) ? "granted" : "denied");
  return {
    ad_storage: g("advertising"),
    ad_user_data: g("advertising"),
    ad_personalization: g("advertising"),
    analytics_storage: g("analytics"),
    functionality_storage: g("functional"),
    personalization_storage: g("functional"),
    security_storage: "granted",
  };
};

/** The element that has the focus, looking into shadow roots. */
const focused = (page: Page) =>
  page.evaluate(() => {
    let a = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    if (!a) return null;
    const root = a.getRootNode() as Document | ShadowRoot;
    const label = a.id ? root.querySelector(`label[for="${a.id}"]`)?.textContent : null;
    return {
      tag: a.tagName.toLowerCase(),
      name: a.getAttribute("aria-label") ?? label ?? a.textContent?.trim() ?? "",
      role: a.getAttribute("role"),
      checked: (a as HTMLInputElement).checked,
      outline: getComputedStyle(a).outlineStyle,
    };
  });

/** Waits for the `n`-th receipt and checks every field of the wire contract. */
async function receipt(n: number, want: Record<string, unknown>): Promise<PostedReceipt> {
  await eventually(() => shop.receipts.length).toBeGreaterThanOrEqual(n);
  const r = shop.receipts[n - 1] as PostedReceipt;
  expect(r.idempotencyKey).toMatch(UUID);
  expect(Object.keys(r.receipt).sort()).toEqual(
    [
      "action",
      "configHash",
      "denied",
      "dnt",
      "gpc",
      "granted",
      "language",
      "noticeVersion",
      "source",
      "visitorId",
    ].sort(),
  );
  expect(r.receipt.visitorId).toMatch(UUID);
  expect(r.receipt).toMatchObject({
    gpc: false,
    dnt: false,
    noticeVersion: shop.state.noticeVersion,
    configHash: shop.state.configHash,
    language: "en",
    ...want,
  });
  const granted = r.receipt.granted as string[];
  expect([...granted, ...(r.receipt.denied as string[])].sort()).toEqual([...ALL].sort());
  return r;
}

beforeAll(async () => {
  outdir = await mkdtemp(join(tmpdir(), "loupe-sdk-"));
  ({ files } = await buildSdk({ outdir }));
  shop = await startShopServer(outdir);
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await shop?.close();
  if (outdir) await rm(outdir, { recursive: true, force: true });
});

beforeEach(async () => {
  for (const c of contexts.splice(0)) await c.close();
  shop.reset();
  shop.state.configHash = "cfg-1";
  shop.state.failConfig = false;
});

describe("consent banner in Chromium", { timeout: 30_000 }, () => {
  it("opt-in: before any click no non-essential cookie, storage entry or gated script, and Consent Mode denies first", async () => {
    const { context, page, errors } = await visit();
    await eventually(() => banner(page).isVisible()).toBe(true);
    await settle(page);
    expect(await ran(page)).toEqual(["essential"]);
    expect(await cookieNames(context)).toEqual(["session_id"]);
    expect(await page.evaluate(() => [localStorage.length, sessionStorage.length])).toEqual([0, 0]);
    expect(shop.receipts).toHaveLength(0);
    // The first command in the data layer is the Consent Mode default, everything but security denied.
    const first = await page.evaluate(() =>
      Array.from((window as unknown as { dataLayer: IArguments[] }).dataLayer[0] as IArguments),
    );
    expect(first).toEqual(["consent", "default", { ...consentFor([]), wait_for_update: 500 }]);
    // Accept all, Reject all and Customise have equal visual weight.
    const buttons = banner(page).getByRole("button");
    expect(await buttons.allTextContents()).toEqual(["Accept all", "Reject all", "Customise"]);
    // The site scanner recognises Loupe's banner by these.
    expect(await buttons.evaluateAll((els) => els.map((e) => e.getAttribute("data-loupe-action")))).toEqual([
      "accept-all",
      "reject-all",
      "customise",
    ]);
    // … with the selectors `loupe scan` uses (CSS selectors reach into the open shadow root).
    const scanned = BANNER_SELECTORS.loupe;
    for (const [role, name] of [
      ["accept", "Accept all"],
      ["reject", "Reject all"],
      ["customise", "Customise"],
    ] as const) {
      expect(await page.locator(scanned[role]?.join(",") ?? "none").allTextContents()).toEqual([name]);
    }
    const looks = await buttons.evaluateAll((els) =>
      els.map((e) => {
        const s = getComputedStyle(e);
        const r = e.getBoundingClientRect();
        return [
          s.backgroundColor,
          s.color,
          s.fontSize,
          s.fontWeight,
          s.borderWidth,
          Math.round(r.width),
          Math.round(r.height),
        ];
      }),
    );
    expect(new Set(looks.map((l) => JSON.stringify(l))).size).toBe(1);
    // The banner slides in, unless the visitor prefers reduced motion (see the layout-shift test).
    expect(await banner(page).evaluate((b) => getComputedStyle(b).animationName)).toBe("rise");
    expect(errors).toEqual([]);
  });

  it("Reject all takes one click and is recorded", async () => {
    const { context, page, errors } = await visit();
    await banner(page).getByRole("button", { name: "Reject all" }).click();
    await eventually(() => banner(page).count()).toBe(0);
    await receipt(1, { action: "reject-all", source: "banner", granted: ["essential"] });
    await settle(page);
    expect(await ran(page)).toEqual(["essential"]);
    expect(await cookieNames(context)).toEqual(["loupe_consent", "session_id"]);
    expect((await consentCommands(page)).at(-1)).toEqual(["consent", "update", consentFor(["essential"])]);
    expect(await page.evaluate(() => window.loupe.get())).toEqual({
      granted: ["essential"],
      decided: true,
      gpc: false,
    });
    expect(errors).toEqual([]);
  });

  it("Accept all runs the gated scripts in document order; a returning visitor downloads only the snippet and the API bundle", async () => {
    const first = await visit();
    await banner(first.page).getByRole("button", { name: "Accept all" }).click();
    await eventually(() => ran(first.page)).toEqual(ALL_RAN);
    await receipt(1, { action: "accept-all", source: "banner", granted: ALL, denied: [] });
    expect((await consentCommands(first.page)).at(-1)).toEqual(["consent", "update", consentFor(ALL)]);
    expect(await first.page.locator("iframe[data-loupe-purpose]").getAttribute("src")).toBe("/t/social.html");

    shop.reset();
    const again = await visit({ context: first.context });
    await eventually(() => ran(again.page)).toEqual(ALL_RAN);
    await settle(again.page);
    const sdk = shop.requests.filter((r) => r.includes("/sdk/") || r.includes("/api/"));
    expect(sdk).toEqual(["GET /sdk/snippet.js", `GET /sdk/${files.api}`]);
    expect(await again.page.locator("[data-loupe]").count()).toBe(0);
    expect((await consentCommands(again.page))[0]).toEqual([
      "consent",
      "default",
      { ...consentFor(ALL), wait_for_update: 0 },
    ]);
    expect(shop.receipts).toHaveLength(0);
    // The persistent control loads the UI on demand, with the choice in force.
    await again.page.getByRole("link", { name: "Your privacy choices" }).click();
    await eventually(() => dialog(again.page).isVisible()).toBe(true);
    expect(await dialog(again.page).getByRole("switch", { name: "Targeting/advertising" }).isChecked()).toBe(
      true,
    );
    expect(shop.requests).toContain(`GET /sdk/${files.ui.en}`);
    expect([...first.errors, ...again.errors]).toEqual([]);
  });

  it("withdraws in one click from the page's persistent control and clears every cookie variant", async () => {
    const { context, page, errors } = await visit();
    await banner(page).getByRole("button", { name: "Accept all" }).click();
    await eventually(() => ran(page)).toEqual(ALL_RAN);
    expect(await cookieNames(context)).toEqual(
      ["_fbp", "_ga", "_ga", "_ga_X1Y2", "basket_remember", "loupe_consent", "session_id"].sort(),
    );
    const first = await receipt(1, { action: "accept-all" });

    await page.getByRole("link", { name: "Withdraw cookie consent" }).click();
    const withdrawn = await receipt(2, {
      action: "withdraw",
      source: "api",
      granted: ["essential"],
      denied: ["functional", "analytics", "advertising", "social"],
    });
    expect(withdrawn.receipt.visitorId).toBe(first.receipt.visitorId);
    await eventually(() => cookieNames(context)).toEqual(["loupe_consent", "session_id"]);
    expect(await page.evaluate(() => Object.keys(localStorage))).toEqual([]);
    expect(await page.locator("iframe[data-loupe-purpose]").getAttribute("src")).toBeNull();
    expect((await consentCommands(page)).at(-1)).toEqual(["consent", "update", consentFor(["essential"])]);

    // The withdrawal holds on the next page: nothing gated runs and nothing asks again.
    const next = await visit({ context });
    await settle(next.page);
    expect(await ran(next.page)).toEqual(["essential"]);
    expect(await next.page.locator("[data-loupe]").count()).toBe(0);
    expect([...errors, ...next.errors]).toEqual([]);
  });

  it("withdrawing one purpose in the preferences clears its cookies and keeps the others", async () => {
    const { context, page, errors } = await visit();
    await banner(page).getByRole("button", { name: "Accept all" }).click();
    await eventually(() => ran(page)).toEqual(ALL_RAN);
    await receipt(1, { action: "accept-all" });

    await page.getByRole("link", { name: "Your privacy choices" }).click();
    const prefs = dialog(page);
    await eventually(() => prefs.isVisible()).toBe(true);
    expect(
      await prefs
        .locator("[data-loupe-action]")
        .evaluateAll((els) => els.map((e) => e.getAttribute("data-loupe-action"))),
    ).toEqual(["accept-all", "reject-all", "save"]);
    expect(await page.locator(BANNER_SELECTORS.loupe.save?.join(",") ?? "none").allTextContents()).toEqual([
      "Save choices",
    ]);
    const necessary = prefs.getByRole("switch", { name: "Essential Operational" });
    expect([await necessary.isChecked(), await necessary.isDisabled()]).toEqual([true, true]);
    const analytics = prefs.getByRole("switch", { name: "Analytics, Customization and Security" });
    expect(await analytics.isChecked()).toBe(true);
    await prefs.getByText("Cookies (2)").nth(1).click();
    expect(await prefs.getByRole("cell", { name: "_ga_*" }).isVisible()).toBe(true);
    await analytics.uncheck();
    await prefs.getByRole("button", { name: "Save choices" }).click();
    await receipt(2, {
      action: "save",
      source: "dialog",
      granted: ["essential", "functional", "advertising", "social"],
      denied: ["analytics"],
    });
    await eventually(() => cookieNames(context)).toEqual([
      "_fbp",
      "basket_remember",
      "loupe_consent",
      "session_id",
    ]);
    expect(await page.evaluate(() => Object.keys(localStorage))).toEqual(["basket_remember"]);
    expect((await consentCommands(page)).at(-1)).toEqual([
      "consent",
      "update",
      consentFor(["essential", "functional", "advertising", "social"]),
    ]);
    expect(errors).toEqual([]);
  });

  it("opt-out regime with GPC: sale/share purposes never run, the honoured notice shows, a later opt-in is explicit", async () => {
    const { context, page, errors } = await visit({ gpc: true, region: "us-ca" });
    const notice = banner(page, "Opt-Out Request Honored");
    await eventually(() => notice.isVisible()).toBe(true);
    // Before any tag: Consent Mode denies advertising.
    expect((await consentCommands(page))[0]?.[2]).toMatchObject({
      ad_storage: "denied",
      ad_user_data: "denied",
    });
    const signal = await receipt(1, {
      action: "gpc",
      source: "signal",
      gpc: true,
      granted: ["essential", "functional", "analytics", "social"],
      denied: ["advertising"],
    });
    expect(signal.secGpc).toBe("1");
    const defaults = [
      "essential",
      "analytics-1",
      "analytics-inline",
      "analytics-2",
      "functional-inline",
      "social",
    ];
    await eventually(() => ran(page)).toEqual(defaults);
    await settle(page);
    expect(await ran(page)).toEqual(defaults);
    expect(await cookieNames(context)).not.toContain("_fbp");

    // An explicit opt-in is recorded as such.
    await notice.getByRole("button", { name: "Customise" }).click();
    const prefs = dialog(page);
    expect(await prefs.getByText("Opt-Out Request Honored").isVisible()).toBe(true);
    const ads = prefs.getByRole("switch", { name: "Targeting/advertising" });
    expect(await ads.isChecked()).toBe(false);
    await ads.check();
    await prefs.getByRole("button", { name: "Save choices" }).click();
    await receipt(2, {
      action: "save",
      source: "dialog",
      gpc: true,
      granted: ALL,
      denied: [],
    });
    await eventually(() => ran(page)).toContain("ads");

    // The explicit opt-in holds on the next page, without asking again.
    shop.reset();
    const next = await visit({ context });
    await eventually(() => ran(next.page)).toContain("ads");
    expect(shop.requests.some((r) => r.includes("/sdk/ui"))).toBe(false);
    expect([...errors, ...next.errors]).toEqual([]);
  });

  it("opt-in regime with GPC: Accept all does not turn on sale/share purposes", async () => {
    const { context, page, errors } = await visit({ gpc: true });
    expect(await banner(page).getByText("Opt-Out Request Honored").isVisible()).toBe(true);
    await banner(page).getByRole("button", { name: "Accept all" }).click();
    await receipt(1, {
      action: "accept-all",
      source: "banner",
      gpc: true,
      granted: ["essential", "functional", "analytics", "social"],
      denied: ["advertising"],
    });
    await eventually(() => ran(page)).toContain("social");
    await settle(page);
    expect(await ran(page)).toEqual([
      "essential",
      "analytics-1",
      "analytics-inline",
      "analytics-2",
      "functional-inline",
      "social",
    ]);
    expect(await cookieNames(context)).not.toContain("_fbp");
    expect(errors).toEqual([]);
  });

  it("a stored sale/share grant made without GPC is turned off by the snippet once GPC is on", async () => {
    const before = await visit();
    await banner(before.page).getByRole("button", { name: "Accept all" }).click();
    await eventually(() => ran(before.page)).toEqual(ALL_RAN);
    await receipt(1, { action: "accept-all" });

    const gpcContext = await browser.newContext({ extraHTTPHeaders: { "Sec-GPC": "1" } });
    contexts.push(gpcContext);
    await gpcContext.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, "globalPrivacyControl", {
        get: () => true,
        configurable: true,
      });
    });
    await gpcContext.addCookies(
      (await before.context.cookies()).filter((c) => c.name === "loupe_consent" || c.name === "session_id"),
    );
    const after = await visit({ context: gpcContext });
    await eventually(() => banner(after.page, "Opt-Out Request Honored").isVisible()).toBe(true);
    await receipt(2, {
      action: "gpc",
      source: "signal",
      gpc: true,
      granted: ["essential", "functional", "analytics", "social"],
      denied: ["advertising"],
    });
    await eventually(() => ran(after.page)).toContain("social");
    await settle(after.page);
    expect(await ran(after.page)).not.toContain("ads");
    // Social networking does not sell or share: its grant stands.
    expect(await after.page.locator("iframe[data-loupe-purpose]").getAttribute("src")).toBe("/t/social.html");
    expect([...before.errors, ...after.errors]).toEqual([]);
  });

  it("keyboard only: Tab order, Enter and Space, focus trap, Esc, visible focus", async () => {
    const { page, errors } = await visit();
    await eventually(() => banner(page).isVisible()).toBe(true);
    await page.keyboard.press("Tab");
    expect(await focused(page)).toMatchObject({ tag: "a", name: "Privacy notice" });
    await page.keyboard.press("Tab");
    expect(await focused(page)).toMatchObject({ tag: "button", name: "Accept all" });
    expect((await focused(page))?.outline).not.toBe("none");
    await page.keyboard.press("Tab");
    expect(await focused(page)).toMatchObject({ name: "Reject all" });
    await page.keyboard.press("Tab");
    expect(await focused(page)).toMatchObject({ name: "Customise" });

    // Space opens the dialog; focus moves into it and stays there.
    await page.keyboard.press("Space");
    await eventually(() => dialog(page).isVisible()).toBe(true);
    expect(await focused(page)).toMatchObject({ role: "dialog" });
    const order: string[] = [];
    for (let i = 0; i < 14; i++) {
      await page.keyboard.press("Tab");
      order.push((await focused(page))?.name ?? "");
    }
    expect(order).toEqual([
      "Close",
      "Cookies (2)",
      "Performance and Functionality",
      "Cookies (1)",
      "Analytics, Customization and Security",
      "Cookies (2)",
      "Targeting/advertising",
      "Cookies (1)",
      "Social networking",
      "Accept all",
      "Reject all",
      "Save choices",
      "Close",
      "Cookies (2)",
    ]);
    await page.keyboard.press("Shift+Tab");
    expect(await focused(page)).toMatchObject({ name: "Close" });
    await page.keyboard.press("Shift+Tab");
    expect(await focused(page)).toMatchObject({ name: "Save choices" });

    // Esc closes without a choice and gives the focus back.
    await page.keyboard.press("Escape");
    await eventually(() => dialog(page).count()).toBe(0);
    expect(await focused(page)).toMatchObject({ name: "Customise" });
    expect(shop.receipts).toHaveLength(0);

    // Enter opens it again; Space switches analytics on; Enter saves.
    await page.keyboard.press("Enter");
    await eventually(() => dialog(page).isVisible()).toBe(true);
    for (let i = 0; i < 5; i++) await page.keyboard.press("Tab");
    expect(await focused(page)).toMatchObject({
      name: "Analytics, Customization and Security",
      checked: false,
    });
    await page.keyboard.press("Space");
    expect(await focused(page)).toMatchObject({ checked: true });
    for (let i = 0; i < 7; i++) await page.keyboard.press("Tab");
    expect(await focused(page)).toMatchObject({ name: "Save choices" });
    await page.keyboard.press("Enter");
    await receipt(1, { action: "save", source: "dialog", granted: ["essential", "analytics"] });
    await expect
      .poll(() => ran(page))
      .toEqual(["essential", "analytics-1", "analytics-inline", "analytics-2"]);
    expect(await page.locator("[data-loupe]").evaluate((h) => h.shadowRoot?.childElementCount)).toBe(0);
    expect(errors).toEqual([]);
  });

  it("causes no layout shift (and the measurement does see shifts)", async () => {
    const context = await browser.newContext({ reducedMotion: "reduce" });
    contexts.push(context);
    await context.addInitScript(() => {
      const w = window as unknown as { __shift: number };
      w.__shift = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__shift += (e as unknown as { value: number }).value;
      }).observe({ type: "layout-shift", buffered: true });
    });
    const shift = (page: Page) => page.evaluate(() => (window as unknown as { __shift: number }).__shift);

    const control = await context.newPage();
    await control.goto(`${shop.url}/shift`);
    await eventually(() => shift(control)).toBeGreaterThan(0);

    const { page, errors } = await visit({ context });
    await eventually(() => banner(page).isVisible()).toBe(true);
    expect(await banner(page).evaluate((b) => getComputedStyle(b).animationName)).toBe("none");
    await banner(page).getByRole("button", { name: "Customise" }).click();
    await eventually(() => dialog(page).isVisible()).toBe(true);
    await dialog(page).getByRole("button", { name: "Accept all" }).click();
    await eventually(() => ran(page)).toEqual(ALL_RAN);
    await settle(page, 600);
    expect(await shift(page)).toBe(0);
    expect(errors).toEqual([]);
  });

  it("asks again only when the config hash changes", async () => {
    const { context, page } = await visit();
    await banner(page).getByRole("button", { name: "Reject all" }).click();
    await receipt(1, { action: "reject-all", configHash: "cfg-1" });

    shop.reset();
    const same = await visit({ context });
    await settle(same.page);
    expect(await banner(same.page).count()).toBe(0);
    expect(shop.requests.filter((r) => r.includes("/sdk/ui") || r.includes(CONFIG_PATH))).toEqual([]);

    shop.state.configHash = "cfg-2";
    const changed = await visit({ context });
    await eventually(() => banner(changed.page).isVisible()).toBe(true);
    expect(shop.requests.filter((r) => r.includes("/sdk/ui") || r.includes(CONFIG_PATH)).sort()).toEqual(
      [`GET ${CONFIG_PATH}?lang=en`, `GET /sdk/${files.ui.en}`].sort(),
    );
    await banner(changed.page).getByRole("button", { name: "Accept all" }).click();
    await receipt(1, { action: "accept-all", configHash: "cfg-2", granted: ALL });
    expect([...same.errors, ...changed.errors]).toEqual([]);
  });

  it("downloads only the active language", async () => {
    const { page, errors } = await visit({ query: "?lang=fr" });
    await eventually(() => banner(page, "Vos choix de confidentialité").isVisible()).toBe(true);
    const sdk = shop.requests.filter((r) => r.includes("/sdk/") || r.includes("/api/")).sort();
    expect(sdk).toEqual(
      [`GET ${CONFIG_PATH}?lang=fr`, "GET /sdk/snippet.js", `GET /sdk/${files.ui.fr}`].sort(),
    );
    await banner(page, "Vos choix de confidentialité").getByRole("button", { name: "Tout refuser" }).click();
    await receipt(1, { action: "reject-all", language: "fr" });
    expect(errors).toEqual([]);
  });

  it("window.loupe: get, on('change'), accept(ids), open; a throwing listener does not reach the page", async () => {
    const { page, errors } = await visit();
    await eventually(() => banner(page).isVisible()).toBe(true);
    expect(await page.evaluate(() => window.loupe.get())).toEqual({
      granted: ["essential"],
      decided: false,
      gpc: false,
    });
    const seen = await page.evaluate(
      () =>
        new Promise<string[][]>((resolve) => {
          const states: string[][] = [];
          window.loupe.on("change", () => {
            throw new Error("a broken listener");
          });
          window.loupe.on("change", (s) => {
            states.push(s.granted);
            resolve(states);
          });
          window.loupe.accept(["analytics"]);
        }),
    );
    expect(seen).toEqual([["essential", "analytics"]]);
    await receipt(1, { action: "save", source: "api", granted: ["essential", "analytics"] });
    expect(await page.evaluate(() => window.loupe.get())).toEqual({
      granted: ["essential", "analytics"],
      decided: true,
      gpc: false,
    });
    await page.evaluate(() => window.loupe.open());
    await eventually(() => dialog(page).isVisible()).toBe(true);
    expect(errors).toEqual([]);
  });

  it("never throws into the host page when the consent API fails", async () => {
    shop.state.failConfig = true;
    const { page, errors } = await visit();
    await settle(page, 600);
    await page.evaluate(() => {
      window.loupe.open();
      window.loupe.accept(["analytics"]);
      window.loupe.withdraw();
      (window.loupe.accept as (x: unknown) => void)("not a list");
    });
    await page.getByRole("link", { name: "Your privacy choices" }).click();
    await settle(page);
    expect(await ran(page)).toEqual(["essential"]);
    expect(await banner(page).count()).toBe(0);
    expect(errors).toEqual([]);
  });
});

declare global {
  interface Window {
    loupe: import("./core.js").LoupeApi;
  }
}
