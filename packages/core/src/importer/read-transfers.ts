import { lineAt } from "../document/block-line.js";
import type { Block } from "../document/policy-document.js";
import type { OutlineSection } from "../document/read-policy-outline.js";
import { LAWFUL_BASES, type LawfulBasis } from "../taxonomy/data-uses.js";
import type { ImportContext } from "./import-context.js";
import { comparable } from "./phrase-text.js";

const SAFEGUARDS: [RegExp, string][] = [
  [/european commission standard contractual clauses/i, "European Commission Standard Contractual Clauses"],
  [/standard contractual clauses/i, "Standard Contractual Clauses"],
  [/data transfer agreements?/i, "data transfer agreements"],
  [/binding corporate rules/i, "binding corporate rules"],
  [/data privacy framework/i, "EU-U.S. Data Privacy Framework"],
];
const HOSTED = /\bhosted in(?: and managed from)? ([^,.;]+)/i;

function transfers(ctx: ImportContext) {
  ctx.draft.transfers ??= { safeguards: [] };
  return ctx.draft.transfers;
}

/**
 * Reads transfer statements written as prose ("Your personal information will be hosted in and managed from
 * the United States … This may include data transfer agreements"): where data is hosted, the safeguards named,
 * and the paragraph itself as `transfers.text`.
 *
 * @example
 * readTransfersInProse(ctx, eeaSection.blocks);
 * ctx.draft.transfers?.hosted_in; // "the United States"
 */
export function readTransfersInProse(ctx: ImportContext, blocks: readonly Block[]): void {
  for (const b of blocks) {
    if (b.kind !== "paragraph") continue;
    const hosted = HOSTED.exec(b.text);
    const transferred =
      /\btransferred to\b|\btransfers? (?:of )?(?:your )?personal (?:data|information)\b/i.test(b.text);
    if (!hosted && !transferred) continue;
    const t = transfers(ctx);
    if (hosted?.[1] && t.hosted_in === undefined) {
      t.hosted_in = hosted[1].trim();
      ctx.record(["transfers", "hosted_in"], lineAt(b, hosted.index));
    }
    for (const [re, name] of SAFEGUARDS) {
      const m = re.exec(b.text);
      if (
        !m ||
        t.safeguards.includes(name) ||
        t.safeguards.some((s) => s.toLowerCase().includes(name.toLowerCase()))
      )
        continue;
      t.safeguards.push(name);
      ctx.record(["transfers", "safeguards", t.safeguards.length - 1], lineAt(b, m.index));
    }
    t.text = t.text ? `${t.text}\n\n${b.text}` : b.text;
    ctx.record(["transfers"], b.line);
    ctx.record(["transfers", "text"], b.line);
    ctx.use(b);
  }
}

const BASIS_WORDS =
  /^(.*?):\s*(Consent|Performance of a contract|Legal obligation|Vital interests|Public task|Legitimate interests|Not stated)(?:\s*\(Art\. 6\(1\)\([a-f]\)\))?\.?$/;

/**
 * Reads the layout's "International Transfers" section: `hosted in and managed from …`, extra paragraphs
 * (`transfers.text`), the safeguards list, and the lawful basis of every purpose (`{purpose}: {basis title}
 * ({article})`, grouped under each touchpoint's title).
 *
 * @example
 * readTransfersSection(ctx, transfersSection);
 * ctx.draft.touchpoints[0]?.purposes[0]?.basis; // e.g. "legitimate_interests"
 */
export function readTransfersSection(ctx: ImportContext, section: OutlineSection): void {
  const t = transfers(ctx);
  ctx.record(["transfers"], section.line);
  let inSafeguards = false;
  let touchpoint: number | undefined;
  const texts: string[] = [];
  for (const b of section.blocks) {
    const text = b.text.trim();
    const hosted = /^Your personal information is hosted in and managed from (.+?)\.?$/.exec(text);
    if (b.kind === "paragraph" && hosted?.[1]) {
      t.hosted_in = hosted[1];
      ctx.record(["transfers", "hosted_in"], b.line);
      ctx.use(b);
      continue;
    }
    if (b.kind === "paragraph" && /we use these safeguards:?$/.test(text)) {
      inSafeguards = true;
      ctx.use(b);
      continue;
    }
    if (b.kind === "paragraph" && /^We process personal information on these lawful bases/.test(text)) {
      inSafeguards = false;
      ctx.use(b);
      continue;
    }
    if (b.kind === "bullet" && inSafeguards && !b.cells) {
      if (!/^none\.?$/i.test(text) && !t.safeguards.includes(text)) {
        t.safeguards.push(text);
        ctx.record(["transfers", "safeguards", t.safeguards.length - 1], b.line);
      }
      ctx.use(b);
      continue;
    }
    inSafeguards = false;
    const caption = comparable(text);
    // A caption names the touchpoint ("When You …", "Purposes and lawful bases: When You …").
    const tpIndex = ctx.draft.touchpoints.findIndex((tp) => {
      const title = comparable(tp.title);
      return caption === title || caption.endsWith(`: ${title}`);
    });
    if (b.kind === "paragraph" && tpIndex >= 0) {
      touchpoint = tpIndex;
      ctx.use(b);
      continue;
    }
    if (b.tableHead) {
      ctx.use(b);
      continue;
    }
    if (b.kind === "bullet" && touchpoint !== undefined) {
      const [purposeText, basisText] =
        b.cells && b.cells.length >= 2 ? [b.cells[0], b.cells[1]] : splitBasis(text);
      if (purposeText !== undefined && basisText !== undefined) {
        setBasis(ctx, touchpoint, purposeText, basisText, b.line);
        ctx.use(b);
        continue;
      }
    }
    if (b.kind === "paragraph") {
      texts.push(text);
      ctx.use(b);
    }
  }
  if (texts.length) {
    t.text = texts.join("\n\n");
    ctx.record(["transfers", "text"], section.line);
  }
}

function splitBasis(text: string): [string | undefined, string | undefined] {
  const m = BASIS_WORDS.exec(text);
  return m ? [m[1], m[2]] : [undefined, undefined];
}

function setBasis(
  ctx: ImportContext,
  ti: number,
  purposeText: string,
  basisText: string,
  line: number,
): void {
  const tp = ctx.draft.touchpoints[ti];
  if (!tp) return;
  const wanted = comparable(purposeText);
  const pi = tp.purposes.findIndex((p) => comparable(p.text) === wanted && p.basis === undefined);
  if (pi < 0) return;
  const title = comparable(basisText.replace(/\s*\(Art\..*$/, ""));
  const basis = (Object.keys(LAWFUL_BASES) as LawfulBasis[]).find(
    (k) => comparable(LAWFUL_BASES[k].title) === title,
  );
  const purpose = tp.purposes[pi];
  if (!basis || !purpose) return;
  purpose.basis = basis;
  ctx.record(["touchpoints", ti, "purposes", pi, "basis"], line);
}
