import {
  ChecksumAccumulator,
  canonicalLine,
  redisCanonical,
  redisKind,
  type StoreChecksums,
} from "../checksum/row-checksum.js";
import type { RedisEntry } from "../generate/generate-sample-store.js";
import { qualifiedName, quoteIdent, type SqlDialect } from "../schema/render-ddl.js";
import { COMMERCE_TABLES, type ColumnSpec, MARKETING_TABLES, type TableSpec } from "../schema/shop-schema.js";
import { resolveSchemas, type SampleStoreTargets } from "./load-sample-store.js";
import { globEscape, openRedis } from "./open-redis.js";
import { isPglite, openMysqlSession, openPostgresSession, type SqlSession } from "./sql-session.js";

/**
 * The SQL expression that reads a column back as the canonical text the generator's checksum uses.
 *
 * @example
 * canonicalSelect("postgres", { name: "placed_at", type: "timestamp" });
 * // "(extract(epoch from \"placed_at\") * 1000)::bigint::text"
 */
export function canonicalSelect(dialect: SqlDialect, col: ColumnSpec): string {
  const c = quoteIdent(dialect, col.name);
  if (dialect === "postgres") {
    switch (col.type) {
      case "id":
      case "int":
      case "decimal2":
        return `${c}::text`;
      case "bool":
        return `CASE WHEN ${c} IS NULL THEN NULL WHEN ${c} THEN '1' ELSE '0' END`;
      case "timestamp":
        return `(extract(epoch from ${c}) * 1000)::bigint::text`;
      case "date":
        return `to_char(${c}, 'YYYY-MM-DD')`;
      case "inet":
        return `host(${c})`;
      default:
        return `${c}::text`;
    }
  }
  switch (col.type) {
    case "timestamp":
      return `CAST(ROUND(UNIX_TIMESTAMP(${c}) * 1000) AS CHAR)`;
    case "date":
      return `DATE_FORMAT(${c}, '%Y-%m-%d')`;
    case "varchar":
    case "char":
    case "text":
    case "inet":
      return c;
    default:
      return `CAST(${c} AS CHAR)`;
  }
}

async function readTables(
  acc: ChecksumAccumulator,
  s: SqlSession,
  tables: readonly TableSpec[],
  schema: string | undefined,
): Promise<void> {
  for (const t of tables) {
    acc.touch(t.name);
    const sql = `SELECT ${t.columns.map((c) => canonicalSelect(s.dialect, c)).join(", ")} FROM ${qualifiedName(s.dialect, schema, t.name)}`;
    if (s.dialect === "postgres") await s.copyOut(sql, (line) => acc.add(t.name, line));
    else
      await s.streamArrays(sql, (row) =>
        acc.add(t.name, canonicalLine(row.map((v) => (v === null ? null : String(v))))),
      );
  }
}

/**
 * Reads the loaded shop back from its stores and returns rows and checksums per table and per kind of Redis key,
 * comparable with {@link sampleStoreChecksums}. Streams every table, so it reads the whole shop.
 *
 * @example
 * const live = await readStoreChecksums({ postgres: url, mysql: mysqlUrl, redis: redisUrl, prefix: "t:" });
 * live.orders?.checksum === sampleStoreChecksums({ customers: 1000, seed: 42 }).orders?.checksum; // true
 */
export async function readStoreChecksums(targets: SampleStoreTargets): Promise<StoreChecksums> {
  const acc = new ChecksumAccumulator();
  const schemas = resolveSchemas(targets);
  if (targets.postgres !== undefined) {
    const s = await openPostgresSession(targets.postgres);
    try {
      await readTables(acc, s, COMMERCE_TABLES, schemas.commerce);
    } finally {
      await s.close();
    }
  }
  if (targets.mysql !== undefined) {
    const s = isPglite(targets.mysql)
      ? await openPostgresSession(targets.mysql)
      : await openMysqlSession(targets.mysql);
    try {
      await readTables(acc, s, MARKETING_TABLES, s.dialect === "postgres" ? schemas.marketing : undefined);
    } finally {
      await s.close();
    }
  }
  if (targets.redis !== undefined) {
    const prefix = targets.prefix ?? "shop:";
    const redis = await openRedis(targets.redis);
    try {
      let cursor = "0";
      do {
        const [next, keys] = await redis.scan(cursor, "MATCH", `${globEscape(prefix)}*`, "COUNT", 1000);
        cursor = next;
        const types = await Promise.all(keys.map((k) => redis.type(k)));
        const p = redis.pipeline();
        keys.forEach((k, i) => {
          if (types[i] === "hash") p.hgetall(k);
          else if (types[i] === "zset") p.zrange(k, 0, -1, "WITHSCORES");
          else if (types[i] === "set") p.smembers(k);
          else p.get(k);
        });
        const res = (await p.exec()) ?? [];
        keys.forEach((k, i) => {
          const key = k.slice(prefix.length);
          const value = res[i]?.[1];
          let entry: RedisEntry;
          if (types[i] === "hash") entry = { key, type: "hash", fields: value as Record<string, string> };
          else if (types[i] === "set") entry = { key, type: "set", members: (value as string[]) ?? [] };
          else {
            const flat = (value as string[]) ?? [];
            const members: [number, string][] = [];
            for (let j = 0; j < flat.length; j += 2) members.push([Number(flat[j + 1]), flat[j] as string]);
            entry = { key, type: "zset", members };
          }
          acc.add(`redis:${redisKind(key)}`, redisCanonical(entry));
        });
      } while (cursor !== "0");
    } finally {
      redis.disconnect();
    }
  }
  return acc.result();
}
