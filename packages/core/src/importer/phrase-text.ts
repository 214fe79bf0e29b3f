/**
 * Small text helpers of the importer: comparing phrases, making ids, splitting sentences.
 */

/**
 * Normalises a phrase for comparison: lower case, straight quotes, no closing punctuation, spaces collapsed.
 *
 * @example
 * comparable("Your friend’s name and e-mail address."); // "your friend's name and e-mail address"
 */
export function comparable(text: string): string {
  return text
    .replace(/[’‘`´]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[.;:,]+$/, "")
    .toLowerCase();
}

/**
 * A lower-case id of letters, digits and dashes made from a title (accents dropped), at most `maxWords` words.
 *
 * @example
 * slugify("Payment Service Providers"); // "payment-service-providers"
 * slugify("Données & Sécurité"); // "donnees-securite"
 */
export function slugify(text: string, maxWords = 8): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[’'`]/g, "")
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .slice(0, maxWords)
    .join("-");
}

/**
 * A dotted-key segment (`a-z`, digits, `_`) made from a phrase, at most `maxWords` words.
 *
 * @example
 * keySegment("Your ring size"); // "ring_size"
 */
export function keySegment(text: string, maxWords = 4): string {
  const words = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[’'`]/g, "")
    .split(/[^a-z0-9]+/)
    .filter((w) => w && !["your", "the", "a", "an", "any", "of", "our", "and", "or"].includes(w))
    .slice(0, maxWords);
  const seg = words.join("_");
  return /^[a-z]/.test(seg) ? seg : `item_${seg || "x"}`;
}

/**
 * Makes `id` unique among `taken` by appending `-2`, `-3`…, and records it.
 *
 * @example
 * uniqueId("purchase", new Set(["purchase"])); // "purchase-2"
 */
export function uniqueId(id: string, taken: Set<string>, fallback = "item"): string {
  const base = /^[a-z0-9][a-z0-9-]*$/.test(id) ? id : fallback;
  let candidate = base;
  for (let n = 2; taken.has(candidate); n++) candidate = `${base}-${n}`;
  taken.add(candidate);
  return candidate;
}

/** A sentence of a text with its start offset. */
export interface SentenceAt {
  text: string;
  start: number;
}

/**
 * Splits text into sentences at `.`, `!` or `?` followed by a space and a capital, a digit or a quote
 * (abbreviations such as "e.g." and "Inc." do not end a sentence).
 *
 * @example
 * sentences("We sell. Namdar Diamonds, Inc. is based in New York.").map((s) => s.text);
 * // ["We sell.", "Namdar Diamonds, Inc. is based in New York."]
 */
export function sentences(text: string): SentenceAt[] {
  const cached = sentenceCache.get(text);
  if (cached) return cached;
  const out = splitSentences(text);
  if (sentenceCache.size > 2000) sentenceCache.clear();
  sentenceCache.set(text, out);
  return out;
}

const sentenceCache = new Map<string, SentenceAt[]>();

function splitSentences(text: string): SentenceAt[] {
  const out: SentenceAt[] = [];
  const re = /(?<=[.!?])["”’)\]]*\s+(?=["“‘(]?[\p{Lu}\d])/gu;
  let start = 0;
  for (const m of text.matchAll(re)) {
    const end = m.index ?? 0;
    const prev = text.slice(start, end);
    if (/\b(?:e\.g|i\.e|etc|Inc|Ltd|Co|Corp|St|No|Art|vs|[A-Z])\.["”’)\]]*$/.test(prev.trimEnd())) continue;
    out.push({ text: (prev + m[0]).trim(), start });
    start = end + m[0].length;
  }
  if (start < text.length) out.push({ text: text.slice(start).trim(), start });
  return out.filter((s) => s.text);
}

/**
 * Upper-cases the first letter of a phrase.
 *
 * @example
 * capitalise("lifetime repairs"); // "Lifetime repairs"
 */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Joins blocks of free text the way a `sections` entry keeps them: one paragraph each, list items prefixed
 * with `- ` or their number, separated by blank lines.
 *
 * @example
 * blocksText([{ kind: "paragraph", text: "Intro" }, { kind: "bullet", text: "One" }]); // "Intro\n\n- One"
 */
export function blocksText(
  blocks: readonly {
    kind: string;
    text: string;
    number?: number;
    links?: { text: string; href: string }[];
  }[],
): string {
  return blocks
    .map((b) => {
      const text = withLinks(b.text, b.links);
      if (b.kind === "bullet") return `- ${text}`;
      if (b.kind === "numbered") return `${b.number ?? 1}. ${text}`;
      return text;
    })
    .join("\n\n");
}

/**
 * Keeps the address of every web link in the words: `our security page` → `our security page (https://…)`,
 * unless the text already shows the address.
 *
 * @example
 * withLinks("See our terms.", [{ text: "our terms", href: "https://x.example/terms" }]); // "See our terms (https://x.example/terms)."
 */
export function withLinks(text: string, links: readonly { text: string; href: string }[] = []): string {
  let out = text;
  let from = 0;
  for (const l of links) {
    if (!/^https?:\/\//i.test(l.href) || out.includes(l.href) || !l.text) continue;
    const at = out.indexOf(l.text, from);
    if (at < 0) continue;
    const insert = ` (${l.href})`;
    out = out.slice(0, at + l.text.length) + insert + out.slice(at + l.text.length);
    from = at + l.text.length + insert.length;
  }
  return out;
}
