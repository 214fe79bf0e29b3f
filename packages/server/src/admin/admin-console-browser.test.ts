/**
 * End to end in Chromium: staff sign in to the console served by the real server (embedded PGlite, Aurora
 * map, first admin from the environment), move through every section with the keyboard only, verify the
 * audit chain, and axe-core finds no serious or critical violation on any page.
 */
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../app/start-server.js";
import { listAudit } from "../audit/list-audit.js";
import { loadConfig } from "../config/load-config.js";
import { AURORA_MAP } from "../testing/test-stores.js";

const CHROMIUM = process.env.LOUPE_CHROMIUM ?? "/usr/bin/chromium";
const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
];
const AXE = new URL("../../../../node_modules/axe-core/axe.min.js", import.meta.url);
const ADMIN = { email: "console.admin@aurora.example", password: "keyboard only passphrase 42" };

let dir: string;
let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let axeSource: string;

/** Serious and critical axe-core violations of the page, as "rule: target" lines. */
async function axeViolations(p: Page): Promise<string[]> {
  await p.evaluate(axeSource);
  const result = (await p.evaluate("axe.run(document)")) as {
    violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
  };
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(" ")}`));
}

/** What has the focus: its tag and its accessible text, and whether a focus outline is drawn. */
function focused(p: Page): Promise<{ tag: string; text: string; id: string; outline: boolean }> {
  return p.evaluate(`(() => {
    const el = document.activeElement;
    const style = el ? getComputedStyle(el) : undefined;
    return {
      tag: el ? el.tagName.toLowerCase() : "",
      text: ((el && (el.getAttribute("aria-label") || el.textContent || el.value)) || "").trim(),
      id: (el && el.id) || "",
      outline: style ? style.outlineStyle !== "none" && style.outlineWidth !== "0px" : false,
    };
  })()`);
}

/** Presses Tab until the element with this text or id has the focus (at most 60 times); fails otherwise. */
async function tabTo(p: Page, target: { text?: string; id?: string }): Promise<void> {
  for (let i = 0; i < 60; i++) {
    await p.keyboard.press("Tab");
    const f = await focused(p);
    if ((target.text && f.text === target.text) || (target.id && f.id === target.id)) {
      expect(f.outline, `focus on ${JSON.stringify(target)} is visible`).toBe(true);
      return;
    }
  }
  throw new Error(`Tab never reached ${JSON.stringify(target)}`);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "loupe-admin-e2e-"));
  axeSource = await readFile(AXE, "utf8");
  server = await startServer({
    config: loadConfig({
      LOUPE_MAP: AURORA_MAP,
      LOUPE_DATA_DIR: join(dir, "pglite"),
      PORT: "0",
      LOUPE_LOG_LEVEL: "silent",
      LOUPE_ADMIN_EMAIL: ADMIN.email,
      LOUPE_ADMIN_PASSWORD: ADMIN.password,
    }),
  });
  // A few consent choices so that the dashboard has something to draw.
  const config = (await (await fetch(`${server.url}/api/v1/consent/config`)).json()) as {
    notice: { version: string };
    configHash: string;
  };
  for (const [i, action, gpc] of [
    [1, "accept-all", "0"],
    [2, "reject-all", "1"],
    [3, "reject-all", "0"],
  ] as const) {
    const res = await fetch(`${server.url}/api/v1/consent`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(gpc === "1" ? { "sec-gpc": "1" } : {}) },
      body: JSON.stringify({
        receipts: [
          {
            visitorId: `v_e2e00000000000${i}`,
            action,
            source: "banner",
            noticeVersion: config.notice.version,
            configHash: config.configHash,
            language: "en",
          },
        ],
      }),
    });
    expect(res.status).toBeLessThan(300);
  }
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  context = await browser.newContext();
  page = await context.newPage();
}, 60_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("the admin console in Chromium, keyboard only", () => {
  it("signs in with the keyboard", async () => {
    await page.goto(`${server.url}/admin`);
    expect(new URL(page.url()).pathname).toBe("/admin/login");
    expect(await axeViolations(page)).toEqual([]);
    await tabTo(page, { id: "email" });
    await page.keyboard.type(ADMIN.email);
    await page.keyboard.press("Tab");
    await page.keyboard.type(ADMIN.password);
    await page.keyboard.press("Enter");
    await page.waitForURL(`${server.url}/admin`);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Dashboard");
  });

  it("shows the dashboard's charts as SVG with their figures", async () => {
    const svgs = page.locator("figure svg[role=img]");
    expect(await svgs.count()).toBe(3);
    expect(await page.locator("#gpc-share-title + svg").getAttribute("aria-label")).toBe(
      "33.3 % — 1 of 3 visitors",
    );
    expect(await page.locator("#consent-purposes-desc").textContent()).toMatch(
      /analytics: 1 granted, 2 denied/,
    );
    expect(await axeViolations(page)).toEqual([]);
    const dir = process.env.LOUPE_SCREENSHOT_DIR;
    if (dir) {
      await mkdir(dir, { recursive: true });
      await page.screenshot({ path: join(dir, "admin-console.png"), fullPage: true });
    }
  });

  it("skips to the content and reaches every section from the navigation", async () => {
    await page.keyboard.press("Tab");
    expect((await focused(page)).text).toBe("Skip to content");
    for (const [label, path, heading] of [
      ["Data map", "/admin/data-map", "Data map"],
      ["Outbox", "/admin/outbox", "Outbox"],
      ["Audit log", "/admin/audit", "Audit log"],
      ["Users", "/admin/users", "Users"],
      ["Dashboard", "/admin", "Dashboard"],
    ] as const) {
      await tabTo(page, { text: label });
      await page.keyboard.press("Enter");
      await page.waitForURL(`${server.url}${path}`);
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(heading);
      expect(await page.locator("nav a[aria-current=page]").textContent()).toBe(label);
      expect(await axeViolations(page), `axe on ${path}`).toEqual([]);
    }
  });

  it("lists the data map's lint findings", async () => {
    await page.goto(`${server.url}/admin/data-map`);
    expect(await page.locator("#findings").textContent()).toMatch(
      /^Lint findings: \d+ errors, \d+ warnings, \d+ notes$/,
    );
  });

  it("verifies the audit chain from the keyboard", async () => {
    await page.goto(`${server.url}/admin/audit`);
    await tabTo(page, { text: "Verify the chain now" });
    await page.keyboard.press("Enter");
    await page.waitForURL(`${server.url}/admin/audit`);
    expect(await page.getByRole("status").first().textContent()).toMatch(/^Intact: \d+ entries checked/);
    const { entries } = await listAudit(server.app.store.db, { limit: 1 });
    expect(entries[0]?.action).toBe("audit.verify");
    expect(await axeViolations(page)).toEqual([]);
  });

  it("adds a user with the keyboard", async () => {
    await page.goto(`${server.url}/admin/users`);
    await tabTo(page, { id: "new-email" });
    await page.keyboard.type("new.analyst@aurora.example");
    await page.keyboard.press("Tab");
    await page.keyboard.press("ArrowUp"); // viewer → analyst
    await page.keyboard.press("Tab");
    await page.keyboard.type("another passphrase 123");
    await page.keyboard.press("Enter");
    await page.waitForURL(`${server.url}/admin/users?done=created`);
    expect(await page.getByRole("status").textContent()).toBe("The user was added.");
    expect(await page.getByRole("row", { name: /new\.analyst@aurora\.example analyst active/ }).count()).toBe(
      1,
    );
    expect(await axeViolations(page)).toEqual([]);
  });

  it("opens the account page from the header", async () => {
    await page.goto(`${server.url}/admin`);
    await tabTo(page, { text: `${ADMIN.email} (admin)` });
    await page.keyboard.press("Enter");
    await page.waitForURL(`${server.url}/admin/account`);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Your account");
    expect(await axeViolations(page)).toEqual([]);
  });

  it("names the audit entry changed directly in the database", async () => {
    const db = server.app.store.db;
    await sql`alter table audit_log disable trigger audit_log_no_change`.execute(db);
    await sql`update audit_log set action = 'admin.logout' where id = 2`.execute(db);
    await sql`alter table audit_log enable trigger audit_log_no_change`.execute(db);
    await page.goto(`${server.url}/admin/audit`);
    await tabTo(page, { text: "Verify the chain now" });
    await page.keyboard.press("Enter");
    await page.waitForURL(`${server.url}/admin/audit`);
    expect(await page.getByRole("alert").textContent()).toMatch(
      /^Broken at entry 2 \(found on .+\): hash does not match the entry's content: the entry was changed$/,
    );
    expect(await axeViolations(page)).toEqual([]);
  });

  it("signs out with the keyboard", async () => {
    await tabTo(page, { text: "Sign out" });
    await page.keyboard.press("Enter");
    await page.waitForURL(`${server.url}/admin/login?signed-out`);
    await page.goto(`${server.url}/admin/users`);
    expect(new URL(page.url()).pathname).toBe("/admin/login");
  });
});
