import { lineAt } from "../document/block-line.js";
import type { Block } from "../document/policy-document.js";
import type { OutlineSection } from "../document/read-policy-outline.js";
import type { Retention } from "../map/data-map-schema.js";
import type { ImportContext } from "./import-context.js";
import { customCategoryFor, labelIndex } from "./match-collected.js";
import { comparable, sentences } from "./phrase-text.js";
import { programmeNamedIn } from "./read-touchpoints.js";

const UNTIL_REQUEST = "until you ask us to delete it";
const UNITS: Record<string, string> = { day: "d", week: "w", month: "mo", year: "y" };

function push(
  ctx: ImportContext,
  r: Retention,
  line: number,
  lines: Partial<Record<keyof Retention, number>> = {},
): void {
  const i = ctx.draft.retention.length;
  ctx.draft.retention.push(r);
  ctx.record(["retention"], line);
  ctx.record(["retention", i], line);
  for (const [k, l] of Object.entries(lines)) ctx.record(["retention", i, k], l);
}

/**
 * Reads the layout's "How Long We Keep Your Information" list: `{labels joined by "; "}: {period words}{ from
 * {from}}{ ({reason})}`, `… until you ask us to delete it`, or `{labels}: {criteria}`. A reason that names a
 * programme links the rule to it.
 *
 * @example
 * readRetentionSection(ctx, retentionSection);
 * ctx.draft.retention[0]; // e.g. { categories: ["user.payment"], period: "7y", from: "the order date" }
 */
export function readRetentionSection(ctx: ImportContext, section: OutlineSection): void {
  for (const b of section.blocks) {
    if (
      b.kind === "paragraph" &&
      /^We keep each category of personal information for the period below/.test(b.text)
    ) {
      ctx.use(b);
      continue;
    }
    if (b.kind !== "bullet" && b.kind !== "numbered") continue;
    if (/^none\.?$/i.test(b.text.trim())) {
      ctx.use(b);
      continue;
    }
    const colon = b.text.indexOf(": ");
    if (colon <= 0) continue;
    const categories = categoriesOf(ctx, b.text.slice(0, colon), b);
    const r = describedRetention(b.text.slice(colon + 2).trim(), categories);
    if (!r) continue;
    const programme = r.reason ? programmeNamedIn(ctx, r.reason) : undefined;
    if (programme && r.period === "until-request") r.programme = programme.id;
    push(ctx, r, b.line);
    ctx.use(b);
  }
  readRetentionInProse(
    ctx,
    section.blocks.filter((b) => b.kind === "paragraph"),
  );
}

/** The categories of a retention line: taxonomy labels joined by "; " (unknown labels become custom keys for review). */
function categoriesOf(ctx: ImportContext, labels: string, b: Block): string[] {
  const index = labelIndex(ctx.taxonomy);
  const keys: string[] = [];
  for (const label of labels.split(/;\s*/)) {
    const l = comparable(label);
    if (!l) continue;
    const known = index.get(l) ?? ctx.customCategories.find((c) => comparable(c.label) === l)?.key;
    if (known) keys.push(known);
    else {
      const { key, parent } = customCategoryFor(label);
      ctx.declareCategory(key, parent, label.trim());
      ctx.addReview(label.trim(), b.line, [
        "retention",
        ctx.draft.retention.length,
        "categories",
        keys.length,
      ]);
      keys.push(key);
    }
  }
  return keys.length ? keys : ["user"];
}

/**
 * Parses the words of one retention rule as the notice writes them.
 *
 * @example
 * describedRetention("7 years from the order date (tax law)", ["user.payment"]);
 * // { categories: ["user.payment"], period: "7y", from: "the order date", reason: "tax law" }
 */
export function describedRetention(words: string, categories: string[]): Retention | undefined {
  const r: Retention = { categories };
  let rest = words.trim().replace(/\.$/, "");
  const period = /^(\d+) (day|week|month|year)s?\b/i.exec(rest);
  if (rest.toLowerCase().startsWith(UNTIL_REQUEST)) {
    r.period = "until-request";
    rest = rest.slice(UNTIL_REQUEST.length);
  } else if (period?.[1] && period[2]) {
    r.period = `${period[1]}${UNITS[period[2].toLowerCase()]}`;
    rest = rest.slice(period[0].length);
  }
  if (r.period) {
    const criteria = /\.\s+(\S[\s\S]*)$/.exec(rest);
    if (criteria?.[1]) {
      r.criteria = criteria[1].trim();
      rest = rest.slice(0, criteria.index);
    }
    const reason = /\s*\(([^()]*)\)$/.exec(rest);
    if (reason?.[1]) {
      r.reason = reason[1];
      rest = rest.slice(0, reason.index);
    }
    const from = /^\s+from\s+(.+)$/.exec(rest);
    if (from?.[1]) r.from = from[1].trim();
    return r;
  }
  if (/^no period stated/i.test(rest)) rest = rest.replace(/^no period stated/i, "");
  const reason = /\s*\(([^()]*)\)$/.exec(rest);
  if (reason?.[1] && reason.index > 0) {
    r.reason = reason[1];
    rest = rest.slice(0, reason.index);
  }
  if (rest.trim()) r.criteria = rest.trim();
  return r.criteria || r.reason ? r : undefined;
}

/**
 * Reads retention statements written as prose: "we will store your personal information as long as …
 * necessary …" (criteria) and "we will keep your information until you … ask us to remove …" (until the
 * customer asks, linked to the programme the paragraph offers). "Your personal information" covers the
 * category `user`.
 *
 * @example
 * readRetentionInProse(ctx, eeaSection.blocks);
 * ctx.draft.retention; // [{ categories: ["user"], criteria: "as long as …" }, { categories: ["user"], period: "until-request", programme: "warranty" }]
 */
export function readRetentionInProse(ctx: ImportContext, blocks: readonly Block[]): void {
  for (const b of blocks) {
    if (b.kind !== "paragraph") continue;
    for (const s of sentences(b.text)) {
      if (!/\b(?:keep|store|retain|hold)\b/i.test(s.text)) continue;
      const asLong = /\bas long as\b[^.]*?\bnecessary\b[^.]*/i.exec(s.text);
      if (asLong) {
        const criteria = asLong[0].replace(/\s*\([^)]*\)/g, "").replace(/[\s,;]+$/, "");
        push(ctx, { categories: ["user"], criteria }, lineAt(b, s.start), {
          criteria: lineAt(b, s.start + asLong.index),
        });
        ctx.use(b);
        continue;
      }
      const until = /\buntil you\b[^.]*?\b(?:ask|request|tell)\b[^.]*?\b(?:remove|delete|erase)\b/i.exec(
        s.text,
      );
      if (until) {
        const r: Retention = { categories: ["user"], period: "until-request" };
        const programme = programmeNamedIn(ctx, b.text);
        if (programme) {
          r.programme = programme.id;
          const offer =
            /lifetime benefits,? including(?:,? but not limited to)?:?\s*(?:our\s+)?([^.]+)/i.exec(b.text);
          if (offer?.[1]) r.reason = offer[1].trim();
        }
        push(ctx, r, lineAt(b, s.start), { period: lineAt(b, s.start + until.index) });
        ctx.use(b);
        continue;
      }
      const fixed =
        /\b(?:for|up to)\s+(\d+)\s+(day|week|month|year)s?\b(?:\s+(?:after|from)\s+([^.,;]+))?/i.exec(s.text);
      if (fixed?.[1] && fixed[2]) {
        const r: Retention = { categories: ["user"], period: `${fixed[1]}${UNITS[fixed[2].toLowerCase()]}` };
        if (fixed[3]) r.from = fixed[3].trim();
        push(ctx, r, lineAt(b, s.start));
        ctx.use(b);
      }
    }
  }
}
