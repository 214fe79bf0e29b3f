import { type KeyPattern, LoupeError, type System, type TableAnnotation } from "@loupe/core";
import type { StoreConnector, TableDescription } from "../connector/connector.js";
import { placeholderOf } from "../redis/redis-connector.js";

/** A field's annotation, resolved. */
export interface GraphField {
  category: string;
  erase?: string;
  value?: string | number | boolean | null;
}

/** One table (or Redis key pattern) of one system. */
export interface GraphNode {
  /** `system.table`. */
  id: string;
  system: System;
  table: string;
  store: "sql" | "redis";
  annotation?: TableAnnotation;
  pattern?: KeyPattern;
  description: TableDescription;
  /** Primary key columns (Redis: `$key`). */
  pk: string[];
  /** Identity kind and the column holding it; `scan` when finding it means scanning a Redis pattern. */
  identity: { kind: string; column: string; scan: boolean }[];
  fields: Map<string, GraphField>;
  /** Columns every located row carries. */
  select: Set<string>;
}

/** A reference: rows of `child` point at rows of `parent` through the given columns (one or several). */
export interface GraphEdge {
  child: GraphNode;
  childColumns: string[];
  parent: GraphNode;
  parentColumns: string[];
  /** Read from the live schema's foreign keys rather than declared. */
  live: boolean;
}

export interface DataGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  node(id: string): GraphNode | undefined;
}

function normaliseField(f: unknown): GraphField {
  if (typeof f === "string") return { category: f };
  const o = f as { category: string; erase?: string; value?: string | number | boolean | null };
  return { category: o.category, erase: o.erase, value: o.value };
}

/**
 * Builds the graph the engine walks: one node per annotated table or key pattern of the store systems, edges from
 * declared references (`table.column`, or `system.table.column` across systems) and from the live foreign keys
 * between annotated tables. Every annotated name is checked against the live description; an unknown one fails
 * with its YAML path.
 *
 * @example
 * const graph = buildDataGraph(systems, connectors);
 * graph.node("commerce.orders")?.identity; // [{ kind: "customer_id", column: "customer_id", scan: false }, …]
 */
export function buildDataGraph(
  systems: readonly System[],
  descriptions: ReadonlyMap<string, ReadonlyMap<string, TableDescription>>,
  connectors: ReadonlyMap<string, StoreConnector>,
): DataGraph {
  const nodes: GraphNode[] = [];
  const byId = new Map<string, GraphNode>();
  const where = (s: System, t: string, c?: string) => ({
    path: `systems[${s.id}].${s.connector === "redis" ? "keys" : "tables"}.${t}${c ? `.${c}` : ""}`,
  });
  for (const s of systems) {
    if (!connectors.has(s.id)) continue;
    const live = descriptions.get(s.id) ?? new Map();
    if (s.connector === "redis") {
      for (const p of s.keys) {
        const ph = placeholderOf(p.pattern);
        const fields = new Map<string, GraphField>();
        for (const [f, a] of Object.entries(p.fields)) fields.set(f, normaliseField(a));
        const identity = [{ kind: ph, column: ph, scan: false }];
        for (const [kind, field] of Object.entries(p.identity))
          if (field) identity.push({ kind, column: field, scan: true });
        const desc = live.get(p.pattern) as TableDescription;
        const node: GraphNode = {
          id: `${s.id}.${p.pattern}`,
          system: s,
          table: p.pattern,
          store: "redis",
          pattern: p,
          description: desc,
          pk: ["$key"],
          identity,
          fields,
          select: new Set(["$key", ...identity.map((i) => i.column)]),
        };
        nodes.push(node);
        byId.set(node.id, node);
      }
      continue;
    }
    for (const [t, a] of Object.entries(s.tables)) {
      const desc = live.get(t);
      if (!desc)
        throw new LoupeError(
          "MAP_INVALID",
          `table '${t}' of system '${s.id}' does not exist in the store`,
          where(s, t),
        );
      const has = (c: string, sub: string) => {
        if (!desc.columns.includes(c))
          throw new LoupeError(
            "MAP_INVALID",
            `column '${c}' does not exist in ${s.id}.${t}`,
            where(s, t, `${sub}.${c}`),
          );
      };
      const pk = a.primary_key?.length ? a.primary_key : desc.primaryKey;
      if (pk.length === 0)
        throw new LoupeError(
          "MAP_INVALID",
          `${s.id}.${t} has no primary key; declare primary_key`,
          where(s, t),
        );
      for (const c of pk) has(c, "primary_key");
      const identity = Object.entries(a.identity).map(([kind, column]) => {
        has(column as string, "identity");
        return { kind, column: column as string, scan: false };
      });
      const fields = new Map<string, GraphField>();
      for (const [c, f] of Object.entries(a.fields)) {
        has(c, "fields");
        fields.set(c, normaliseField(f));
      }
      const select = new Set<string>([...pk, ...identity.map((i) => i.column)]);
      for (const h of a.holds)
        if (h.from) {
          has(h.from, "holds.from");
          select.add(h.from);
        }
      for (const [c, f] of fields) if (f.erase === "hash") select.add(c);
      if (a.soft_delete) has(a.soft_delete, "soft_delete");
      for (const c of Object.keys(a.restrict ?? {})) has(c, "restrict");
      for (const c of [...a.not_personal]) has(c, "not_personal");
      const node: GraphNode = {
        id: `${s.id}.${t}`,
        system: s,
        table: t,
        store: "sql",
        annotation: a,
        description: desc,
        pk,
        identity,
        fields,
        select,
      };
      nodes.push(node);
      byId.set(node.id, node);
    }
  }
  // Declared references, grouped by (child, parent) so that composite keys stay one edge.
  const groups = new Map<string, GraphEdge>();
  const systemIds = new Set(systems.map((s) => s.id));
  for (const n of nodes) {
    if (n.store !== "sql") continue;
    for (const [col, target] of Object.entries(n.annotation?.references ?? {})) {
      if (!n.description.columns.includes(col))
        throw new LoupeError(
          "MAP_INVALID",
          `column '${col}' does not exist in ${n.id}`,
          where(n.system, n.table, `references.${col}`),
        );
      const parts = target.split(".");
      const [sys, table, column] =
        parts.length === 3 && systemIds.has(parts[0] as string)
          ? (parts as [string, string, string])
          : [n.system.id, parts[parts.length - 2] as string, parts[parts.length - 1] as string];
      const parent = byId.get(`${sys}.${table}`);
      // References to tables that hold no personal data (a product catalogue) are not followed.
      if (!parent) continue;
      if (!parent.description.columns.includes(column))
        throw new LoupeError(
          "MAP_INVALID",
          `reference ${target}: column '${column}' does not exist`,
          where(n.system, n.table, `references.${col}`),
        );
      const key = `${n.id}>${parent.id}`;
      const e = groups.get(key) ?? { child: n, childColumns: [], parent, parentColumns: [], live: false };
      e.childColumns.push(col);
      e.parentColumns.push(column);
      groups.set(key, e);
    }
  }
  const edges: GraphEdge[] = [];
  for (const e of groups.values()) {
    // Several columns to one parent are one composite reference only when together they are its key
    // (order_id + line_no → order_items); otherwise each column is a reference of its own (shipping and billing).
    const composite = e.parentColumns.length > 1 && samePk(e.parent.pk, e.parentColumns);
    if (composite || e.parentColumns.length === 1) edges.push(e);
    else
      e.childColumns.forEach((c, i) =>
        edges.push({ ...e, childColumns: [c], parentColumns: [e.parentColumns[i] as string] }),
      );
  }
  // Live foreign keys between annotated tables of the same system, when not declared.
  for (const n of nodes) {
    if (n.store !== "sql") continue;
    for (const fk of n.description.foreignKeys) {
      const parent = byId.get(`${n.system.id}.${fk.table}`);
      if (!parent) continue;
      const known = edges.some(
        (e) => e.child === n && e.parent === parent && e.childColumns.join() === fk.columns.join(),
      );
      if (!known)
        edges.push({ child: n, childColumns: fk.columns, parent, parentColumns: fk.refColumns, live: true });
    }
  }
  for (const e of edges) {
    for (const c of e.childColumns) e.child.select.add(c);
    for (const c of e.parentColumns) e.parent.select.add(c);
  }
  return { nodes, edges, node: (id) => byId.get(id) };
}

function samePk(pk: readonly string[], cols: readonly string[]): boolean {
  return pk.length === cols.length && pk.every((c) => cols.includes(c));
}

/**
 * Orders the nodes of one system so that children come before their parents (by references and foreign keys).
 *
 * @example
 * childrenFirst(graph, "commerce").map((n) => n.table); // ["page_views", …, "customers"]
 */
export function childrenFirst(graph: DataGraph, systemId: string): GraphNode[] {
  const nodes = graph.nodes.filter((n) => n.system.id === systemId);
  const out: GraphNode[] = [];
  const state = new Map<GraphNode, 1 | 2>();
  const visit = (n: GraphNode) => {
    if (state.get(n) === 2 || state.get(n) === 1) return;
    state.set(n, 1);
    // Children (nodes whose rows point at n) go first.
    for (const e of graph.edges)
      if (e.parent === n && e.child !== n && e.child.system.id === systemId) visit(e.child);
    state.set(n, 2);
    out.push(n);
  };
  for (const n of nodes) visit(n);
  return out;
}
