import { parseDataMap } from "@loupe/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOpencartTestShop,
  haveOpencart3Sql,
  type OpencartTestShop,
} from "../../platforms/src/testing/opencart-test-shop.js";
import type { Io } from "./io.js";
import { main } from "./main.js";

// `loupe discover` on a throwaway OpenCart 3 shop (its real install script) needs no hand-written annotation.
const have = haveOpencart3Sql();
let shop: OpencartTestShop | undefined;

beforeAll(async () => {
  if (have) shop = await createOpencartTestShop({ version: 3, prefix: "fdj_" });
}, 120_000);

afterAll(async () => {
  await shop?.drop();
});

async function run(...argv: string[]) {
  let out = "";
  let err = "";
  const io: Io = {
    cwd: process.cwd(),
    env: { OPENCART_DATABASE_URL: shop?.url },
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
  };
  return { code: await main(argv, { io }), out, err };
}

describe.runIf(have)("loupe discover on an OpenCart shop", () => {
  it("recognises OpenCart 3 and writes its built-in annotations, with the missing indexes", async () => {
    const r = await run("discover", "--connector", "mysql", "--env", "OPENCART_DATABASE_URL", "--id", "shop");
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^shop: OpenCart 3 \(table prefix 'fdj_'\), built-in annotations for \d+ tables/);
    expect(r.err).toMatch(
      /fdj_customer_activity\.customer_id \(\w+\) has no index\n {2}fix: ALTER TABLE `fdj_customer_activity` ADD INDEX/,
    );
    const loaded = parseDataMap(`organization: { name: FDJ }\n${r.out}`, "draft.yaml");
    if (!loaded.ok) throw new Error(loaded.errors.map(String).join("\n"));
    const [system] = loaded.value.map.systems;
    expect(system?.connection?.env).toBe("OPENCART_DATABASE_URL");
    expect(system?.tables.fdj_customer?.identity).toMatchObject({
      email: "email",
      customer_id: "customer_id",
    });
    expect(system?.tables.fdj_order?.holds.length).toBeGreaterThan(0);
  });
});
