import {
  isTouchpointHeading,
  normaliseHeading,
  type TouchpointListKind,
  touchpointListOf,
} from "./heading-text.js";
import type { Block, PolicyDocument } from "./policy-document.js";

/** One item of a list: its text and line. */
export interface OutlineItem {
  text: string;
  line: number;
  block: Block;
}

/** One of the four lists of a touchpoint section. */
export interface OutlineList {
  kind: TouchpointListKind;
  heading: Block;
  line: number;
  items: OutlineItem[];
  /** Paragraphs between the list heading and its first item. */
  notes: Block[];
}

/** A touchpoint section: a "When You …" heading (or a heading followed by one of the four lists) and its lists. */
export interface OutlineTouchpoint {
  title: string;
  line: number;
  endLine: number;
  heading: Block;
  /** Index of the heading in `document.blocks`. */
  index: number;
  lists: OutlineList[];
  /** Blocks under the heading before the first list. */
  notes: Block[];
  /** The earlier touchpoint section this one repeats (same title). */
  repeats?: OutlineTouchpoint;
}

/**
 * Any other part of the policy. `role` says what it is: the title's own part (intro), text before any heading
 * (`preamble`), the section holding the overview list of touchpoints (`overview`), free paragraphs between or
 * after the touchpoint sections that no heading introduces (`general`), or an ordinary headed `section`.
 */
export interface OutlineSection {
  role: "title" | "preamble" | "overview" | "general" | "section";
  /** The heading text; empty for `preamble` and `general`. */
  title: string;
  heading?: Block;
  /** Index of the heading (or of the first block) in `document.blocks`. */
  index: number;
  line: number;
  endLine: number;
  blocks: Block[];
  /** The earlier section with the same heading that this one repeats. */
  repeats?: OutlineSection;
}

export interface PolicyOutline {
  document: PolicyDocument;
  /** The first heading, when it is a title (not a section or touchpoint heading); `repeatedAt` lists lines where the same heading follows at once. */
  title?: { text: string; line: number; block: Block; repeatedAt: number[] };
  /** The overview list of touchpoints: the items under "Collection, Use, And Sharing Of Information" before the first touchpoint. */
  overview?: { section: OutlineSection; lead: Block[]; items: OutlineItem[] };
  /** Every touchpoint section in order, repeats included (see `repeats`). */
  touchpoints: OutlineTouchpoint[];
  /** Every other part in order (title part, overview section, general runs, headed sections). */
  sections: OutlineSection[];
}

const COLLECTION_HEADING = /^collection,? use,? and sharing of (?:your )?(?:personal )?information$/;
const cache = new WeakMap<PolicyDocument, PolicyOutline>();

/**
 * Reads the structure of the retailer template from a policy document, with line numbers: the title, the
 * overview list of touchpoints, the touchpoint sections with their four lists ("Categories Of Data We May
 * Collect", "How We May Use The Data Collected", "Who We May Share Your Data With", "Consequences Of Not
 * Providing Data") and items, and every other section. Memoised per document.
 *
 * @example
 * const doc = parsePolicyDocument(text, "policy.txt");
 * if (doc.ok) {
 *   const outline = readPolicyOutline(doc.value);
 *   outline.touchpoints.map((t) => [t.title, t.line]); // [["When You Navigate to Our Site", 31], …]
 * }
 */
export function readPolicyOutline(document: PolicyDocument): PolicyOutline {
  const cached = cache.get(document);
  if (cached) return cached;
  const outline = buildOutline(document);
  cache.set(document, outline);
  return outline;
}

function isListHeading(b: Block | undefined): boolean {
  return b?.kind === "heading" && touchpointListOf(b.text) !== undefined;
}

function isItem(b: Block | undefined): boolean {
  return b?.kind === "bullet" || b?.kind === "numbered";
}

function item(b: Block): OutlineItem {
  return { text: b.text, line: b.line, block: b };
}

function buildOutline(document: PolicyDocument): PolicyOutline {
  const blocks = document.blocks;
  const touchpoints: OutlineTouchpoint[] = [];
  const sections: OutlineSection[] = [];
  const outline: PolicyOutline = { document, touchpoints, sections };
  const isTouchpointAt = (i: number): boolean => {
    const b = blocks[i];
    if (b?.kind !== "heading" || isListHeading(b)) return false;
    const next = blocks[i + 1];
    // A "When You …" heading with paragraphs under it and no lists is an ordinary section.
    return (
      isListHeading(next) || (isTouchpointHeading(b.text) && (next === undefined || next.kind === "heading"))
    );
  };

  let i = 0;
  const first = blocks[0];
  if (
    first?.kind === "heading" &&
    !isTouchpointAt(0) &&
    !isListHeading(first) &&
    !isSectionHeading(first.text)
  ) {
    const title = { text: first.text, line: first.line, block: first, repeatedAt: [] as number[] };
    i = 1;
    while (
      blocks[i]?.kind === "heading" &&
      normaliseHeading(blocks[i]?.text ?? "") === normaliseHeading(first.text)
    ) {
      title.repeatedAt.push(blocks[i]?.line ?? 0);
      i++;
    }
    outline.title = title;
    const start = i;
    const content: Block[] = [];
    while (i < blocks.length && blocks[i]?.kind !== "heading") content.push(blocks[i++] as Block);
    sections.push(part("title", first.text, first, 0, content, blocks[start - 1] ?? first));
  }

  while (i < blocks.length) {
    const b = blocks[i] as Block;
    if (b.kind !== "heading") {
      // Text no heading introduces: before any heading, or after a touchpoint section's lists.
      const start = i;
      const content: Block[] = [];
      while (i < blocks.length && blocks[i]?.kind !== "heading") content.push(blocks[i++] as Block);
      sections.push(part(touchpoints.length ? "general" : "preamble", "", undefined, start, content, b));
      continue;
    }
    if (isTouchpointAt(i)) {
      i = readTouchpoint(blocks, i, touchpoints);
      continue;
    }
    const start = i++;
    const content: Block[] = [];
    while (i < blocks.length && blocks[i]?.kind !== "heading") content.push(blocks[i++] as Block);
    sections.push(part("section", b.text, b, start, content, b));
  }

  markOverview(outline);
  markRepeats(outline);
  return outline;
}

/** Headings that open a section of their own even when they come first (a policy without a title). */
function isSectionHeading(text: string): boolean {
  return COLLECTION_HEADING.test(normaliseHeading(text));
}

function part(
  role: OutlineSection["role"],
  title: string,
  heading: Block | undefined,
  index: number,
  content: Block[],
  firstBlock: Block,
): OutlineSection {
  const last = content[content.length - 1] ?? heading ?? firstBlock;
  const section: OutlineSection = {
    role,
    title,
    index,
    line: (heading ?? content[0] ?? firstBlock).line,
    endLine: last.endLine,
    blocks: content,
  };
  if (heading) section.heading = heading;
  return section;
}

function readTouchpoint(blocks: Block[], start: number, out: OutlineTouchpoint[]): number {
  const heading = blocks[start] as Block;
  const tp: OutlineTouchpoint = {
    title: heading.text,
    line: heading.line,
    endLine: heading.endLine,
    heading,
    index: start,
    lists: [],
    notes: [],
  };
  let i = start + 1;
  while (i < blocks.length && blocks[i]?.kind !== "heading") tp.notes.push(blocks[i++] as Block);
  while (i < blocks.length && isListHeading(blocks[i])) {
    const h = blocks[i++] as Block;
    const list: OutlineList = {
      kind: touchpointListOf(h.text) as TouchpointListKind,
      heading: h,
      line: h.line,
      items: [],
      notes: [],
    };
    while (i < blocks.length && blocks[i]?.kind === "paragraph" && !list.items.length) {
      list.notes.push(blocks[i++] as Block);
    }
    while (i < blocks.length && isItem(blocks[i])) list.items.push(item(blocks[i++] as Block));
    // A list written as paragraphs, one item each, with nothing else under its heading.
    if (!list.items.length && list.notes.length && (i >= blocks.length || blocks[i]?.kind === "heading")) {
      list.items = list.notes.map(item);
      list.notes = [];
    }
    tp.lists.push(list);
    tp.endLine = Math.max(
      tp.endLine,
      h.endLine,
      ...list.items.map((x) => x.block.endLine),
      ...list.notes.map((n) => n.endLine),
    );
    // Paragraphs after the items close the touchpoint: they belong to no list.
    if (i < blocks.length && blocks[i]?.kind !== "heading") break;
  }
  if (tp.notes.length) tp.endLine = Math.max(tp.endLine, ...tp.notes.map((n) => n.endLine));
  out.push(tp);
  return i;
}

function markOverview(outline: PolicyOutline): void {
  const firstTouchpoint = outline.touchpoints[0];
  const candidates = outline.sections.filter(
    (s) => (s.role === "section" || s.role === "title" || s.role === "preamble") && s.blocks.some(isItem),
  );
  let section = outline.sections.find(
    (s) => s.role === "section" && COLLECTION_HEADING.test(normaliseHeading(s.title)),
  );
  if (!section && firstTouchpoint) {
    // The part just before the first touchpoint, when its list names touchpoints.
    const before = [...candidates].reverse().find((s) => s.index < firstTouchpoint.index);
    if (before?.blocks.some((b) => isItem(b) && /^when you\b/i.test(b.text))) section = before;
  }
  if (!section) return;
  const firstItem = section.blocks.findIndex(isItem);
  const items = section.blocks.filter(isItem).map(item);
  const lead = firstItem < 0 ? section.blocks : section.blocks.slice(0, firstItem);
  if (section.role === "section") section.role = "overview";
  outline.overview = { section, lead, items };
}

function markRepeats(outline: PolicyOutline): void {
  const seenTouchpoints = new Map<string, OutlineTouchpoint>();
  for (const t of outline.touchpoints) {
    const key = normaliseHeading(t.title);
    const earlier = seenTouchpoints.get(key);
    if (earlier) t.repeats = earlier;
    else seenTouchpoints.set(key, t);
  }
  const seenSections = new Map<string, OutlineSection>();
  for (const s of outline.sections) {
    if (!s.title || s.role === "title") continue;
    const key = normaliseHeading(s.title);
    const earlier = seenSections.get(key);
    if (earlier) s.repeats = earlier;
    else seenSections.set(key, s);
  }
}
