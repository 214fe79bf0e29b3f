import { JURISDICTIONS, type Jurisdiction, type JurisdictionId } from "../../../law/jurisdictions.js";
import type { DataMap } from "../../../map/data-map-schema.js";

/** The jurisdictions a map declares, with their rules. */
export interface AppliedJurisdiction extends Jurisdiction {
  id: JurisdictionId;
}

/**
 * The map's jurisdictions that Loupe knows, in the map's order.
 *
 * @example
 * applicableJurisdictions(map).map((j) => j.id); // ["us-ca", "eea"]
 */
export function applicableJurisdictions(map: DataMap): AppliedJurisdiction[] {
  return map.jurisdictions.flatMap((id) => {
    const j = (JURISDICTIONS as Record<string, Jurisdiction>)[id];
    return j ? [{ ...j, id: id as JurisdictionId }] : [];
  });
}

/**
 * Joins jurisdiction titles for a message: "California", "California and Colorado", "A, B and C".
 *
 * @example
 * titles([{ title: "California" }, { title: "Colorado" }]); // "California and Colorado"
 */
export function titles(js: readonly { title: string }[]): string {
  const t = js.map((j) => j.title);
  return t.length <= 1 ? (t[0] ?? "") : `${t.slice(0, -1).join(", ")} and ${t[t.length - 1]}`;
}
