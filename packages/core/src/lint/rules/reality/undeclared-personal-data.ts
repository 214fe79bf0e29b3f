import type { Rule, RuleHit } from "../../rule.js";

/**
 * `undeclared-personal-data`: a live column whose name or sampled values look personal and that no
 * annotation covers, so access requests would miss it and erasure would leave it behind.
 *
 * @example
 * undeclaredPersonalData.check(subject); // [{ message: "… column 'customers.fax' looks like user.contact.fax_number …" }]
 */
export const undeclaredPersonalData: Rule = {
  id: "undeclared-personal-data",
  kind: "reality",
  requiresLive: true,
  severity: "warning",
  description: "A live column that looks personal and that no annotation covers.",
  check(subject) {
    const hits: RuleHit[] = [];
    subject.map.systems.forEach((system, si) => {
      const live = subject.live?.[system.id];
      if (!live) return;
      for (const [table, columns] of Object.entries(live.personal)) {
        const declared = system.tables[table];
        const covered = new Set<string>(
          declared
            ? [
                ...Object.keys(declared.fields),
                ...Object.values(declared.identity).filter((c): c is string => !!c),
                ...Object.keys(declared.references),
                ...declared.not_personal,
              ]
            : [],
        );
        for (const [column, category] of Object.entries(columns)) {
          if (covered.has(column)) continue;
          hits.push({
            message: `column '${table}.${column}' of system '${system.id}' looks like ${category} but no annotation covers it: add it under systems[${si}].tables.${table}.fields, or under not_personal if it is not the data subject's`,
            location: subject.locate(declared ? ["systems", si, "tables", table] : ["systems", si, "tables"]),
          });
        }
      }
    });
    return hits;
  },
};
