import type { TableAnnotation } from "../../../map/systems-schema.js";
import type { LintSubject, LiveSystem } from "../../rule.js";

/** A declared SQL table of a system that has a live snapshot, with everything needed to point at it. */
export interface DeclaredTable {
  systemIndex: number;
  systemId: string;
  table: string;
  annotation: TableAnnotation;
  live: LiveSystem;
}

/**
 * The declared tables of every system the subject has a live snapshot for.
 *
 * @example
 * for (const t of declaredTables(subject)) t.live.tables[t.table];
 */
export function declaredTables(subject: LintSubject): DeclaredTable[] {
  const out: DeclaredTable[] = [];
  subject.map.systems.forEach((system, systemIndex) => {
    const live = subject.live?.[system.id];
    if (!live) return;
    for (const [table, annotation] of Object.entries(system.tables))
      out.push({ systemIndex, systemId: system.id, table, annotation, live });
  });
  return out;
}

/** Columns an annotation names: fields, identities, references, holds and the soft-delete column. */
export function annotatedColumns(t: TableAnnotation): { column: string; path: (string | number)[] }[] {
  const cols: { column: string; path: (string | number)[] }[] = [];
  for (const c of Object.keys(t.fields)) cols.push({ column: c, path: ["fields", c] });
  for (const [kind, c] of Object.entries(t.identity))
    if (c) cols.push({ column: c, path: ["identity", kind] });
  for (const c of Object.keys(t.references)) cols.push({ column: c, path: ["references", c] });
  t.holds.forEach((h, i) => {
    h.fields.forEach((c, j) => cols.push({ column: c, path: ["holds", i, "fields", j] }));
  });
  t.not_personal.forEach((c, i) => cols.push({ column: c, path: ["not_personal", i] }));
  if (t.soft_delete) cols.push({ column: t.soft_delete, path: ["soft_delete"] });
  return cols;
}
