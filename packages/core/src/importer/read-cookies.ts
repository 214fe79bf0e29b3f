import type { Block } from "../document/policy-document.js";
import type { OutlineSection } from "../document/read-policy-outline.js";
import type { ImportContext } from "./import-context.js";
import { comparable, slugify } from "./phrase-text.js";

/** The template's five cookie purposes: id by the words of the title, and the data uses each serves. */
const PURPOSES: [RegExp, string, string[]][] = [
  [/essential|necessary|strictly/, "essential", ["essential.service"]],
  [/functional|performance|preference/, "functional", ["functional.service"]],
  [/analytic|statistic|measurement|customi[sz]ation/, "analytics", ["analytics.reporting"]],
  [/advertis|targeting|marketing/, "advertising", ["marketing.advertising.third_party.targeted"]],
  [/social/, "social", ["marketing"]],
];

const TECHNOLOGIES: [RegExp, string][] = [
  [/log files?|logs?\b/, "log-files"],
  [/tracking images?|pixels?|web beacons?|gifs?\b/, "tracking-images"],
  [/local storage|html5|session storage/, "local-storage"],
  [
    /interest[- ]based advertising|targeted advertising|behaviou?ral advertising/,
    "interest-based-advertising",
  ],
  [/^cookies?$|\bcookies?\b/, "cookies"],
];

const DURATION = /^(?:session|\d+(?:s|m|h|d|w|mo|y))$/;
const UNIT: Record<string, string> = {
  second: "s",
  minute: "m",
  hour: "h",
  day: "d",
  week: "w",
  month: "mo",
  year: "y",
};

/**
 * A cookie duration as the map writes it: `session`, `30d`, `13mo`, `2y`; words such as "2 years" are converted.
 *
 * @example
 * durationOf("2 years"); // "2y"
 * durationOf("Session"); // "session"
 */
export function durationOf(text: string): string | undefined {
  const t = text.trim().toLowerCase();
  if (DURATION.test(t)) return t;
  if (/^session\b/.test(t)) return "session";
  const m = /^(\d+)\s*(second|minute|hour|day|week|month|year)s?$/.exec(t);
  return m?.[1] && m[2] ? `${m[1]}${UNIT[m[2]]}` : undefined;
}

/** A short "Title: text" label at the start of a paragraph (at most eight words before the colon). */
function labelled(text: string): { title: string; rest: string } | undefined {
  const m = /^([^:]{2,80}):\s+(\S[\s\S]*)$/.exec(text);
  if (!m?.[1] || !m[2] || m[1].split(/\s+/).length > 8 || !/^\p{Lu}/u.test(m[1])) return undefined;
  return { title: m[1].trim(), rest: m[2].trim() };
}

/**
 * Reads the "Tracking Technology" section: the numbered list of cookie purposes (`{title}: {description}`),
 * the cookie table or list (`{name} — {purpose} — {provider} — {duration}`) and one paragraph per tracking
 * technology (`{title}: {text}`). Blocks it cannot place are left for the section's free text.
 *
 * @example
 * readCookies(ctx, trackingSection);
 * ctx.draft.cookies.purposes.map((p) => p.id); // ["essential", "functional", "analytics", "advertising", "social"]
 */
export function readCookies(ctx: ImportContext, section: OutlineSection): void {
  const cookies = ctx.draft.cookies;
  const ids = new Set(cookies.purposes.map((p) => p.id));
  let inPurposeList = false;
  const pendingItems: Block[] = [];
  for (const b of section.blocks) {
    const t = comparable(b.text);
    if (
      b.kind === "paragraph" &&
      /cookies for [\w-]+ (?:general )?purposes|purposes (?:as follows|below)/.test(t)
    ) {
      ctx.use(b);
      ctx.record(["cookies", "purposes"], b.line);
      inPurposeList = true;
      continue;
    }
    if (
      b.kind === "paragraph" &&
      /tracking technologies|technologies for the purposes/.test(t) &&
      b.text.trim().endsWith(":")
    ) {
      ctx.use(b);
      ctx.record(["cookies", "technologies"], b.line);
      inPurposeList = false;
      continue;
    }
    if (b.tableHead || (b.kind === "paragraph" && /^cookies we use:?$/.test(t))) {
      ctx.use(b);
      inPurposeList = false;
      continue;
    }
    const cells = b.cells ?? (b.text.includes(" — ") ? b.text.split(" — ").map((c) => c.trim()) : undefined);
    if ((b.kind === "bullet" || b.kind === "numbered") && cells && cells.length >= 2) {
      pendingItems.push(b);
      inPurposeList = false;
      continue;
    }
    if ((b.kind === "numbered" || (b.kind === "bullet" && inPurposeList)) && labelled(b.text)) {
      const { title, rest } = labelled(b.text) as { title: string; rest: string };
      const match = PURPOSES.find(([re]) => re.test(title.toLowerCase()));
      let id = match?.[1] ?? slugify(title, 4);
      if (!id || ids.has(id)) id = `${id || "purpose"}-${cookies.purposes.length + 1}`;
      ids.add(id);
      const k = cookies.purposes.length;
      cookies.purposes.push({
        id,
        title,
        description: rest,
        required: id === "essential",
        uses: match?.[2] ?? [],
      });
      ctx.use(b);
      ctx.record(["cookies", "purposes", k], b.line);
      continue;
    }
    inPurposeList = false;
    const label = b.kind === "paragraph" ? labelled(b.text) : undefined;
    if (label) {
      const kind = TECHNOLOGIES.find(([re]) => re.test(label.title.toLowerCase()))?.[1] ?? "other";
      const k = cookies.technologies.length;
      cookies.technologies.push({ kind, title: label.title, text: label.rest });
      ctx.use(b);
      ctx.record(["cookies", "technologies", k], b.line);
    }
  }
  for (const b of pendingItems) readCookieRow(ctx, b);
}

function readCookieRow(ctx: ImportContext, b: Block): void {
  const cells = b.cells ?? b.text.split(" — ").map((c) => c.trim());
  const [name, purposeTitle, provider, duration] = cells;
  if (!name || !purposeTitle) return;
  const purposes = ctx.draft.cookies.purposes;
  const wanted = comparable(purposeTitle);
  const purpose =
    purposes.find((p) => comparable(p.title) === wanted) ??
    purposes.find((p) => p.id === PURPOSES.find(([re]) => re.test(wanted))?.[1]);
  if (!purpose) {
    ctx.addReview(b.text, b.line, ["cookies", "items"]);
    return;
  }
  const k = ctx.draft.cookies.items.length;
  const item: { name: string; purpose: string; provider?: string; duration?: string } = {
    name,
    purpose: purpose.id,
  };
  if (provider && !/^not stated$/i.test(provider)) item.provider = provider;
  const d = duration && !/^not stated$/i.test(duration) ? durationOf(duration) : undefined;
  if (d) item.duration = d;
  ctx.draft.cookies.items.push(item);
  ctx.use(b);
  ctx.record(["cookies", "items", k], b.line);
}
