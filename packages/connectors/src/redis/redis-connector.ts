import type { KeyPattern } from "@loupe/core";
import { Redis } from "ioredis";
import type {
  ChangePlan,
  ChangeReport,
  ConnectorOutcome,
  LocatedRow,
  LocateQuery,
  Row,
  RowKey,
  Scalar,
  StoreConnector,
  StoreDescription,
  TableDescription,
  VerifyCheck,
  VerifyReport,
} from "../connector/connector.js";

const SCAN_COUNT = 10_000;

/**
 * Keeps the keys (KEYS) whose hash field (ARGV: n, match fields…, m, selected fields…, wanted entries) holds a
 * wanted value; a wanted entry is `<1 if compared lower-case><field>\0<value>`. Returns key, selected values… per hit.
 */
const FILTER_SCRIPT = `
local nf = tonumber(ARGV[1])
local ns = tonumber(ARGV[2 + nf])
local wanted = {}
for i = 3 + nf + ns, #ARGV do wanted[ARGV[i]] = true end
local out = {}
for _, key in ipairs(KEYS) do
  local hit = false
  for f = 1, nf do
    local field = ARGV[1 + f]
    local v = redis.call('HGET', key, field)
    if v and (wanted['0' .. field .. '\\0' .. v] or wanted['1' .. field .. '\\0' .. string.lower(v)]) then hit = true end
  end
  if hit then
    table.insert(out, key)
    for s = 1, ns do table.insert(out, redis.call('HGET', key, ARGV[2 + nf + s]) or false) end
  end
end
return out
`;

/**
 * The identity placeholder of a key pattern.
 *
 * @example
 * placeholderOf("cart:{customer_id}"); // "customer_id"
 */
export function placeholderOf(pattern: string): string {
  const m = /\{([a-z_]+)\}/.exec(pattern);
  if (!m) throw new Error(`key pattern '${pattern}' has no identity placeholder`);
  return m[1] as string;
}

/**
 * Escapes the glob characters of a literal for `SCAN MATCH`.
 *
 * @example
 * globEscape("shop[1]:"); // "shop\\[1\\]:"
 */
export function globEscape(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

/**
 * The connector of a Redis store. Each annotated key pattern (`session:{session_id}`, with the system's `prefix`)
 * is a "table" whose rows are keys: a key is found directly from its placeholder's identity value, or by scanning
 * the pattern for hash fields that hold another identity (`identity: { customer_id: customer_id }`). Erasure runs
 * in one MULTI/EXEC.
 *
 * @example
 * const c = new RedisConnector("cache", "redis://127.0.0.1:6379", "shop:", patterns);
 * await c.open();
 */
export class RedisConnector implements StoreConnector {
  readonly role = "store" as const;
  readonly kind = "redis" as const;
  #redis: Redis | undefined;
  readonly #patterns: Map<string, KeyPattern>;

  constructor(
    readonly systemId: string,
    readonly url: string,
    readonly prefix: string,
    patterns: readonly KeyPattern[],
  ) {
    this.#patterns = new Map(patterns.map((p) => [p.pattern, p]));
  }

  get redis(): Redis {
    if (!this.#redis) throw new Error("the Redis connector is not open");
    return this.#redis;
  }

  async open(): Promise<void> {
    const redis = new Redis(this.url, {
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      retryStrategy: () => null,
      connectTimeout: 5000,
    });
    redis.on("error", () => {});
    await redis.connect();
    this.#redis = redis;
  }

  async close(): Promise<void> {
    this.#redis?.disconnect();
    this.#redis = undefined;
  }

  #pattern(table: string): KeyPattern {
    const p = this.#patterns.get(table);
    if (!p) throw new Error(`key pattern '${table}' is not annotated`);
    return p;
  }

  async describe(): Promise<StoreDescription> {
    const tables: TableDescription[] = [...this.#patterns.values()].map((p) => ({
      name: p.pattern,
      columns: ["$key", ...Object.keys(p.fields)],
      primaryKey: ["$key"],
      maxLength: {},
      nullable: [],
      types: { $key: "string" },
      foreignKeys: [],
      estimatedRows: 0,
    }));
    return { system: this.systemId, kind: "redis", tables };
  }

  async *locate(query: LocateQuery): AsyncIterable<LocatedRow[]> {
    const p = this.#pattern(query.table);
    const ph = placeholderOf(p.pattern);
    const hashFields = query.select.filter((f) => f !== ph && p.type === "hash");
    const toRow = (key: string, fields: (string | null)[]): LocatedRow => {
      const local = key.slice(this.prefix.length);
      const values: Row = { $key: local };
      values[ph] = this.#placeholderValue(p.pattern, local);
      hashFields.forEach((f, i) => {
        values[f] = fields[i] ?? null;
      });
      return { key: [local], values };
    };
    const scanned: { column: string; wanted: Set<string>; email: boolean }[] = [];
    for (const w of query.where) {
      const email = w.match === "email";
      const wanted = new Set(w.values.map((v) => (email ? String(v).toLowerCase() : String(v))));
      if (wanted.size === 0) continue;
      if (w.column !== ph) {
        if (p.type === "hash") scanned.push({ column: w.column, wanted, email });
        continue;
      }
      const keys = [...wanted].map((v) => this.prefix + p.pattern.replace(`{${ph}}`, v));
      const pipe = this.redis.pipeline();
      for (const k of keys) {
        pipe.exists(k);
        if (hashFields.length > 0) pipe.hmget(k, ...hashFields);
      }
      const res = (await pipe.exec()) ?? [];
      const out: LocatedRow[] = [];
      const step = hashFields.length > 0 ? 2 : 1;
      keys.forEach((k, i) => {
        if (Number(res[i * step]?.[1]) !== 1) return;
        out.push(toRow(k, step === 2 ? ((res[i * step + 1]?.[1] as (string | null)[]) ?? []) : []));
      });
      if (out.length > 0) yield out;
    }
    if (scanned.length === 0) return;
    // Hash fields holding other identities: one pass over the pattern's keys, compared inside Redis so that only
    // the matching keys come back.
    const match = globEscape(this.prefix) + p.pattern.split(`{${ph}}`).map(globEscape).join("*");
    const wanted: string[] = [];
    for (const x of scanned)
      for (const v of x.wanted) wanted.push(`${x.email ? "1" : "0"}${x.column}\u0000${v}`);
    const matchFields = [...new Set(scanned.map((x) => x.column))];
    let cursor = "0";
    do {
      const [next, keys] = await this.redis.scan(cursor, "MATCH", match, "COUNT", SCAN_COUNT);
      cursor = next;
      if (keys.length === 0) continue;
      const hits = (await this.redis.eval(
        FILTER_SCRIPT,
        keys.length,
        ...keys,
        String(matchFields.length),
        ...matchFields,
        String(hashFields.length),
        ...hashFields,
        ...wanted,
      )) as (string | null)[];
      const out: LocatedRow[] = [];
      const width = 1 + hashFields.length;
      for (let i = 0; i + width <= hits.length; i += width)
        out.push(toRow(hits[i] as string, hits.slice(i + 1, i + width)));
      if (out.length > 0) yield out;
    } while (cursor !== "0");
  }

  #placeholderValue(pattern: string, local: string): string | null {
    const ph = placeholderOf(pattern);
    const [head, tail] = pattern.split(`{${ph}}`) as [string, string];
    if (!local.startsWith(head) || !local.endsWith(tail)) return null;
    return local.slice(head.length, local.length - tail.length);
  }

  async *stream(table: string, keys: readonly RowKey[]): AsyncIterable<Row[]> {
    const p = this.#pattern(table);
    for (let i = 0; i < keys.length; i += 200) {
      const batch = keys.slice(i, i + 200).map((k) => String(k[0]));
      const pipe = this.redis.pipeline();
      for (const k of batch) {
        const full = this.prefix + k;
        if (p.type === "hash") pipe.hgetall(full);
        else if (p.type === "set") pipe.smembers(full);
        else if (p.type === "zset") pipe.zrange(full, 0, -1, "WITHSCORES");
        else if (p.type === "list") pipe.lrange(full, 0, -1);
        else pipe.get(full);
      }
      const res = (await pipe.exec()) ?? [];
      const rows: Row[] = [];
      batch.forEach((k, j) => {
        const v = res[j]?.[1];
        // Redis keeps no empty hashes, sets or lists: an empty answer means the key is gone.
        if (v === null || v === undefined || (typeof v === "object" && Object.keys(v).length === 0)) return;
        if (p.type === "hash") rows.push({ $key: k, ...(v as Record<string, string>) });
        else if (p.type === "zset") {
          const flat = v as string[];
          const members: [string, number][] = [];
          for (let m = 0; m < flat.length; m += 2) members.push([flat[m] as string, Number(flat[m + 1])]);
          rows.push({ $key: k, members: JSON.stringify(members) });
        } else if (Array.isArray(v)) rows.push({ $key: k, members: JSON.stringify(v) });
        else rows.push({ $key: k, value: String(v) });
      });
      if (rows.length > 0) yield rows;
    }
  }

  async #apply(plan: ChangePlan, onlyUpdates: boolean): Promise<ConnectorOutcome<ChangeReport>> {
    const report: ChangeReport = { deleted: {}, updated: {} };
    const multi = this.redis.multi();
    for (const ch of plan.changes) {
      const p = this.#pattern(ch.table);
      if (ch.op === "delete") {
        if (onlyUpdates) throw new Error("this plan may only update keys");
        for (const k of ch.keys) multi.unlink(this.prefix + String(k[0]));
        report.deleted[ch.table] = (report.deleted[ch.table] ?? 0) + ch.keys.length;
        continue;
      }
      if (p.type !== "hash")
        throw new Error(`key pattern '${p.pattern}' is a ${p.type}; only hash fields can be updated`);
      ch.keys.forEach((k, i) => {
        const set: Record<string, Scalar> = { ...ch.set };
        for (const [c, vs] of Object.entries(ch.perRow ?? {})) set[c] = vs[i] ?? null;
        const full = this.prefix + String(k[0]);
        const nulls = Object.entries(set)
          .filter(([, v]) => v === null)
          .map(([c]) => c);
        const values = Object.entries(set).filter(([, v]) => v !== null);
        if (nulls.length > 0) multi.hdel(full, ...nulls);
        // Only keys that still exist are updated: HSET on a vanished key would create it again.
        for (const [c, v] of values)
          multi.eval(
            "if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end return 0",
            1,
            full,
            c,
            String(v),
          );
      });
      report.updated[ch.table] = (report.updated[ch.table] ?? 0) + ch.keys.length;
    }
    const res = await multi.exec();
    const failed = res?.find(([e]) => e);
    if (failed?.[0]) throw failed[0];
    return { status: "done", value: report };
  }

  erase(plan: ChangePlan): Promise<ConnectorOutcome<ChangeReport>> {
    return this.#apply(plan, false);
  }

  update(plan: ChangePlan): Promise<ConnectorOutcome<ChangeReport>> {
    return this.#apply(plan, true);
  }

  restrict(plan: ChangePlan): Promise<ConnectorOutcome<ChangeReport>> {
    return this.#apply(plan, true);
  }

  async verify(checks: readonly VerifyCheck[]): Promise<VerifyReport> {
    const remaining: VerifyReport["remaining"] = [];
    for (const check of checks) {
      const keys = check.keys.map((k) => this.prefix + String(k[0]));
      if (keys.length === 0) continue;
      if (check.gone) {
        const n = await this.redis.exists(...keys);
        if (n > 0) remaining.push({ table: check.table, column: "*", rows: n });
        continue;
      }
      for (const [field, e] of Object.entries(check.expect ?? {})) {
        let bad = 0;
        const pipe = this.redis.pipeline();
        for (const k of keys) pipe.hget(k, field);
        const res = (await pipe.exec()) ?? [];
        res.forEach(([, v], i) => {
          const want = Array.isArray(e) ? (e[i] ?? null) : (e ?? null);
          if ((v ?? null) !== (want === null ? null : String(want))) bad++;
        });
        if (bad > 0) remaining.push({ table: check.table, column: field, rows: bad });
      }
    }
    return { ok: remaining.length === 0, remaining };
  }
}
