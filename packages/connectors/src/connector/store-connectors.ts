import { isAbsolute, resolve } from "node:path";
import { type ConnectorKind, LoupeError, type System } from "@loupe/core";
import { RedisConnector } from "../redis/redis-connector.js";
import { SqlConnector } from "../sql/sql-connector.js";
import { mysqlDriver, pgliteDriver, postgresDriver } from "../sql/sql-driver.js";
import type { Connector, ConnectorContext } from "./connector.js";
import { registerConnector } from "./connector-registry.js";

/**
 * The connection URL of a system, read from the environment variable its map entry names. Fails with a located
 * error when the variable is not named or not set; the URL itself never appears in a message.
 *
 * @example
 * connectionUrl(system, { SHOP_COMMERCE_URL: "postgres://localhost/shop" }); // "postgres://localhost/shop"
 */
export function connectionUrl(system: System, env: Record<string, string | undefined>): string {
  const name = system.connection?.env;
  if (!name)
    throw new LoupeError("MAP_INVALID", `system '${system.id}' has no connection.env`, {
      path: `systems.${system.id}.connection.env`,
    });
  const url = env[name];
  if (!url)
    throw new LoupeError(
      "UNAVAILABLE",
      `system '${system.id}': environment variable ${name} is not set (it holds the connection URL)`,
    );
  return url;
}

/** A PGlite database for a system: the embedded instance passed in, or one opened from `connection.path`. */
async function pgliteFor(ctx: ConnectorContext): Promise<{ db: unknown; owned: boolean }> {
  const given = ctx.embedded?.[ctx.system.id];
  if (given) return { db: given, owned: false };
  const path = ctx.system.connection?.path;
  if (!path)
    throw new LoupeError(
      "MAP_INVALID",
      `system '${ctx.system.id}' (pglite) needs connection.path or an embedded database`,
      {
        path: `systems.${ctx.system.id}.connection.path`,
      },
    );
  const { PGlite } = await import("@electric-sql/pglite");
  const dir = path === "memory" ? undefined : isAbsolute(path) ? path : resolve(ctx.baseDir ?? ".", path);
  return { db: dir ? await PGlite.create(dir) : await PGlite.create(), owned: true };
}

/**
 * Builds the store connector of a system (postgres, pglite, mysql, redis).
 *
 * @example
 * const c = createStoreConnector({ system, env: process.env, now: () => new Date() });
 * await c.open();
 */
export function createStoreConnector(ctx: ConnectorContext): Connector {
  const s = ctx.system;
  switch (s.connector as ConnectorKind) {
    case "postgres":
      return new SqlConnector(
        s.id,
        "postgres",
        postgresDriver(connectionUrl(s, ctx.env)),
        s.schema ?? "public",
      );
    case "pglite":
      return new SqlConnector(
        s.id,
        "pglite",
        async () => {
          const { db, owned } = await pgliteFor(ctx);
          return pgliteDriver(db as Parameters<typeof pgliteDriver>[0], owned);
        },
        s.schema ?? "public",
      );
    case "mysql":
      return new SqlConnector(s.id, "mysql", mysqlDriver(connectionUrl(s, ctx.env)));
    case "redis":
      return new RedisConnector(s.id, connectionUrl(s, ctx.env), s.prefix ?? "", s.keys);
    default:
      throw new LoupeError("INVALID_REQUEST", `system '${s.id}': '${s.connector}' is not a store connector`);
  }
}

for (const kind of ["postgres", "pglite", "mysql", "redis"] as const)
  registerConnector(kind, createStoreConnector);
