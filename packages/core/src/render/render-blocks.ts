/**
 * A small document model for notices, written out as accessible HTML, Markdown or plain text. The notice
 * builders say *what* a notice contains; this file alone decides *how* each format spells it, so the three
 * formats always carry the same words in the same order (see `docs/notice-layout.md`).
 */

export type NoticeFormat = "html" | "md" | "txt";

/** A run of text, a link, or a date. Text values are raw: escaping happens when a format is written. */
export type NoticeInline = string | { text: string; href: string } | { text: string; datetime: string };

export type NoticeBlock =
  | { kind: "paragraph"; content: NoticeInline[] }
  | { kind: "list"; items: NoticeInline[][]; ordered?: boolean }
  | {
      kind: "table";
      /** Shown as `<caption>` in HTML; Markdown and text have no caption. */
      caption: string;
      head: string[];
      rows: string[][];
      /** How a row reads as one bullet in plain text. Default: cells joined by ` — `. */
      textItem?: (row: string[]) => string;
      /** A line written before the table in Markdown and text, which have no caption (HTML uses the caption). */
      label?: string;
    }
  | NoticeSection;

/** A headed part of a document. Its heading level follows its depth: top-level sections are level 2. */
export interface NoticeSection {
  kind: "section";
  id: string;
  title: string;
  children: NoticeBlock[];
}

export interface NoticeDocument {
  /** The level-1 heading. */
  title: string;
  /** The HTML `<title>`; defaults to `title`. */
  documentTitle?: string;
  /** Blocks between the title and the first section (last updated, version, intro). */
  header: NoticeBlock[];
  /** Adds a `Contents` section listing the top-level sections (HTML: a `<nav>` linking to every section). */
  contents: boolean;
  sections: NoticeSection[];
}

const CONTENTS = "Contents";

/**
 * Writes a notice document in one format. HTML is a complete, self-contained HTML5 document; Markdown uses
 * `#` headings, `-` bullets and pipe tables; text is one paragraph or item per line with blank lines between
 * blocks and `•` bullets.
 *
 * @example
 * const doc = { title: "Privacy Policy", header: [], contents: false,
 *   sections: [{ kind: "section", id: "contact", title: "Contact Us", children: [{ kind: "list", items: [["E-mail: a@b.example"]] }] }] } as const;
 * renderDocument(doc, "txt"); // "Privacy Policy\n\nContact Us\n\n• E-mail: a@b.example\n"
 */
export function renderDocument(doc: NoticeDocument, format: NoticeFormat): string {
  if (format === "html") return htmlDocument(doc);
  const blocks: NoticeBlock[] = [...doc.header];
  if (doc.contents && doc.sections.length) {
    blocks.push({
      kind: "section",
      id: "contents",
      title: CONTENTS,
      children: [{ kind: "list", items: doc.sections.map((s) => [s.title]) }],
    });
  }
  blocks.push(...doc.sections);
  const parts = [format === "md" ? `# ${mdInline(clean(doc.title))}` : clean(doc.title)];
  for (const b of blocks) parts.push(...(format === "md" ? mdBlock(b, 2) : txtBlock(b)));
  return `${parts.join("\n\n")}\n`;
}

/**
 * Writes blocks as an HTML fragment (no document around it), e.g. a notice placed beside a form.
 * `level` is the heading level of the outermost sections.
 *
 * @example
 * renderFragment([{ kind: "paragraph", content: ["<b>"] }], "html"); // "<p>&lt;b&gt;</p>\n"
 */
export function renderFragment(blocks: NoticeBlock[], format: NoticeFormat, level = 2): string {
  if (format === "html") return `${blocks.map((b) => htmlBlock(b, level, "")).join("\n")}\n`;
  const parts = blocks.flatMap((b) => (format === "md" ? mdBlock(b, level) : txtBlock(b)));
  return `${parts.join("\n\n")}\n`;
}

/**
 * Collapses all whitespace (including line breaks) to single spaces, so no value can break the layout.
 *
 * @example
 * clean("  two\n lines "); // "two lines"
 */
export function clean(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}

/**
 * Splits free text into paragraphs at blank lines; each paragraph is cleaned to a single line.
 *
 * @example
 * paragraphs("one\ntwo\n\nthree"); // ["one two", "three"]
 */
export function paragraphs(s: string): string[] {
  return s
    .split(/\n\s*\n/)
    .map(clean)
    .filter((p) => p.length > 0);
}

// ---------------------------------------------------------------- plain text

function inlineText(content: NoticeInline[]): string {
  return clean(
    content
      .map((c) => {
        if (typeof c === "string") return c;
        if ("href" in c) {
          const href = safeHref(c.href);
          return href && /^https?:/i.test(href) && clean(c.text) !== href ? `${c.text} (${href})` : c.text;
        }
        return c.text;
      })
      .join(""),
  );
}

function txtBlock(b: NoticeBlock): string[] {
  switch (b.kind) {
    case "paragraph":
      return [inlineText(b.content)];
    case "list":
      return [b.items.map((item, i) => `${b.ordered ? `${i + 1}.` : "•"} ${inlineText(item)}`).join("\n")];
    case "table": {
      const item = b.textItem ?? ((row: string[]) => row.map(clean).join(" — "));
      const rows = b.rows.map((r) => `• ${clean(item(r))}`).join("\n");
      return b.label ? [clean(b.label), rows] : [rows];
    }
    case "section":
      return [clean(b.title), ...b.children.flatMap(txtBlock)];
  }
}

// ---------------------------------------------------------------- Markdown

/** Escapes the characters that would turn a value into Markdown markup or raw HTML. */
function mdInline(s: string): string {
  return s.replace(/[\\<`*]/g, (c) => `\\${c}`);
}

/** Escapes what would make a paragraph or item start a different block (heading, list, quote). */
function mdLineStart(s: string): string {
  return s.replace(/^(#|>|[-+](?=\s))/, "\\$1").replace(/^(\d+)([.)])(?=\s)/, "$1\\$2");
}

function mdContent(content: NoticeInline[]): string {
  const s = content
    .map((c) => {
      if (typeof c === "string") return mdInline(c.replace(/\s+/g, " "));
      if ("href" in c) {
        const href = safeHref(c.href);
        const text = clean(c.text);
        if (!href || !/^https?:/i.test(href) || text === href) return mdInline(text);
        return `[${mdInline(text).replace(/[[\]]/g, "\\$&")}](${/[()]/.test(href) ? `<${href}>` : href})`;
      }
      return mdInline(clean(c.text));
    })
    .join("");
  return mdLineStart(s.replace(/ {2,}/g, " ").trim());
}

function mdCell(s: string): string {
  return mdInline(clean(s)).replace(/\|/g, "\\|") || " ";
}

function mdBlock(b: NoticeBlock, level: number): string[] {
  switch (b.kind) {
    case "paragraph":
      return [mdContent(b.content)];
    case "list":
      return [b.items.map((item, i) => `${b.ordered ? `${i + 1}.` : "-"} ${mdContent(item)}`).join("\n")];
    case "table": {
      const row = (cells: string[]) => `| ${cells.map(mdCell).join(" | ")} |`;
      const table = [row(b.head), `| ${b.head.map(() => "---").join(" | ")} |`, ...b.rows.map(row)].join(
        "\n",
      );
      return b.label ? [mdLineStart(mdInline(clean(b.label))), table] : [table];
    }
    case "section":
      return [
        `${"#".repeat(Math.min(level, 6))} ${mdInline(clean(b.title))}`,
        ...b.children.flatMap((c) => mdBlock(c, level + 1)),
      ];
  }
}

// ---------------------------------------------------------------- HTML

/**
 * Escapes a value for HTML text and attribute values.
 *
 * @example
 * escapeHtml('<a href="x">'); // "&lt;a href=&quot;x&quot;&gt;"
 */
export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );
}

/**
 * Only web, e-mail and telephone links, and anchors within the document, are written as links; anything else
 * (e.g. `javascript:`) stays text. Markdown and text keep only web links.
 */
function safeHref(href: string): string | undefined {
  const h = href.trim();
  return /^((https?:\/\/|mailto:|tel:)[^\s<>"]+|#[A-Za-z0-9_-]+)$/i.test(h) ? h : undefined;
}

function htmlContent(content: NoticeInline[]): string {
  return content
    .map((c) => {
      if (typeof c === "string") return escapeHtml(c.replace(/\s+/g, " "));
      if ("href" in c) {
        const href = safeHref(c.href);
        return href
          ? `<a href="${escapeHtml(href)}">${escapeHtml(clean(c.text))}</a>`
          : escapeHtml(clean(c.text));
      }
      return `<time datetime="${escapeHtml(c.datetime)}">${escapeHtml(clean(c.text))}</time>`;
    })
    .join("")
    .trim();
}

function htmlBlock(b: NoticeBlock, level: number, indent: string): string {
  switch (b.kind) {
    case "paragraph":
      return `${indent}<p>${htmlContent(b.content)}</p>`;
    case "list": {
      const tag = b.ordered ? "ol" : "ul";
      const items = b.items.map((item) => `${indent}  <li>${htmlContent(item)}</li>`);
      return [`${indent}<${tag}>`, ...items, `${indent}</${tag}>`].join("\n");
    }
    case "table": {
      const head = b.head.map((h) => `<th scope="col">${escapeHtml(clean(h))}</th>`).join("");
      const rows = b.rows.map(
        (r) =>
          `${indent}    <tr>${r
            .map((c, i) =>
              i === 0 ? `<th scope="row">${escapeHtml(clean(c))}</th>` : `<td>${escapeHtml(clean(c))}</td>`,
            )
            .join("")}</tr>`,
      );
      return [
        `${indent}<table>`,
        `${indent}  <caption>${escapeHtml(clean(b.caption))}</caption>`,
        `${indent}  <thead><tr>${head}</tr></thead>`,
        `${indent}  <tbody>`,
        ...rows,
        `${indent}  </tbody>`,
        `${indent}</table>`,
      ].join("\n");
    }
    case "section": {
      const id = escapeHtml(b.id);
      const h = Math.min(level, 6);
      return [
        `${indent}<section aria-labelledby="${id}">`,
        `${indent}  <h${h} id="${id}">${escapeHtml(clean(b.title))}</h${h}>`,
        ...b.children.map((c) => htmlBlock(c, level + 1, `${indent}  `)),
        `${indent}</section>`,
      ].join("\n");
    }
  }
}

/** The table of contents: the sections and their subsections (two levels), linked to their anchors. */
function htmlToc(sections: NoticeSection[], indent: string, depth = 2): string {
  const lines = [`${indent}<ul>`];
  for (const s of sections) {
    const subs = depth > 1 ? s.children.filter((c): c is NoticeSection => c.kind === "section") : [];
    const link = `<a href="#${escapeHtml(s.id)}">${escapeHtml(clean(s.title))}</a>`;
    if (subs.length)
      lines.push(`${indent}  <li>${link}`, htmlToc(subs, `${indent}    `, depth - 1), `${indent}  </li>`);
    else lines.push(`${indent}  <li>${link}</li>`);
  }
  lines.push(`${indent}</ul>`);
  return lines.join("\n");
}

const STYLE = `body{font:16px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#fff;margin:0}
main{max-width:48rem;margin:0 auto;padding:2rem 1rem}
h1,h2,h3,h4{line-height:1.25;margin:1.6em 0 .5em}
h1{margin-top:0}
a{color:#0b57d0}
a:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}
nav{border:1px solid #ccc;border-radius:4px;padding:.5rem 1rem;margin:1.5rem 0}
table{border-collapse:collapse;width:100%;margin:1rem 0;font-size:.95em}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border:1px solid #ccc;padding:.4rem .5rem;text-align:left;vertical-align:top}
thead th{background:#f2f2f2}
@media (prefers-color-scheme:dark){body{background:#121212;color:#eee}a{color:#8ab4f8}thead th{background:#2a2a2a}th,td,nav{border-color:#555}}`;

function htmlDocument(doc: NoticeDocument): string {
  const lines = [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(clean(doc.documentTitle ?? doc.title))}</title>`,
    `<style>\n${STYLE}\n</style>`,
    "</head>",
    "<body>",
    "<main>",
    "<article>",
    "<header>",
    `  <h1>${escapeHtml(clean(doc.title))}</h1>`,
    ...doc.header.map((b) => htmlBlock(b, 2, "  ")),
    "</header>",
  ];
  if (doc.contents && doc.sections.length) {
    lines.push(
      `<nav aria-label="${CONTENTS}">`,
      `  <h2 id="contents">${CONTENTS}</h2>`,
      htmlToc(doc.sections, "  "),
      "</nav>",
    );
  }
  for (const s of doc.sections) lines.push(htmlBlock(s, 2, ""));
  lines.push("</article>", "</main>", "</body>", "</html>");
  return `${lines.join("\n")}\n`;
}
