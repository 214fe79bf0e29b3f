import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { openStore, type Store } from "../store/open-store.js";

/** The fictional shop's data map, the map every server test uses. */
export const AURORA_MAP = fileURLToPath(new URL("../../../../examples/aurora/loupe.yaml", import.meta.url));

/** Administrative connection to the test PostgreSQL server (a superuser). */
export const PG_ADMIN_URL = process.env.LOUPE_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

const HOW_TO_START =
  "start it with `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`, or point LOUPE_TEST_PG_URL at a server where the user may create databases";

/**
 * Creates a throwaway PostgreSQL database with a random suffix; `drop()` removes it. A missing server
 * fails with a message saying how to start it.
 *
 * @example
 * const db = await createTestDatabase();
 * try { await openStore({ databaseUrl: db.url }); } finally { await db.drop(); }
 */
export async function createTestDatabase(
  prefix = "loupe_server_test",
): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(
      `PostgreSQL is not reachable at ${redact(PG_ADMIN_URL)} (${(err as Error).message}): ${HOW_TO_START}`,
    );
  }
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      try {
        await c.query(`drop database if exists ${name} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = "***";
  return u.toString();
}

/** A store of each kind Loupe supports, for `describe.each`. */
export interface TestStoreKind {
  name: "pglite" | "postgres";
  /** Opens a fresh, empty, migrated store; `dispose` closes it and drops its database. */
  open(): Promise<{ store: Store; url?: string; dispose(): Promise<void> }>;
}

export const TEST_STORES: TestStoreKind[] = [
  {
    name: "pglite",
    async open() {
      const store = await openStore({ pglite: await PGlite.create("memory://") });
      return { store, dispose: () => store.close() };
    },
  },
  {
    name: "postgres",
    async open() {
      const database = await createTestDatabase();
      const store = await openStore({ databaseUrl: database.url });
      return {
        store,
        url: database.url,
        async dispose() {
          await store.close();
          await database.drop();
        },
      };
    },
  },
];
