import { createHash } from "node:crypto";
import type { RedisEntry, Value } from "../generate/generate-sample-store.js";
import type { ColumnType } from "../schema/shop-schema.js";

/** Rows and an order-independent checksum of one table (or one kind of Redis key). */
export interface TableChecksum {
  rows: number;
  /** 16 hexadecimal digits: the sum, modulo 2^64, of a SHA-256 prefix of every row's canonical text. */
  checksum: string;
}

/** Checksums keyed by table name; Redis keys appear as `redis:<kind>` (e.g. `redis:session`). */
export type StoreChecksums = Record<string, TableChecksum>;

const MASK = (1n << 64n) - 1n;

/**
 * Adds up row hashes per table. The sum does not depend on the order rows arrive in, so a table read back from a
 * database in any order gives the same checksum as the generator's stream.
 *
 * @example
 * const acc = new ChecksumAccumulator();
 * acc.add("orders", "1\tAFJ-100001");
 * acc.result().orders?.rows; // 1
 */
export class ChecksumAccumulator {
  readonly #sums = new Map<string, { rows: number; sum: bigint }>();

  add(table: string, line: string): void {
    const digest = createHash("sha256").update(line).digest();
    const h = digest.readBigUInt64BE(0);
    const cur = this.#sums.get(table);
    if (cur) {
      cur.rows++;
      cur.sum = (cur.sum + h) & MASK;
    } else this.#sums.set(table, { rows: 1, sum: h });
  }

  /** Declares a table so that an empty one still appears in the result. */
  touch(table: string): void {
    if (!this.#sums.has(table)) this.#sums.set(table, { rows: 0, sum: 0n });
  }

  result(): StoreChecksums {
    const out: StoreChecksums = {};
    for (const name of [...this.#sums.keys()].sort()) {
      const { rows, sum } = this.#sums.get(name) as { rows: number; sum: bigint };
      out[name] = { rows, checksum: sum.toString(16).padStart(16, "0") };
    }
    return out;
  }
}

/**
 * The canonical text of a generated value: what every store must give back for it (see `canonicalSelect`).
 *
 * @example
 * canonicalValue("decimal2", 12345); // "123.45"
 * canonicalValue("bool", true); // "1"
 */
export function canonicalValue(type: ColumnType, v: Value): string | null {
  if (v === null) return null;
  switch (type) {
    case "bool":
      return v ? "1" : "0";
    case "decimal2":
      return formatCents(v as number);
    default:
      return String(v);
  }
}

/**
 * Formats an integer number of hundredths with two decimals.
 *
 * @example
 * formatCents(5); // "0.05"
 */
export function formatCents(cents: number): string {
  const neg = cents < 0;
  const a = Math.abs(cents);
  return `${neg ? "-" : ""}${Math.floor(a / 100)}.${String(a % 100).padStart(2, "0")}`;
}

const COPY_ESCAPES: Record<string, string> = {
  "\\": "\\\\",
  "\b": "\\b",
  "\f": "\\f",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\v": "\\v",
};

/**
 * Escapes a value for PostgreSQL's COPY text format (which is also the canonical row text of checksums).
 *
 * @example
 * copyEscape("a\tb"); // "a\\tb"
 */
export function copyEscape(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 || c === 92) return s.replace(/[\\\b\f\n\r\t\v]/g, (ch) => COPY_ESCAPES[ch] as string);
  }
  return s;
}

/**
 * One row's canonical line: COPY text format of the canonical values (`\N` for null, tab-separated).
 *
 * @example
 * canonicalLine(["1", null, "x\ny"]); // "1\t\\N\tx\\ny"
 */
export function canonicalLine(values: readonly (string | null)[]): string {
  let line = "";
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (k > 0) line += "\t";
    line += v === null || v === undefined ? "\\N" : copyEscape(v);
  }
  return line;
}

/**
 * The kind of a Redis key (its first segment), used to group keys in checksums.
 *
 * @example
 * redisKind("recently-viewed:12"); // "recently-viewed"
 */
export function redisKind(key: string): string {
  const i = key.indexOf(":");
  return i < 0 ? key : key.slice(0, i);
}

/**
 * The canonical text of one Redis key and its content (fields and members sorted), without its prefix.
 *
 * @example
 * redisCanonical({ key: "cart:1", type: "hash", fields: { b: "2", a: "1" } }); // "cart:1\thash\ta=1\tb=2"
 */
export function redisCanonical(entry: RedisEntry): string {
  if (entry.type === "hash") {
    const parts = Object.keys(entry.fields)
      .sort()
      .map((f) => `${f}=${entry.fields[f]}`);
    return [entry.key, "hash", ...parts].map(copyEscape).join("\t");
  }
  if (entry.type === "set")
    return [entry.key, "set", ...[...entry.members].sort()].map(copyEscape).join("\t");
  const parts = entry.members.map(([score, member]) => `${member}=${score}`).sort();
  return [entry.key, "zset", ...parts].map(copyEscape).join("\t");
}
