import { qualifiedName, renderDdl } from "../schema/render-ddl.js";
import { COMMERCE_TABLES, MARKETING_TABLES } from "../schema/shop-schema.js";
import { resolveSchemas, type SampleStoreTargets } from "./load-sample-store.js";
import { globEscape, openRedis } from "./open-redis.js";
import { isPglite, openMysqlSession, openPostgresSession, type SqlSession } from "./sql-session.js";

/**
 * Removes what {@link loadSampleStore} created: the shop's tables (and the `marketing` schema when it went to
 * PGlite and is empty afterwards) and the Redis keys under the prefix. Other tables and keys are left alone; the
 * databases themselves are not dropped.
 *
 * @example
 * await dropSampleStore({ postgres: url, mysql: mysqlUrl, redis: redisUrl, prefix: "shop-test:" });
 */
export async function dropSampleStore(targets: SampleStoreTargets): Promise<void> {
  const schemas = resolveSchemas(targets);
  if (targets.postgres !== undefined) {
    const s = await openPostgresSession(targets.postgres);
    try {
      await dropTables(s, COMMERCE_TABLES, schemas.commerce);
    } finally {
      await s.close();
    }
  }
  if (targets.mysql !== undefined) {
    const s = isPglite(targets.mysql)
      ? await openPostgresSession(targets.mysql)
      : await openMysqlSession(targets.mysql);
    try {
      const schema = s.dialect === "postgres" ? schemas.marketing : undefined;
      await dropTables(s, MARKETING_TABLES, schema);
      if (schema && schema !== "public") {
        // Only when nothing else lives there.
        await s.exec(`DROP SCHEMA IF EXISTS ${qualifiedName("postgres", undefined, schema)}`).catch(() => {});
      }
    } finally {
      await s.close();
    }
  }
  if (targets.redis !== undefined) {
    const prefix = targets.prefix ?? "shop:";
    if (prefix === "")
      throw new Error("refusing to drop Redis keys without a prefix: that would empty the database");
    const redis = await openRedis(targets.redis);
    try {
      let cursor = "0";
      do {
        const [next, keys] = await redis.scan(cursor, "MATCH", `${globEscape(prefix)}*`, "COUNT", 1000);
        cursor = next;
        if (keys.length > 0) await redis.unlink(...keys);
      } while (cursor !== "0");
    } finally {
      redis.disconnect();
    }
  }
}

async function dropTables(
  s: SqlSession,
  tables: typeof COMMERCE_TABLES,
  schema: string | undefined,
): Promise<void> {
  for (const sql of renderDdl(s.dialect, tables, schema).drop) await s.exec(sql);
}
