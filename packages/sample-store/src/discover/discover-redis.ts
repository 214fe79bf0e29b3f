import type { FieldAnnotation, IdentityKind, KeyPattern, System } from "@loupe/core";
import type { Redis } from "ioredis";
import { globEscape, openRedis } from "../load/open-redis.js";
import { proposeCategory, words } from "./propose-category.js";
import type { DiscoveryOptions, DiscoveryResult, DiscoveryStats } from "./propose-system.js";

export interface RedisDiscoveryOptions extends DiscoveryOptions {
  /** Only keys starting with this prefix are read; patterns are written without it. Default: all keys. */
  prefix?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function idLike(segment: string): boolean {
  return (
    /^\d+$/.test(segment) ||
    /^[0-9a-f]{16,}$/i.test(segment) ||
    UUID.test(segment) ||
    EMAIL.test(segment) ||
    /^\+\d{7,}$/.test(segment) ||
    (/^[A-Za-z0-9_-]{20,}$/.test(segment) && /\d/.test(segment))
  );
}

function placeholder(previous: string, segment: string): IdentityKind {
  const w = words(previous);
  const any = (...xs: string[]) => xs.some((x) => w.includes(x));
  if (EMAIL.test(segment)) return "email";
  if (/^\+\d{7,}$/.test(segment)) return "phone";
  // Numbers are database ids: of an order when the key says so, otherwise of a customer.
  if (/^\d+$/.test(segment)) return any("order", "orders") ? "order_number" : "customer_id";
  if (any("session", "sessions", "sess", "sid")) return "session_id";
  if (any("cookie", "cookies", "anon", "anonymous", "visitor", "visitors", "device")) return "cookie_id";
  if (any("order", "orders")) return "order_number";
  if (any("customer", "customers", "user", "users", "account", "accounts", "member", "members"))
    return "customer_id";
  if (UUID.test(segment)) return "cookie_id";
  return "session_id";
}

/**
 * The pattern of a key (without its prefix): id-like segments become identity placeholders.
 *
 * @example
 * keyPatternOf("cart:1234"); // "cart:{customer_id}"
 * keyPatternOf("session:9f8e7d6c5b4a39281706f5e4d3c2b1a0"); // "session:{session_id}"
 * keyPatternOf("feature-flags"); // undefined: no identity in it
 */
export function keyPatternOf(key: string): string | undefined {
  const segments = key.split(":");
  let found = false;
  const out = segments.map((seg, i) => {
    if (!idLike(seg)) return seg;
    found = true;
    return `{${placeholder(segments[i - 1] ?? "", seg)}}`;
  });
  return found ? out.join(":") : undefined;
}

function contextCategory(pattern: string): string | undefined {
  const w = words(pattern.replace(/\{[a-z_]+\}/g, ""));
  const any = (...xs: string[]) => xs.some((x) => w.includes(x));
  if (any("cart", "carts", "basket", "bag")) return "user.behavior.purchase_history";
  if (any("wishlist", "wish", "favorite", "favorites", "favourites", "saved"))
    return "user.behavior.wishlist";
  if (any("viewed", "recent", "recently", "history", "views", "browsing"))
    return "user.behavior.browsing_history";
  if (any("search", "searches", "query")) return "user.behavior.search_history";
  return undefined;
}

/**
 * Scans a Redis database (optionally only the keys under a prefix), groups keys into patterns with identity
 * placeholders, samples their content and proposes a draft `keys:` annotation: hash fields with categories, whole
 * values (`*`) of carts, sets and sorted sets by what the key is for, and the hash fields that hold other
 * identities. Read-only; SCAN, never KEYS.
 *
 * @example
 * const { system } = await discoverRedis("redis://127.0.0.1:6379", { prefix: "shop:", sample: 2000 });
 * system.keys.map((k) => k.pattern); // ["cart:{customer_id}", "session:{session_id}", …]
 */
export async function discoverRedis(
  target: string | Redis,
  options: RedisDiscoveryOptions = {},
): Promise<DiscoveryResult> {
  const started = performance.now();
  const prefix = options.prefix ?? "";
  const limit = options.sample ?? 1000;
  const redis = typeof target === "string" ? await openRedis(target) : target;
  try {
    const keys: string[] = [];
    let cursor = "0";
    do {
      const [next, batch] = await redis.scan(cursor, "MATCH", `${globEscape(prefix)}*`, "COUNT", 1000);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== "0" && keys.length < limit);
    keys.splice(limit);

    const groups = new Map<string, string[]>();
    let withoutIdentity = 0;
    for (const k of keys) {
      const pattern = keyPatternOf(k.slice(prefix.length));
      if (!pattern) {
        withoutIdentity++;
        continue;
      }
      const g = groups.get(pattern);
      if (g) g.push(k);
      else groups.set(pattern, [k]);
    }

    const stats: DiscoveryStats = {
      tables: 0,
      columns: 0,
      personalColumns: 0,
      reviewColumns: 0,
      foreignKeys: 0,
      identityColumns: 0,
      unindexedIdentities: 0,
      sampledValues: 0,
      tablesWithoutPersonalData: [],
      keysScanned: keys.length,
      patterns: groups.size,
      ms: 0,
    };
    const patterns: KeyPattern[] = [];
    for (const [pattern, members] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
      const sampled = members.slice(0, 25);
      const types = await Promise.all(sampled.map((k) => redis.type(k)));
      const type = mostCommon(types);
      const kp: KeyPattern = { pattern, type: toKeyType(type), fields: {}, erase: "delete", identity: {} };
      const field = (name: string, values: string[]) => {
        const p = proposeCategory({ table: pattern, column: name, type: "redis", values });
        if (!p) return;
        stats.personalColumns++;
        if (p.review) stats.reviewColumns++;
        kp.fields[name] = (p.review ? { category: p.category, review: true } : p.category) as FieldAnnotation;
      };
      const whole = (values: string[]) => {
        const ids = values.length > 0 && values.every((v) => /^[0-9a-f]{16,}$/i.test(v) || UUID.test(v));
        const category = contextCategory(pattern) ?? (ids ? "user.unique_id.pseudonymous" : undefined);
        stats.personalColumns++;
        if (category) kp.fields["*"] = category;
        else {
          stats.reviewColumns++;
          kp.fields["*"] = { category: "user.behavior", review: true };
        }
        stats.sampledValues += values.length;
      };
      if (type === "hash") {
        const contents = await Promise.all(
          sampled.filter((_, i) => types[i] === "hash").map((k) => redis.hgetall(k)),
        );
        const counts = new Map<string, string[]>();
        for (const h of contents)
          for (const [f, v] of Object.entries(h)) {
            const list = counts.get(f);
            if (list) list.push(v);
            else counts.set(f, [v]);
          }
        const names = [...counts.keys()];
        const digitNames = names.filter((n) => /\d/.test(n)).length;
        const dynamic = names.length > 0 && digitNames / names.length >= 0.5;
        if (dynamic) whole([...counts.values()].flat());
        else {
          for (const [name, values] of counts) {
            stats.sampledValues += values.length;
            field(name, values);
            if (/^(customer|user|account)_id$/.test(name)) kp.identity.customer_id = name;
          }
          for (const [name, f] of Object.entries(kp.fields)) {
            const category = typeof f === "string" ? f : f.category;
            if (category === "user.device.cookie_id") kp.identity.cookie_id ??= name;
            if (category === "user.contact.email") kp.identity.email ??= name;
            if (category === "user.contact.phone_number") kp.identity.phone ??= name;
          }
        }
      } else if (type === "zset") {
        const values = (await Promise.all(sampled.map((k) => redis.zrange(k, 0, 9)))).flat();
        whole(values);
      } else if (type === "set") {
        const values = (await Promise.all(sampled.map((k) => redis.srandmember(k, 10)))).flat();
        whole(values);
      } else if (type === "list") {
        const values = (await Promise.all(sampled.map((k) => redis.lrange(k, 0, 9)))).flat();
        whole(values);
      } else {
        const values = (await Promise.all(sampled.map((k) => redis.get(k)))).filter(
          (v): v is string => v !== null,
        );
        const p = proposeCategory({ table: pattern, column: "value", type: "redis", values });
        stats.personalColumns++;
        stats.reviewColumns++;
        kp.fields["*"] = {
          category: p?.category ?? contextCategory(pattern) ?? "user.behavior",
          review: true,
        };
        stats.sampledValues += values.length;
      }
      stats.identityColumns += Object.keys(kp.identity).length + 1;
      patterns.push(kp);
    }
    if (withoutIdentity > 0)
      stats.tablesWithoutPersonalData.push(`${withoutIdentity} keys without an identity in their name`);
    const systemId = options.systemId ?? "redis";
    const system: System = {
      id: systemId,
      connector: "redis",
      connection: {
        env: options.connectionEnv ?? `${systemId.toUpperCase().replace(/[^A-Z0-9]+/g, "_")}_URL`,
      },
      tables: {},
      keys: patterns,
    };
    if (prefix) system.prefix = prefix;
    stats.ms = performance.now() - started;
    return { system, findings: [], stats };
  } finally {
    if (typeof target === "string") redis.disconnect();
  }
}

function mostCommon(xs: string[]): string {
  const counts = new Map<string, number>();
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "string";
}

function toKeyType(t: string): KeyPattern["type"] {
  if (t === "hash" || t === "set" || t === "zset" || t === "list") return t;
  if (t === "ReJSON-RL") return "json";
  return "string";
}
