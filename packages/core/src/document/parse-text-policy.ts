import {
  endsWithPunctuation,
  isKnownHeading,
  isShortLabel,
  isTitleCase,
  isTouchpointHeading,
} from "./heading-text.js";
import type { Block, BlockPart } from "./policy-document.js";

interface Line {
  n: number;
  /** Content without list marker, trimmed. */
  text: string;
  blank: boolean;
  marker?: "bullet" | "numbered";
  number?: number;
  /** `#` heading level in a text file written with Markdown-style headings. */
  hashes?: number;
  /** A line of `=` or `-` only (a setext underline or a rule). */
  rule?: boolean;
  /** Cached: the line is a template or touchpoint heading. */
  starts?: boolean;
}

interface Draft {
  kind: "paragraph" | "bullet" | "numbered" | "heading";
  lines: Line[];
  number?: number;
  level?: number;
  blankBefore: boolean;
  /** Set when markup (`#`, underline) made it a heading. */
  marked?: boolean;
  endLine?: number;
}

const BULLET = /^\s*[·•◦▪‣●○■□*+-]\s+(?=\S)/;
const NUMBERED = /^\s*(\d{1,2})[.)]\s+(?=\S)/;
const HASH_HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const RULE = /^\s*(?:={3,}|-{3,}|\*{3,}|_{3,})\s*$/;
/** Words after which a sentence cannot end: a line ending with one goes on on the next line. */
const DANGLING =
  /(?:^|\s)(?:a|an|the|of|to|in|into|for|and|or|nor|but|by|with|at|from|our|your|their|its|as|that|which|is|are|be|via|on|than|such|any|either|both|under|about)$/i;

function readLine(raw: string, n: number): Line {
  const text = raw.replace(/\s+$/, "");
  if (!text.trim()) return { n, text: "", blank: true };
  if (RULE.test(text)) return { n, text: text.trim(), blank: false, rule: true };
  const hash = HASH_HEADING.exec(text);
  if (hash?.[1] && hash[2]) return { n, text: hash[2], blank: false, hashes: hash[1].length };
  const numbered = NUMBERED.exec(text);
  if (numbered?.[1])
    return {
      n,
      text: text.slice(numbered[0].length).trim(),
      blank: false,
      marker: "numbered",
      number: Number(numbered[1]),
    };
  const bullet = BULLET.exec(text);
  if (bullet) return { n, text: text.slice(bullet[0].length).trim(), blank: false, marker: "bullet" };
  return { n, text: text.trim(), blank: false };
}

function endsSentence(text: string): boolean {
  return /[.!?:;]["”’)\]]*$/.test(text);
}

function unclosedParen(text: string): boolean {
  return (text.match(/\(/g)?.length ?? 0) > (text.match(/\)/g)?.length ?? 0);
}

/** A line that always starts a block of its own: a template heading or a touchpoint heading. */
function startsBlock(line: Line): boolean {
  if (line.marker || line.hashes !== undefined) return true;
  line.starts ??= (line.text.length <= 60 && isKnownHeading(line.text)) || isTouchpointHeading(line.text);
  return line.starts;
}

/**
 * The width lines were wrapped at: the median length of lines that certainly go on on the next line
 * (the next one starts in lower case). Infinite when the text is not wrapped.
 */
function wrapWidth(lines: Line[]): number {
  const widths: number[] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    const a = lines[i];
    const b = lines[i + 1];
    if (!a || !b || a.blank || b.blank || b.marker || a.rule) continue;
    if (/^["“‘(]*\p{Ll}/u.test(b.text) && !endsSentence(a.text)) widths.push(lineLength(a));
  }
  if (widths.length < 3) return Number.POSITIVE_INFINITY;
  widths.sort((x, y) => x - y);
  return widths[Math.floor(widths.length / 2)] ?? Number.POSITIVE_INFINITY;
}

function lineLength(line: Line): number {
  return line.text.length + (line.marker ? 2 : 0);
}

function continues(draft: Draft, next: Line, width: number): boolean {
  const prev = draft.lines[draft.lines.length - 1];
  if (!prev || draft.marked) return false;
  if (startsBlock(next) || next.rule) return false;
  if (/^["“‘(]*\p{Ll}/u.test(next.text)) return true;
  if (endsSentence(prev.text)) return false;
  if (DANGLING.test(prev.text) || unclosedParen(draft.lines.map((l) => l.text).join(" "))) return true;
  const firstWord = next.text.split(/\s+/)[0] ?? "";
  const full = lineLength(prev) + 1 + firstWord.length >= width * 0.85;
  return full && !isTitleCase(prev.text);
}

/**
 * Reads a plain-text policy into blocks. Handles both ways the template is found: lines wrapped at a fixed
 * width (a paragraph, list item or heading cut mid-sentence goes on on the next line) and one block per line
 * with blank lines between. Bullets (`·`, `•`, `-`, `*` …) and numbered items (`1.`) start list items; headings
 * are recognised by their words (template headings, "When You …", short title-case lines), or by `#`/underlines.
 *
 * @example
 * parseTextPolicy("Privacy Policy\nWe collect\nyour name.\n· Your full name").map((b) => [b.kind, b.line]);
 * // [["heading", 1], ["paragraph", 2], ["bullet", 4]]
 */
export function parseTextPolicy(source: string): Block[] {
  const lines = source.split(/\r\n|\r|\n/).map((raw, i) => readLine(raw, i + 1));
  const width = wrapWidth(lines);
  const drafts: Draft[] = [];
  let current: Draft | undefined;
  let pendingBlank = true;
  const close = () => {
    if (current) drafts.push(current);
    current = undefined;
  };
  for (const line of lines) {
    if (line.blank) {
      pendingBlank = true;
      continue;
    }
    if (line.rule) {
      // An underline under a single paragraph line makes it a heading; otherwise it is a rule (markup only).
      if (current && !pendingBlank && current.kind === "paragraph" && current.lines.length === 1) {
        current.kind = "heading";
        current.marked = true;
        current.level = line.text.startsWith("=") ? 1 : 2;
        current.endLine = line.n;
        close();
      }
      pendingBlank = false;
      continue;
    }
    if (line.hashes !== undefined) {
      close();
      drafts.push({
        kind: "heading",
        lines: [line],
        level: line.hashes,
        blankBefore: pendingBlank,
        marked: true,
      });
      pendingBlank = false;
      continue;
    }
    let join = false;
    if (current) {
      if (pendingBlank) {
        const prev = current.lines[current.lines.length - 1];
        join =
          current.kind !== "heading" &&
          !current.marked &&
          prev !== undefined &&
          DANGLING.test(prev.text) &&
          !startsBlock(line);
      } else join = continues(current, line, width);
    }
    if (join && current) current.lines.push(line);
    else {
      close();
      current = {
        kind: line.marker ?? "paragraph",
        lines: [line],
        blankBefore: pendingBlank,
      };
      if (line.number !== undefined) current.number = line.number;
    }
    pendingBlank = false;
  }
  close();

  const blocks: Block[] = [];
  drafts.forEach((d, i) => {
    const block = toBlock(d);
    if (block.kind === "paragraph") {
      const next = drafts[i + 1];
      const lastLine = d.lines[d.lines.length - 1]?.n ?? block.line;
      const blankAfter = !next || (next.lines[0]?.n ?? 0) > lastLine + 1;
      if (isHeading(block.text, d, i === 0, blankAfter, !next)) block.kind = "heading";
    }
    blocks.push(block);
  });
  return blocks;
}

function isHeading(text: string, d: Draft, first: boolean, blankAfter: boolean, last: boolean): boolean {
  if (isKnownHeading(text) || isTouchpointHeading(text)) return true;
  if (endsWithPunctuation(text) || last) return false;
  const words = text.split(/\s+/).length;
  if (first && words <= 12 && !/: /.test(text)) return true;
  if (d.lines.length <= 2 && isTitleCase(text)) return true;
  return d.lines.length === 1 && d.blankBefore && blankAfter && isShortLabel(text);
}

function toBlock(d: Draft): Block {
  const first = d.lines[0];
  const last = d.lines[d.lines.length - 1];
  let text = "";
  const parts: BlockPart[] = [];
  for (const l of d.lines) {
    if (text) text += " ";
    parts.push({ line: l.n, offset: text.length });
    text += l.text;
  }
  const block: Block = {
    kind: d.kind,
    text,
    line: first?.n ?? 1,
    endLine: d.endLine ?? last?.n ?? first?.n ?? 1,
  };
  if (d.level !== undefined) block.level = d.level;
  if (d.number !== undefined) block.number = d.number;
  if (parts.length > 1) block.parts = parts;
  return block;
}
