import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createScratchStores, SAMPLE_STORE_ANNOTATIONS, type ScratchStores } from "@loupe/sample-store";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Io } from "./io.js";
import { main } from "./main.js";

// The sample shop in throwaway PostgreSQL and MariaDB databases, loaded and checked through the CLI.
let stores: ScratchStores;
const dir = mkdtempSync(join(tmpdir(), "loupe-live-"));
let env: NodeJS.ProcessEnv;

async function run(...argv: string[]) {
  let out = "";
  let err = "";
  const io: Io = {
    cwd: dir,
    env,
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
  };
  return { code: await main(argv, { io }), out, err };
}

function writeMap(name: string, annotations: string): string {
  const sqlOnly = annotations.slice(0, annotations.indexOf("  - id: cache"));
  writeFileSync(
    join(dir, name),
    `organization: { name: Aurora Fine Jewelry }\n${sqlOnly.replace(/^#.*\n/gm, "")}`,
  );
  return name;
}

beforeAll(async () => {
  stores = await createScratchStores({ postgres: true, mysql: true, label: "loupe_cli" });
  env = { SHOP_COMMERCE_URL: stores.postgres, SHOP_MARKETING_URL: stores.mysql };
  const r = await run("sample-store", "load", "--customers", "300", "--seed", "7");
  if (r.code !== 0) throw new Error(r.err);
}, 120_000);

afterAll(async () => {
  await stores?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe("loupe against live stores", () => {
  it("finds no difference between the shipped annotations and the shop", async () => {
    expect(SAMPLE_STORE_ANNOTATIONS).toContain("  - id: cache");
    const map = writeMap("loupe.yaml", SAMPLE_STORE_ANNOTATIONS);
    const r = await run("lint", map, "--live", "--format", "json");
    const reality = (JSON.parse(r.out) as { findings: { rule: string }[] }).findings.filter((f) =>
      ["annotation-without-table", "annotation-without-column", "undeclared-personal-data"].includes(f.rule),
    );
    expect(reality).toEqual([]);
  });

  it("reports a removed annotation and an annotation of a dropped column, and nothing else", async () => {
    const client = new pg.Client({ connectionString: stores.postgres });
    await client.connect();
    await client.query('ALTER TABLE "customers" DROP COLUMN "date_of_birth"');
    await client.end();
    const edited = SAMPLE_STORE_ANNOTATIONS.replace("          last_login_ip: user.device.ip_address\n", "");
    expect(edited).not.toBe(SAMPLE_STORE_ANNOTATIONS);
    const map = writeMap("edited.yaml", edited);
    const r = await run("discover", "commerce", "--map", map, "--diff", "--format", "json");
    const findings = (
      JSON.parse(r.out) as { findings: { rule: string; location: { path: string } }[] }
    ).findings
      .filter((f) => f.rule !== "identity-without-index")
      .map((f) => [f.rule, f.location.path]);
    expect(findings).toEqual([
      ["annotation-without-column", "systems[0].tables.customers.fields.date_of_birth"],
      ["undeclared-personal-data", "systems[0].tables.customers"],
    ]);
    expect(r.code).toBe(1);
  });

  it("writes a draft annotation and names identity columns without an index", async () => {
    const r = await run(
      "discover",
      "--connector",
      "postgres",
      "--env",
      "SHOP_COMMERCE_URL",
      "--id",
      "commerce",
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain("customers:");
    expect(r.err).toMatch(/CREATE INDEX/);
  });

  it("says which variable is missing", async () => {
    const saved = env;
    env = {};
    const r = await run("discover", "--connector", "mysql", "--env", "SHOP_MARKETING_URL");
    env = saved;
    expect(r).toMatchObject({
      code: 2,
      err: "loupe: system 'mysql' reads its connection from SHOP_MARKETING_URL, which is not set\n",
    });
  });
});
