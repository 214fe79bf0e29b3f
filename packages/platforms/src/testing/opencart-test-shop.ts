import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createScratchStores } from "@loupe/sample-store";
import mysql from "mysql2/promise";
import {
  type GeneratedOpencartData,
  generateOpencartData,
  loadOpencartData,
} from "../opencart/generate/generate-opencart-data.js";
import { type OpencartDatabase, recogniseOpencart } from "../opencart/recognise-opencart.js";
import { installOpencart3, installOpencart4 } from "../opencart/schema/install-opencart.js";

/** OpenCart 3's install script, kept beside the repository (reference data: read from there, never copied). */
export const OPENCART_3_SQL = resolve(
  dirname(fileURLToPath(import.meta.url)),
  "../../../../../shared/reference/opencart/opencart-3.0.5.1.sql",
);

/**
 * True when OpenCart 3's install script is there. Under `CI=true` a missing file throws, so the suite fails
 * instead of skipping; elsewhere the OpenCart 3 tests are skipped with a message.
 */
export function haveOpencart3Sql(): boolean {
  if (existsSync(OPENCART_3_SQL)) return true;
  const message = `OpenCart 3 install script not found at ${OPENCART_3_SQL}`;
  if (process.env.CI === "true") throw new Error(`${message} (required under CI=true)`);
  console.warn(`${message}: skipping the OpenCart 3 tests`);
  return false;
}

/** A throwaway OpenCart database filled with generated customers. */
export interface OpencartTestShop {
  url: string;
  conn: mysql.Connection;
  shop: OpencartDatabase;
  data: GeneratedOpencartData;
  drop(): Promise<void>;
}

/**
 * Creates a throwaway MariaDB database (on `LOUPE_TEST_MYSQL_URL`, default the local server), installs OpenCart
 * 3 (the real install script) or 4 (Loupe's DDL) with a prefix, fills it with generated data and recognises it.
 *
 * @example
 * const t = await createOpencartTestShop({ version: 3, prefix: "shop_" });
 * try { expect(t.shop.version).toBe(3); } finally { await t.drop(); }
 */
export async function createOpencartTestShop(options: {
  version: 3 | 4;
  prefix: string;
  seed?: number;
  customers?: number;
  guests?: number;
}): Promise<OpencartTestShop> {
  const stores = await createScratchStores({ mysql: true, label: `loupe_oc${options.version}` });
  const url = stores.mysql as string;
  let conn: mysql.Connection | undefined;
  try {
    conn = await mysql.createConnection({ uri: url, multipleStatements: true });
    if (options.version === 3)
      await installOpencart3(conn, await readFile(OPENCART_3_SQL, "utf8"), options.prefix);
    else await installOpencart4(conn, options.prefix);
    const first = await recogniseOpencart(conn);
    if (!first.ok) throw first.errors[0];
    const data = generateOpencartData({
      seed: options.seed ?? 7,
      customers: options.customers ?? 8,
      guests: options.guests ?? 4,
      version: options.version,
    });
    await loadOpencartData(conn, options.prefix, data.rows, first.value.tables);
    await conn.query("ANALYZE TABLE ??", [[...first.value.tables.values()].map((t) => t.name)]);
    const found = await recogniseOpencart(conn);
    if (!found.ok) throw found.errors[0];
    const c = conn;
    return {
      url,
      conn: c,
      shop: found.value,
      data,
      drop: async () => {
        await c.end().catch(() => {});
        await stores.drop();
      },
    };
  } catch (e) {
    await conn?.end().catch(() => {});
    await stores.drop().catch(() => {});
    throw e;
  }
}
