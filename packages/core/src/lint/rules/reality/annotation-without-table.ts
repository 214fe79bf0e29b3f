import type { Rule } from "../../rule.js";
import { declaredTables } from "./live-tables.js";

/**
 * `annotation-without-table`: a declared table that the live store does not have (renamed or dropped), so
 * requests would silently skip its data.
 *
 * @example
 * annotationWithoutTable.check(subject); // [{ message: "system 'commerce' declares table 'wishlist' …" }]
 */
export const annotationWithoutTable: Rule = {
  id: "annotation-without-table",
  kind: "reality",
  requiresLive: true,
  severity: "error",
  description: "A table declared under systems that the live store does not have.",
  check(subject) {
    return declaredTables(subject)
      .filter((t) => !(t.table in t.live.tables))
      .map((t) => ({
        message: `system '${t.systemId}' declares table '${t.table}', which the live store does not have: rename or remove the annotation`,
        location: subject.locate(["systems", t.systemIndex, "tables", t.table]),
      }));
  },
};
