import type { Rule } from "../../rule.js";
import { declaredTables } from "./live-tables.js";

/**
 * `identity-without-index`: a column requests start from (e-mail, phone, customer id…) has no index, so
 * every request scans the table. The message carries the statement that adds the index.
 *
 * @example
 * identityWithoutIndex.check(subject); // [{ message: "… add it with: CREATE INDEX …" }]
 */
export const identityWithoutIndex: Rule = {
  id: "identity-without-index",
  kind: "reality",
  requiresLive: true,
  severity: "warning",
  description:
    "An identity column of a declared table has no index; the message gives the CREATE INDEX statement.",
  check(subject) {
    return declaredTables(subject).flatMap((t) => {
      const identities = new Set(Object.values(t.annotation.identity));
      return t.live.notes
        .filter(
          (n) =>
            n.code === "identity-without-index" &&
            n.table === t.table &&
            n.column &&
            identities.has(n.column),
        )
        .map((n) => {
          const kind =
            Object.entries(t.annotation.identity).find(([, c]) => c === n.column)?.[0] ?? "identity";
          return {
            message: `identity column '${t.table}.${n.column}' of system '${t.systemId}' has no index${n.fix ? `; add it with: ${n.fix}` : ""}`,
            location: subject.locate(["systems", t.systemIndex, "tables", t.table, "identity", kind]),
          };
        });
    });
  },
};
