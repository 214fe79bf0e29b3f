import { fail, LoupeError, ok, type Result } from "../errors/loupe-error.js";
import { parseHtmlPolicy } from "./parse-html-policy.js";
import { parseMarkdownPolicy } from "./parse-markdown-policy.js";
import { parseTextPolicy } from "./parse-text-policy.js";
import type { PolicyDocument } from "./policy-document.js";

export type PolicyFormat = PolicyDocument["format"];

const EXTENSIONS: Record<string, PolicyFormat> = {
  txt: "txt",
  text: "txt",
  md: "md",
  markdown: "md",
  html: "html",
  htm: "html",
  xhtml: "html",
};

/**
 * The policy format a file name implies (`.txt`, `.md`, `.html` and their variants), if any.
 *
 * @example
 * policyFormatOf("privacy.htm"); // "html"
 * policyFormatOf("loupe.yaml"); // undefined
 */
export function policyFormatOf(file: string): PolicyFormat | undefined {
  const m = /\.([a-z0-9]+)$/i.exec(file);
  return m?.[1] ? EXTENSIONS[m[1].toLowerCase()] : undefined;
}

/**
 * Reads a privacy policy (plain text, Markdown or HTML) into a {@link PolicyDocument}: headings, paragraphs,
 * bullets and numbered items, each with its first and last source line. The format comes from `format`, else
 * from the file extension. Plain text reads both layouts of the retailer template: lines wrapped at a fixed
 * width (`·` bullets) and one block per line with blank lines between (`•` bullets).
 *
 * @example
 * const r = parsePolicyDocument("Privacy Policy\n\n• Your full name\n", "policy.txt");
 * if (r.ok) r.value.blocks.map((b) => `${b.kind}@${b.line}`); // ["heading@1", "bullet@3"]
 */
export function parsePolicyDocument(
  source: string,
  file: string,
  format?: PolicyFormat,
): Result<PolicyDocument> {
  const chosen = format ?? policyFormatOf(file);
  if (!chosen) {
    return fail(
      new LoupeError(
        "UNSUPPORTED_FORMAT",
        "cannot tell the policy's format from its name; use a .txt, .md or .html file or name the format",
        { file },
      ),
    );
  }
  if (!EXTENSIONS[chosen]) {
    return fail(new LoupeError("UNSUPPORTED_FORMAT", `unknown policy format '${String(chosen)}'`, { file }));
  }
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const blocks =
    chosen === "html"
      ? parseHtmlPolicy(text)
      : chosen === "md"
        ? parseMarkdownPolicy(text)
        : parseTextPolicy(text);
  return ok({ file, format: chosen, source, blocks });
}
