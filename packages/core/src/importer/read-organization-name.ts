import { lineAt } from "../document/block-line.js";
import type { Block } from "../document/policy-document.js";

/** The organisation a policy belongs to, as its text names it. */
export interface OrganizationName {
  /** The name the text uses most often for the policy's owner. */
  name: string;
  line: number;
  /** The registered form ("Namdar Diamonds, Inc."), when the text shows one. */
  legalName?: string;
  legalLine?: number;
  /** Every name the text uses in an owner's place (the brand, other shop names, leftovers of other companies). */
  ownerNames: string[];
  /** False when no name was found and `name` is a placeholder. */
  found: boolean;
}

const LEGAL_FORM = String.raw`(?:Inc\.?|Incorporated|LLC|L\.L\.C\.|Ltd\.?|Limited|Corp\.?|Corporation|Co\.|GmbH|PLC|plc|LLP|S\.A\.|SAS|B\.V\.)`;
const LEGAL_FORM_END = new RegExp(String.raw`(?:,\s*|\s+)${LEGAL_FORM}$`, "i");

/** Words that open or join capitalised runs without being part of a name. */
const OPENERS = new Set(
  (
    "a an the this that these those our your their its his her my we you they it he she i us if when where while " +
    "how what who which whether as at by for from in into of on to with via and or but not no do does please all " +
    "any each every some such other another additionally also however further furthermore moreover otherwise " +
    "then thus therefore here there once certain under after before during since until unless because although " +
    "only even both either neither most many more less few right rights see visit contact email e-mail phone"
  ).split(" "),
);

/** Names that are never the policy's owner: laws, regulators, places, industry bodies, big platforms. */
const NEVER = new Set(
  (
    "california consumer privacy act ccpa cpra gdpr eea european economic area union commission switzerland swiss " +
    "united states kingdom america ftc federal trade network advertising initiative digital alliance global control " +
    "google facebook meta instagram twitter pinterest tiktok youtube apple microsoft amazon html5 flash gifs gif " +
    "terms conditions attorney general standard contractual clauses shine light track sell share personal information " +
    "program programme policy notice site services service website regulation art article dnt gpc nai daa"
  ).split(" "),
);

interface Occurrence {
  surface: string;
  base: string;
  block: Block;
  index: number;
  slot: boolean;
}

function baseOf(surface: string): string {
  return surface
    .replace(/[’']s$/u, "")
    .replace(LEGAL_FORM_END, "")
    .replace(/[^\p{L}\p{N}&]+/gu, " ")
    .trim()
    .toLowerCase();
}

const AFTER_SLOT =
  /(?:[’']s)?(?:,?\s*(?:Inc\b|LLC\b|Ltd\b|Corp\b|GmbH\b)|\s+(?:wants|does|do|will|would|may|is|has|uses|collects|shares|sells|products|product|account|website|websites|entities|advertisements|marketing|policies|customers|shop|store|team|respects|values|cares|on social media)\b)/y;
const BEFORE_SLOT =
  /(?:updates from|interact with|experience with|customer of|offered by|provided by|shopping with|with|from|by|of|at)\s+$/i;

/**
 * Finds the name of the policy's owner: among capitalised names that stand where the template puts the owner
 * ("X wants you to know", "updates from X", "X products", "X, Inc."), the one used most often. Ordinary
 * capitalised words (those the text also writes in lower case), laws, regulators and platforms are not names.
 * `legalName` is set when a registered form ("X, Inc.", "X INC") appears.
 *
 * @example
 * readOrganizationName(blocks).name; // e.g. "Namdar Diamonds", with legalName "Namdar Diamonds, Inc."
 */
export function readOrganizationName(
  blocks: readonly Block[],
  fallbacks: { contact?: Block; title?: Block } = {},
): OrganizationName {
  const body = blocks.filter((b) => b.kind !== "heading");
  const vocabulary = new Set<string>();
  for (const b of body)
    for (const w of b.text.split(/[^A-Za-z’'-]+/)) {
      const c = w.charCodeAt(0);
      if (c >= 97 && c <= 122) vocabulary.add(w);
    }
  const ordinary = (w: string) => {
    const lw = w.toLowerCase().replace(/[’']s$/, "");
    return OPENERS.has(lw) || vocabulary.has(lw) || NEVER.has(lw) || /^\d+$/.test(lw) || lw.length < 2;
  };

  const occurrences: Occurrence[] = [];
  const run = /[\p{Lu}\d][\p{L}\p{N}&®’'-]*(?:\s+(?:&\s+)?[\p{Lu}\d][\p{L}\p{N}&®’'-]*)*/gu;
  for (const b of body) {
    for (const m of b.text.matchAll(run)) {
      let words = m[0].split(/\s+/);
      let start = m.index ?? 0;
      while (words.length && ordinary(words[0] ?? "")) {
        start += (words[0] ?? "").length;
        start += /^\s*/.exec(b.text.slice(start))?.[0].length ?? 0;
        words = words.slice(1);
      }
      if (!words.length) continue;
      const distinctive = words.filter((w) => !ordinary(w) && !/^(inc|llc|ltd|corp)$/i.test(w));
      if (!distinctive.length || words.some((w) => NEVER.has(w.toLowerCase().replace(/[’']s$/, ""))))
        continue;
      const surface = words.join(" ").replace(/[’']s$/u, "");
      const end = start + surface.length;
      AFTER_SLOT.lastIndex = end;
      const slot = AFTER_SLOT.test(b.text) || BEFORE_SLOT.test(b.text.slice(Math.max(0, start - 40), start));
      occurrences.push({ surface, base: baseOf(surface), block: b, index: start, slot });
    }
  }

  const byBase = new Map<string, Occurrence[]>();
  for (const o of occurrences) {
    const list = byBase.get(o.base);
    if (list) list.push(o);
    else byBase.set(o.base, [o]);
  }
  const owners = [...byBase.values()].filter((list) => list.some((o) => o.slot));
  owners.sort((a, b) => b.length - a.length);
  const ownerNames = owners.map((list) => mostCommon(list.map((o) => o.surface)));

  const best = owners[0];
  if (best) {
    const first = best[0] as Occurrence;
    const name = mostCommon(best.map((o) => o.surface));
    const result: OrganizationName = {
      name,
      line: lineAt(first.block, first.index),
      ownerNames,
      found: true,
    };
    const legal = findLegalName(body, name);
    if (legal) {
      result.legalName = legal.text;
      result.legalLine = legal.line;
    }
    return result;
  }
  const fallback = fallbacks.contact ?? undefined;
  if (fallback && fallback.text.length <= 80) {
    const text = fallback.text.replace(/\.$/, LEGAL_FORM_END.test(fallback.text) ? "." : "");
    const result: OrganizationName = {
      name: text.replace(LEGAL_FORM_END, "").trim() || text,
      line: fallback.line,
      ownerNames: [text],
      found: true,
    };
    if (LEGAL_FORM_END.test(text)) {
      result.legalName = text;
      result.legalLine = fallback.line;
    }
    return result;
  }
  const anyLegal = body
    .map((b) => ({
      b,
      m: new RegExp(String.raw`((?:[\p{Lu}][\p{L}\p{N}&-]*\s+){1,4})?,?\s*${LEGAL_FORM}`, "u").exec(b.text),
    }))
    .find((x) => x.m?.[1]);
  if (anyLegal?.m) {
    const legalName = anyLegal.m[0].trim();
    return {
      name: baseSurface(legalName),
      line: lineAt(anyLegal.b, anyLegal.m.index),
      legalName,
      legalLine: lineAt(anyLegal.b, anyLegal.m.index),
      ownerNames: [legalName],
      found: true,
    };
  }
  const fromTitle =
    fallbacks.title && /^(.+?)\s+Privacy (?:Policy|Notice)$/i.exec(fallbacks.title.text.trim());
  if (fromTitle?.[1] && fallbacks.title) {
    return { name: fromTitle[1], line: fallbacks.title.line, ownerNames: [fromTitle[1]], found: true };
  }
  return { name: "Unnamed organisation", line: 1, ownerNames: [], found: false };
}

function baseSurface(legal: string): string {
  return legal.replace(LEGAL_FORM_END, "").trim() || legal;
}

function mostCommon(values: string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = values[0] ?? "";
  let n = 0;
  for (const [v, c] of counts)
    if (c > n) {
      best = v;
      n = c;
    }
  return best;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The registered form of a name: the name itself when it ends in a legal form, else "name, Inc." as written. */
function findLegalName(blocks: readonly Block[], name: string): { text: string; line: number } | undefined {
  const own = new RegExp(String.raw`(?:^|[^\p{L}])(${escapeRegExp(name)})(?![\p{L}])`, "u");
  if (LEGAL_FORM_END.test(name)) {
    for (const b of blocks) {
      const m = own.exec(b.text);
      if (m) return { text: name, line: lineAt(b, (m.index ?? 0) + m[0].indexOf(name)) };
    }
  }
  const re = new RegExp(String.raw`${escapeRegExp(name)}\s*,?\s*${LEGAL_FORM}(?![\p{L}])`, "u");
  for (const b of blocks) {
    const m = re.exec(b.text);
    if (m) return { text: m[0], line: lineAt(b, m.index ?? 0) };
  }
  return undefined;
}
