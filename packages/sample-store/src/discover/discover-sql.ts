import type { PGlite } from "@electric-sql/pglite";
import type pg from "pg";
import { openMysqlSession, openPostgresSession, type SqlSession } from "../load/sql-session.js";
import { type DiscoveryOptions, type DiscoveryResult, proposeSqlSystem } from "./propose-system.js";
import { readMysqlCatalog, readPostgresCatalog, sampleColumns } from "./read-catalog.js";

export interface PostgresDiscoveryOptions extends DiscoveryOptions {
  /** Schema to read. Default `public`. */
  schema?: string;
}

export interface MysqlDiscoveryOptions extends DiscoveryOptions {
  /** Database to read. Default: the one named in the URL. */
  database?: string;
}

async function withSession<T>(open: Promise<SqlSession>, run: (s: SqlSession) => Promise<T>): Promise<T> {
  const s = await open;
  try {
    return await run(s);
  } finally {
    await s.close();
  }
}

/**
 * Reads a live PostgreSQL schema (tables, columns, types, primary and composite keys, foreign keys with their
 * ON DELETE rules, indexes), samples values, and proposes a draft annotation with findings. Read-only.
 *
 * @example
 * const { system, findings } = await discoverPostgres("postgres://postgres@127.0.0.1:5432/shop", {
 *   schema: "public",
 *   systemId: "commerce",
 * });
 * findings.filter((f) => f.code === "identity-without-index").map((f) => f.fix);
 */
export async function discoverPostgres(
  target: string | pg.Client,
  options: PostgresDiscoveryOptions = {},
): Promise<DiscoveryResult> {
  const started = performance.now();
  const schema = options.schema ?? "public";
  return withSession(openPostgresSession(target), async (s) => {
    const catalog = await readPostgresCatalog(s, schema);
    const samples = await sampleColumns(s, catalog, options.sample ?? 200);
    return proposeSqlSystem(catalog, samples, options, "postgres", started);
  });
}

/**
 * {@link discoverPostgres} for an embedded PGlite database.
 *
 * @example
 * const db = new PGlite();
 * const { system } = await discoverPglite(db, { schema: "public", systemId: "commerce" });
 */
export async function discoverPglite(
  db: PGlite,
  options: PostgresDiscoveryOptions = {},
): Promise<DiscoveryResult> {
  const started = performance.now();
  const schema = options.schema ?? "public";
  return withSession(openPostgresSession(db), async (s) => {
    const catalog = await readPostgresCatalog(s, schema);
    const samples = await sampleColumns(s, catalog, options.sample ?? 200);
    return proposeSqlSystem(catalog, samples, options, "pglite", started);
  });
}

/**
 * Reads a live MariaDB/MySQL database from `information_schema` and proposes a draft annotation with findings.
 * Read-only.
 *
 * @example
 * const { system, stats } = await discoverMysql("mysql://root@127.0.0.1:3306/marketing", { systemId: "marketing" });
 * stats.foreignKeys; // e.g. 3
 */
export async function discoverMysql(
  url: string,
  options: MysqlDiscoveryOptions = {},
): Promise<DiscoveryResult> {
  const started = performance.now();
  const database = options.database ?? decodeURIComponent(new URL(url).pathname.replace(/^\//, ""));
  if (!database) throw new Error("discoverMysql needs a database: name it in the URL or pass { database }");
  return withSession(openMysqlSession(url), async (s) => {
    const catalog = await readMysqlCatalog(s, database);
    const samples = await sampleColumns(s, catalog, options.sample ?? 200);
    return proposeSqlSystem(catalog, samples, options, "mysql", started);
  });
}
