import type { Rule, RuleHit } from "../../rule.js";
import { annotatedColumns, declaredTables } from "./live-tables.js";

/**
 * `annotation-without-column`: an annotation names a column that the live table does not have.
 *
 * @example
 * annotationWithoutColumn.check(subject); // [{ message: "… column 'fax' of table 'customers' …" }]
 */
export const annotationWithoutColumn: Rule = {
  id: "annotation-without-column",
  kind: "reality",
  requiresLive: true,
  severity: "error",
  description: "An annotation names a column that the live table does not have.",
  check(subject) {
    const hits: RuleHit[] = [];
    for (const t of declaredTables(subject)) {
      const columns = t.live.tables[t.table];
      if (!columns) continue;
      const have = new Set(columns);
      const seen = new Set<string>();
      for (const { column, path } of annotatedColumns(t.annotation)) {
        if (have.has(column) || seen.has(column)) continue;
        seen.add(column);
        hits.push({
          message: `system '${t.systemId}' annotates column '${column}' of table '${t.table}', which the live table does not have: rename or remove it`,
          location: subject.locate(["systems", t.systemIndex, "tables", t.table, ...path]),
        });
      }
    }
    return hits;
  },
};
