import type { DataMap, Recipient } from "../map/data-map-schema.js";
import { CCPA_CATEGORIES, CCPA_CATEGORY_IDS, type CcpaCategory } from "../taxonomy/ccpa-categories.js";
import { SOURCES, type SourceId } from "../taxonomy/data-uses.js";
import type { Taxonomy } from "../taxonomy/taxonomy.js";
import { collectedKey } from "./describe-collected.js";

/** What a CCPA privacy policy states for one statutory category of personal information. */
export interface CcpaDisclosure {
  category: CcpaCategory;
  title: string;
  /** The data category keys of the map that fall in this statutory category. */
  keys: string[];
  /** Labels of the sources it comes from. */
  sources: string[];
  /** The business purposes it is collected for (the data use label, else the purpose text). */
  purposes: string[];
  /** Recipients that buy it or receive it for cross-context behavioural advertising. */
  soldOrSharedTo: Recipient[];
  /** Recipients that receive it for a business purpose (neither sold nor shared). */
  businessPurposeTo: Recipient[];
}

/**
 * The data categories each recipient receives: its own `categories` when declared, else everything the
 * touchpoints that share with it collect.
 *
 * @example
 * disclosedTo(map).get("payment-providers"); // e.g. ["user.name", "user.payment", …]
 */
export function disclosedTo(map: DataMap): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of map.recipients) {
    if (r.categories) {
      out.set(r.id, [...r.categories]);
      continue;
    }
    const keys = new Set<string>();
    for (const t of map.touchpoints) {
      if (t.shares_with.includes(r.id)) for (const c of t.collects) keys.add(collectedKey(c));
    }
    out.set(r.id, [...keys]);
  }
  return out;
}

/**
 * Derives the CCPA table of the notice from the map: for each statutory category the map collects (in the
 * order of §1798.140(v)(1)), where it comes from, why, and to whom it is sold, shared or disclosed.
 *
 * @example
 * const rows = ccpaDisclosures(map, taxonomy);
 * rows[0]?.title; // "Identifiers"
 */
export function ccpaDisclosures(map: DataMap, taxonomy: Taxonomy): CcpaDisclosure[] {
  interface Acc {
    keys: Set<string>;
    sources: Set<string>;
    purposes: Set<string>;
    sold: Set<string>;
    business: Set<string>;
  }
  const acc = new Map<CcpaCategory, Acc>();
  const entry = (key: string): Acc | undefined => {
    const ccpa = taxonomy.category(key)?.ccpa;
    if (!ccpa) return undefined;
    let a = acc.get(ccpa);
    if (!a) {
      a = { keys: new Set(), sources: new Set(), purposes: new Set(), sold: new Set(), business: new Set() };
      acc.set(ccpa, a);
    }
    a.keys.add(key);
    return a;
  };
  const purposeWords = (p: { text: string; use?: string | undefined }) =>
    (p.use && taxonomy.use(p.use)?.label) || p.text;

  for (const t of map.touchpoints) {
    for (const c of t.collects) {
      const a = entry(collectedKey(c));
      if (!a) continue;
      for (const s of t.sources) a.sources.add(SOURCES[s as SourceId] ?? s);
      for (const p of t.purposes) a.purposes.add(purposeWords(p));
    }
  }
  const disclosed = disclosedTo(map);
  const collected = new Set(map.touchpoints.flatMap((t) => t.collects.map(collectedKey)));
  for (const r of map.recipients) {
    const sharing = map.touchpoints.filter((t) => t.shares_with.includes(r.id));
    for (const key of disclosed.get(r.id) ?? []) {
      const a = entry(key);
      if (!a) continue;
      // A category declared only on a recipient was collected by the touchpoints that share with it.
      if (!collected.has(key))
        for (const t of sharing) for (const s of t.sources) a.sources.add(SOURCES[s as SourceId] ?? s);
      (r.sells || r.shares ? a.sold : a.business).add(r.id);
    }
  }
  const inOrder = (ids: Set<string>) => map.recipients.filter((r) => ids.has(r.id));
  return CCPA_CATEGORY_IDS.flatMap((id) => {
    const a = acc.get(id);
    if (!a) return [];
    return [
      {
        category: id,
        title: CCPA_CATEGORIES[id].title,
        keys: [...a.keys],
        sources: [...a.sources],
        purposes: [...a.purposes],
        soldOrSharedTo: inOrder(a.sold),
        businessPurposeTo: inOrder(a.business),
      },
    ];
  });
}
