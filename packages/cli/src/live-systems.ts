import { resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { type LiveSystem, LoupeError, type System } from "@loupe/core";
import {
  type DiscoveryResult,
  discoverMysql,
  discoverPglite,
  discoverPostgres,
  discoverRedis,
} from "@loupe/sample-store";

/**
 * Reads one system's live schema through its connector, with the connection taken from the environment
 * variable the map names (a map never holds a secret).
 *
 * @example
 * const result = await discoverSystem(system, process.env, "/path/to/map/dir");
 */
export async function discoverSystem(
  system: System,
  env: NodeJS.ProcessEnv,
  baseDir: string,
): Promise<DiscoveryResult> {
  const options = {
    systemId: system.id,
    ...(system.connection ? { connectionEnv: system.connection.env } : {}),
  };
  if (system.connector === "pglite") {
    const path = system.connection?.path ?? (system.connection ? env[system.connection.env] : undefined);
    if (!path) throw missingConnection(system);
    const db = new PGlite(path === "memory" ? undefined : resolve(baseDir, path));
    try {
      return await discoverPglite(db, { ...options, ...(system.schema ? { schema: system.schema } : {}) });
    } finally {
      await db.close();
    }
  }
  const url = system.connection ? env[system.connection.env] : undefined;
  if (!url) throw missingConnection(system);
  try {
    switch (system.connector) {
      case "postgres":
        return await discoverPostgres(url, {
          ...options,
          ...(system.schema ? { schema: system.schema } : {}),
        });
      case "mysql":
        return await discoverMysql(url, options);
      case "redis":
        return await discoverRedis(url, { ...options, ...(system.prefix ? { prefix: system.prefix } : {}) });
      default:
        throw new LoupeError(
          "USAGE",
          `system '${system.id}': connector '${system.connector}' has no live schema to read`,
        );
    }
  } catch (e) {
    if (e instanceof LoupeError) throw e;
    throw new LoupeError(
      "USAGE",
      `system '${system.id}': cannot read the live schema (${(e as Error).message.split("\n")[0]}); check ${system.connection?.env}`,
    );
  }
}

function missingConnection(system: System): LoupeError {
  return new LoupeError(
    "USAGE",
    system.connection
      ? `system '${system.id}' reads its connection from ${system.connection.env}, which is not set`
      : `system '${system.id}' has no connection: add connection: { env: NAME_OF_VARIABLE }`,
  );
}

/**
 * The live snapshot lint's reality rules compare with: tables and columns, the columns discovery finds
 * personal, and what it noticed.
 *
 * @example
 * const live = toLiveSystem(await discoverSystem(system, process.env, dir));
 */
export function toLiveSystem(result: DiscoveryResult): LiveSystem {
  const tables: Record<string, string[]> = {};
  for (const t of result.catalog?.tables ?? []) tables[t.name] = t.columns.map((c) => c.name);
  const personal: Record<string, Record<string, string>> = {};
  for (const [table, t] of Object.entries(result.system.tables)) {
    const fields = Object.entries(t.fields);
    if (!fields.length) continue;
    personal[table] = Object.fromEntries(fields.map(([c, f]) => [c, typeof f === "string" ? f : f.category]));
  }
  return { tables, personal, notes: result.findings };
}

/**
 * Snapshots every SQL system of a map that has a connector with a schema (Redis, HTTP and manual systems
 * are left out: they have no tables to compare).
 *
 * @example
 * const live = await liveSystems(map.systems, process.env, dir);
 */
export async function liveSystems(
  systems: readonly System[],
  env: NodeJS.ProcessEnv,
  baseDir: string,
): Promise<Record<string, LiveSystem>> {
  const out: Record<string, LiveSystem> = {};
  for (const system of systems) {
    if (!["postgres", "pglite", "mysql"].includes(system.connector)) continue;
    out[system.id] = toLiveSystem(await discoverSystem(system, env, baseDir));
  }
  return out;
}
