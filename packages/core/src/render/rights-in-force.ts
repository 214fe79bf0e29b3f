import { JURISDICTIONS, type JurisdictionId, RIGHTS, type RightId } from "../law/jurisdictions.js";
import type { DataMap } from "../map/data-map-schema.js";

/**
 * The rights a notice states, in the order of {@link RIGHTS}: `rights.granted` when the map lists any, else
 * every right of the map's jurisdictions. `rights.appeal: true` adds the right to appeal, `false` removes it.
 *
 * @example
 * rightsInForce(map); // e.g. ["know", "access", "portability", "delete", …]
 */
export function rightsInForce(map: DataMap): RightId[] {
  const set = new Set<RightId>(
    map.rights.granted.length
      ? map.rights.granted
      : map.jurisdictions.flatMap((j) => JURISDICTIONS[j as JurisdictionId]?.rights ?? []),
  );
  if (map.rights.appeal === true) set.add("appeal");
  if (map.rights.appeal === false) set.delete("appeal");
  return (Object.keys(RIGHTS) as RightId[]).filter((r) => set.has(r));
}

/**
 * The map's jurisdictions that Loupe knows, in the map's order.
 *
 * @example
 * knownJurisdictions(map); // ["us-ca", "eea"]
 */
export function knownJurisdictions(map: DataMap): JurisdictionId[] {
  return map.jurisdictions.filter((j): j is JurisdictionId => j in JURISDICTIONS);
}
