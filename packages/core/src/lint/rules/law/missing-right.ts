import { RIGHTS, type RightId } from "../../../law/jurisdictions.js";
import type { Rule, RuleHit } from "../../rule.js";
import { applicableJurisdictions, titles } from "./applicable-jurisdictions.js";

/**
 * `missing-right`: `rights.granted` lists rights but leaves out one that a jurisdiction of the map gives
 * (`JURISDICTIONS[j].rights`: for California also the rights to opt out of sharing and to limit the use of
 * sensitive information, for the other US states the right to appeal). One finding per missing right.
 * An empty `rights.granted` means "every right the law gives" and is never a finding: the renderer writes them all.
 *
 * @example
 * missingRight.check(subject); // [{ message: "California gives the right to correct ('correct') …", location: { path: "rights" } }]
 */
export const missingRight: Rule = {
  id: "missing-right",
  kind: "law",
  severity: "error",
  description: "rights.granted leaves out a right that one of the map's jurisdictions gives.",
  check(subject) {
    const { map } = subject;
    const granted = new Set<string>(map.rights.granted);
    if (!granted.size) return [];
    const required = new Map<RightId, { title: string }[]>();
    for (const j of applicableJurisdictions(map)) {
      for (const right of j.rights as readonly RightId[]) {
        required.set(right, [...(required.get(right) ?? []), j]);
      }
    }
    const hits: RuleHit[] = [];
    for (const [right, by] of required) {
      if (granted.has(right)) continue;
      const title: string = RIGHTS[right].title;
      const named = title.startsWith("Right") ? `the r${title.slice(1)}` : `the “${title}” right`;
      hits.push({
        message: `${titles(by)} ${by.length > 1 ? "give" : "gives"} ${named} ('${right}') but rights.granted does not list it: add '${right}' to rights.granted, or leave rights.granted empty to grant every right the law gives`,
        location: subject.locate(["rights"]),
      });
    }
    return hits;
  },
};
