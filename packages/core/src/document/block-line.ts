import type { Block } from "./policy-document.js";

/**
 * The source line of a character of a block's text: the block's first line, or for a block over several
 * lines the line the character came from.
 *
 * @example
 * const b = { kind: "paragraph", text: "We do not respond to DNT", line: 10, endLine: 11,
 *   parts: [{ line: 10, offset: 0 }, { line: 11, offset: 10 }] } as const;
 * lineAt(b, b.text.indexOf("DNT")); // 11
 */
export function lineAt(block: Block, offset: number): number {
  if (!block.parts || offset <= 0) return block.line;
  let line = block.line;
  for (const p of block.parts) {
    if (p.offset > offset) break;
    line = p.line;
  }
  return line;
}

/**
 * The source line where a pattern first matches in a block's text, or undefined when it does not match.
 *
 * @example
 * lineOfMatch(block, /do not track/i); // e.g. 320
 */
export function lineOfMatch(block: Block, pattern: RegExp | string): number | undefined {
  const index = typeof pattern === "string" ? block.text.indexOf(pattern) : block.text.search(pattern);
  return index < 0 ? undefined : lineAt(block, index);
}
