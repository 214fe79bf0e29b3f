import { mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import type { Database, LoupeDb } from "./database.js";
import { migrateToLatest } from "./migrations.js";
import { PGlitePool } from "./pglite-pool.js";

export type StoreKind = "postgres" | "pglite";

/** Loupe's own store: a Kysely instance over PostgreSQL or embedded PGlite, migrated. */
export interface Store {
  db: LoupeDb;
  kind: StoreKind;
  /** Resolves when the database answers a trivial query; rejects otherwise. */
  check(): Promise<void>;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** A PostgreSQL connection string; when absent, the embedded PGlite is used. */
  databaseUrl?: string | undefined;
  /** Folder of the embedded database (default `.loupe-data/pglite`); `memory://` keeps it in memory. */
  dataDir?: string | undefined;
  /** An open PGlite to use instead of opening `dataDir` (tests); it is closed with the store. */
  pglite?: PGlite | undefined;
  /** Most connections to PostgreSQL (default 10). */
  poolSize?: number | undefined;
  /** Apply pending migrations (default true). */
  migrate?: boolean | undefined;
}

/**
 * Opens the store and applies pending migrations: PostgreSQL through `pg` when a URL is given, else the
 * embedded PGlite under `dataDir`, both through Kysely's `PostgresDialect`.
 *
 * @example
 * const store = await openStore({ databaseUrl: process.env.DATABASE_URL });
 * await store.check();
 * await store.close();
 */
export async function openStore(options: StoreOptions = {}): Promise<Store> {
  let kind: StoreKind;
  let dialect: PostgresDialect;
  if (options.databaseUrl) {
    kind = "postgres";
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    // An idle client that loses its server must not crash the process.
    pool.on("error", () => {});
    dialect = new PostgresDialect({ pool });
  } else {
    kind = "pglite";
    let pglite = options.pglite;
    if (!pglite) {
      const dir = options.dataDir ?? ".loupe-data/pglite";
      if (!dir.includes("://")) await mkdir(dir, { recursive: true });
      pglite = await PGlite.create(dir);
    }
    dialect = new PostgresDialect({ pool: new PGlitePool(pglite) });
  }
  const db = new Kysely<Database>({ dialect });
  try {
    if (options.migrate ?? true) await migrateToLatest(db);
  } catch (err) {
    await db.destroy().catch(() => {});
    throw err;
  }
  return {
    db,
    kind,
    async check() {
      await sql`select 1`.execute(db);
    },
    async close() {
      await db.destroy();
    },
  };
}
