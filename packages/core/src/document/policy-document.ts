/**
 * A privacy policy read as text: an ordered list of blocks (headings, paragraphs, list items), each with
 * the 1-based line it starts and ends on in the original file, so every finding can name file:line.
 * `.txt`, `.md` and `.html` inputs all become this one shape.
 */
export type BlockKind = "heading" | "paragraph" | "bullet" | "numbered";

export interface Block {
  kind: BlockKind;
  /** The text with wrapped lines joined by single spaces and markup removed. */
  text: string;
  /** First and last line of the block in the original file (1-based). */
  line: number;
  endLine: number;
}

export interface PolicyDocument {
  file: string;
  format: "txt" | "md" | "html";
  /** The original file content, unchanged. */
  source: string;
  blocks: Block[];
}
