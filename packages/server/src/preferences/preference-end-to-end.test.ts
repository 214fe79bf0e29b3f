/**
 * End to end in Chromium: the preference pages served by the real server (embedded PGlite, Aurora map), a
 * customer using them with mouse and keyboard, axe-core checking each page, and a webhook receiver that
 * verifies the Standard Webhooks signature of what arrives.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../app/start-server.js";
import { loadConfig } from "../config/load-config.js";
import { isSuppressed } from "../suppression/record-suppression.js";
import { AURORA_MAP } from "../testing/test-stores.js";
import { verifyWebhook } from "../webhooks/sign-webhook.js";
import { createEndpoint } from "../webhooks/webhook-endpoints.js";
import { listUnsubscribeHeaders } from "./list-unsubscribe-headers.js";
import { prefTables } from "./record-preferences.js";

const CHROMIUM = process.env.LOUPE_CHROMIUM ?? "/usr/bin/chromium";
const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
];
const LINK_SECRET = "e2e-link-secret-0123456789-0123456789-abcd";
const AXE = new URL("../../../../node_modules/axe-core/axe.min.js", import.meta.url);
const eventually = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 20_000, interval: 100 });

let dir: string;
let server: RunningServer;
let browser: Browser;
let receiver: Server;
let webhookSecret: string;
let axeSource: string;
const received: { headers: IncomingHttpHeaders; body: string }[] = [];
const contexts: BrowserContext[] = [];

const db = () => server.app.store.db;
const receipts = () => prefTables(db()).selectFrom("preference_receipts").selectAll().orderBy("id").execute();

async function newPage(headers: Record<string, string> = {}): Promise<Page> {
  const context = await browser.newContext({ extraHTTPHeaders: headers });
  contexts.push(context);
  return context.newPage();
}

/** Asks for a link through the page's form and returns the URL from the e-mail it queued. */
async function requestLink(page: Page, email: string): Promise<string> {
  await page.goto(`${server.url}/preferences`);
  await page.getByLabel("E-mail address").fill(email);
  await page.getByRole("button", { name: "E-mail me a link" }).click();
  await eventually(() => page.getByRole("status").textContent()).toContain(
    "a link to your privacy choices is on its way",
  );
  const mail = await db()
    .selectFrom("mail_outbox")
    .selectAll()
    .where("to_address", "=", email)
    .orderBy("created_at", "desc")
    .executeTakeFirstOrThrow();
  const token = /manage\?t=([\w-]{43})/.exec(mail.text_body)?.[1];
  return `${server.url}/preferences/manage?t=${token}`;
}

/** Serious and critical axe-core violations of the page, as "rule: target" lines. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const result = (await page.evaluate("axe.run(document)")) as {
    passes: unknown[];
    violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
  };
  expect(result.passes.length).toBeGreaterThan(5);
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(" ")}`));
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "loupe-prefs-e2e-"));
  axeSource = await readFile(AXE, "utf8");
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  server = await startServer({
    config: loadConfig({
      LOUPE_MAP: AURORA_MAP,
      LOUPE_DATA_DIR: join(dir, "pglite"),
      PORT: "0",
      LOUPE_LOG_LEVEL: "silent",
      LOUPE_LINK_SECRET: LINK_SECRET,
    }),
  });
  const port = (receiver.address() as AddressInfo).port;
  ({ secret: webhookSecret } = await createEndpoint(db(), {
    url: `http://127.0.0.1:${port}/hooks`,
    types: ["preference.changed"],
  }));
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}, 60_000);

afterAll(async () => {
  for (const c of contexts.splice(0)) await c.close();
  await browser?.close();
  await server?.close();
  await new Promise((resolve) => receiver?.close(resolve));
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("the preference pages in Chromium", { timeout: 25_000 }, () => {
  it("a customer turns off SMS and one topic from a signed link; the ledger and a signed webhook show it", async () => {
    const page = await newPage();
    const url = await requestLink(page, "ada@example.com");
    await page.goto(url);
    await page.getByRole("group", { name: "Text messages (SMS)" }).getByLabel("Don't send").check();
    await page.getByRole("group", { name: "Contests, sweepstakes and promotions" }).getByLabel("No").check();
    await page.getByRole("button", { name: "Save my choices" }).click();
    await eventually(() => page.getByRole("status").textContent()).toContain("Your choices were saved");
    expect(
      await page.getByRole("group", { name: "Text messages (SMS)" }).getByLabel("Don't send").isChecked(),
    ).toBe(true);

    const saved = (await receipts()).filter((r) => r.action === "save");
    expect(saved).toHaveLength(1);
    expect(saved[0]?.changes).toEqual([
      { key: "channel:sms", allowed: false },
      { key: "topic:promotions", allowed: false },
    ]);
    expect(await isSuppressed(db(), { email: "ada@example.com", channel: "sms" })).toBe(true);

    await eventually(() => received.length).toBeGreaterThan(0);
    const hook = received[0];
    expect(
      verifyWebhook({ secret: webhookSecret, body: hook?.body ?? "", headers: hook?.headers ?? {} }),
    ).toBe(true);
    expect(
      verifyWebhook({ secret: webhookSecret, body: `${hook?.body} `, headers: hook?.headers ?? {} }),
    ).toBe(false);
    const event = JSON.parse(hook?.body ?? "{}");
    expect(event).toMatchObject({
      type: "preference.changed",
      subject: saved[0]?.subject,
      data: { receiptId: Number(saved[0]?.id), changes: saved[0]?.changes },
    });
    expect(hook?.body).not.toContain("ada@example.com");
  });

  it("an objection to direct marketing turns every marketing channel off in one step", async () => {
    const page = await newPage();
    await page.goto(await requestLink(page, "grace@example.com"));
    await page.getByRole("button", { name: "Object to all direct marketing" }).click();
    await eventually(() => page.getByRole("status").textContent()).toContain(
      "every marketing channel, topic and marketing profiling is now off",
    );
    for (const channel of ["E-mail", "Text messages (SMS)", "Phone calls", "Post"])
      expect(await page.getByRole("group", { name: channel }).getByLabel("Don't send").isChecked()).toBe(
        true,
      );
    for (const channel of ["email", "sms", "phone", "post"] as const)
      expect(await isSuppressed(db(), { email: "grace@example.com", channel })).toBe(true);
  });

  it("the opt-out pages work without an account, and show Opt-Out Request Honored under GPC", async () => {
    const page = await newPage();
    await page.goto(`${server.url}/privacy-choices/do-not-sell-or-share`);
    await eventually(() => page.getByRole("heading", { level: 1 }).textContent()).toBe(
      "Do Not Sell or Share My Personal Information",
    );
    await page.getByRole("button", { name: "Opt out of sale and sharing" }).click();
    await eventually(() => page.getByRole("status").textContent()).toContain("Opt-Out Request Honored");
    await page.goto(`${server.url}/privacy-choices/do-not-sell-or-share`);
    await eventually(() => page.getByRole("status").textContent()).toContain("Opt-Out Request Honored");

    await page.goto(`${server.url}/privacy-choices/limit-sensitive-information`);
    await page.getByRole("button", { name: "Limit the use of my sensitive information" }).click();
    await eventually(() => page.getByRole("status").textContent()).toContain("Request Honored");

    const gpc = await newPage({ "Sec-GPC": "1" });
    await gpc.goto(`${server.url}/privacy-choices/do-not-sell-or-share`);
    await eventually(() => gpc.getByRole("status").textContent()).toContain(
      "Opt-Out Request Honored: your browser sends Global Privacy Control",
    );
  });

  it("the preference centre can be used with the keyboard alone", async () => {
    const page = await newPage();
    await page.goto(await requestLink(page, "keys@example.com"));
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to content");
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLInputElement | null;
        return el ? `${el.tagName}:${el.name ?? ""}:${el.value ?? ""}:${el.textContent ?? ""}` : "";
      });
    for (let i = 0; i < 40 && !(await focused()).startsWith("INPUT:channel:post:"); i++)
      await page.keyboard.press("Tab");
    expect(await focused()).toBe("INPUT:channel:post:yes:");
    const outline = await page.evaluate(
      () => getComputedStyle(document.activeElement as Element).outlineStyle,
    );
    expect(outline).toBe("solid");
    await page.keyboard.press("ArrowRight");
    expect(await focused()).toBe("INPUT:channel:post:no:");
    for (let i = 0; i < 80 && !(await focused()).endsWith("Save my choices"); i++)
      await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await eventually(() => page.getByRole("status").textContent()).toContain("Your choices were saved");
    expect(await page.getByRole("group", { name: "Post" }).getByLabel("Don't send").isChecked()).toBe(true);
  });

  it("one-click unsubscribe from the confirmation page", async () => {
    const { url } = await listUnsubscribeHeaders({
      publicUrl: server.url,
      secret: LINK_SECRET,
      email: "list@example.com",
      list: "all",
    });
    const page = await newPage();
    await page.goto(url);
    expect(await isSuppressed(db(), { email: "list@example.com", channel: "email" })).toBe(false);
    await page.getByRole("button", { name: "Unsubscribe" }).click();
    await eventually(() => page.getByRole("status").textContent()).toContain(
      "will no longer receive marketing e-mails",
    );
    expect(await isSuppressed(db(), { email: "list@example.com", channel: "email" })).toBe(true);
  });

  it("axe-core finds no serious or critical violation on any preference page", async () => {
    const page = await newPage();
    const centre = await requestLink(page, "axe@example.com");
    const { url: unsubscribe } = await listUnsubscribeHeaders({
      publicUrl: server.url,
      secret: LINK_SECRET,
      email: "axe@example.com",
      list: "promotions",
    });
    const pages = [
      `${server.url}/preferences`,
      centre,
      `${centre}&saved=saved`,
      `${server.url}/preferences/manage?t=${"A".repeat(43)}`,
      `${server.url}/privacy-choices/do-not-sell-or-share`,
      `${server.url}/privacy-choices/limit-sensitive-information`,
      unsubscribe,
      `${server.url}/unsubscribe/not-a-token`,
    ];
    for (const url of pages) {
      await page.goto(url);
      expect(await axeViolations(page), url).toEqual([]);
    }
  });
});
