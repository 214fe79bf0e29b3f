import type { System } from "@loupe/core";
import { stringify } from "yaml";

function prune(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(prune);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      if (Array.isArray(v) && v.length === 0) continue;
      if (v && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0) continue;
      out[k] = prune(v);
    }
    return out;
  }
  return value;
}

/**
 * Writes discovered systems as the `systems:` section of a `loupe.yaml`, leaving out empty lists and mappings.
 * Fields that need a person's confirmation keep their `review: true`.
 *
 * @example
 * const { system } = await discoverPostgres(url, { systemId: "commerce" });
 * writeFileSync("draft.yaml", draftToYaml([system]));
 */
export function draftToYaml(systems: readonly System[]): string {
  return stringify({ systems: systems.map(prune) }, { lineWidth: 110, flowCollectionPadding: true });
}
