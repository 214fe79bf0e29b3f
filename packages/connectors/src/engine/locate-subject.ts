import type { LocatedRow, LocateQuery, Scalar, StoreConnector } from "../connector/connector.js";
import type { DataGraph, GraphEdge, GraphNode } from "./data-graph.js";

/** How a row was reached. */
export type Reach = "identity" | "child" | "parent";

export interface SubjectRow extends LocatedRow {
  reach: Reach;
}

/** Every row of the subject, per node, with the identity values found on the way. */
export interface SubjectRows {
  rows: Map<GraphNode, Map<string, SubjectRow>>;
  identities: Map<string, Set<string>>;
}

const keyOf = (key: readonly Scalar[]) => JSON.stringify(key.map((v) => (v === null ? null : String(v))));
const norm = (kind: string, v: Scalar) => (kind === "email" ? String(v).toLowerCase() : String(v));

/**
 * Finds every row of a subject: rows matching an identity (e-mail, phone, customer id… and every identity value read
 * from those rows, to a fixed point), rows pointing at the subject's rows (a child row that names another person
 * through one of its own identity columns is that person's and is left out), and rows the subject's rows point at in
 * tables without identities of their own (addresses). Redis patterns found only by scanning hash fields are
 * searched once the SQL stores are settled.
 *
 * @example
 * const found = await locateSubject(graph, connectors, new Map([["email", new Set(["ann@example.com"])]]));
 * found.rows.get(graph.node("commerce.orders")!)?.size; // the subject's orders
 */
export async function locateSubject(
  graph: DataGraph,
  connectors: ReadonlyMap<string, StoreConnector>,
  start: Map<string, Set<string>>,
): Promise<SubjectRows> {
  const identities = new Map<string, Set<string>>();
  for (const [k, vs] of start) identities.set(k, new Set([...vs].map((v) => norm(k, v))));
  const rows = new Map<GraphNode, Map<string, SubjectRow>>(graph.nodes.map((n) => [n, new Map()]));
  const queried = new Map<string, Set<string>>();
  const parked = new Map<GraphNode, Map<string, SubjectRow>>();

  const fresh = (node: GraphNode, column: string, values: Iterable<string>): string[] => {
    const k = `${node.id}\u0000${column}`;
    let seen = queried.get(k);
    if (!seen) {
      seen = new Set();
      queried.set(k, seen);
    }
    const out: string[] = [];
    for (const v of values)
      if (!seen.has(v)) {
        seen.add(v);
        out.push(v);
      }
    return out;
  };
  const find = async (node: GraphNode, where: LocateQuery["where"]) => {
    const c = connectors.get(node.system.id) as StoreConnector;
    const out: LocatedRow[] = [];
    for await (const batch of c.locate({ table: node.table, where, select: [...node.select] }))
      out.push(...batch);
    return out;
  };
  const learn = (node: GraphNode, row: LocatedRow): boolean => {
    let grew = false;
    for (const id of node.identity) {
      const v = row.values[id.column];
      if (v === null || v === undefined || v === "") continue;
      let set = identities.get(id.kind);
      if (!set) {
        set = new Set();
        identities.set(id.kind, set);
      }
      const n = norm(id.kind, v);
      if (!set.has(n)) {
        set.add(n);
        grew = true;
      }
    }
    return grew;
  };
  const foreign = (node: GraphNode, row: LocatedRow): boolean =>
    node.identity.some((id) => {
      const v = row.values[id.column];
      if (v === null || v === undefined || v === "") return false;
      return !identities.get(id.kind)?.has(norm(id.kind, v));
    });
  const tupleOf = (row: LocatedRow, cols: string[]) => keyOf(cols.map((c) => row.values[c] ?? null));

  const followChild = async (e: GraphEdge): Promise<() => boolean> => {
    const parentRows = [...(rows.get(e.parent)?.values() ?? [])];
    const tuples = new Set(parentRows.map((r) => tupleOf(r, e.parentColumns)));
    const first = e.parentColumns[0] as string;
    const values = fresh(
      e.child,
      `<${e.childColumns.join()}`,
      parentRows
        .map((r) => r.values[first])
        .filter((v) => v !== null)
        .map(String),
    );
    if (values.length === 0) return () => false;
    const found = await find(e.child, [{ column: e.childColumns[0] as string, values }]);
    return () => {
      let changed = false;
      for (const r of found) {
        if (!tuples.has(tupleOf(r, e.childColumns))) continue;
        const map = rows.get(e.child) as Map<string, SubjectRow>;
        const k = keyOf(r.key);
        if (map.has(k)) continue;
        if (foreign(e.child, r)) {
          const p = parked.get(e.child) ?? new Map();
          p.set(k, { ...r, reach: "child" });
          parked.set(e.child, p);
          continue;
        }
        map.set(k, { ...r, reach: "child" });
        changed = true;
      }
      return changed;
    };
  };
  const followParent = async (e: GraphEdge): Promise<() => boolean> => {
    const childRows = [...(rows.get(e.child)?.values() ?? [])];
    const tuples = new Set(childRows.map((r) => tupleOf(r, e.childColumns)));
    const first = e.childColumns[0] as string;
    const values = fresh(
      e.parent,
      `>${e.parentColumns.join()}`,
      childRows
        .map((r) => r.values[first])
        .filter((v) => v !== null)
        .map(String),
    );
    if (values.length === 0) return () => false;
    const found = await find(e.parent, [{ column: e.parentColumns[0] as string, values }]);
    return () => {
      let changed = false;
      for (const r of found) {
        if (!tuples.has(tupleOf(r, e.parentColumns))) continue;
        const map = rows.get(e.parent) as Map<string, SubjectRow>;
        const k = keyOf(r.key);
        if (map.has(k)) continue;
        map.set(k, { ...r, reach: "parent" });
        changed = true;
      }
      return changed;
    };
  };

  let scans = false;
  for (let round = 0; round < 50; round++) {
    let changed = false;
    // Each phase queries every store at once (the connections' pools bound it), then applies what came back.
    const byIdentity = await Promise.all(
      graph.nodes.map(async (node) => {
        const where: LocateQuery["where"] = [];
        for (const id of node.identity) {
          if (id.scan && !scans) continue;
          const values = fresh(node, id.column, identities.get(id.kind) ?? []);
          if (values.length > 0)
            where.push({ column: id.column, values, match: id.kind === "email" ? "email" : "exact" });
        }
        return { node, rows: where.length > 0 ? await find(node, where) : [] };
      }),
    );
    for (const { node, rows: found } of byIdentity) {
      const map = rows.get(node) as Map<string, SubjectRow>;
      for (const r of found) {
        const k = keyOf(r.key);
        const had = map.get(k);
        if (had?.reach !== "identity") map.set(k, { ...r, reach: "identity" });
        if (learn(node, r)) changed = true;
        if (!had) changed = true;
      }
    }
    const applies = await Promise.all(
      graph.edges.flatMap((e) => [
        followChild(e),
        // Only tables without identities of their own are reached from the rows pointing at them.
        ...(e.parent.identity.length === 0 ? [followParent(e)] : []),
      ]),
    );
    for (const apply of applies) if (apply()) changed = true;
    for (const [node, p] of parked) {
      for (const [k, r] of p) {
        if (foreign(node, r)) continue;
        p.delete(k);
        const map = rows.get(node) as Map<string, SubjectRow>;
        if (!map.has(k)) {
          map.set(k, r);
          changed = true;
        }
      }
    }
    if (!changed) {
      if (scans) break;
      scans = true;
    }
  }
  return { rows, identities };
}

/** The key string of a row key, as used in {@link SubjectRows}. */
export { keyOf };
