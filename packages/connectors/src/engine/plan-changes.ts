import { createHmac } from "node:crypto";
import type { Hold } from "@loupe/core";
import type { Change, RowKey, Scalar, StoreConnector, VerifyCheck } from "../connector/connector.js";
import type { DataGraph, GraphNode } from "./data-graph.js";
import { childrenFirst } from "./data-graph.js";
import { keyOf, type SubjectRows } from "./locate-subject.js";

/** What erasure does (or did) to one table of one system. */
export interface TableOutcome {
  system: string;
  table: string;
  /** Rows of the subject found. */
  rows: number;
  deleted: number;
  masked: number;
  /** Whole rows kept, with the reason (a hold, a shared row, `erase: keep`). */
  keptRows: { reason: string; rows: number }[];
  /** Fields kept on masked rows, with the reason. */
  keptFields: { field: string; reason: string; rows: number }[];
}

/** The erasure of one system: its changes in order (children first) and the checks that prove it done. */
export interface SystemPlan {
  system: string;
  changes: Change[];
  checks: VerifyCheck[];
}

export interface ErasurePlan {
  systems: SystemPlan[];
  tables: TableOutcome[];
}

const TEXT = /char|text|string/;
const REDACTED = "[redacted]";
const UNITS: Record<string, number> = { d: 86_400_000, w: 7 * 86_400_000 };

/**
 * Whether a hold still applies at `now`: it runs `for` a period from the row's `from` column (a row without that
 * date is not held); without `from` it always applies.
 *
 * @example
 * holdActive({ fields: [], for: "7y", from: "placed_at", reason: "tax" }, { placed_at: "2024-01-01" }, new Date("2026-01-01")); // true
 */
export function holdActive(hold: Hold, values: Record<string, Scalar>, now: Date): boolean {
  if (!hold.from) return true;
  const v = values[hold.from];
  if (v === null || v === undefined) return false;
  const start = new Date(typeof v === "number" ? v : String(v));
  if (Number.isNaN(start.getTime())) return false;
  const m = /^(\d+)(d|w|mo|y)$/.exec(hold.for);
  if (!m) return true;
  const n = Number(m[1]);
  const end = new Date(start);
  if (m[2] === "y") end.setUTCFullYear(end.getUTCFullYear() + n);
  else if (m[2] === "mo") end.setUTCMonth(end.getUTCMonth() + n);
  else end.setTime(end.getTime() + n * (UNITS[m[2] as string] as number));
  return now.getTime() < end.getTime();
}

/**
 * The keyed hash written by the `hash` strategy: HMAC-SHA-256 of the value (e-mails lower-cased), hex, cut to the
 * column's length. The same value always gives the same hash, so re-running an erasure changes nothing.
 *
 * @example
 * erasureHash("Ann@Example.com", "key", 20); // "h:" and 18 hex digits
 */
export function erasureHash(value: string, key: string, maxLength?: number): string {
  const h = `h:${createHmac("sha256", key).update(value.trim().toLowerCase()).digest("hex")}`;
  return maxLength ? h.slice(0, Math.max(maxLength, 10)) : h;
}

interface Masking {
  set: Record<string, Scalar>;
  perRow: Record<string, Scalar[]>;
  kept: Map<string, string>;
}

/** Rows of `node` (reached from the rows pointing at them) that other people's rows point at too. */
async function sharedRows(
  graph: DataGraph,
  node: GraphNode,
  found: SubjectRows,
  connectors: ReadonlyMap<string, StoreConnector>,
): Promise<Map<string, string>> {
  const shared = new Map<string, string>();
  const mine = found.rows.get(node) as Map<
    string,
    { key: RowKey; values: Record<string, Scalar>; reach: string }
  >;
  const parents = [...mine.values()].filter((r) => r.reach === "parent");
  if (parents.length === 0) return shared;
  for (const e of graph.edges) {
    if (e.parent !== node || e.childColumns.length !== 1 || e.child.store !== "sql") continue;
    const col = e.parentColumns[0] as string;
    const byValue = new Map(parents.map((r) => [String(r.values[col]), keyOf(r.key)]));
    const theirs = found.rows.get(e.child) as Map<string, unknown>;
    const c = connectors.get(e.child.system.id) as StoreConnector;
    for await (const batch of c.locate({
      table: e.child.table,
      where: [{ column: e.childColumns[0] as string, values: [...byValue.keys()] }],
      select: [e.childColumns[0] as string],
    }))
      for (const r of batch) {
        if (theirs.has(keyOf(r.key))) continue;
        const k = byValue.get(String(r.values[e.childColumns[0] as string]));
        if (k)
          shared.set(
            k,
            `also belongs to another person (referenced by ${e.child.table}.${e.childColumns[0]})`,
          );
      }
  }
  return shared;
}

/**
 * Works out the erasure of a subject: per table, which rows are deleted, which are masked field by field (null,
 * fixed value, keyed hash, redaction), which rows and fields are kept and why (active retention holds, rows other
 * people share, `erase: keep`), ordered children before parents, with the checks the verification pass runs.
 *
 * @example
 * const plan = await planErasure(graph, found, connectors, { now: new Date(), hashKey: "k" });
 * plan.tables.find((t) => t.table === "orders")?.keptFields; // the tax fields
 */
export async function planErasure(
  graph: DataGraph,
  found: SubjectRows,
  connectors: ReadonlyMap<string, StoreConnector>,
  options: { now: Date; hashKey: string },
): Promise<ErasurePlan> {
  const plan: ErasurePlan = { systems: [], tables: [] };
  const systems = [...new Set(graph.nodes.map((n) => n.system.id))];
  for (const sys of systems) {
    const sp: SystemPlan = { system: sys, changes: [], checks: [] };
    for (const node of childrenFirst(graph, sys)) {
      const rows = [...(found.rows.get(node)?.values() ?? [])];
      if (rows.length === 0) continue;
      const out: TableOutcome = {
        system: sys,
        table: node.table,
        rows: rows.length,
        deleted: 0,
        masked: 0,
        keptRows: [],
        keptFields: [],
      };
      plan.tables.push(out);
      const mode = node.annotation?.erase ?? node.pattern?.erase ?? "mask";
      const keepRow = (reason: string) => {
        const k = out.keptRows.find((x) => x.reason === reason);
        if (k) k.rows++;
        else out.keptRows.push({ reason, rows: 1 });
      };
      if (mode === "keep") {
        for (const _ of rows) keepRow("the map says this table is kept (erase: keep)");
        continue;
      }
      const shared =
        node.store === "sql" ? await sharedRows(graph, node, found, connectors) : new Map<string, string>();
      const deletes: RowKey[] = [];
      const masks = new Map<string, { keys: RowKey[]; held: Set<string>; rows: typeof rows }>();
      for (const r of rows) {
        const s = shared.get(keyOf(r.key));
        if (s) {
          keepRow(s);
          continue;
        }
        const active = (node.annotation?.holds ?? []).filter((h) => holdActive(h, r.values, options.now));
        const whole = active.find((h) => h.fields.length === 0);
        if (whole) {
          keepRow(`held for ${whole.for}: ${whole.reason}`);
          continue;
        }
        if (mode === "delete" && active.length === 0) {
          deletes.push(r.key);
          continue;
        }
        const held = new Set(active.flatMap((h) => h.fields));
        const sig = [...held].sort().join();
        const g = masks.get(sig) ?? { keys: [], held, rows: [] };
        g.keys.push(r.key);
        g.rows.push(r);
        masks.set(sig, g);
      }
      if (deletes.length > 0) {
        sp.changes.push({ table: node.table, op: "delete", keys: deletes });
        sp.checks.push({ table: node.table, keys: deletes, gone: true });
        out.deleted = deletes.length;
      }
      for (const g of masks.values()) {
        const m = masking(node, g.held, g.rows, options.hashKey);
        const holdOf = (f: string) =>
          (node.annotation?.holds ?? []).find((h) => h.fields.includes(f) && g.held.has(f));
        for (const [field, reason] of m.kept) {
          const h = holdOf(field);
          out.keptFields.push({
            field,
            reason: h ? `held for ${h.for}: ${h.reason}` : reason,
            rows: g.keys.length,
          });
        }
        if (Object.keys(m.set).length + Object.keys(m.perRow).length === 0) continue;
        if (node.store === "redis" && "*" in m.set) {
          sp.changes.push({ table: node.table, op: "delete", keys: g.keys });
          sp.checks.push({ table: node.table, keys: g.keys, gone: true });
          out.deleted += g.keys.length;
          continue;
        }
        sp.changes.push({ table: node.table, op: "update", set: m.set, perRow: m.perRow, keys: g.keys });
        sp.checks.push({ table: node.table, keys: g.keys, expect: { ...m.set, ...m.perRow } });
        out.masked += g.keys.length;
      }
      mergeKept(out);
    }
    if (sp.changes.length > 0) plan.systems.push(sp);
  }
  return plan;
}

function mergeKept(out: TableOutcome): void {
  const merged = new Map<string, { field: string; reason: string; rows: number }>();
  for (const k of out.keptFields) {
    const id = `${k.field}\u0000${k.reason}`;
    const m = merged.get(id);
    if (m) m.rows += k.rows;
    else merged.set(id, { ...k });
  }
  out.keptFields = [...merged.values()];
}

function masking(
  node: GraphNode,
  held: Set<string>,
  rows: readonly { values: Record<string, Scalar> }[],
  hashKey: string,
): Masking {
  const m: Masking = { set: {}, perRow: {}, kept: new Map() };
  const d = node.description;
  const notPersonal = new Set(node.annotation?.not_personal ?? []);
  for (const [field, f] of node.fields) {
    if (notPersonal.has(field)) continue;
    if (held.has(field)) {
      m.kept.set(field, "held");
      continue;
    }
    const nullable = node.store === "redis" || d.nullable.includes(field);
    const text = node.store === "redis" || TEXT.test(d.types[field] ?? "");
    const max = d.maxLength[field];
    const strategy = f.erase ?? (nullable ? "null" : text ? "redact" : "keep");
    if (strategy === "keep") {
      m.kept.set(
        field,
        f.erase === "keep"
          ? "the map keeps this field (erase: keep)"
          : "a required non-text column without an erase strategy",
      );
      continue;
    }
    if (strategy === "hash" && text) {
      m.perRow[field] = rows.map((r) => {
        const v = r.values[field];
        return v === null || v === undefined ? null : erasureHash(String(v), hashKey, max);
      });
      continue;
    }
    if (strategy === "fixed" && (text || typeof f.value !== "string")) {
      const v = f.value ?? null;
      m.set[field] = typeof v === "string" && max ? v.slice(0, max) : v;
      continue;
    }
    if (strategy === "redact" && text) {
      m.set[field] = max ? REDACTED.slice(0, max) : REDACTED;
      continue;
    }
    if (nullable) {
      m.set[field] = null;
      continue;
    }
    if (text) m.set[field] = max ? REDACTED.slice(0, max) : REDACTED;
    else m.kept.set(field, `a required ${d.types[field] ?? ""} column cannot take '${strategy}'`);
  }
  return m;
}

/**
 * The updates that write new values into every field of the given data categories on the subject's rows (a
 * correction), per system.
 *
 * @example
 * planCorrection(graph, found, { "user.contact.phone_number": "+14155550199" });
 */
export function planCorrection(
  graph: DataGraph,
  found: SubjectRows,
  corrections: Record<string, string>,
): {
  plans: Map<string, Change[]>;
  fields: { system: string; table: string; field: string; rows: number }[];
} {
  const plans = new Map<string, Change[]>();
  const fields: { system: string; table: string; field: string; rows: number }[] = [];
  for (const node of graph.nodes) {
    const rows = [...(found.rows.get(node)?.values() ?? [])];
    if (rows.length === 0) continue;
    if (node.store === "redis" && node.pattern?.type !== "hash") continue;
    const set: Record<string, Scalar> = {};
    for (const [field, f] of node.fields) {
      if (field === "*") continue;
      const value = corrections[f.category];
      if (value === undefined) continue;
      set[field] = value;
      fields.push({ system: node.system.id, table: node.table, field, rows: rows.length });
    }
    if (Object.keys(set).length === 0) continue;
    const list = plans.get(node.system.id) ?? [];
    list.push({ table: node.table, op: "update", set, keys: rows.map((r) => r.key) });
    plans.set(node.system.id, list);
  }
  return { plans, fields };
}

/**
 * The updates that write each table's `restrict` markers on the subject's rows, per system.
 *
 * @example
 * planRestriction(graph, found).get("marketing"); // [{ table: "newsletter_subscriptions", op: "update", … }]
 */
export function planRestriction(graph: DataGraph, found: SubjectRows): Map<string, Change[]> {
  const plans = new Map<string, Change[]>();
  for (const node of graph.nodes) {
    const marks = node.annotation?.restrict;
    const rows = [...(found.rows.get(node)?.values() ?? [])];
    if (!marks || rows.length === 0) continue;
    const list = plans.get(node.system.id) ?? [];
    list.push({ table: node.table, op: "update", set: { ...marks }, keys: rows.map((r) => r.key) });
    plans.set(node.system.id, list);
  }
  return plans;
}
