import { fail, LoupeError, ok, type Result } from "@loupe/core";
import { OPENCART_TABLES } from "./opencart-tables.js";
import { type LiveTable, type MysqlQueryable, readMysqlTables } from "./read-mysql-catalog.js";

/** An OpenCart database as found on a live server. */
export interface OpencartDatabase {
  database: string;
  /** The table prefix (`DB_PREFIX`), e.g. `oc_`. */
  prefix: string;
  /** The major version: 3 (MyISAM, no GDPR tool) or 4 (InnoDB, `gdpr` table). */
  version: 3 | 4;
  /** The shop's tables by unprefixed name (`customer`, `order`, …). */
  tables: Map<string, LiveTable>;
  /** Unprefixed name → storage engine, for every table. */
  engines: Record<string, string>;
  /** Whether every table holding personal data supports transactions (InnoDB). */
  transactional: boolean;
}

export interface RecogniseOptions {
  /** The database to read. Default: the connection's current database. */
  database?: string;
  /** The table prefix, when the database holds more than one OpenCart shop. */
  prefix?: string;
}

/** Tables every OpenCart 3 and 4 database has; their common prefix is the shop's `DB_PREFIX`. */
const MARKER_TABLES = [
  "customer",
  "customer_activity",
  "order",
  "order_product",
  "setting",
  "session",
] as const;
/** Tables only OpenCart 4 has. */
const VERSION_4_TABLES = ["gdpr", "customer_authorize", "customer_token"] as const;
/** Engines with transactions. */
const TRANSACTIONAL_ENGINES = new Set(["innodb", "xtradb", "rocksdb", "ndbcluster"]);

/**
 * Finds the OpenCart prefixes in a list of table names: every prefix under which all marker tables exist.
 *
 * @example
 * opencartPrefixes(["oc_customer", "oc_customer_activity", "oc_order", "oc_order_product", "oc_setting", "oc_session"]);
 * // ["oc_"]
 */
export function opencartPrefixes(tableNames: Iterable<string>): string[] {
  const names = new Set(tableNames);
  const found: string[] = [];
  for (const name of names) {
    if (!name.endsWith("customer_activity")) continue;
    const prefix = name.slice(0, -"customer_activity".length);
    if (MARKER_TABLES.every((t) => names.has(prefix + t))) found.push(prefix);
  }
  return found.sort();
}

/**
 * Recognises an OpenCart database over a mysql2 connection: its table prefix, its major version (4 when the
 * `gdpr`, `customer_authorize` or `customer_token` table exists, 3 otherwise) and the engine of every table.
 * Read-only. Fails with `NOT_FOUND` when no OpenCart tables are there and with `USAGE` when several shops share
 * the database and no prefix was given.
 *
 * @example
 * const found = await recogniseOpencart(conn);
 * if (found.ok) console.log(found.value.version, found.value.prefix, found.value.transactional); // 3 "oc_" false
 */
export async function recogniseOpencart(
  db: MysqlQueryable,
  options: RecogniseOptions = {},
): Promise<Result<OpencartDatabase>> {
  let database = options.database;
  if (!database) {
    const [rows] = await db.query("SELECT DATABASE() AS d");
    database = (rows as { d: string | null }[])[0]?.d ?? undefined;
  }
  if (!database) {
    return fail(
      new LoupeError("USAGE", "no database selected: name it in the connection URL or pass { database }"),
    );
  }
  const live = await readMysqlTables(db, database);
  const prefixes = opencartPrefixes(live.keys());
  let prefix = options.prefix;
  if (prefix !== undefined && !prefixes.includes(prefix)) {
    return fail(
      new LoupeError(
        "NOT_FOUND",
        `database '${database}' has no OpenCart tables with the prefix '${prefix}'${prefixes.length > 0 ? ` (found: ${prefixes.map((p) => `'${p}'`).join(", ")})` : ""}`,
      ),
    );
  }
  if (prefix === undefined) {
    if (prefixes.length === 0) {
      return fail(
        new LoupeError(
          "NOT_FOUND",
          `database '${database}' is not an OpenCart database: no prefix has all of ${MARKER_TABLES.join(", ")}`,
        ),
      );
    }
    if (prefixes.length > 1) {
      return fail(
        new LoupeError(
          "USAGE",
          `database '${database}' holds several OpenCart shops (prefixes ${prefixes.map((p) => `'${p}'`).join(", ")}): pass { prefix }`,
        ),
      );
    }
    prefix = prefixes[0] as string;
  }
  const tables = new Map<string, LiveTable>();
  const engines: Record<string, string> = {};
  for (const [name, table] of live) {
    if (!name.startsWith(prefix)) continue;
    const short = name.slice(prefix.length);
    // With an empty or short prefix, another shop's tables would also match: skip names that carry a longer known prefix.
    if (prefixes.some((p) => p.length > (prefix as string).length && name.startsWith(p))) continue;
    tables.set(short, table);
    engines[short] = table.engine;
  }
  const version = VERSION_4_TABLES.some((t) => tables.has(t)) ? 4 : 3;
  const transactional = OPENCART_TABLES.filter((t) => tables.has(t.name)).every((t) =>
    TRANSACTIONAL_ENGINES.has((engines[t.name] ?? "").toLowerCase()),
  );
  return ok({ database, prefix, version, tables, engines, transactional });
}
