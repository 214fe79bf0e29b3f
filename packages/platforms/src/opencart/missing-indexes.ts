import type { System } from "@loupe/core";
import mysql from "mysql2/promise";
import type { OpencartDatabase } from "./recognise-opencart.js";

/** An identity or reference column that no index starts with: every request scans the whole table. */
export interface MissingIndex {
  /** Prefixed table name. */
  table: string;
  column: string;
  /** The identity kind the column holds, or `reference` for a column pointing to another table. */
  role: string;
  /** The server's row estimate. */
  estimatedRows: number;
  /** The statement that adds the index (identifiers quoted). */
  statement: string;
}

/**
 * Lists the identity and reference columns of an annotated OpenCart system that no index starts with, each
 * with the `ALTER TABLE … ADD INDEX` statement that would add one (text columns get a 191-character prefix,
 * the longest a utf8mb4 index key allows on older servers). Pure: reads what recognition found.
 *
 * @example
 * const found = await recogniseOpencart(conn);
 * const built = found.ok ? opencartSystem(found.value) : undefined;
 * if (found.ok && built?.ok) missingIndexes(found.value, built.value.system).map((m) => m.statement);
 * // ["ALTER TABLE `oc_order` ADD INDEX `loupe_customer_id` (`customer_id`)", …]
 */
export function missingIndexes(db: OpencartDatabase, system: System): MissingIndex[] {
  const out: MissingIndex[] = [];
  for (const [table, annotation] of Object.entries(system.tables)) {
    const live = db.tables.get(table.slice(db.prefix.length));
    if (!live) continue;
    const roles = new Map<string, string>();
    for (const [kind, column] of Object.entries(annotation.identity)) if (column) roles.set(column, kind);
    for (const column of Object.keys(annotation.references))
      if (!roles.has(column)) roles.set(column, "reference");
    for (const [column, role] of roles) {
      if (live.indexes.some((i) => i.columns[0] === column)) continue;
      const type = live.columns.find((c) => c.name === column)?.type ?? "";
      const key = /text|blob/i.test(type) ? `${mysql.escapeId(column)}(191)` : mysql.escapeId(column);
      out.push({
        table,
        column,
        role,
        estimatedRows: live.estimatedRows,
        statement: `ALTER TABLE ${mysql.escapeId(table)} ADD INDEX ${mysql.escapeId(`loupe_${column}`.slice(0, 64))} (${key})`,
      });
    }
  }
  return out;
}
