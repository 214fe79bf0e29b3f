import type { DataMap } from "../../../map/data-map-schema.js";
import type { MapPath } from "../../../map/load-data-map.js";
import { Taxonomy } from "../../../taxonomy/taxonomy.js";

/** How the retention rules cover one collected category. */
export interface RetentionCoverage {
  category: string;
  /** Where the category is first collected: `touchpoints[i].collects[j]`. */
  path: MapPath;
  touchpoint: string;
  /** Indexes of the retention entries that name the category or one of its ancestors. */
  entries: number[];
  /** True when one of those entries gives a `period`. */
  hasPeriod: boolean;
}

/**
 * Every category the map's touchpoints collect (once, where first collected) with the retention entries that
 * cover it. An entry for an ancestor key covers its descendants (`user.contact` covers `user.contact.email`).
 *
 * @example
 * retentionCoverage(map).filter((c) => !c.entries.length).map((c) => c.category); // ["user.social"]
 */
export function retentionCoverage(map: DataMap): RetentionCoverage[] {
  const seen = new Set<string>();
  const out: RetentionCoverage[] = [];
  map.touchpoints.forEach((t, ti) => {
    t.collects.forEach((c, ci) => {
      const category = typeof c === "string" ? c : c.category;
      if (seen.has(category)) return;
      seen.add(category);
      const entries: number[] = [];
      map.retention.forEach((r, ri) => {
        if (r.categories.some((k) => Taxonomy.isUnder(category, k))) entries.push(ri);
      });
      out.push({
        category,
        path: ["touchpoints", ti, "collects", ci],
        touchpoint: t.id,
        entries,
        hasPeriod: entries.some((ri) => Boolean(map.retention[ri]?.period)),
      });
    });
  });
  return out;
}
