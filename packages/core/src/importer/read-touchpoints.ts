import type { TouchpointListKind } from "../document/heading-text.js";
import type { OutlineItem, OutlineTouchpoint } from "../document/read-policy-outline.js";
import type { Collected, Consequence, Purpose, Touchpoint } from "../map/data-map-schema.js";
import type { ImportContext, ProgrammeDraft } from "./import-context.js";
import { customCategoryFor, matchCollected } from "./match-collected.js";
import { matchPurpose } from "./match-purpose.js";
import { comparable, slugify, uniqueId } from "./phrase-text.js";

/** A section repeated in the text and merged into its first occurrence. */
export interface DuplicateSection {
  title: string;
  line: number;
  firstLine: number;
}

/** The ids of the template's eight touchpoints. */
const TEMPLATE_IDS: [RegExp, string][] = [
  [/^when you navigate to our (?:site|website|store)\b/, "navigate-site"],
  [/^when you interact with (?:the )?features on our (?:site|website|store)\b/, "site-features"],
  [/^when you make a purchase\b/, "purchase"],
  [/^when you contact our .*\b(?:consultants?|specialists?|experts?|advisors?|stylists?)\b/, "consultants"],
  [/^when you submit information for marketing purposes\b/, "marketing"],
  [/^when you review a product\b/, "review"],
  [/^when you interact with us (?:via|on|through) social media\b/, "social-media"],
  [/^when you book an appointment\b/, "appointment"],
];
const STOP = new Set(
  "a an the our us with to for of on in at via your and or by from we you my any".split(" "),
);

/**
 * A short id for a touchpoint title: the template's ids for its eight touchpoints (`navigate-site`, `purchase`,
 * `consultants` …), otherwise the first three significant words after "When You".
 *
 * @example
 * touchpointIdOf("When You Make a Purchase with Us"); // "purchase"
 * touchpointIdOf("When You Sign Up for Our Newsletter"); // "sign-up-newsletter"
 */
export function touchpointIdOf(title: string): string {
  const t = comparable(title);
  for (const [re, id] of TEMPLATE_IDS) if (re.test(t)) return id;
  const words = slugify(t.replace(/^when you\s+/, ""), 20)
    .split("-")
    .filter((w) => w && !STOP.has(w));
  return words.slice(0, 3).join("-") || "touchpoint";
}

const NONE = /^(?:none|n\/a|not applicable)\.?$/i;

/**
 * Reads every touchpoint section into `touchpoints`, once each: a section repeated later is merged into the
 * first (new items appended) and reported. Records the line of every touchpoint, list and item.
 *
 * @example
 * const duplicates = readTouchpoints(ctx); // FDJ: [{ title: "When You Contact …", line: 130, firstLine: 94 }, …]
 */
export function readTouchpoints(ctx: ImportContext): DuplicateSection[] {
  const duplicates: DuplicateSection[] = [];
  const built = new Map<OutlineTouchpoint, number>();
  const ids = new Set<string>();
  const overview = ctx.outline.overview;
  if (overview) ctx.use(...overview.lead, ...overview.items.map((i) => i.block));

  for (const section of ctx.outline.touchpoints) {
    ctx.use(section.heading, ...section.lists.flatMap((l) => [l.heading, ...l.items.map((i) => i.block)]));
    const first = section.repeats;
    if (first !== undefined && built.has(first)) {
      const ti = built.get(first) ?? 0;
      mergeInto(ctx, ti, section);
      duplicates.push({ title: section.title, line: section.line, firstLine: first.line });
      continue;
    }
    const ti = ctx.draft.touchpoints.length;
    const tp: Touchpoint = {
      id: uniqueId(touchpointIdOf(section.title), ids, "touchpoint"),
      title: section.title,
      collects: [],
      purposes: [],
      shares_with: [],
      consequences: [],
      sources: [],
      subjects: [],
    };
    ctx.draft.touchpoints.push(tp);
    built.set(section, ti);
    ctx.record(["touchpoints"], section.line);
    ctx.record(["touchpoints", ti], section.line);
    ctx.record(["touchpoints", ti, "id"], section.line);
    ctx.record(["touchpoints", ti, "title"], section.line);
    for (const list of section.lists) {
      ctx.record(["touchpoints", ti, field(list.kind)], list.line);
      for (const it of list.items) addItem(ctx, ti, list.kind, it);
    }
  }
  return duplicates;
}

function field(kind: TouchpointListKind): "collects" | "purposes" | "shares_with" | "consequences" {
  return kind === "recipients" ? "shares_with" : kind;
}

function mergeInto(ctx: ImportContext, ti: number, section: OutlineTouchpoint): void {
  const tp = ctx.draft.touchpoints[ti];
  if (!tp) return;
  for (const list of section.lists) {
    const f = field(list.kind);
    const known = new Set(itemTexts(ctx, tp, f));
    ctx.record(["touchpoints", ti, f], list.line);
    for (const it of list.items) {
      if (NONE.test(it.text.trim()) || known.has(ctx.sameness(it.text))) continue;
      known.add(ctx.sameness(it.text));
      addItem(ctx, ti, list.kind, it);
    }
  }
}

function itemTexts(ctx: ImportContext, tp: Touchpoint, f: ReturnType<typeof field>): string[] {
  const labels = (c: Collected) => {
    if (typeof c === "string") return ctx.taxonomy.category(c)?.label ?? c;
    return (
      c.text ??
      ctx.taxonomy.category(c.category)?.label ??
      ctx.customCategories.find((x) => x.key === c.category)?.label ??
      c.category
    );
  };
  switch (f) {
    case "collects":
      return tp.collects.map((c) => ctx.sameness(labels(c)));
    case "purposes":
      return tp.purposes.map((p) => ctx.sameness(p.text));
    case "consequences":
      return tp.consequences.map((c) => ctx.sameness(c.text));
    case "shares_with":
      return tp.shares_with.map((id) =>
        ctx.sameness([...ctx.recipients.values()].find((r) => r.id === id)?.title ?? id),
      );
  }
}

function addItem(ctx: ImportContext, ti: number, kind: TouchpointListKind, it: OutlineItem): void {
  const tp = ctx.draft.touchpoints[ti];
  if (!tp) return;
  const text = it.text.trim();
  if (NONE.test(text)) return;
  switch (kind) {
    case "collects": {
      const ci = tp.collects.length;
      tp.collects.push(collected(ctx, text, it.line, ["touchpoints", ti, "collects", ci]));
      ctx.record(["touchpoints", ti, "collects", ci], it.line);
      return;
    }
    case "purposes": {
      const pi = tp.purposes.length;
      const collectsEmail = tp.collects.some(
        (c) => (typeof c === "string" ? c : c.category) === "user.contact.email",
      );
      const m = matchPurpose(text, collectsEmail);
      const purpose: Purpose = { text };
      if (m) {
        purpose.use = m.use;
        const programme = m.programme ? programmeFor(ctx, text, m.programme) : undefined;
        if (programme) purpose.programme = programme.id;
      } else {
        purpose.review = true;
        ctx.addReview(text, it.line, ["touchpoints", ti, "purposes", pi]);
      }
      tp.purposes.push(purpose);
      ctx.record(["touchpoints", ti, "purposes", pi], it.line);
      return;
    }
    case "recipients": {
      const r = ctx.recipient(text, it.line);
      if (tp.shares_with.includes(r.id)) return;
      const ri = tp.shares_with.length;
      tp.shares_with.push(r.id);
      ctx.record(["touchpoints", ti, "shares_with", ri], it.line);
      return;
    }
    case "consequences": {
      const ci = tp.consequences.length;
      const c: Consequence = { text };
      const programme = programmeNamedIn(ctx, text);
      if (programme) c.programme = programme.id;
      tp.consequences.push(c);
      ctx.record(["touchpoints", ti, "consequences", ci], it.line);
      return;
    }
  }
}

/** A collected entry: a bare key when the phrase is the key's label, else `{ category, text }`; unknown phrases get a custom key marked for review. */
function collected(ctx: ImportContext, text: string, line: number, path: (string | number)[]): Collected {
  const m = matchCollected(text, ctx.taxonomy);
  if (m) {
    const label = ctx.taxonomy.category(m.key)?.label;
    if (!m.subject && label === text) return m.key;
    const entry: Collected = { category: m.key };
    if (label !== text) entry.text = text;
    if (m.subject) entry.subject = m.subject;
    return entry;
  }
  let { key, parent } = customCategoryFor(text);
  const byLabel = ctx.customCategories.find((c) => comparable(c.label) === comparable(text));
  if (byLabel) key = byLabel.key;
  else {
    while (ctx.taxonomy.hasCategory(key) || ctx.customCategories.some((c) => c.key === key)) key = `${key}_2`;
    ctx.declareCategory(key, parent, text);
  }
  ctx.addReview(text, line, path);
  return { category: key, review: true };
}

const KIND_WORDS: Record<string, RegExp> = {
  warranty: /warrant|repair|clean|resiz/i,
  upgrade: /upgrade|trade[- ]in/i,
  loyalty: /loyalty|reward|points/i,
};

/** The programme a purpose of a kind serves: one whose title the phrase names, else the first of that kind. */
function programmeFor(
  ctx: ImportContext,
  text: string,
  kind: ProgrammeDraft["kind"],
): ProgrammeDraft | undefined {
  return programmeNamedIn(ctx, text) ?? ctx.programmeOfKind(kind);
}

/** A programme a phrase names: by its title, else by the words of its kind.
 *
 * @example
 * programmeNamedIn(ctx, "You will not be eligible for our Diamond Upgrade program")?.id; // "diamond-upgrade"
 */
export function programmeNamedIn(ctx: ImportContext, text: string): ProgrammeDraft | undefined {
  const t = comparable(text);
  const byTitle = ctx.programmes.find((p) => {
    const title = comparable(p.title).replace(/\s+program(?:me)?$/, "");
    return title.length > 3 && t.includes(title);
  });
  if (byTitle) return byTitle;
  return ctx.programmes.find((p) => KIND_WORDS[p.kind]?.test(t));
}
