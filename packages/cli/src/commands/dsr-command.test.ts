import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createScratchStores,
  loadSampleStore,
  SAMPLE_STORE_ANNOTATIONS,
  type ScratchStores,
} from "@loupe/sample-store";
import { strFromU8, unzipSync } from "fflate";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Io } from "../io.js";
import { main } from "../main.js";

let stores: ScratchStores;
let dir: string;
let env: Record<string, string>;
let customer: { id: string; email: string; phone: string };

async function run(argv: string[], extraEnv: Record<string, string> = {}) {
  let out = "";
  let err = "";
  const io: Io = {
    cwd: dir,
    env: { ...env, ...extraEnv },
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
  };
  const code = await main(argv, { io });
  return { code, out, err };
}

beforeAll(async () => {
  stores = await createScratchStores({ postgres: true, mysql: true, redis: true, label: "loupe_cli_dsr" });
  const prefix = `${stores.prefix}shop:`;
  await loadSampleStore({
    postgres: stores.postgres,
    mysql: stores.mysql,
    redis: stores.redis,
    prefix,
    customers: 60,
    seed: 5,
    largeHistories: 0,
  });
  env = {
    SHOP_COMMERCE_URL: stores.postgres as string,
    SHOP_MARKETING_URL: stores.mysql as string,
    SHOP_CACHE_URL: stores.redis as string,
  };
  dir = mkdtempSync(join(tmpdir(), "loupe-dsr-"));
  writeFileSync(
    join(dir, "loupe.yaml"),
    `organization:\n  name: Aurora Fine Jewelry\n${SAMPLE_STORE_ANNOTATIONS.replace('prefix: "shop:"', `prefix: "${prefix}"`)}`,
  );
  const c = new pg.Client({ connectionString: stores.postgres });
  await c.connect();
  const { rows } = await c.query(
    "SELECT id::text, email, phone FROM customers c WHERE phone IS NOT NULL AND EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id) ORDER BY id LIMIT 1",
  );
  await c.end();
  customer = rows[0];
}, 60_000);

afterAll(async () => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  await stores?.drop();
});

describe("loupe dsr", () => {
  it("plans an erasure readably, with the kept fields and their reasons", async () => {
    const r = await run(["dsr", "plan", "--email", customer.email]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^plan · request cli-\S+ · done\n/);
    expect(r.out).toMatch(/commerce\.customers\s+1 row\s+delete 1/);
    expect(r.out).toContain(
      "keeps subtotal, tax, shipping_fee, total: held for 7y: tax and accounting records",
    );
  });

  it("writes the access package where --out says and prints JSON with --format json", async () => {
    const r = await run([
      "dsr",
      "access",
      "--customer-id",
      customer.id,
      "--out",
      "me.zip",
      "--format",
      "json",
    ]);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.out);
    expect(result.package.path).toBe("me.zip");
    const files = unzipSync(readFileSync(join(dir, "me.zip")));
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining(["data.json", "report.html", "csv/commerce.customers.csv"]),
    );
    expect(strFromU8(files["csv/commerce.customers.csv"] as Uint8Array)).toContain(customer.email);
  });

  it("corrects, then erases, recording steps in the journal next to the map", async () => {
    const c = await run(["dsr", "correct", "--phone", customer.phone, "--set", "user.name.last=Corrected"]);
    expect(c.code).toBe(0);
    expect(c.out).toMatch(/commerce\.customers\s+1 row\s+updated 1/);
    const e = await run([
      "dsr",
      "erase",
      "--email",
      customer.email,
      "--phone",
      customer.phone,
      "--request-id",
      "cli-erase-1",
    ]);
    expect(e.code).toBe(0);
    expect(e.out).toContain("verification: nothing erasable remains");
    expect(e.out).toContain("suppression: 2 hashed identities");
    expect(existsSync(join(dir, ".loupe/dsr-journal"))).toBe(true);
    const again = await run(["dsr", "erase", "--email", customer.email, "--request-id", "cli-erase-1"]);
    expect(again.out).toContain("· done (resumed)");
  });

  it("fails with clear, located errors", async () => {
    expect(await run(["dsr", "plan"])).toMatchObject({
      code: 2,
      err: expect.stringContaining("--email, --phone or --customer-id"),
    });
    expect(await run(["dsr", "correct", "--email", "a@b.c"])).toMatchObject({
      code: 2,
      err: expect.stringContaining("--set CATEGORY=VALUE"),
    });
    expect(await run(["dsr", "forget", "--email", "a@b.c"])).toMatchObject({
      code: 2,
      err: expect.stringContaining("unknown request kind 'forget'"),
    });
    const missing = await run(["dsr", "plan", "--email", "a@b.c"], { SHOP_MARKETING_URL: "" });
    expect(missing.err).toContain("SHOP_MARKETING_URL is not set");
    expect(missing.code).toBe(69);
    writeFileSync(
      join(dir, "bad.yaml"),
      `organization:\n  name: X\n${SAMPLE_STORE_ANNOTATIONS.replace("      orders:\n", "      ordres:\n")}`,
    );
    const bad = await run(["dsr", "plan", "--map", "bad.yaml", "--email", "a@b.c"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("table 'ordres' of system 'commerce' does not exist in the store");
    expect(bad.err).toContain("systems[commerce].tables.ordres");
  });
});
