import { resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { LoupeError } from "@loupe/core";
import { dropSampleStore, formatLoadReport, loadSampleStore } from "@loupe/sample-store";
import { parseCommandArgs } from "../args.js";
import type { Io } from "../io.js";

export const sampleStoreHelp = `loupe sample-store load|drop [options]

Creates (or removes) Aurora's fictional jewellery shop: commerce in PostgreSQL, marketing and customer
service in MariaDB, sessions and carts in Redis — or both SQL parts in an embedded PGlite folder. The
same seed always gives the same data. Only the shop's own tables and keys are touched.

  --postgres URL      commerce database (default: $SHOP_COMMERCE_URL)
  --mysql URL         marketing database (default: $SHOP_MARKETING_URL)
  --redis URL         cache (default: $SHOP_CACHE_URL)
  --pglite DIR        put both SQL parts in an embedded PGlite database in DIR instead
  --prefix PREFIX     Redis key prefix (default shop:)
  --customers N       number of customers (default 1000)
  --seed N            seed (default 42)
`;

/** `loupe sample-store`: load or drop the sample shop. */
export async function sampleStoreCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs("sample-store", argv, {
    postgres: { type: "string" },
    mysql: { type: "string" },
    redis: { type: "string" },
    pglite: { type: "string" },
    prefix: { type: "string" },
    customers: { type: "string" },
    seed: { type: "string" },
  });
  if (values.help) {
    io.out(sampleStoreHelp);
    return 0;
  }
  const action = positionals[0];
  if (action !== "load" && action !== "drop")
    throw new LoupeError(
      "USAGE",
      "loupe sample-store: say 'load' or 'drop'; see 'loupe sample-store --help'",
    );
  const env = io.env ?? process.env;
  const customers = positiveInt("customers", values.customers ?? "1000");
  const seed = positiveInt("seed", values.seed ?? "42");
  const pglite = values.pglite ? new PGlite(resolve(io.cwd, values.pglite)) : undefined;
  const postgres = pglite ?? values.postgres ?? env.SHOP_COMMERCE_URL;
  const mysql = pglite ?? values.mysql ?? env.SHOP_MARKETING_URL;
  const redis = values.redis ?? env.SHOP_CACHE_URL;
  if (!postgres && !mysql && !redis)
    throw new LoupeError(
      "USAGE",
      "loupe sample-store: give --pglite DIR, or --postgres/--mysql/--redis URLs (or SHOP_*_URL)",
    );
  const targets = {
    ...(postgres ? { postgres } : {}),
    ...(mysql ? { mysql } : {}),
    ...(redis ? { redis } : {}),
    prefix: values.prefix ?? "shop:",
  };
  try {
    if (action === "drop") {
      await dropSampleStore(targets);
      io.err("dropped the sample shop\n");
      return 0;
    }
    const report = await loadSampleStore({ ...targets, customers, seed });
    io.out(`${formatLoadReport(report)}\n`);
    return 0;
  } catch (e) {
    if (e instanceof LoupeError) throw e;
    throw new LoupeError("USAGE", `loupe sample-store ${action}: ${(e as Error).message.split("\n")[0]}`);
  } finally {
    await pglite?.close();
  }
}

function positiveInt(option: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new LoupeError("USAGE", `--${option} must be a positive whole number (got '${value}')`);
  return n;
}
