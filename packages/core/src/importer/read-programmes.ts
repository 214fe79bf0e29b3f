import { lineAt } from "../document/block-line.js";
import type { Block } from "../document/policy-document.js";
import type { OutlineSection } from "../document/read-policy-outline.js";
import type { ProgrammeKind } from "../taxonomy/data-uses.js";
import type { ImportContext, ProgrammeDraft } from "./import-context.js";
import { capitalise, comparable, sentences, slugify } from "./phrase-text.js";

/** The sentence the notice layout puts before what ends when a customer's data is erased. */
const ERASURE_LEAD = "If you ask us to delete your data:";

/**
 * The kind of a programme by the words of its name.
 *
 * @example
 * programmeKindOf("Diamond Upgrade Program"); // "upgrade"
 * programmeKindOf("Lifetime Warranty"); // "warranty"
 */
export function programmeKindOf(title: string): ProgrammeKind {
  const t = title.toLowerCase();
  if (/upgrade|trade[- ]in/.test(t)) return "upgrade";
  if (/warrant|repair|clean|resiz|care plan|protection plan/.test(t)) return "warranty";
  if (/loyal|reward|points|\bvip\b|club/.test(t)) return "loyalty";
  return "other";
}

function programmeId(ctx: ImportContext, title: string, kind: ProgrammeKind): string {
  const taken = new Set(ctx.programmes.map((p) => p.id));
  const base =
    kind === "warranty" && !taken.has("warranty")
      ? "warranty"
      : slugify(title.replace(/\s+(?:program|programme)$/i, ""), 4) || kind;
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

function add(ctx: ImportContext, title: string, line: number, kind = programmeKindOf(title)): ProgrammeDraft {
  const existing = ctx.programmes.find((p) => comparable(p.title) === comparable(title));
  if (existing) return existing;
  const p: ProgrammeDraft = { id: programmeId(ctx, title, kind), title, kind, line, lines: {} };
  ctx.programmes.push(p);
  return p;
}

/**
 * Reads the layout's "Programmes" list (`{title}: {description} If you ask us to delete your data: {…}`).
 *
 * @example
 * readProgrammesSection(ctx, programmesSection);
 * ctx.programmes[0]?.ends_on_erasure; // the words after "If you ask us to delete your data:"
 */
export function readProgrammesSection(ctx: ImportContext, section: OutlineSection): void {
  for (const b of section.blocks) {
    if (b.kind !== "bullet" && b.kind !== "numbered") continue;
    if (/^none\.?$/i.test(b.text)) {
      ctx.use(b);
      continue;
    }
    const colon = b.text.indexOf(": ");
    const title = (colon > 0 ? b.text.slice(0, colon) : b.text).trim();
    let rest = colon > 0 ? b.text.slice(colon + 2).trim() : "";
    if (!title) continue;
    const p = add(ctx, title, b.line);
    ctx.use(b);
    const erasure = rest.indexOf(ERASURE_LEAD);
    if (erasure >= 0) {
      p.ends_on_erasure = rest.slice(erasure + ERASURE_LEAD.length).trim();
      p.lines.ends_on_erasure = lineAt(b, colon + 2 + erasure);
      rest = rest.slice(0, erasure).trim();
    }
    if (rest) {
      p.description = rest;
      p.lines.description = b.line;
    }
    if (/financial incentive/i.test(rest)) p.financial_incentive = true;
  }
}

/**
 * Finds programmes the prose names: capitalised "… Program(me)" names ("Diamond Upgrade Program"), and a
 * warranty wherever the text offers one (warranty, lifetime repairs, cleaning, resizing). Reads what ends
 * when the customer's data is removed ("it will not be possible to warranty, upgrade …").
 *
 * @example
 * readProgrammesInProse(ctx, document.blocks);
 * ctx.programmes.map((p) => p.id); // ["warranty", "diamond-upgrade"]
 */
export function readProgrammesInProse(ctx: ImportContext, blocks: readonly Block[]): void {
  const found: { title: string; line: number; kind?: ProgrammeKind }[] = [];
  const named = /((?:[\p{Lu}][\p{L}®’'-]*\s+){1,4})(Program(?:me)?)\b/gu;
  for (const b of blocks) {
    if (b.kind === "heading") continue;
    if (b.text.includes("Program"))
      for (const m of b.text.matchAll(named)) {
        const words = (m[1] ?? "").trim().split(/\s+/);
        while (words.length && /^(?:our|the|your|a|an|this|to|for|of|in)$/i.test(words[0] ?? ""))
          words.shift();
        if (!words.length) continue;
        found.push({ title: `${words.join(" ")} ${m[2]}`, line: lineAt(b, m.index ?? 0) });
      }
    const warranty = /warrant|lifetime/i.test(b.text)
      ? /\bwarrant(?:y|ies)\b|\blifetime (?:repairs?|warranty|benefits)\b/i.exec(b.text)
      : null;
    if (warranty) {
      const titled = /\b((?:[\p{Lu}][\p{L}-]*\s+){0,3})Warranty\b/u.exec(b.text);
      const title = titled?.[1]?.trim() ? `${titled[1].trim()} Warranty` : "Warranty";
      found.push({ title, line: lineAt(b, warranty.index), kind: "warranty" });
    }
  }
  found.sort((a, b) => a.line - b.line);
  for (const f of found) {
    const kind = f.kind ?? programmeKindOf(f.title);
    if (kind === "warranty" && ctx.programmeOfKind("warranty") && f.title === "Warranty") continue;
    add(ctx, f.title, f.line, kind);
  }

  for (const b of blocks) {
    if (b.kind !== "paragraph") continue;
    const warrantyOffer =
      /lifetime benefits,? including(?:,? but not limited to)?:?\s*(?:our\s+)?([^.]+)/i.exec(b.text);
    const warranty = ctx.programmeOfKind("warranty");
    if (warrantyOffer?.[1] && warranty && !warranty.description) {
      warranty.description = `${capitalise(warrantyOffer[1].trim())}.`;
      warranty.lines.description = lineAt(b, warrantyOffer.index);
      ctx.use(b);
    }
    if (!/\b(?:removed|deleted|erased)\b/i.test(b.text)) continue;
    for (const s of sentences(b.text)) {
      if (!/\b(?:removed|deleted|erased)\b/i.test(s.text)) continue;
      if (!/not be possible|no longer|cannot|can't|unable|will not be able/i.test(s.text)) continue;
      for (const p of ctx.programmes) {
        const words =
          p.kind === "upgrade"
            ? /upgrade/i
            : p.kind === "warranty"
              ? /warrant|repair|clean|resiz/i
              : undefined;
        const named = comparable(s.text).includes(comparable(p.title).replace(/\s+program(?:me)?$/, ""));
        if ((words?.test(s.text) || named) && !p.ends_on_erasure) {
          p.ends_on_erasure = s.text;
          p.lines.ends_on_erasure = lineAt(b, s.start);
          ctx.use(b);
        }
      }
    }
  }
}

/** Writes the programmes into the map and records their lines.
 *
 * @example
 * const programmes = writeProgrammes(ctx); // [{ id: "warranty", title: "Warranty", kind: "warranty" }, …]
 */
export function writeProgrammes(ctx: ImportContext): Record<string, unknown>[] {
  return ctx.programmes.map((p, i) => {
    ctx.record(["programmes", i], p.line);
    const out: Record<string, unknown> = { id: p.id, title: p.title, kind: p.kind };
    if (p.description) out.description = p.description;
    if (p.financial_incentive) out.financial_incentive = true;
    if (p.ends_on_erasure) out.ends_on_erasure = p.ends_on_erasure;
    for (const [k, line] of Object.entries(p.lines)) ctx.record(["programmes", i, k], line);
    return out;
  });
}
