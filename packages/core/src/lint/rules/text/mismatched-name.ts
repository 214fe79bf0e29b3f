import type { Rule, RuleHit } from "../../rule.js";
import { isKnownPhrase, knownPhrases } from "./name-runs.js";
import { ownerNames } from "./owner-names.js";
import { readSource, type Segment } from "./source-text.js";

interface Candidate {
  seg: Segment;
  words: Word[];
}

interface Word {
  raw: string;
  norm: string;
  /** Index in the segment's text. */
  at: number;
}

const JOINERS = new Set(["and", "&", "of", "the"]);
/** Headings and list items are compared; longer paragraphs are left alone. */
const MAX_WORDS = 25;

/**
 * `mismatched-name`: two lines read the same except for a capitalised name, and one of the two names occurs
 * nowhere else in the text — a name left over from another business's policy. FDJ's overview lists "When You
 * Contact Our Bluetooth Glasses Consultants via Phone, E-mail, Chat or in Person" while the section itself is
 * "When You Contact Our Diamond and Jewelry Consultants …": "Bluetooth Glasses Consultants" is reported.
 *
 * Only headings and list items (up to 25 words) are compared; the two lines must share at least four words
 * around the difference, and the differing names must be one to four capitalised words. A difference in the
 * owner's name is `inconsistent-organization-name`'s job, and names the map declares are never reported.
 *
 * @example
 * mismatchedName.check(subject); // [{ message: "'Bluetooth Glasses Consultants' appears only here; …", location: { line: 27 } }]
 */
export const mismatchedName: Rule = {
  id: "mismatched-name",
  kind: "text",
  severity: "warning",
  description:
    "A name in a heading or list item that elsewhere reads differently and occurs nowhere else (a product line or team left over from another business's policy).",
  check(subject) {
    const doc = subject.document;
    if (!doc) return [];
    const src = readSource(doc);
    const owner = ownerNames(subject.map, src.vocabulary);
    const known = knownPhrases(subject.map);
    const counts = wordCounts(src.plain);
    // Two lines can only differ in the middle if they share their first two words: compare within such groups.
    const groups = new Map<string, Candidate[]>();
    for (const seg of src.segments) {
      if (!seg.bullet && !seg.heading) continue;
      const list = words(seg);
      if (list.length < 4 || list.length > MAX_WORDS) continue;
      const key = `${list[0]?.norm} ${list[1]?.norm}`;
      groups.set(key, [...(groups.get(key) ?? []), { seg, words: list }]);
    }
    const reported = new Set<number>();
    const hits: RuleHit[] = [];
    for (const group of groups.values()) {
      for (let i = 0; i < group.length; i++) {
        for (let j = i + 1; j < group.length; j++) {
          const a = group[i];
          const b = group[j];
          const diff = a && b ? difference(a.words, b.words) : undefined;
          if (!a || !b || !diff) continue;
          const rare = (mid: Word[]) =>
            mid.every((w) => JOINERS.has(w.norm) || (counts.get(w.norm) ?? 0) <= 1);
          const rareA = rare(diff.a);
          if (rareA === rare(diff.b)) continue;
          const [stray, other] = rareA ? [a, b] : [b, a];
          const strayMid = rareA ? diff.a : diff.b;
          const otherMid = rareA ? diff.b : diff.a;
          const head = owner.head?.toLowerCase();
          if (head && [...strayMid, ...otherMid].some((w) => w.norm === head)) continue;
          const strayName = display(strayMid, stray.words, stray.words.length - diff.suffix);
          const otherName = display(otherMid, other.words, other.words.length - diff.suffix);
          if (isKnownPhrase(strayName, known)) continue;
          const offset = stray.seg.offsets[strayMid[0]?.at ?? 0] ?? 0;
          if (reported.has(offset)) continue;
          reported.add(offset);
          hits.push({
            message: `'${strayName}' appears only here, where the same words elsewhere name '${otherName}': a name left from another text? Use the shop's own name for it`,
            location: src.locate(offset),
          });
        }
      }
    }
    return hits.sort((x, y) => (x.location.line ?? 0) - (y.location.line ?? 0));
  },
};

function words(seg: Segment): Word[] {
  const out: Word[] = [];
  for (const m of seg.text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}’'&-]*|&/gu)) {
    out.push({ raw: m[0], norm: m[0].toLowerCase().replace(/[’']s$/, ""), at: m.index ?? 0 });
  }
  return out;
}

function wordCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}’'&-]*/gu)) {
    const w = m[0].toLowerCase().replace(/[’']s$/, "");
    counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  return counts;
}

const isCapitalised = (w: Word) => /^\p{Lu}/u.test(w.raw);

/** The differing middle of two word lists that share a prefix and a suffix, when it is a capitalised name on both sides. */
function difference(a: Word[], b: Word[]) {
  let p = 0;
  while (p < a.length && p < b.length && a[p]?.norm === b[p]?.norm) p++;
  let s = 0;
  while (s < a.length - p && s < b.length - p && a[a.length - 1 - s]?.norm === b[b.length - 1 - s]?.norm) s++;
  const midA = a.slice(p, a.length - s);
  const midB = b.slice(p, b.length - s);
  if (p < 2 || p + s < 4) return undefined;
  if (!midA.length || !midB.length || midA.length > 4 || midB.length > 4) return undefined;
  const nameLike = (mid: Word[]) =>
    mid.every((w) => isCapitalised(w) || JOINERS.has(w.norm)) && isCapitalised(mid[0] as Word);
  if (!nameLike(midA) || !nameLike(midB)) return undefined;
  return { a: midA, b: midB, suffix: s };
}

/** The differing words, extended with the capitalised words that follow them ("Bluetooth Glasses" + "Consultants"). */
function display(mid: Word[], list: Word[], suffixStart: number): string {
  const out = mid.map((w) => w.raw);
  for (let k = suffixStart; k < list.length; k++) {
    const w = list[k];
    if (!w || !isCapitalised(w)) break;
    out.push(w.raw);
  }
  return out.join(" ");
}
