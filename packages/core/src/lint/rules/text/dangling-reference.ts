import type { Rule, RuleHit } from "../../rule.js";
import { normalisePhrase, readSource, type SourceText } from "./source-text.js";

/** A capitalised title, allowing small joining words: "Use of Your Personal Information". */
const TITLE = String.raw`[A-Z][\w’'/&-]*(?:\s+(?:(?:of|and|to|for|the|with|in|on|or|a|an|&)\s+)*[A-Z][\w’'/&-]*)*`;
const QUOTED = String.raw`[“"‘]([^”"’\n]{2,80})[”"’]`;

/** Phrases that refer to a section of this document by its title; group 1 or 2 is the title. */
const SECTION_REFERENCES: RegExp[] = [
  // the "How To Contact Us" section / (as explained in the “Use of Your Personal Information” section)
  new RegExp(String.raw`${QUOTED}\s+section\b`, "g"),
  // the section below titled Interest Based Advertising / a section entitled "Choices"
  new RegExp(
    String.raw`\bsection\s+(?:(?:below|above)\s+)?(?:titled|entitled|called|named)\s+(?:${QUOTED}|(${TITLE}))`,
    "g",
  ),
  // see the Tracking Technology section
  new RegExp(String.raw`\b(?:the|our|this)\s+(${TITLE})\s+section\b`, "g"),
];

/** A section "of" another document ("the Submissions section of our Terms and Conditions page") is not in this one. */
const OF_ANOTHER_DOCUMENT = /^[”"’]?\s*(?:below\s+|above\s+)?of\s+(?:our|the|their|its)\b/i;

/** "Use these links", "click here", "the link below" … */
const LINK_REFERENCE =
  /\b(?:(?:use|click|follow|visit|see)\s+(?:on\s+)?(?:these|this|the following|the)\s+links?\b|click\s+here\b|the\s+links?\s+(?:below|above)\b)/gi;
const LINK = /https?:\/\/|\bwww\.|<a\s[^>]*href|\]\([^)]+\)|\b[\w-]+\.(?:com|org|net|eu|info|io|co)\b/i;

/**
 * `dangling-reference`: the text points to a section that the document does not have (`the "How To Contact
 * Us" section`, `the section below titled X`, `(as explained in the "Use of Your Personal Information"
 * section)`), or to links that are not there ("Use these links" with no link in the paragraph).
 *
 * A title resolves when a line of the document (a heading, or a paragraph's run-in label such as "Interest
 * Based Advertising: …") starts with it, ignoring case and punctuation. A section of another document ("the
 * "Submissions" section of our Terms and Conditions page") is not a finding.
 *
 * @example
 * danglingReference.check(subject); // [{ message: "refers to the “How To Contact Us” section, …", location: { line: 281 } }]
 */
export const danglingReference: Rule = {
  id: "dangling-reference",
  kind: "text",
  severity: "warning",
  description: "A reference to a section or to links that the document does not contain.",
  check(subject) {
    const doc = subject.document;
    if (!doc) return [];
    const src = readSource(doc);
    const starts = lineStarts(src);
    const hits: RuleHit[] = [];
    src.segments.forEach((seg, si) => {
      const found: { at: number; title: string }[] = [];
      for (const re of SECTION_REFERENCES) {
        for (const m of seg.text.matchAll(re)) {
          const title = m[1] ?? m[2] ?? m[3];
          if (!title) continue;
          const at = m.index ?? 0;
          if (OF_ANOTHER_DOCUMENT.test(seg.text.slice(at + m[0].length))) continue;
          // One reference may match two patterns; keep the first.
          if (
            found.some((f) => Math.abs(f.at - at) < 40 && normalisePhrase(f.title) === normalisePhrase(title))
          )
            continue;
          found.push({ at, title });
        }
      }
      for (const f of found) {
        if (resolves(f.title, starts)) continue;
        hits.push({
          message: `refers to the “${f.title.trim()}” section, but the document has no section with that title: add the section, or point to an existing one`,
          location: src.locate(seg.offsets[f.at] ?? 0),
        });
      }
      for (const m of seg.text.matchAll(LINK_REFERENCE)) {
        // The links may follow in the next paragraph or list ("Use these links:" and a list of addresses).
        const next = src.segments[si + 1];
        const from = seg.offsets[0] ?? 0;
        const last = next && seg.text.trimEnd().endsWith(":") ? next : seg;
        const to = (last.offsets[last.offsets.length - 1] ?? from) + 1;
        if (LINK.test(doc.source.slice(from, to))) continue;
        hits.push({
          message: `says “${m[0]}” but the paragraph contains no link: add the links (for example to the privacy centre), or describe where to go`,
          location: src.locate(seg.offsets[m.index ?? 0] ?? 0),
        });
      }
    });
    return hits;
  },
};

/** The normalised start of every line, and of every heading block the parser found. */
function lineStarts(src: SourceText): string[] {
  const starts = src.lines.map((l) => normalisePhrase(l.text)).filter(Boolean);
  for (const b of src.document.blocks) if (b.kind === "heading") starts.push(normalisePhrase(b.text));
  return starts;
}

function resolves(title: string, starts: readonly string[]): boolean {
  const t = normalisePhrase(title).replace(/^(?:the|our|this)\s+/, "");
  if (!t || /^\d/.test(t)) return true;
  return starts.some((s) => s === t || s.startsWith(`${t} `));
}
