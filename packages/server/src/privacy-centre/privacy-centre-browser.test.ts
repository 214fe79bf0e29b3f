/**
 * End to end in Chromium: the privacy centre on a real server (embedded PGlite), the rights engine of
 * `@loupe/connectors` over the sample shop loaded into throwaway PostgreSQL, MariaDB and Redis stores, mail read
 * from the outbox. Keyboard-only use and axe-core checks on every page.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createScratchStores, loadSampleStore, type ScratchStores } from "@loupe/sample-store";
import { strFromU8, unzipSync } from "fflate";
import { sql } from "kysely";
import pg from "pg";
import { type Browser, chromium, type Page } from "playwright-core";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeRequest } from "../../../connectors/src/index.js";
import { type RunningServer, startServer } from "../app/start-server.js";
import { loadConfig } from "../config/load-config.js";
import type { EngineExecute } from "../requests/engine-adapter.js";
import { AURORA_MAP } from "../testing/test-stores.js";

const CHROMIUM = process.env.LOUPE_CHROMIUM ?? "/usr/bin/chromium";
const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
];
const AXE = fileURLToPath(new URL("../../../../node_modules/axe-core/axe.min.js", import.meta.url));

interface Customer {
  id: string;
  email: string;
  phone: string;
  order_number: string;
}

let stores: ScratchStores;
let dir: string;
let server: RunningServer;
let browser: Browser;
let people: Customer[];
let axeSource: string;

const outbox = async () =>
  (
    await sql<{
      to_address: string;
      kind: string;
      text_body: string;
    }>`select to_address, kind, text_body from mail_outbox order by created_at, id`.execute(
      server.app.store.db,
    )
  ).rows;
const lastMail = async (to: string, kind: string) =>
  (await outbox()).filter((m) => m.to_address === to && m.kind === kind).at(-1)?.text_body ?? "";
const eventually = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 20_000, interval: 100 });

async function axeCheck(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const result = (await page.evaluate(async () => {
    const r = await (
      window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string }[] }> } }
    ).axe.run();
    return r.violations.map((v) => ({ id: v.id, impact: v.impact }));
  })) as { id: string; impact: string }[];
  return result
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${page.url()}: ${v.id}`);
}

/** Presses Tab until the element matching `selector` has focus; fails when it is never reached. */
async function tabTo(page: Page, selector: string): Promise<void> {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`${selector} is not reachable with the keyboard on ${page.url()}`);
}

beforeAll(async () => {
  stores = await createScratchStores({ postgres: true, mysql: true, redis: true, label: "loupe_rights" });
  const prefix = `${stores.prefix}shop:`;
  await loadSampleStore({
    postgres: stores.postgres,
    mysql: stores.mysql,
    redis: stores.redis,
    prefix,
    customers: 25,
    seed: 11,
  });
  const client = new pg.Client({ connectionString: stores.postgres });
  await client.connect();
  try {
    const r = await client.query<Customer>(
      `select c.id::text as id, c.email, c.phone, max(o.order_number) as order_number
       from customers c join orders o on o.customer_id = c.id
       where c.email is not null and c.phone is not null
       group by c.id, c.email, c.phone order by c.id limit 3`,
    );
    people = r.rows;
  } finally {
    await client.end();
  }
  dir = await mkdtemp(join(tmpdir(), "loupe-rights-"));
  const mapPath = join(dir, "loupe.yaml");
  await writeFile(
    mapPath,
    (await readFile(AURORA_MAP, "utf8")).replace('prefix: "shop:"', `prefix: ${JSON.stringify(prefix)}`),
  );
  axeSource = await readFile(AXE, "utf8");
  const env = {
    SHOP_COMMERCE_URL: stores.postgres,
    SHOP_MARKETING_URL: stores.mysql,
    SHOP_CACHE_URL: stores.redis,
  };
  server = await startServer({
    config: {
      ...loadConfig({}),
      mapPath,
      dataDir: "memory://",
      port: 0,
      logLevel: "silent",
      publicUrl: "http://127.0.0.1",
      rights: { ...loadConfig({}).rights, formsPerMinute: 10_000 },
    },
    rights: { engine: executeRequest as unknown as EngineExecute, env },
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await stores?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The server's own URL for a link from an e-mail (the mail carries the configured public URL). */
const local = (link: string) => link.replace("http://127.0.0.1", server.url);

describe("privacy centre in Chromium", () => {
  it("deletes a customer's data with the keyboard only, verified through the e-mail, and shows what was deleted and kept", async () => {
    const who = people[0] as Customer;
    const page = await browser.newPage({ bypassCSP: true });
    const violations: string[] = [];
    await page.goto(`${server.url}/privacy-centre`);
    violations.push(...(await axeCheck(page)));
    await tabTo(page, 'a[href^="/privacy-centre/requests/new/delete"]');
    await page.keyboard.press("Enter");
    await page.waitForURL(/requests\/new\/delete/);
    violations.push(...(await axeCheck(page)));
    await tabTo(page, "#f-email");
    await page.keyboard.type(who.email);
    await page.keyboard.press("Tab");
    await page.keyboard.type("California"); // selects the option by typing
    await tabTo(page, "#f-phone");
    await page.keyboard.type(who.phone);
    await tabTo(page, 'button[type="submit"]');
    await page.keyboard.press("Enter");
    await page.waitForSelector("text=Confirm the deletion");
    expect(await page.textContent("main")).toContain("we can no longer warranty");
    violations.push(...(await axeCheck(page)));
    await tabTo(page, 'button[type="submit"]');
    await page.keyboard.press("Enter");
    await page.waitForSelector("text=Check your e-mail");
    violations.push(...(await axeCheck(page)));

    const code = /code: (\d{8})/.exec(await lastMail(who.email, "rights.code"))?.[1] as string;
    expect(code).toMatch(/^\d{8}$/);
    await tabTo(page, "#f-code");
    await page.keyboard.type(code);
    await page.keyboard.press("Enter");
    await page.waitForSelector("text=Your request is confirmed");
    violations.push(...(await axeCheck(page)));

    const status = /(http:\/\/127\.0\.0\.1\/privacy-centre\/requests\/[^\s]+)/.exec(
      await lastMail(who.email, "rights.acknowledgement"),
    )?.[1] as string;
    await eventually(async () => {
      await page.goto(local(status));
      return page.textContent("main");
    }).toMatch(/Completed, with some information kept/);
    const main = (await page.textContent("#outcome")) ?? "";
    expect(main).toMatch(/commerce\.customers: 1 records deleted/);
    expect(main).toMatch(/records kept — .*tax and accounting/);
    violations.push(...(await axeCheck(page)));
    expect(violations).toEqual([]);
    await page.close();
  }, 120_000);

  it("ends an access request with a downloaded zip holding that customer's data and no one else's", async () => {
    const who = people[1] as Customer;
    const other = people[2] as Customer;
    const page = await browser.newPage({ acceptDownloads: true, bypassCSP: true });
    await page.goto(`${server.url}/privacy-centre/requests/new/access`);
    await page.fill("#f-email", who.email);
    await page.selectOption("#f-residence", "us-ca");
    await page.check("#f-choice-portable");
    await page.fill("#f-phone", who.phone);
    await page.fill("#f-orderNumber", who.order_number);
    await page.fill("#f-declarationName", "A. Customer");
    await page.click('button[type="submit"]');
    await page.waitForSelector("text=Check your e-mail");
    const code = /code: (\d{8})/.exec(await lastMail(who.email, "rights.code"))?.[1] as string;
    await page.fill("#f-code", code);
    await page.click('button[type="submit"]');
    await page.waitForSelector("text=Your request is confirmed");
    await eventually(() => lastMail(who.email, "rights.answer")).toMatch(/\/privacy-centre\/download\//);
    const link = /(http:\/\/127\.0\.0\.1\/privacy-centre\/download\/[\w-]+)/.exec(
      await lastMail(who.email, "rights.answer"),
    )?.[1] as string;
    await page.goto(local(link));
    expect(await axeCheck(page)).toEqual([]);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.click('button[type="submit"]'),
    ]);
    const file = join(dir, "access.zip");
    await download.saveAs(file);
    const files = unzipSync(new Uint8Array(await readFile(file)));
    const data = strFromU8(files["data.json"] as Uint8Array);
    expect(data).toContain(who.email);
    expect(data).not.toContain(other.email);
    // The link worked once.
    await page.goto(local(link));
    await page.click('button[type="submit"]');
    await page.waitForSelector("text=expired or has already been used");
    await page.close();
  }, 120_000);

  it("holds an agent's request until the consumer confirms it directly", async () => {
    const who = people[2] as Customer;
    const page = await browser.newPage({ bypassCSP: true });
    await page.goto(`${server.url}/privacy-centre/requests/new/agent`);
    expect(await axeCheck(page)).toEqual([]);
    await page.fill("#f-agentName", "Privacy Helpers LLC");
    await page.fill("#f-agentEmail", "agent@helpers.example");
    await page.fill("#f-email", who.email);
    await page.selectOption("#f-residence", "us-ca");
    await page.selectOption("#f-agentKind", "delete");
    await page.fill("#f-phone", who.phone);
    await page.setInputFiles("#f-permission", {
      name: "permission.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from("%PDF-1.4 signed permission"),
    });
    await page.click('button[type="submit"]');
    await page.waitForSelector("text=confirm your request directly");
    const db = server.app.store.db as unknown as import("kysely").Kysely<{
      rights_requests: { id: string; status: string; requester_role: string };
    }>;
    const row = await db
      .selectFrom("rights_requests")
      .selectAll()
      .where("requester_role", "=", "authorized_agent")
      .executeTakeFirstOrThrow();
    await new Promise((r) => setTimeout(r, 500));
    expect(
      (
        await db
          .selectFrom("rights_requests")
          .select("status")
          .where("id", "=", row.id)
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe("awaiting_verification");
    expect(await lastMail("agent@helpers.example", "rights.agent-confirmation")).toBe("");
    const mail = await lastMail(who.email, "rights.agent-confirmation");
    expect(mail).toContain("Privacy Helpers LLC");
    const link = /(http:\/\/127\.0\.0\.1\/privacy-centre\/verify\?[^\s]+)/.exec(mail)?.[1] as string;
    const consumer = await browser.newPage({ bypassCSP: true });
    await consumer.goto(local(link));
    await consumer.click('button[type="submit"]');
    await consumer.waitForSelector("text=Your request is confirmed");
    await eventually(
      async () =>
        (
          await db
            .selectFrom("rights_requests")
            .select("status")
            .where("id", "=", row.id)
            .executeTakeFirstOrThrow()
        ).status,
    ).toMatch(/completed/);
    await consumer.close();
    await page.close();
  }, 120_000);

  it("lets every form be filled and sent with the keyboard, with no serious accessibility violation", async () => {
    const page = await browser.newPage({ bypassCSP: true });
    const violations: string[] = [];
    const forms = [
      "know",
      "access",
      "delete",
      "correct",
      "restrict",
      "object",
      "opt-out",
      "withdraw-consent",
      "shine-the-light",
      "appeal",
      "agent",
    ];
    for (const lang of ["en", "es"]) {
      for (const f of forms) {
        await page.goto(`${server.url}/privacy-centre/requests/new/${f}?lang=${lang}`);
        violations.push(...(await axeCheck(page)));
        // Every field and the submit button take focus in turn.
        const fields = await page.$$eval(
          "main input:not([type=hidden]), main select, main textarea, main button",
          (els) => els.map((e) => `#${e.id || ""}`),
        );
        await tabTo(page, 'button[type="submit"]');
        const reached: string[] = [];
        await page.focus("body");
        for (let i = 0; i < 40 && reached.length < fields.length; i++) {
          await page.keyboard.press("Tab");
          const id = await page.evaluate(() =>
            document.activeElement?.closest("main") ? `#${document.activeElement.id || ""}` : "",
          );
          if (id && !reached.includes(id)) reached.push(id);
        }
        expect(reached.length, `${f}: ${reached.join(" ")}`).toBeGreaterThanOrEqual(fields.length - 1);
        // Sending the empty form with Enter shows the problems, announced and linked to their fields.
        await page.focus('button[type="submit"]');
        await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
        expect(await page.$("#error-summary"), `${f} shows its problems`).not.toBeNull();
        violations.push(...(await axeCheck(page)));
      }
    }
    await page.goto(`${server.url}/privacy-centre/notice-history`);
    violations.push(...(await axeCheck(page)));
    expect(violations).toEqual([]);
    await page.close();
  }, 180_000);
});

describe("privacy centre with mail through a real SMTP server", () => {
  it("verifies a deletion through the code received by SMTP and shows the outcome", async () => {
    const received: { to: string[]; raw: string }[] = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          received.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks)
              .toString("utf8")
              .replace(/=\r?\n/g, "")
              .replace(/=3D/g, "="),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
    const port = (smtp.server.address() as AddressInfo).port;
    const env = {
      SHOP_COMMERCE_URL: stores.postgres,
      SHOP_MARKETING_URL: stores.mysql,
      SHOP_CACHE_URL: stores.redis,
    };
    const base = loadConfig({});
    const mailed = await startServer({
      config: {
        ...base,
        mapPath: join(dir, "loupe.yaml"),
        dataDir: "memory://",
        port: 0,
        logLevel: "silent",
        publicUrl: "http://127.0.0.1",
        smtpUrl: `smtp://127.0.0.1:${port}`,
      },
      rights: { engine: executeRequest as unknown as EngineExecute, env },
    });
    const page = await browser.newPage();
    try {
      const who = people[1] as Customer;
      await page.goto(`${mailed.url}/privacy-centre/requests/new/delete`);
      await page.fill("#f-email", who.email);
      await page.selectOption("#f-residence", "us-ca");
      await page.fill("#f-orderNumber", who.order_number);
      await page.click('button[type="submit"]');
      await page.waitForSelector("text=Confirm the deletion");
      await page.click('button[type="submit"]');
      await page.waitForSelector("text=Check your e-mail");
      const raw = await expect
        .poll(() => received.find((m) => m.to.includes(who.email) && /code: \d{8}/.test(m.raw))?.raw ?? "", {
          timeout: 20_000,
        })
        .toMatch(/code: \d{8}/)
        .then(() => received.find((m) => m.to.includes(who.email) && /code: \d{8}/.test(m.raw))?.raw ?? "");
      await page.fill("#f-code", /code: (\d{8})/.exec(raw)?.[1] as string);
      await page.click('button[type="submit"]');
      await page.waitForSelector("text=Your request is confirmed");
      // The acknowledgement leaves through the job queue after the confirmation: wait for it.
      const ackOf = () =>
        received.find((m) => m.to.includes(who.email) && m.raw.includes("/privacy-centre/requests/"))?.raw ??
        "";
      await expect.poll(ackOf, { timeout: 20_000 }).toContain("/privacy-centre/requests/");
      const ack = ackOf();
      const status = /(http:\/\/127\.0\.0\.1\/privacy-centre\/requests\/req_[\w-]+\?token=[\w-]+)/.exec(
        ack,
      )?.[1] as string;
      await expect
        .poll(
          async () => {
            await page.goto(status.replace("http://127.0.0.1", mailed.url));
            return page.textContent("main");
          },
          { timeout: 30_000, interval: 200 },
        )
        .toMatch(/records deleted/);
      expect(await page.textContent("#outcome")).toMatch(/kept — /);
    } finally {
      await page.close();
      await mailed.close();
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    }
  }, 120_000);
});
