/**
 * A privacy policy read as text: an ordered list of blocks (headings, paragraphs, list items), each with
 * the 1-based line it starts and ends on in the original file, so every finding can name file:line.
 * `.txt`, `.md` and `.html` inputs all become this one shape.
 */
export type BlockKind = "heading" | "paragraph" | "bullet" | "numbered";

/** A link found in a block (Markdown `[text](href)`, HTML `<a href>`). */
export interface BlockLink {
  text: string;
  href: string;
}

/** Where one source line of a block starts in the block's `text`. */
export interface BlockPart {
  line: number;
  /** Index into `text` of the first character taken from `line`. */
  offset: number;
}

export interface Block {
  kind: BlockKind;
  /** The text with wrapped lines joined by single spaces and markup removed. */
  text: string;
  /** First and last line of the block in the original file (1-based). */
  line: number;
  endLine: number;
  /** Heading level given by the markup (Markdown `#` count, HTML `<h1>`–`<h6>`); unset for plain-text headings. */
  level?: number;
  /** The number of a numbered item as written (`3.` → 3). */
  number?: number;
  /** The cells of a table row (Markdown and HTML tables); `text` joins them with ` — `. */
  cells?: string[];
  /** Set on a table's header row (such rows are paragraphs, body rows are bullets). */
  tableHead?: boolean;
  /** Links of the block, in order. */
  links?: BlockLink[];
  /** For a block over several source lines: where each line's text starts in `text` (see `lineAt`). */
  parts?: BlockPart[];
}

export interface PolicyDocument {
  file: string;
  format: "txt" | "md" | "html";
  /** The original file content, unchanged. */
  source: string;
  blocks: Block[];
}
