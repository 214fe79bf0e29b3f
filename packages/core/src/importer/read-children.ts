import { lineAt } from "../document/block-line.js";
import type { Block } from "../document/policy-document.js";
import type { ImportContext } from "./import-context.js";
import { sentences } from "./phrase-text.js";

/**
 * Reads what the text says about children: the age under which no personal information is knowingly
 * collected (`min_age`), whether such data is deleted (`deletes`), and the age under which data is not sold
 * (`no_sale_under`, "We do not knowingly 'sell' personal information about consumers under the age of 16").
 * `section` is the children section, when the text has one; `blocks` is the whole text for the sale rule.
 *
 * @example
 * readChildren(ctx, childrenSection.blocks, document.blocks);
 * ctx.draft.children; // { min_age: 13, deletes: true, no_sale_under: 16 }
 */
export function readChildren(
  ctx: ImportContext,
  section: readonly Block[] | undefined,
  blocks: readonly Block[],
): void {
  const children: { min_age?: number; deletes?: boolean; no_sale_under?: number } = {};
  let seen = false;
  for (const b of section ?? []) {
    for (const s of sentences(b.text)) {
      const age = /\b(?:children|child|minors?|anyone)\b[^.]*?\bunder (?:the age of )?(\d{1,2})\b/i.exec(
        s.text,
      );
      if (age?.[1] && children.min_age === undefined && !/\b(?:sell|sold|share)\b/i.test(s.text)) {
        children.min_age = Number(age[1]);
        ctx.record(["children", "min_age"], lineAt(b, s.start + age.index));
        ctx.record(["children"], lineAt(b, s.start + age.index));
        seen = true;
        ctx.use(b);
      }
      if (/\b(?:delete|remove|erase)\b/i.test(s.text) && /\b(?:child|children|minor)\b/i.test(b.text)) {
        children.deletes = true;
        ctx.record(["children", "deletes"], lineAt(b, s.start));
        ctx.use(b);
      }
    }
  }
  const inSection = new Set(section ?? []);
  for (const b of blocks) {
    if (b.kind === "heading") continue;
    for (const s of sentences(b.text)) {
      const m = /\b(?:sell|sold|share)\b[^.]*?\bunder (?:the age of )?(\d{1,2})\b/i.exec(s.text);
      if (!m?.[1] || children.no_sale_under !== undefined) continue;
      children.no_sale_under = Number(m[1]);
      ctx.record(["children", "no_sale_under"], lineAt(b, s.start + m.index));
      ctx.record(["children"], lineAt(b, s.start + m.index));
      seen = true;
      if (inSection.has(b)) ctx.use(b);
    }
  }
  if (!seen) return;
  if (section && children.deletes === undefined) children.deletes = false;
  ctx.draft.children = children;
}
