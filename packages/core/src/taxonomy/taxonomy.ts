import { CCPA_CATEGORIES, type CcpaCategory } from "./ccpa-categories.js";
import { DATA_CATEGORIES, type DataCategory } from "./data-categories.js";
import { DATA_USES, type DataUse } from "./data-uses.js";

export interface CustomCategory {
  key: string;
  parent: string;
  label: string;
  ccpa?: string | undefined;
  sensitive?: boolean | undefined;
}
export interface CustomUse {
  key: string;
  parent: string;
  label: string;
  sale_or_share?: boolean | undefined;
}

/**
 * The taxonomy in force for one data map: the built-in fideslang-compatible keys plus the map's own keys,
 * each of which extends a parent. A custom category inherits its parent's CCPA category unless it names one.
 *
 * @example
 * const t = new Taxonomy([{ key: "user.contact.engraving", parent: "user.contact", label: "Engraving text" }]);
 * t.category("user.contact.engraving")?.ccpa; // "identifiers"
 * t.hasCategory("user.nope"); // false
 */
export class Taxonomy {
  readonly #categories = new Map<string, DataCategory>(DATA_CATEGORIES);
  readonly #uses = new Map<string, DataUse>(DATA_USES);

  constructor(customCategories: readonly CustomCategory[] = [], customUses: readonly CustomUse[] = []) {
    // Parents may be declared after children: resolve in passes until nothing changes.
    let pending = [...customCategories];
    while (pending.length) {
      const next = pending.filter((c) => {
        const parent = this.#categories.get(c.parent);
        if (!parent) return true;
        const cat: DataCategory = {
          key: c.key,
          label: c.label,
          ccpa: (c.ccpa as CcpaCategory | undefined) ?? parent.ccpa,
        };
        if (c.sensitive ?? parent.sensitive) cat.sensitive = true;
        this.#categories.set(c.key, cat);
        return false;
      });
      if (next.length === pending.length) break;
      pending = next;
    }
    for (const u of customUses) {
      const parent = this.#uses.get(u.parent);
      const use: DataUse = { key: u.key, label: u.label };
      if (u.sale_or_share ?? parent?.saleOrShare) use.saleOrShare = true;
      this.#uses.set(u.key, use);
    }
  }

  hasCategory(key: string): boolean {
    return this.#categories.has(key);
  }
  category(key: string): DataCategory | undefined {
    return this.#categories.get(key);
  }
  hasUse(key: string): boolean {
    return this.#uses.has(key);
  }
  use(key: string): DataUse | undefined {
    return this.#uses.get(key);
  }
  categories(): DataCategory[] {
    return [...this.#categories.values()];
  }
  uses(): DataUse[] {
    return [...this.#uses.values()];
  }

  /** The CCPA statutory category of a key, with its title. */
  ccpaOf(key: string): { id: CcpaCategory; title: string } | undefined {
    const c = this.#categories.get(key);
    return c ? { id: c.ccpa, title: CCPA_CATEGORIES[c.ccpa].title } : undefined;
  }

  /** True when `key` is `ancestor` or lies below it (`user.contact.email` is under `user.contact`). */
  static isUnder(key: string, ancestor: string): boolean {
    return key === ancestor || key.startsWith(`${ancestor}.`);
  }

  /** The closest known key for a mistyped one, for "did you mean" hints. */
  suggestCategory(key: string): string | undefined {
    let best: string | undefined;
    let bestScore = Number.POSITIVE_INFINITY;
    for (const k of this.#categories.keys()) {
      const d = editDistance(k, key);
      if (d < bestScore) {
        bestScore = d;
        best = k;
      }
    }
    return bestScore <= Math.max(3, Math.floor(key.length / 4)) ? best : undefined;
  }
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j] ?? 0;
      row[j] = Math.min((row[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length] ?? 0;
}
