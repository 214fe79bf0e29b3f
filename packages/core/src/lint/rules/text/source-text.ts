import type { PolicyDocument } from "../../../document/policy-document.js";
import type { Location } from "../../../errors/loupe-error.js";

/**
 * A policy's source read for the text rules: its lines with markup and list markers removed, its logical
 * segments (a paragraph, list item or heading, with wrapped lines joined) and a way back from any offset to
 * `file:line:column`. Everything is computed from `document.source`, so line numbers never depend on how a
 * parser grouped the text into blocks.
 */
export interface SourceText {
  document: PolicyDocument;
  /** The source with markup blanked out; same length as `document.source`, so offsets are shared. */
  plain: string;
  lines: PlainLine[];
  segments: Segment[];
  /** Every word the text uses in lower case ("privacy", "policy"…): capitalised phrases made only of such words are ordinary phrases, not names. */
  vocabulary: ReadonlySet<string>;
  /** `file:line:column` of a source offset. */
  locate(offset: number): Location;
  /** 1-based line of a source offset. */
  lineOf(offset: number): number;
}

/** One line of the source with its list marker and markup removed. */
export interface PlainLine {
  text: string;
  /** Source offset of `text[0]`. */
  offset: number;
  bullet: boolean;
  /** A heading marked as such by the markup (Markdown `#`, HTML `<h1>`–`<h6>`). */
  heading: boolean;
}

/** A paragraph, list item or heading: its lines joined by single spaces. */
export interface Segment {
  text: string;
  /** Source offset of each character of `text`. */
  offsets: readonly number[];
  bullet: boolean;
  /** Ends a heading: marked by markup, or a short title-case line with no closing punctuation. */
  heading: boolean;
}

/** A sentence of a segment: its text and where it starts in the segment. */
export interface Sentence {
  text: string;
  start: number;
}

const cache = new WeakMap<PolicyDocument, SourceText>();

/**
 * Reads a policy document for the text rules (memoised per document).
 *
 * @example
 * const src = readSource({ file: "p.txt", format: "txt", source: "Privacy Policy\nAcme will update\nthis policy.", blocks: [] });
 * src.segments.map((s) => s.text); // ["Privacy Policy", "Acme will update this policy."]
 * src.locate(src.segments[1].offsets[0]); // { file: "p.txt", line: 2, column: 1 }
 */
export function readSource(document: PolicyDocument): SourceText {
  const cached = cache.get(document);
  if (cached) return cached;
  const plain = plainText(document);
  const lines = plainLines(document, plain);
  const segments = joinLines(lines);
  const vocabulary = new Set<string>();
  // Addresses are not words: "lumen" in privacy@lumen.example must not make the shop's name an ordinary word.
  const words = plain.replace(
    /\S+@\S+|(?:https?:\/\/|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\/\S*/gi,
    " ",
  );
  for (const m of words.matchAll(/(?<![\p{L}\d.])[a-z][a-z’'-]*(?![\p{L}\d]|\.[a-z])/gu))
    vocabulary.add(m[0]);
  const starts = [0];
  for (let i = 0; i < document.source.length; i++) if (document.source[i] === "\n") starts.push(i + 1);
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const locate = (offset: number): Location => {
    const line = lineOf(offset);
    return { file: document.file, line, column: offset - (starts[line - 1] ?? 0) + 1 };
  };
  const result: SourceText = { document, plain, lines, segments, vocabulary, locate, lineOf };
  cache.set(document, result);
  return result;
}

/**
 * Splits a segment into sentences (at `.`, `!`, `?` or `:` followed by a capital), keeping their start index.
 *
 * @example
 * sentencesOf("Cookies: We use them. Acme may update it.").map((s) => s.text); // ["Cookies:", "We use them.", "Acme may update it."]
 */
export function sentencesOf(text: string): Sentence[] {
  const out: Sentence[] = [];
  const re = /(?<=[.!?:])["”’)\]]*\s+(?=["“‘(]?[A-Z0-9])/g;
  let start = 0;
  for (const m of text.matchAll(re)) {
    const end = m.index ?? 0;
    const prev = text.slice(start, end);
    // "e.g." and single initials do not end a sentence.
    if (/\b(?:e\.g|i\.e|etc|[A-Z])\.$/.test(prev)) continue;
    out.push({ text: prev + m[0].trimEnd(), start });
    start = end + m[0].length;
  }
  if (start < text.length) out.push({ text: text.slice(start), start });
  return out;
}

/**
 * Normalises a phrase for comparison: lower case, quotes and punctuation removed, spaces collapsed.
 *
 * @example
 * normalisePhrase("“How To Contact Us”"); // "how to contact us"
 */
export function normalisePhrase(s: string): string {
  return s
    .toLowerCase()
    .replace(/[’']s\b/g, "")
    .replace(/[^\p{L}\p{N}&]+/gu, " ")
    .trim();
}

const BLOCK_TAGS =
  /^<\/?(?:p|div|li|ul|ol|h[1-6]|br|tr|td|th|table|section|article|header|footer|main|nav|blockquote|dd|dt|hr)\b/i;
const ENTITIES: Record<string, string> = {
  amp: "&",
  nbsp: " ",
  quot: '"',
  apos: "'",
  lt: "<",
  gt: ">",
  rsquo: "’",
  lsquo: "‘",
  rdquo: "”",
  ldquo: "“",
  ndash: "–",
  mdash: "—",
};

/** The source with markup replaced by spaces (block-level HTML tags by a line break), same length. */
function plainText(doc: PolicyDocument): string {
  const blank = (s: string) => s.replace(/[^\n]/g, " ");
  if (doc.format === "html") {
    return doc.source
      .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, blank)
      .replace(/<!--[\s\S]*?-->/g, blank)
      .replace(/<[^>]*>/g, (tag) => (BLOCK_TAGS.test(tag) ? `\n${blank(tag.slice(1))}` : blank(tag)))
      .replace(/&(#x?[0-9a-f]+|[a-z]+);/gi, (ent, name: string) => {
        let ch = ENTITIES[name.toLowerCase()];
        if (name.startsWith("#")) {
          const code =
            name[1] === "x" || name[1] === "X" ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
          ch = Number.isFinite(code) && code > 0 && code < 0x10000 ? String.fromCharCode(code) : " ";
        }
        return (ch ?? " ").padEnd(ent.length, " ");
      });
  }
  if (doc.format === "md") {
    return doc.source
      .replace(/!?\[([^\]\n]*)\]\([^)\n]*\)/g, (m, text: string) => ` ${text}`.padEnd(m.length, " "))
      .replace(/\*\*|__|`/g, (m) => " ".repeat(m.length))
      .replace(/^(\s*)(#{1,6}|>)(?=\s)/gm, (m) => m.replace(/[#>]/g, " "))
      .replace(/\|/g, " ");
  }
  return doc.source;
}

const BULLET = /^\s*(?:[·•◦▪‣●○■□–—*+-]|\d{1,3}[.)])\s+/;

function plainLines(doc: PolicyDocument, plain: string): PlainLine[] {
  const lines: PlainLine[] = [];
  const headingLines = new Set<number>();
  if (doc.format === "md") {
    let offset = 0;
    for (const raw of doc.source.split("\n")) {
      if (/^\s{0,3}#{1,6}\s/.test(raw)) headingLines.add(offset);
      offset += raw.length + 1;
    }
  }
  const headingTags: [number, number][] = [];
  if (doc.format === "html") {
    for (const m of doc.source.matchAll(/<h[1-6]\b[^>]*>([\s\S]*?)<\/h[1-6]\s*>/gi)) {
      headingTags.push([m.index ?? 0, (m.index ?? 0) + m[0].length]);
    }
  }
  let offset = 0;
  let openItem = false;
  for (const raw of plain.split("\n")) {
    const start = offset;
    offset += raw.length + 1;
    const marker = doc.format === "html" ? null : BULLET.exec(raw);
    const lead = marker ? marker[0].length : (/^\s*/.exec(raw)?.[0].length ?? 0);
    const text = raw.slice(lead).trimEnd();
    // In HTML a block tag became a line break: a line opened by `<li>` starts a list item.
    if (
      doc.format === "html" &&
      doc.source[start - 1] === "<" &&
      /^li\b/i.test(doc.source.slice(start, start + 3))
    ) {
      openItem = true;
    }
    const inHeadingTag = headingTags.some(([a, b]) => start + lead >= a && start + lead < b);
    lines.push({
      text,
      offset: start + lead,
      bullet: Boolean(marker) || (openItem && text !== ""),
      heading: headingLines.has(start) || inHeadingTag,
    });
    if (text) openItem = false;
  }
  return lines;
}

/** Words that cannot end a sentence: a line ending with one continues on the next, even across a blank line. */
const DANGLING =
  /(?:^|\s)(?:a|an|the|of|to|in|into|for|and|or|nor|but|by|with|at|from|our|your|their|its|us|as|that|which|is|are|be|via|on|than|such|any)$/;
const SMALL_WORDS = new Set([
  "a",
  "an",
  "and",
  "or",
  "of",
  "to",
  "the",
  "in",
  "on",
  "for",
  "with",
  "via",
  "at",
  "by",
  "from",
  "as",
]);

/**
 * True for a short line in title case without closing punctuation, such as "Collection, Use, And Sharing Of
 * Information" or "FDJ GROUP INC": a heading in a plain-text policy.
 *
 * @example
 * isTitleLike("When You Navigate to Our Site"); // true
 * isTitleLike("we may collect the following"); // false
 */
export function isTitleLike(text: string): boolean {
  const t = text.trim();
  if (!t || /[.,;!?]["”’)]*$/.test(t)) return false;
  const words = t.split(/\s+/).filter((w) => /\p{L}/u.test(w));
  if (!words.length || words.length > 20) return false;
  const significant = words.filter((w) => !SMALL_WORDS.has(w.toLowerCase()));
  if (!significant.length) return false;
  const capitalised = significant.filter((w) => /^["“‘(]?[\p{Lu}\d]/u.test(w)).length;
  return capitalised / significant.length >= 0.75;
}

function endsSentence(text: string): boolean {
  return /[.!?:;]["”’)\]]*$/.test(text);
}

function unclosedParen(text: string): boolean {
  return (text.match(/\(/g)?.length ?? 0) > (text.match(/\)/g)?.length ?? 0);
}

function continues(prev: PlainLine, next: PlainLine, inBullet: boolean): boolean {
  if (next.bullet || next.heading || prev.heading || endsSentence(prev.text)) return false;
  if (DANGLING.test(prev.text) || unclosedParen(prev.text) || /^["“‘([]*\p{Ll}/u.test(next.text)) return true;
  return !inBullet && !isTitleLike(prev.text);
}

function joinLines(lines: PlainLine[]): Segment[] {
  const segments: Segment[] = [];
  let current: { parts: PlainLine[]; bullet: boolean } | undefined;
  let pendingBlank = false;
  const flush = () => {
    if (!current) return;
    let text = "";
    const offsets: number[] = [];
    current.parts.forEach((p, i) => {
      if (i > 0) {
        text += " ";
        offsets.push(p.offset - 1);
      }
      text += p.text;
      for (let k = 0; k < p.text.length; k++) offsets.push(p.offset + k);
    });
    const last = current.parts[current.parts.length - 1];
    const heading =
      Boolean(last?.heading) || (!current.bullet && current.parts.length <= 2 && isTitleLike(text));
    segments.push({ text, offsets, bullet: current.bullet, heading });
    current = undefined;
  };
  for (const line of lines) {
    if (!line.text) {
      pendingBlank = true;
      continue;
    }
    const prev = current?.parts[current.parts.length - 1];
    const join =
      current &&
      prev &&
      (pendingBlank
        ? DANGLING.test(prev.text) && !line.bullet && !line.heading
        : continues(prev, line, current.bullet));
    if (join && current) current.parts.push(line);
    else {
      flush();
      current = { parts: [line], bullet: line.bullet };
    }
    pendingBlank = false;
  }
  flush();
  return segments;
}
