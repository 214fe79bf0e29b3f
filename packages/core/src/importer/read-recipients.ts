import type { Block } from "../document/policy-document.js";
import type { OutlineSection } from "../document/read-policy-outline.js";
import type { ImportContext } from "./import-context.js";
import { matchCollected } from "./match-collected.js";
import { comparable } from "./phrase-text.js";
import { ROLE_WORDS } from "./recipient-role.js";

const SHARED_WORDS = "shared for cross-context behavioural advertising";

/**
 * Reads the layout's "Who Receives Personal Information" list: `{title} ({role words}{; sold}{; shared for
 * cross-context behavioural advertising})`. The list's order becomes the order of `recipients`.
 *
 * @example
 * readRecipientsSection(ctx, whoReceivesSection);
 * [...ctx.recipients.values()][0]?.role; // e.g. "service-provider"
 */
export function readRecipientsSection(ctx: ImportContext, section: OutlineSection): void {
  let position = 0;
  for (const b of section.blocks) {
    if (
      b.kind === "paragraph" &&
      /^We disclose personal information to these categories of recipients:?$/.test(b.text.trim())
    ) {
      ctx.use(b);
      ctx.record(["recipients"], b.line);
      continue;
    }
    if (b.kind !== "bullet" && b.kind !== "numbered") continue;
    if (/^none\.?$/i.test(b.text.trim())) {
      ctx.use(b);
      continue;
    }
    const m = /^(.*\S)\s+\(([^()]*)\)$/.exec(b.text.trim());
    const qualifiers = m?.[2]?.split(/;\s*/).map((q) => q.trim().toLowerCase()) ?? [];
    const known =
      qualifiers.length > 0 && qualifiers.every((q) => q in ROLE_WORDS || q === "sold" || q === SHARED_WORDS);
    const title = known && m?.[1] ? m[1] : b.text.trim();
    const r = ctx.recipient(title, b.line);
    r.listed = position++;
    if (known) {
      const role = qualifiers.map((q) => ROLE_WORDS[q]).find(Boolean);
      if (role) {
        r.role = role;
        r.lines.role = b.line;
      } else delete r.role;
      if (qualifiers.includes("sold")) {
        r.sells = true;
        r.lines.sells = b.line;
      }
      if (qualifiers.includes(SHARED_WORDS)) {
        r.shares = true;
        r.lines.shares = b.line;
      }
    }
    ctx.use(b);
  }
}

/**
 * Reads the CCPA sale disclosure of the template ("we have 'sold' the following categories of personal
 * information to the following categories of third parties: Categories: … Third Parties: …"): each third
 * party becomes a recipient that `sells: true` with the categories listed.
 *
 * @example
 * readSoldRecipients(ctx, californiaSection.blocks);
 * // "Interested based advertising partners" → { sells: true, role: "third-party", categories: ["user"] }
 */
export function readSoldRecipients(ctx: ImportContext, blocks: readonly Block[]): void {
  for (let i = 0; i < blocks.length; i++) {
    const lead = blocks[i] as Block;
    if (lead.kind !== "paragraph") continue;
    const t = comparable(lead.text);
    if (!/\b(?:sold|sell)\b/.test(t) || !/(?:categories of )?third parties$/.test(t)) continue;
    let mode: "categories" | "parties" = "parties";
    const categories: { key: string; line: number }[] = [];
    const parties: Block[] = [];
    const used: Block[] = [lead];
    let j = i + 1;
    for (; j < blocks.length; j++) {
      const b = blocks[j] as Block;
      const label = comparable(b.text);
      if (b.kind === "paragraph" && /^categories( of personal information)?$/.test(label)) {
        mode = "categories";
        used.push(b);
        continue;
      }
      if (b.kind === "paragraph" && /^(categories of )?third parties$/.test(label)) {
        mode = "parties";
        used.push(b);
        continue;
      }
      if (b.kind !== "bullet" && b.kind !== "numbered") break;
      used.push(b);
      if (mode === "parties") parties.push(b);
      else {
        const all =
          /specific pieces of personal information|all (?:the )?personal information|personal information we (?:have )?collect/i;
        const key = all.test(b.text) ? "user" : matchCollected(b.text, ctx.taxonomy)?.key;
        if (key) categories.push({ key, line: b.line });
        else ctx.addReview(b.text, b.line, ["recipients"]);
      }
    }
    if (!parties.length) continue;
    ctx.use(...used);
    for (const p of parties) {
      const r = ctx.recipient(p.text.trim(), p.line);
      r.sells = true;
      r.lines.sells = lead.line;
      if (!r.role) {
        r.role = "third-party";
        r.lines.role = p.line;
      }
      if (categories.length) {
        r.categories = [...new Set([...(r.categories ?? []), ...categories.map((c) => c.key)])];
        r.lines.categories = categories[0]?.line;
      }
    }
    i = j - 1;
  }
}

/** Writes the recipients in the order of the "Who Receives" list (when the text has one), else of first mention.
 *
 * @example
 * const recipients = writeRecipients(ctx); // [{ id: "payment-service-providers", title: "Payment service providers", role: "service-provider" }, …]
 */
export function writeRecipients(ctx: ImportContext): Record<string, unknown>[] {
  const all = [...ctx.recipients.values()];
  const ordered = [
    ...all.filter((r) => r.listed !== undefined).sort((a, b) => (a.listed ?? 0) - (b.listed ?? 0)),
    ...all.filter((r) => r.listed === undefined),
  ];
  return ordered.map((r, i) => {
    ctx.record(["recipients", i], r.line);
    ctx.record(["recipients", i, "id"], r.line);
    ctx.record(["recipients", i, "title"], r.line);
    const out: Record<string, unknown> = { id: r.id, title: r.title };
    if (r.role) out.role = r.role;
    if (r.sells) out.sells = true;
    if (r.shares) out.shares = true;
    if (r.categories?.length) out.categories = r.categories;
    if (!r.role) {
      out.review = true;
      ctx.addReview(r.title, r.line, ["recipients", i]);
    }
    for (const [k, line] of Object.entries(r.lines)) ctx.record(["recipients", i, k], line);
    return out;
  });
}
