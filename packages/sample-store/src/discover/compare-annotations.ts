import { type FieldAnnotation, type IdentityKind, type System, Taxonomy } from "@loupe/core";

/** One field of the shipped annotation and what discovery proposed for it. */
export interface FieldComparison {
  /** Table name, or `key:<pattern>` for Redis. */
  table: string;
  column: string;
  expected: string;
  proposed?: string;
  expectedCcpa?: string;
  proposedCcpa?: string;
  /** `same`: same category; `same-ccpa`: another category in the same CCPA category; `different`; `missing`. */
  outcome: "same" | "same-ccpa" | "different" | "missing";
}

export interface AnnotationComparison {
  /** Personal-data columns (and Redis fields) in the shipped annotation. */
  fields: number;
  same: number;
  sameCcpa: number;
  /** `same + sameCcpa`. */
  matched: number;
  /** `matched / fields`, from 0 to 1. */
  share: number;
  /** Every shipped field that did not get the same category. */
  mismatches: FieldComparison[];
  /** Fields discovery proposed that the shipped annotation does not have. */
  extra: { table: string; column: string; proposed: string }[];
  /** Shipped identity columns that discovery also proposed. */
  identities: {
    total: number;
    matched: number;
    missing: { table: string; kind: IdentityKind; column: string }[];
  };
  /** Shipped references that discovery also proposed (it finds foreign keys, not references across stores). */
  references: {
    total: number;
    matched: number;
    missing: { table: string; column: string; target: string }[];
  };
}

function categoryOf(f: FieldAnnotation | undefined): string | undefined {
  return f === undefined ? undefined : typeof f === "string" ? f : f.category;
}

interface Flat {
  fields: Map<string, Map<string, FieldAnnotation>>;
  identity: Map<string, Partial<Record<IdentityKind, string>>>;
  references: Map<string, Record<string, string>>;
}

function flatten(systems: readonly System[]): Flat {
  const out: Flat = { fields: new Map(), identity: new Map(), references: new Map() };
  for (const s of systems) {
    for (const [name, t] of Object.entries(s.tables ?? {})) {
      out.fields.set(name, new Map(Object.entries(t.fields ?? {})));
      out.identity.set(name, t.identity ?? {});
      out.references.set(name, t.references ?? {});
    }
    for (const k of s.keys ?? []) {
      const name = `key:${k.pattern}`;
      out.fields.set(name, new Map(Object.entries(k.fields ?? {})));
      out.identity.set(name, k.identity ?? {});
    }
  }
  return out;
}

/**
 * Measures a discovered draft against a shipped annotation: the share of the shipped personal-data columns for
 * which discovery proposed the same category, or one in the same CCPA category. Tables (and Redis key patterns)
 * are matched by name across all the systems given, so a draft of several stores compares with one annotation.
 *
 * @example
 * const r = compareAnnotations([draft.system], sampleStoreSystems());
 * console.log(`${(r.share * 100).toFixed(1)}% of ${r.fields} columns`);
 */
export function compareAnnotations(
  proposed: System | readonly System[],
  shipped: System | readonly System[],
  taxonomy: Taxonomy = new Taxonomy(),
): AnnotationComparison {
  const p = flatten(Array.isArray(proposed) ? proposed : [proposed as System]);
  const s = flatten(Array.isArray(shipped) ? shipped : [shipped as System]);
  const result: AnnotationComparison = {
    fields: 0,
    same: 0,
    sameCcpa: 0,
    matched: 0,
    share: 0,
    mismatches: [],
    extra: [],
    identities: { total: 0, matched: 0, missing: [] },
    references: { total: 0, matched: 0, missing: [] },
  };
  for (const [table, fields] of s.fields) {
    const got = p.fields.get(table);
    for (const [column, f] of fields) {
      const expected = categoryOf(f) as string;
      result.fields++;
      const proposedCat = categoryOf(got?.get(column));
      const c: FieldComparison = { table, column, expected, outcome: "missing" };
      const ex = taxonomy.ccpaOf(expected)?.id;
      if (ex) c.expectedCcpa = ex;
      if (proposedCat !== undefined) {
        c.proposed = proposedCat;
        const pc = taxonomy.ccpaOf(proposedCat)?.id;
        if (pc) c.proposedCcpa = pc;
        c.outcome =
          proposedCat === expected ? "same" : pc !== undefined && pc === ex ? "same-ccpa" : "different";
      }
      if (c.outcome === "same") result.same++;
      else {
        if (c.outcome === "same-ccpa") result.sameCcpa++;
        result.mismatches.push(c);
      }
    }
  }
  for (const [table, fields] of p.fields) {
    const want = s.fields.get(table);
    for (const [column, f] of fields)
      if (!want?.has(column)) result.extra.push({ table, column, proposed: categoryOf(f) as string });
  }
  for (const [table, identity] of s.identity) {
    const got = p.identity.get(table) ?? {};
    for (const [kind, column] of Object.entries(identity) as [IdentityKind, string][]) {
      result.identities.total++;
      if (got[kind] === column) result.identities.matched++;
      else result.identities.missing.push({ table, kind, column });
    }
  }
  for (const [table, refs] of s.references) {
    const got = p.references.get(table) ?? {};
    for (const [column, target] of Object.entries(refs)) {
      result.references.total++;
      if (got[column] === target) result.references.matched++;
      else result.references.missing.push({ table, column, target });
    }
  }
  result.matched = result.same + result.sameCcpa;
  result.share = result.fields === 0 ? 1 : result.matched / result.fields;
  return result;
}
