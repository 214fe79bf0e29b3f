import type { DataMap, MapPath, Taxonomy } from "@loupe/core";
import { globMatcher } from "../known/glob.js";
import { guessCookie, type KnownPurpose } from "../known/known-cookies.js";
import { guessHost } from "../known/known-hosts.js";
import { hostMatches } from "../site/site-of.js";

/** A cookie purpose as the checks see it: from the map, or Loupe's built-in notion when the map has none. */
export interface PurposeView {
  id: string;
  title: string;
  required: boolean;
  saleOrShare: boolean;
  /** The map entry; absent for a built-in purpose the map does not declare. */
  path?: MapPath;
}

/** What a cookie seen on the site is, by the map first and by Loupe's list of well-known cookies second. */
export interface CookieVerdict {
  declared: boolean;
  /** Index in `cookies.items` of the declaration that covers it. */
  item?: number;
  purpose?: PurposeView;
  provider?: string;
  /** The built-in pattern that recognised an undeclared cookie (`_ga_*`). */
  pattern?: string;
  recipient?: string;
}

/** Who a third-party host is and what requests to it are for. */
export interface HostVerdict {
  provider?: string;
  purpose?: PurposeView;
  /** The recipient of the map that covers the host. */
  recipient?: { id: string; index: number };
  /** A cookie item naming the host's provider or domain but no recipient. */
  cookieItem?: number;
  infrastructure: boolean;
}

const BUILT_IN_PURPOSES: Record<
  KnownPurpose,
  { title: string; required: boolean; saleOrShare: boolean; uses: string }
> = {
  essential: { title: "Strictly necessary", required: true, saleOrShare: false, uses: "essential" },
  functional: { title: "Functionality", required: false, saleOrShare: false, uses: "functional" },
  analytics: { title: "Analytics", required: false, saleOrShare: false, uses: "analytics" },
  advertising: { title: "Advertising", required: false, saleOrShare: true, uses: "marketing.advertising" },
  social: { title: "Social networking", required: false, saleOrShare: false, uses: "marketing" },
};

/**
 * The data map indexed for the scan checks: which purpose, provider and recipient a cookie name or a
 * host stands for, and whether it is strictly necessary or sells/shares personal information.
 *
 * @example
 * const index = new MapIndex(map, taxonomy);
 * index.cookie("_ga", "shop.example").purpose?.id; // "analytics"
 * index.host("connect.facebook.net").provider; // "Meta"
 */
export class MapIndex {
  readonly #map: DataMap;
  readonly #taxonomy: Taxonomy;
  readonly #items: { matches: (name: string) => boolean; domain?: string }[];

  constructor(map: DataMap, taxonomy: Taxonomy) {
    this.#map = map;
    this.#taxonomy = taxonomy;
    this.#items = map.cookies.items.map((c) => {
      const m: { matches: (name: string) => boolean; domain?: string } = { matches: globMatcher(c.name) };
      if (c.domain) m.domain = c.domain;
      return m;
    });
  }

  /** The map's purpose with this id, or the built-in one of the same name, or `undefined`. */
  purpose(id: string): PurposeView | undefined {
    const index = this.#map.cookies.purposes.findIndex((p) => p.id === id);
    const p = this.#map.cookies.purposes[index];
    if (p) {
      return {
        id: p.id,
        title: p.title,
        required: p.required,
        saleOrShare: p.uses.some((u) => this.#saleOrShareUse(u)),
        path: ["cookies", "purposes", index],
      };
    }
    const b = BUILT_IN_PURPOSES[id as KnownPurpose];
    return b ? { id, title: b.title, required: b.required, saleOrShare: b.saleOrShare } : undefined;
  }

  /** The map's purpose that fits a built-in guess: same id, else one whose uses fall under the guess's family. */
  resolveGuess(guess: KnownPurpose): PurposeView {
    const same = this.purpose(guess);
    if (same?.path) return same;
    const family = BUILT_IN_PURPOSES[guess];
    const index = this.#map.cookies.purposes.findIndex((p) =>
      guess === "essential"
        ? p.required
        : !p.required && p.uses.some((u) => u === family.uses || u.startsWith(`${family.uses}.`)),
    );
    const found = this.#map.cookies.purposes[index];
    return (found && this.purpose(found.id)) ?? (same as PurposeView);
  }

  /** Index of the `cookies.items` entry covering a cookie name (and domain, when the entry names one). */
  cookieItem(name: string, domain?: string): number | undefined {
    const i = this.#items.findIndex(
      (m) => m.matches(name) && (!m.domain || !domain || hostMatches(domain, m.domain)),
    );
    return i < 0 ? undefined : i;
  }

  /** What a cookie is: declared (with its purpose) or guessed from the built-in list. */
  cookie(name: string, domain?: string): CookieVerdict {
    const i = this.cookieItem(name, domain);
    const item = i === undefined ? undefined : this.#map.cookies.items[i];
    if (item && i !== undefined) {
      const v: CookieVerdict = { declared: true, item: i };
      const purpose = this.purpose(item.purpose);
      if (purpose) {
        const r = item.recipient ? this.#map.recipients.find((x) => x.id === item.recipient) : undefined;
        v.purpose =
          r && (r.sells || r.shares) && !purpose.required ? { ...purpose, saleOrShare: true } : purpose;
      }
      if (item.provider) v.provider = item.provider;
      if (item.recipient) v.recipient = item.recipient;
      return v;
    }
    const guess = guessCookie(name);
    if (!guess) return { declared: false };
    return {
      declared: false,
      purpose: this.resolveGuess(guess.purpose),
      provider: guess.provider,
      pattern: guess.pattern,
    };
  }

  /**
   * Who a host is: a recipient declaring it (`hosts`), a cookie naming its domain, or the built-in
   * list's provider, matched to a cookie of that provider and purpose and to a recipient whose title names it.
   */
  host(host: string): HostVerdict {
    const recipients = this.#map.recipients;
    const items = this.#map.cookies.items;
    const v: HostVerdict = { infrastructure: false };
    const known = guessHost(host);
    if (known) {
      v.provider = known.provider;
      v.infrastructure = known.infrastructure === true;
    }
    const fromCookie = (i: number) => {
      const c = items[i];
      if (!c) return;
      if (c.provider) v.provider = c.provider;
      v.purpose = this.cookie(c.name, c.domain).purpose;
      const ri = c.recipient ? recipients.findIndex((r) => r.id === c.recipient) : -1;
      if (ri >= 0) v.recipient = { id: c.recipient as string, index: ri };
      else v.cookieItem = i;
    };
    const byDomain = items.findIndex((c) => c.domain && hostMatches(host, c.domain));
    if (byDomain >= 0) fromCookie(byDomain);
    else if (known) {
      const purpose = this.resolveGuess(known.purpose);
      const provider = known.provider.toLowerCase();
      const same = items
        .map((c, i) => ({ c, i }))
        .filter(({ c }) => c.provider?.toLowerCase() === provider && c.purpose === purpose.id);
      const pick = same.find(({ c }) => c.recipient) ?? same[0];
      if (pick) fromCookie(pick.i);
      else v.purpose = purpose;
    }
    const byHosts = recipients.findIndex((r) => r.hosts.some((h) => hostMatches(host, h)));
    if (byHosts >= 0) {
      const r = recipients[byHosts] as (typeof recipients)[number];
      v.recipient = { id: r.id, index: byHosts };
      delete v.cookieItem;
      if (!v.purpose) {
        const linked = items.find((c) => c.recipient === r.id);
        if (linked) v.purpose = this.cookie(linked.name, linked.domain).purpose;
      }
    }
    if (!v.recipient && v.provider) {
      const word = new RegExp(`\\b${v.provider.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`, "i");
      const ri = recipients.findIndex((r) => word.test(r.title));
      const r = recipients[ri];
      if (r) {
        v.recipient = { id: r.id, index: ri };
        delete v.cookieItem;
      }
    }
    if (v.recipient && v.purpose && !v.purpose.required) {
      const r = recipients[v.recipient.index];
      if (r && (r.sells || r.shares)) v.purpose = { ...v.purpose, saleOrShare: true };
    }
    return v;
  }

  /** Whether a data use (or one of its ancestors) counts as selling or sharing. */
  #saleOrShareUse(key: string): boolean {
    const parts = key.split(".");
    for (let n = parts.length; n > 0; n--) {
      if (this.#taxonomy.use(parts.slice(0, n).join("."))?.saleOrShare) return true;
    }
    return false;
  }
}
