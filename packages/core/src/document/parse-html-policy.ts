import { Parser } from "htmlparser2";
import { endsWithPunctuation, isKnownHeading, isTouchpointHeading } from "./heading-text.js";
import type { Block, BlockLink, BlockPart } from "./policy-document.js";

/** Elements whose start or end closes the text gathered so far. */
const BLOCK_ELEMENTS = new Set(
  (
    "address article aside blockquote body caption dd details dialog div dl dt fieldset figcaption figure footer " +
    "form h1 h2 h3 h4 h5 h6 header hgroup hr html li main nav ol p pre section summary table tbody td tfoot th " +
    "thead tr ul"
  ).split(" "),
);
/** Elements whose content is not text of the policy. */
const SKIPPED = new Set([
  "head",
  "script",
  "style",
  "noscript",
  "template",
  "svg",
  "iframe",
  "object",
  "select",
]);

interface Gathered {
  text: string;
  parts: BlockPart[];
  links: BlockLink[];
  first: number;
  last: number;
  /** Every character came from `<strong>`/`<b>`. */
  allBold: boolean;
}

interface Row {
  cells: string[];
  links: BlockLink[];
  first: number;
  last: number;
  head: boolean;
  allHeaderCells: boolean;
}

/**
 * Reads an HTML policy into blocks with htmlparser2: `<h1>`–`<h6>` headings, `<p>` and other text as
 * paragraphs, `<li>` as bullets (numbered inside `<ol>`), table rows as bullets with `cells` (header rows as
 * paragraphs with `tableHead`), `<caption>` as a paragraph. `<br>` splits a paragraph. Line numbers are those
 * of the HTML source. A paragraph that is all bold, a template heading or a "When You …" line counts as a heading.
 *
 * @example
 * parseHtmlPolicy("<h1>Privacy Policy</h1>\n<ul><li>Your full name</li></ul>").map((b) => [b.kind, b.line]);
 * // [["heading", 1], ["bullet", 2]]
 */
export function parseHtmlPolicy(source: string): Block[] {
  const lineStarts = [0];
  for (let i = 0; i < source.length; i++) if (source.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };

  const blocks: Block[] = [];
  const stack: string[] = [];
  const listStack: { ordered: boolean; next: number }[] = [];
  let skipDepth = 0;
  let boldDepth = 0;
  let link: { href: string; text: string } | undefined;
  let buffer: Gathered | undefined;
  let row: Row | undefined;
  let cell: { text: string } | undefined;
  let itemNumber: number | undefined;

  const kindHere = (): { kind: Block["kind"]; level?: number } => {
    for (let i = stack.length - 1; i >= 0; i--) {
      const tag = stack[i] ?? "";
      const h = /^h([1-6])$/.exec(tag);
      if (h) return { kind: "heading", level: Number(h[1]) };
      if (tag === "li") return { kind: itemNumber !== undefined ? "numbered" : "bullet" };
    }
    return { kind: "paragraph" };
  };

  const flush = () => {
    const b = buffer;
    buffer = undefined;
    if (!b) return;
    const text = b.text.replace(/\s+$/, "");
    if (!text) return;
    const { kind, level } = kindHere();
    const block: Block = { kind, text, line: lineOf(b.first), endLine: lineOf(b.last) };
    if (level !== undefined) block.level = level;
    if (kind === "numbered" && itemNumber !== undefined) block.number = itemNumber;
    if (b.links.length) block.links = b.links;
    const parts = b.parts.filter((p, i, all) => i === 0 || p.line !== all[i - 1]?.line);
    if (parts.length > 1) block.parts = parts;
    if (
      kind === "paragraph" &&
      text.length <= 160 &&
      (isKnownHeading(text) || isTouchpointHeading(text) || (b.allBold && !endsWithPunctuation(text)))
    )
      block.kind = "heading";
    blocks.push(block);
  };

  const addText = (data: string, start: number, end: number) => {
    if (skipDepth > 0) return;
    const raw = source.slice(start, end + 1);
    const exact = raw === data;
    const lead = exact ? (/^\s*/.exec(data)?.[0].length ?? 0) : 0;
    const trail = exact ? (/\s*$/.exec(data)?.[0].length ?? 0) : 0;
    const collapsed = data.replace(/\s+/g, " ");
    if (cell) {
      cell.text += collapsed;
      if (row && collapsed.trim()) {
        if (row.first < 0) row.first = start + lead;
        row.last = end - trail;
      }
      if (link) link.text += collapsed;
      return;
    }
    if (!collapsed.trim()) {
      if (buffer && !buffer.text.endsWith(" ")) buffer.text += " ";
      return;
    }
    if (!buffer)
      buffer = { text: "", parts: [], links: [], first: start + lead, last: end - trail, allBold: true };
    let piece = collapsed;
    if (!buffer.text) piece = piece.replace(/^\s+/, "");
    else if (buffer.text.endsWith(" ") && piece.startsWith(" ")) piece = piece.slice(1);
    const firstNonSpace = piece.length - piece.replace(/^\s+/, "").length;
    buffer.parts.push({ line: lineOf(start + lead), offset: buffer.text.length + firstNonSpace });
    buffer.text += piece;
    buffer.last = end - trail;
    if (boldDepth === 0) buffer.allBold = false;
    if (link) link.text += collapsed;
  };

  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (SKIPPED.has(name)) skipDepth++;
        if (skipDepth > 0) {
          stack.push(name);
          return;
        }
        if (name === "br") {
          if (!cell && kindHere().kind === "paragraph") flush();
          else if (cell) cell.text += " ";
          else if (buffer) buffer.text += " ";
          return;
        }
        if (BLOCK_ELEMENTS.has(name) && name !== "td" && name !== "th") flush();
        if (name === "ul" || name === "ol") {
          const start = Number(attribs.start ?? "1");
          listStack.push({ ordered: name === "ol", next: Number.isFinite(start) ? start : 1 });
        }
        stack.push(name);
        if (name === "li") {
          const list = listStack[listStack.length - 1];
          itemNumber = list?.ordered ? list.next++ : undefined;
        }
        if (name === "tr") {
          row = {
            cells: [],
            links: [],
            first: -1,
            last: -1,
            head: stack.includes("thead"),
            allHeaderCells: true,
          };
        }
        if ((name === "td" || name === "th") && row) {
          cell = { text: "" };
          if (name === "td") row.allHeaderCells = false;
        }
        if (name === "strong" || name === "b") boldDepth++;
        if (name === "a" && attribs.href) link = { href: attribs.href, text: "" };
      },
      ontext(data) {
        addText(data, parser.startIndex, parser.endIndex);
      },
      onclosetag(name) {
        const index = stack.lastIndexOf(name);
        if (skipDepth > 0) {
          if (index >= 0) stack.splice(index);
          if (SKIPPED.has(name)) skipDepth--;
          return;
        }
        if (name === "a" && link) {
          const l = { text: link.text.replace(/\s+/g, " ").trim(), href: link.href };
          if (cell && row) row.links.push(l);
          else buffer?.links.push(l);
          link = undefined;
        }
        if (name === "strong" || name === "b") boldDepth = Math.max(0, boldDepth - 1);
        if ((name === "td" || name === "th") && cell && row) {
          row.cells.push(cell.text.replace(/\s+/g, " ").trim());
          cell = undefined;
        }
        if (name === "tr" && row) {
          const r = row;
          row = undefined;
          if (r.cells.some((c) => c) && r.first >= 0) {
            const head =
              r.head || (r.allHeaderCells && !stack.includes("tbody") && !blocksHaveRowAfterCaption(blocks));
            const block: Block = {
              kind: head ? "paragraph" : "bullet",
              text: r.cells.join(" — "),
              line: lineOf(r.first),
              endLine: lineOf(r.last),
              cells: r.cells,
            };
            if (head) block.tableHead = true;
            if (r.links.length) block.links = r.links;
            blocks.push(block);
          }
        } else if (BLOCK_ELEMENTS.has(name) && name !== "td" && name !== "th") flush();
        if (index >= 0) stack.splice(index);
        if (name === "ul" || name === "ol") listStack.pop();
        if (name === "li") itemNumber = undefined;
      },
    },
    { decodeEntities: true, recognizeSelfClosing: true },
  );
  parser.write(source);
  parser.end();
  flush();
  return blocks;
}

/** True when the last block is a body row: a header-cells-only row after body rows is a body row too. */
function blocksHaveRowAfterCaption(blocks: Block[]): boolean {
  const last = blocks[blocks.length - 1];
  return Boolean(last?.cells && !last.tableHead);
}
