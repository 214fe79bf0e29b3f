import { copyEscape, formatCents } from "../checksum/row-checksum.js";
import type { Row, Value } from "../generate/generate-sample-store.js";
import type { ColumnType, TableSpec } from "../schema/shop-schema.js";

type Formatter = (v: Value) => string;

const DAY = 86_400_000;
const dayCache = new Map<number, string>();
const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/**
 * Formats epoch milliseconds as ISO 8601 in UTC, like `Date#toISOString` but faster for the many timestamps of a
 * bulk load (the calendar part is cached per day).
 *
 * @example
 * isoTimestamp(0); // "1970-01-01T00:00:00.000Z"
 */
export function isoTimestamp(ms: number): string {
  const day = Math.floor(ms / DAY);
  let d = dayCache.get(day);
  if (d === undefined) {
    d = new Date(day * DAY).toISOString().slice(0, 10);
    if (dayCache.size > 100_000) dayCache.clear();
    dayCache.set(day, d);
  }
  let rest = ms - day * DAY;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = Math.floor(rest / 1000);
  const milli = rest - s * 1000;
  return `${d}T${pad2(h)}:${pad2(m)}:${pad2(s)}.${milli < 10 ? `00${milli}` : milli < 100 ? `0${milli}` : milli}Z`;
}

const iso = (v: Value) => isoTimestamp(v as number);

const COPY_FORMAT: Record<ColumnType, Formatter> = {
  id: String,
  int: String,
  varchar: (v) => copyEscape(v as string),
  char: (v) => copyEscape(v as string),
  text: (v) => copyEscape(v as string),
  bool: (v) => (v ? "t" : "f"),
  timestamp: iso,
  date: (v) => v as string,
  decimal2: (v) => formatCents(v as number),
  inet: (v) => v as string,
};

/**
 * Escapes a string for a single-quoted MariaDB/MySQL literal (with backslash escapes, the default SQL mode).
 *
 * @example
 * mysqlString("O'Brien"); // "'O\\'Brien'"
 */
export function mysqlString(s: string): string {
  return `'${s.replace(MYSQL_SPECIAL, (c) => MYSQL_ESCAPES[c] ?? `\\${c}`)}'`;
}

const MYSQL_ESCAPES: Record<string, string> = { "\0": "\\0", "\n": "\\n", "\r": "\\r", "\x1a": "\\Z" };
// NUL and Ctrl-Z are the characters MariaDB itself escapes (mysql_real_escape_string).
// biome-ignore lint/suspicious/noControlCharactersInRegex: those control characters are what must be escaped
const MYSQL_SPECIAL = /[\0\n\r\x1a\\']/g;

const MYSQL_FORMAT: Record<ColumnType, Formatter> = {
  id: String,
  int: String,
  varchar: (v) => mysqlString(v as string),
  char: (v) => mysqlString(v as string),
  text: (v) => mysqlString(v as string),
  bool: (v) => (v ? "1" : "0"),
  timestamp: (v) => `'${iso(v).slice(0, 23).replace("T", " ")}'`,
  date: (v) => `'${v as string}'`,
  decimal2: (v) => formatCents(v as number),
  inet: (v) => mysqlString(v as string),
};

/**
 * A function that turns a table's rows into PostgreSQL COPY text lines.
 *
 * @example
 * const line = copyLineFormatter(tableSpec("sweepstakes")!)([1, "Spring", "Ring", 0, 86400000]);
 * // "1\tSpring\tRing\t1970-01-01T00:00:00.000Z\t1970-01-02T00:00:00.000Z"
 */
export function copyLineFormatter(table: TableSpec): (row: Row) => string {
  const fs = table.columns.map((c) => COPY_FORMAT[c.type]);
  return (row) => {
    let line = "";
    for (let k = 0; k < fs.length; k++) {
      const v = row[k] as Value;
      if (k > 0) line += "\t";
      line += v === null ? "\\N" : (fs[k] as Formatter)(v);
    }
    return line;
  };
}

/**
 * A function that turns a row into a MariaDB `(…)` tuple of literals.
 *
 * @example
 * mysqlTupleFormatter(tableSpec("sweepstakes")!)([1, "Spring", "Ring", 0, 0]);
 * // "(1,'Spring','Ring','1970-01-01 00:00:00.000','1970-01-01 00:00:00.000')"
 */
export function mysqlTupleFormatter(table: TableSpec): (row: Row) => string {
  const fs = table.columns.map((c) => MYSQL_FORMAT[c.type]);
  return (row) => {
    let s = "(";
    for (let k = 0; k < fs.length; k++) {
      const v = row[k] as Value;
      if (k > 0) s += ",";
      s += v === null ? "NULL" : (fs[k] as Formatter)(v);
    }
    return `${s})`;
  };
}
