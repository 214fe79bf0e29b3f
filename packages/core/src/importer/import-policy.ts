import { normaliseHeading } from "../document/heading-text.js";
import type { Block, PolicyDocument } from "../document/policy-document.js";
import { type OutlineSection, readPolicyOutline } from "../document/read-policy-outline.js";
import { type Location, LoupeError } from "../errors/loupe-error.js";
import type { DataMap } from "../map/data-map-schema.js";
import { formatPath, type MapPath, validateDataMap } from "../map/load-data-map.js";
import type { Taxonomy } from "../taxonomy/taxonomy.js";
import { ImportContext, type ReviewEntry } from "./import-context.js";
import { blocksText, comparable, slugify, uniqueId } from "./phrase-text.js";
import { readChildren } from "./read-children.js";
import { readContactSection, readContactsInProse } from "./read-contact.js";
import { readCookies } from "./read-cookies.js";
import { readOrganizationName } from "./read-organization-name.js";
import { readProgrammesInProse, readProgrammesSection, writeProgrammes } from "./read-programmes.js";
import { readRecipientsSection, readSoldRecipients, writeRecipients } from "./read-recipients.js";
import { readRetentionInProse, readRetentionSection } from "./read-retention.js";
import {
  addJurisdiction,
  isJurisdictionRightsHeading,
  readRightsLayout,
  readRightsProse,
  settleRights,
} from "./read-rights.js";
import { readSignals } from "./read-signals.js";
import { type DuplicateSection, readTouchpoints } from "./read-touchpoints.js";
import { readTransfersInProse, readTransfersSection } from "./read-transfers.js";

export type { ReviewEntry } from "./import-context.js";
export type { DuplicateSection } from "./read-touchpoints.js";

/** A policy read into a draft data map, with the way back from every map path to the line it came from. */
export interface ImportResult {
  /** The draft map, validated with `validateDataMap`. */
  map: DataMap;
  taxonomy: Taxonomy;
  /** `{file, line, path}` of the text line a map path was read from (its nearest recorded ancestor, else line 1). */
  locate(path: MapPath): Location;
  /** Phrases not recognised, kept in the map as entries with `review: true`. */
  review: ReviewEntry[];
  /** Sections the text repeats, merged into their first occurrence. */
  duplicates: DuplicateSection[];
}

type SectionKind =
  | "contents"
  | "tracking"
  | "recipients"
  | "programmes"
  | "retention"
  | "california-table"
  | "rights"
  | "exercise"
  | "appeals"
  | "gpc"
  | "children"
  | "transfers"
  | "contact"
  | "rights-prose"
  | "free";

/**
 * What a section heading announces: a part of the notice layout or the template that maps to fields of the
 * data map, or a free section kept as text.
 *
 * @example
 * sectionKindOf("Your California Privacy Rights"); // "rights-prose"
 * sectionKindOf("Security"); // "free"
 */
export function sectionKindOf(title: string): SectionKind {
  const t = normaliseHeading(title);
  if (/^(?:table of )?contents$/.test(t)) return "contents";
  if (
    /^tracking technolog|^cookies?(?: and (?:similar|other) (?:tracking )?technologies)?$|^cookie (?:policy|notice)$/.test(
      t,
    )
  )
    return "tracking";
  if (/^who receives (?:your )?personal information$/.test(t)) return "recipients";
  if (/^(?:our )?programmes?$|^(?:our )?programs?$/.test(t)) return "programmes";
  if (
    /^how long (?:do )?we keep|^(?:data )?retention(?: of (?:your )?(?:personal )?(?:data|information))?$/.test(
      t,
    )
  )
    return "retention";
  if (/^categories of personal information \(california\)$/.test(t)) return "california-table";
  if (/^your privacy rights$/.test(t)) return "rights";
  if (/^how to exercise your rights$/.test(t)) return "exercise";
  if (/^appeals?$/.test(t)) return "appeals";
  if (/^global privacy control$|^do not track/.test(t)) return "gpc";
  if (/^children\b|^children's privacy|^minors\b/.test(t)) return "children";
  if (/^international (?:data )?transfers?$/.test(t)) return "transfers";
  if (/^(?:how to )?contact us$|^contact information$/.test(t)) return "contact";
  if (isJurisdictionRightsHeading(title)) return "rights-prose";
  return "free";
}

const LAST_UPDATED =
  /^(?:last (?:updated|revised|modified)|effective(?: date)?|updated)\s*(?::|on)?\s*(.+?)\.?$/i;
const MONTHS = "january february march april may june july august september october november december".split(
  " ",
);

/**
 * An ISO date (YYYY-MM-DD) from the words a policy shows it in: `2026-11-01`, `November 1, 2026`, `1 November 2026`.
 *
 * @example
 * isoDateOf("January 5, 2024"); // "2024-01-05"
 */
export function isoDateOf(text: string): string | undefined {
  const t = text.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})\b/.exec(t);
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}`;
  const pad = (n: string | number) => String(n).padStart(2, "0");
  const mdy = /^([A-Za-z]+)\.? (\d{1,2}),? (\d{4})$/.exec(t);
  const dmy = /^(\d{1,2}) ([A-Za-z]+),? (\d{4})$/.exec(t);
  const [month, day, year] = mdy ? [mdy[1], mdy[2], mdy[3]] : dmy ? [dmy[2], dmy[1], dmy[3]] : [];
  if (!month || !day || !year) return undefined;
  const m = MONTHS.findIndex((name) => name.startsWith(month.toLowerCase().slice(0, 3)));
  return m >= 0 && Number(day) <= 31 ? `${year}-${pad(m + 1)}-${pad(day)}` : undefined;
}

/**
 * Turns a privacy policy into a draft data map. Reads the retailer template in all the forms it is found in
 * (both seed layouts) and everything the notice layout (`docs/notice-layout.md`) writes, so that a rendered
 * notice imports back to the same map. Never invents structure: a policy without touchpoints or cookies
 * gets none. Nothing is dropped: every block ends up in a map field or a free `sections` entry; phrases it
 * does not recognise are kept with `review: true` and listed in `review`. Repeated sections are merged and
 * listed in `duplicates`. Every map path it fills has its line, for `locate`.
 *
 * @example
 * const doc = parsePolicyDocument(text, "privacy.txt");
 * if (doc.ok) {
 *   const { map, locate, review } = importPolicy(doc.value);
 *   map.touchpoints.map((t) => t.id); // ["navigate-site", "site-features", "purchase", …]
 *   locate(["touchpoints", 2, "collects", 1]); // { file: "privacy.txt", line: 73, path: "touchpoints[2].collects[1]" }
 * }
 */
export function importPolicy(document: PolicyDocument): ImportResult {
  const outline = readPolicyOutline(document);
  const ctx = new ImportContext(document, outline);
  const { draft } = ctx;
  const kinds = new Map<OutlineSection, SectionKind>();
  for (const s of outline.sections) if (s.role === "section") kinds.set(s, sectionKindOf(s.title));
  const ofKind = (kind: SectionKind) => outline.sections.filter((s) => kinds.get(s) === kind);
  const outside = outline.sections.flatMap((s) => s.blocks);

  // Title, "Last updated", version line.
  if (outline.title) {
    draft.notice.title = outline.title.text;
    ctx.record(["notice"], outline.title.line);
    ctx.record(["notice", "title"], outline.title.line);
    ctx.use(outline.title.block);
  }

  // Contact details named as such come first; then the owner's name.
  let contactName: Block | undefined;
  for (const s of ofKind("contact")) contactName ??= readContactSection(ctx, s);
  const org = readOrganizationName(document.blocks, {
    ...(contactName ? { contact: contactName } : {}),
    ...(outline.title ? { title: outline.title.block } : {}),
  });
  draft.organization.name = org.name;
  ctx.ownerNames = org.ownerNames;
  ctx.record(["organization"], org.line);
  ctx.record(["organization", "name"], org.line);
  if (!org.found) ctx.addReview("the organisation's name", 1, ["organization", "name"]);
  if (org.legalName) {
    draft.organization.legal_name = org.legalName;
    ctx.record(["organization", "legal_name"], org.legalLine);
  }
  if (contactName) {
    const named = comparable(contactName.text);
    if (named === comparable(org.name) || named === comparable(org.legalName ?? "")) ctx.use(contactName);
  }

  // Programmes before touchpoints, so purposes and consequences can point at them.
  const programmeSections = ofKind("programmes");
  for (const s of programmeSections) readProgrammesSection(ctx, s);
  const inProgrammes = new Set(programmeSections.flatMap((s) => s.blocks));
  readProgrammesInProse(
    ctx,
    document.blocks.filter((b) => !inProgrammes.has(b)),
  );

  const duplicates = readTouchpoints(ctx);

  for (const s of outline.sections) {
    const kind = kinds.get(s);
    switch (kind) {
      case "contents":
      case "california-table":
        ctx.use(...s.blocks);
        if (kind === "california-table") addJurisdiction(ctx, "us-ca", s.line);
        break;
      case "tracking":
        readCookies(ctx, s);
        break;
      case "recipients":
        readRecipientsSection(ctx, s);
        break;
      case "retention":
        readRetentionSection(ctx, s);
        break;
      case "rights":
      case "exercise":
      case "appeals":
        readRightsLayout(ctx, s, kind);
        break;
      case "gpc":
        readSignals(ctx, s.blocks);
        ctx.use(...s.blocks);
        break;
      case "transfers":
        readTransfersSection(ctx, s);
        break;
      case "rights-prose":
        readRightsProse(ctx, s);
        break;
      default:
        break;
    }
    if (s.role === "section" || s.role === "general") readSoldRecipients(ctx, s.blocks);
  }

  const children = ofKind("children");
  readChildren(ctx, children.length ? children.flatMap((s) => s.blocks) : undefined, outside);
  const inFree = new Set(outline.sections.filter((s) => kinds.get(s) === "free").flatMap((s) => s.blocks));
  const prose = outside.filter((b) => b.kind === "paragraph" && !inFree.has(b));
  const retentionDone = new Set(ofKind("retention").flatMap((s) => s.blocks));
  readRetentionInProse(
    ctx,
    prose.filter((b) => !retentionDone.has(b)),
  );
  const transfersDone = new Set(ofKind("transfers").flatMap((s) => s.blocks));
  readTransfersInProse(
    ctx,
    prose.filter((b) => !transfersDone.has(b)),
  );
  readSignals(ctx, outside);
  readContactsInProse(ctx, document.blocks);
  settleRights(ctx);
  // With no statement about signals, a missing GPC commitment is best shown where the text says it sells.
  const seller = [...ctx.recipients.values()].find((r) => r.sells);
  if (seller) ctx.record(["signals"], seller.lines.sells ?? seller.line);

  readIntro(ctx);
  const sectionDuplicates = writeSections(ctx, kinds);

  const raw = assemble(ctx);
  const validated = validateDataMap(raw, document.file);
  if (!validated.ok) {
    throw new LoupeError(
      "INTERNAL",
      `the imported map did not validate: ${validated.errors.map(String).join("; ")}`,
      { file: document.file },
    );
  }
  const locate = (path: MapPath): Location => ({
    file: document.file,
    line: ctx.lineOf(path) ?? 1,
    path: formatPath(path),
  });
  return {
    map: validated.value.map,
    taxonomy: validated.value.taxonomy,
    locate,
    review: ctx.review,
    duplicates: [...duplicates, ...sectionDuplicates].sort((a, b) => a.line - b.line),
  };
}

/** Reads the title's part (or text before any heading): "Last updated", the version line, the intro. */
function readIntro(ctx: ImportContext): void {
  const parts = ctx.outline.sections.filter((s) => s.role === "title" || s.role === "preamble");
  const intro: Block[] = [];
  for (const s of parts) {
    for (const b of s.blocks) {
      if (ctx.consumed.has(b)) continue;
      const updated = LAST_UPDATED.exec(b.text.trim());
      const date = updated?.[1] ? isoDateOf(updated[1]) : undefined;
      if (b.kind === "paragraph" && date) {
        ctx.draft.notice.last_updated = date;
        ctx.record(["notice", "last_updated"], b.line);
        ctx.use(b);
        continue;
      }
      if (b.kind === "paragraph" && /^Version:\s*sha256:[0-9a-f]+$/i.test(b.text.trim())) {
        ctx.use(b);
        continue;
      }
      intro.push(b);
    }
  }
  if (intro.length) {
    ctx.draft.notice.intro = blocksText(intro);
    ctx.record(["notice", "intro"], intro[0]?.line);
    ctx.use(...intro);
  }
}

/**
 * Keeps the text no field took: free sections whole, the rest of known sections, and text no heading
 * introduces (after the touchpoints, or inside them outside any list) in a `general` section. A repeated
 * section is merged into the first and reported.
 */
function writeSections(ctx: ImportContext, kinds: Map<OutlineSection, SectionKind>): DuplicateSection[] {
  const duplicates: DuplicateSection[] = [];
  const entries: { id: string; title: string; blocks: Block[]; line: number }[] = [];
  const byTitle = new Map<string, (typeof entries)[number]>();
  const ids = new Set<string>();
  const general = (blocks: Block[]) => {
    const fresh = blocks.filter((b) => !ctx.consumed.has(b));
    if (!fresh.length) return;
    let entry = byTitle.get("\u0000general");
    if (!entry) {
      entry = { id: uniqueId("general", ids), title: "General", blocks: [], line: fresh[0]?.line ?? 1 };
      entries.push(entry);
      byTitle.set("\u0000general", entry);
    }
    entry.blocks.push(...fresh);
  };

  let touchpointsSeen = 0;
  for (const s of ctx.outline.sections) {
    while (
      touchpointsSeen < ctx.outline.touchpoints.length &&
      (ctx.outline.touchpoints[touchpointsSeen]?.index ?? 0) < s.index
    ) {
      const tp = ctx.outline.touchpoints[touchpointsSeen++];
      if (tp) general([...tp.notes, ...tp.lists.flatMap((l) => l.notes)]);
    }
    if (s.role === "title" || s.role === "preamble") continue;
    if (s.role === "general" || s.role === "overview") {
      general(s.blocks);
      continue;
    }
    const kind = kinds.get(s) ?? "free";
    const blocks = kind === "free" ? s.blocks : s.blocks.filter((b) => !ctx.consumed.has(b));
    const key = normaliseHeading(s.title);
    const earlier = byTitle.get(key);
    if (s.repeats) {
      duplicates.push({ title: s.title, line: s.line, firstLine: s.repeats.line });
      if (earlier) {
        const known = new Set(earlier.blocks.map((b) => ctx.sameness(b.text)));
        earlier.blocks.push(...blocks.filter((b) => !known.has(ctx.sameness(b.text))));
        ctx.use(...blocks);
        continue;
      }
    }
    if (!blocks.length) continue;
    const entry = {
      id: uniqueId(slugify(s.title, 6) || "section", ids, "section"),
      title: s.title,
      blocks,
      line: s.line,
    };
    entries.push(entry);
    byTitle.set(key, entry);
    ctx.use(...blocks);
  }
  for (const tp of ctx.outline.touchpoints.slice(touchpointsSeen))
    general([...tp.notes, ...tp.lists.flatMap((l) => l.notes)]);

  entries.forEach((e, i) => {
    ctx.draft.sections.push({ id: e.id, title: e.title, text: blocksText(e.blocks) });
    ctx.record(["sections", i], e.line);
    ctx.record(["sections", i, "title"], e.line);
    ctx.record(["sections", i, "text"], e.blocks[0]?.line);
  });
  return duplicates;
}

function assemble(ctx: ImportContext): Record<string, unknown> {
  const d = ctx.draft;
  const organization: Record<string, unknown> = { name: d.organization.name };
  if (d.organization.legal_name) organization.legal_name = d.organization.legal_name;
  if (d.organization.privacy_centre_url) organization.privacy_centre_url = d.organization.privacy_centre_url;
  organization.contact = defined(d.organization.contact);
  const notice = defined({
    title: d.notice.title,
    intro: d.notice.intro,
    last_updated: d.notice.last_updated,
  });
  const map: Record<string, unknown> = {
    version: 1,
    organization,
    jurisdictions: d.jurisdictions,
    notice,
    taxonomy: { categories: ctx.customCategories.map((c) => ({ ...c })), uses: [] },
    touchpoints: d.touchpoints,
    recipients: writeRecipients(ctx),
    cookies: d.cookies,
    retention: d.retention,
    programmes: writeProgrammes(ctx),
    rights: defined({ ...d.rights }),
    signals: defined(d.signals),
    sections: d.sections,
  };
  if (d.children) map.children = defined(d.children);
  if (d.transfers) map.transfers = defined(d.transfers);
  return map;
}

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
