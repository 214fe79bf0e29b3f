import { endsWithPunctuation, isKnownHeading, isTouchpointHeading } from "./heading-text.js";
import type { Block, BlockLink, BlockPart } from "./policy-document.js";

interface Draft {
  kind: Block["kind"];
  lines: { n: number; text: string }[];
  level?: number;
  number?: number;
  cells?: string[];
  tableHead?: boolean;
  endLine?: number;
}

const HEADING = /^\s{0,3}(#{1,6})(?:\s+(.*?))?\s*#*\s*$/;
const BULLET = /^\s*[-*+•·]\s+(?=\S)/;
const NUMBERED = /^\s*(\d{1,9})[.)]\s+(?=\S)/;
const RULE = /^\s{0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$/;
const SETEXT = /^\s{0,3}(=+|-+)\s*$/;
const FENCE = /^\s{0,3}(```|~~~)/;
const TABLE_SEPARATOR = /^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$/;

/**
 * Removes inline Markdown (emphasis, code, links, images, inline HTML, escapes) and collects the links.
 *
 * @example
 * inlineMarkdown("**Read** [our terms](https://x.example/terms)");
 * // { text: "Read our terms", links: [{ text: "our terms", href: "https://x.example/terms" }] }
 */
export function inlineMarkdown(s: string): { text: string; links: BlockLink[] } {
  const links: BlockLink[] = [];
  // Protect escaped characters first so they are not read as markup.
  const escaped: string[] = [];
  let t = s.replace(/\\([\\`*_{}[\]()#+\-.!|>~<])/g, (_m, c: string) => {
    escaped.push(c);
    return `\uE000${escaped.length - 1}\uE000`;
  });
  t = t.replace(/`([^`]*)`/g, "$1");
  t = t.replace(/!\[([^\]]*)\]\((?:<[^>]*>|[^)\s]*)(?:\s+"[^"]*")?\)/g, "$1");
  t = t.replace(/\[([^\]]*)\]\((<[^>]*>|[^)\s]*)(?:\s+"[^"]*")?\)/g, (_m, text: string, href: string) => {
    links.push({ text: restore(text, escaped), href: href.replace(/^<|>$/g, "") });
    return text;
  });
  t = t.replace(/<((?:https?:\/\/|mailto:)[^>\s]+)>/g, (_m, href: string) => {
    links.push({ text: href, href });
    return href;
  });
  t = t.replace(/<\/?[a-zA-Z][^>]*>/g, " ");
  t = t.replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, "$2");
  t = t.replace(/(^|[\s(])\*(?=\S)([^*]+?)(?<=\S)\*(?=[\s).,;:!?]|$)/g, "$1$2");
  t = t.replace(/(^|[\s(])_(?=\S)([^_]+?)(?<=\S)_(?=[\s).,;:!?]|$)/g, "$1$2");
  t = t.replace(/~~(.+?)~~/g, "$1");
  t = restore(t, escaped)
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
  for (const l of links) l.text = l.text.replace(/\*\*|__/g, "");
  return { text: t.replace(/\s+/g, " ").trim(), links };
}

function restore(s: string, escaped: string[]): string {
  return s.replace(/\uE000(\d+)\uE000/g, (_m, i: string) => escaped[Number(i)] ?? "");
}

function splitRow(line: string): string[] {
  let t = line.trim();
  if (t.startsWith("|")) t = t.slice(1);
  if (t.endsWith("|") && !t.endsWith("\\|")) t = t.slice(0, -1);
  return t.split(/(?<!\\)\|/).map((c) => c.trim());
}

/**
 * Reads a Markdown policy into blocks: `#` and underlined headings, `-`/`*`/`+`/`•` bullets, numbered items,
 * paragraphs (soft-wrapped lines joined), and pipe tables (header row as a paragraph with `tableHead`, body
 * rows as bullets with `cells`). A paragraph that is all bold, a template heading or a "When You …" line is
 * taken as a heading too.
 *
 * @example
 * parseMarkdownPolicy("# Privacy Policy\n\n- Your full name\n").map((b) => [b.kind, b.text, b.line]);
 * // [["heading", "Privacy Policy", 1], ["bullet", "Your full name", 3]]
 */
export function parseMarkdownPolicy(source: string): Block[] {
  const lines = source.split(/\r\n|\r|\n/);
  const drafts: Draft[] = [];
  let current: Draft | undefined;
  let fence: string | undefined;
  const close = () => {
    if (current) drafts.push(current);
    current = undefined;
  };
  for (let i = 0; i < lines.length; i++) {
    const n = i + 1;
    const raw = (lines[i] ?? "").replace(/\s+$/, "");
    if (fence !== undefined) {
      if (raw.trim().startsWith(fence)) {
        fence = undefined;
        close();
      } else if (raw.trim()) {
        if (!current) current = { kind: "paragraph", lines: [] };
        current.lines.push({ n, text: raw.trim() });
      }
      continue;
    }
    const fenceOpen = FENCE.exec(raw);
    if (fenceOpen?.[1]) {
      close();
      fence = fenceOpen[1];
      continue;
    }
    const line = raw.replace(/^\s{0,3}>\s?/, "");
    if (!line.trim()) {
      close();
      continue;
    }
    const setext = SETEXT.exec(line);
    if (setext?.[1] && current?.kind === "paragraph" && current.lines.length >= 1) {
      current.kind = "heading";
      current.level = setext[1].startsWith("=") ? 1 : 2;
      current.endLine = n;
      close();
      continue;
    }
    if (RULE.test(line)) {
      close();
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading?.[1]) {
      close();
      drafts.push({ kind: "heading", lines: [{ n, text: heading[2] ?? "" }], level: heading[1].length });
      continue;
    }
    if (line.includes("|") && TABLE_SEPARATOR.test(lines[i + 1] ?? "") && !TABLE_SEPARATOR.test(line)) {
      close();
      drafts.push({ kind: "paragraph", lines: [{ n, text: "" }], cells: splitRow(line), tableHead: true });
      i++;
      while (i + 1 < lines.length && (lines[i + 1] ?? "").includes("|") && (lines[i + 1] ?? "").trim()) {
        i++;
        drafts.push({ kind: "bullet", lines: [{ n: i + 1, text: "" }], cells: splitRow(lines[i] ?? "") });
      }
      continue;
    }
    const numbered = NUMBERED.exec(line);
    const bullet = numbered ? null : BULLET.exec(line);
    if (numbered?.[1] || bullet) {
      close();
      const marker = numbered ?? bullet;
      current = {
        kind: numbered ? "numbered" : "bullet",
        lines: [{ n, text: line.slice(marker?.[0].length ?? 0).trim() }],
      };
      if (numbered?.[1]) current.number = Number(numbered[1]);
      continue;
    }
    if (current && current.kind !== "heading" && !current.cells) current.lines.push({ n, text: line.trim() });
    else {
      close();
      current = { kind: "paragraph", lines: [{ n, text: line.trim() }] };
    }
  }
  close();
  return drafts.map(toBlock).filter((b) => b.text.length > 0 || b.cells !== undefined);
}

function toBlock(d: Draft): Block {
  const first = d.lines[0]?.n ?? 1;
  const last = d.endLine ?? d.lines[d.lines.length - 1]?.n ?? first;
  if (d.cells) {
    const cells = d.cells.map((c) => inlineMarkdown(c).text);
    const links = d.cells.flatMap((c) => inlineMarkdown(c).links);
    const block: Block = { kind: d.kind, text: cells.join(" — "), line: first, endLine: last, cells };
    if (d.tableHead) block.tableHead = true;
    if (links.length) block.links = links;
    return block;
  }
  let text = "";
  const parts: BlockPart[] = [];
  const links: BlockLink[] = [];
  // A line ending in two spaces or a backslash is a hard break; both read as a space here.
  for (const l of d.lines) {
    const inline = inlineMarkdown(l.text.replace(/\\$/, ""));
    if (!inline.text) continue;
    if (text) text += " ";
    parts.push({ line: l.n, offset: text.length });
    text += inline.text;
    links.push(...inline.links);
  }
  const block: Block = { kind: d.kind, text, line: first, endLine: last };
  if (d.level !== undefined) block.level = d.level;
  if (d.number !== undefined) block.number = d.number;
  if (links.length) block.links = links;
  if (parts.length > 1) block.parts = parts;
  if (block.kind === "paragraph" && isImpliedHeading(d)) block.kind = "heading";
  return block;
}

/** A paragraph that is all bold, a template heading or a "When You …" line, on one line. */
function isImpliedHeading(d: Draft): boolean {
  if (d.lines.length !== 1) return false;
  const raw = d.lines[0]?.text.trim() ?? "";
  const text = inlineMarkdown(raw).text;
  if (isKnownHeading(text) || isTouchpointHeading(text)) return true;
  return /^(\*\*|__)[^*_]+\1$/.test(raw) && text.length <= 160 && !endsWithPunctuation(text);
}
