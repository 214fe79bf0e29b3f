import { JURISDICTIONS, type JurisdictionId, RIGHTS, type RightId } from "../law/jurisdictions.js";
import type { DataMap, Touchpoint } from "../map/data-map-schema.js";
import { LAWFUL_BASES } from "../taxonomy/data-uses.js";
import type { Taxonomy } from "../taxonomy/taxonomy.js";
import { ccpaDisclosures } from "./ccpa-disclosures.js";
import { collectedLabel } from "./describe-collected.js";
import { describeRecipient } from "./describe-recipient.js";
import { retentionLine } from "./describe-retention.js";
import {
  CALIFORNIA_LINKS,
  NOTICE_HEADINGS as H,
  NONE_ITEM,
  NOTICE_SENTENCES as S,
} from "./notice-headings.js";
import { noticeVersion } from "./notice-version.js";
import {
  type NoticeBlock,
  type NoticeDocument,
  type NoticeFormat,
  type NoticeInline,
  type NoticeSection,
  paragraphs,
  renderDocument,
} from "./render-blocks.js";
import { knownJurisdictions, rightsInForce } from "./rights-in-force.js";

export type { NoticeFormat } from "./render-blocks.js";

/** What the renderer reads: a validated map and its taxonomy (a `LoadedMap` will do). */
export interface NoticeInput {
  map: DataMap;
  taxonomy: Taxonomy;
}

export interface RenderNoticeOptions {
  format: NoticeFormat;
  /** Base of the privacy centre; right links point to `{url}/{right id}`. Defaults to `organization.privacy_centre_url`. */
  privacyCentreUrl?: string;
  /** ISO date (YYYY-MM-DD) for "Last updated" when the map has no `notice.last_updated`. Core never reads the clock. */
  date?: string;
}

export interface RenderedNotice {
  content: string;
  /** `sha256:` + 12 hex digits of the map's content (see {@link noticeVersion}). */
  version: string;
  lastUpdated?: string;
  format: NoticeFormat;
}

const GDPR_JURISDICTIONS: readonly string[] = ["eea", "uk", "ch"];

/**
 * Renders the complete privacy notice of a data map in the layout of `docs/notice-layout.md`: every
 * touchpoint with what it collects, why, with whom it is shared and what happens without it; cookies;
 * recipients; programmes; retention per category; the California table; every right in force with how to
 * exercise it; Global Privacy Control; children; international transfers and lawful bases; free sections;
 * contact. Pure: the date comes from the map or the caller.
 *
 * @example
 * const loaded = parseDataMap(yamlText);
 * if (loaded.ok) {
 *   const notice = renderNotice(loaded.value, { format: "html", date: "2026-11-01" });
 *   notice.version; // e.g. "sha256:3f2a9c0d1b7e"
 * }
 */
export function renderNotice(input: NoticeInput, options: RenderNoticeOptions): RenderedNotice {
  const { map } = input;
  const version = noticeVersion(map);
  const lastUpdated = map.notice.last_updated ?? isoDate(options.date);
  const ctx: Ctx = {
    ...input,
    centre: trimSlash(options.privacyCentreUrl ?? map.organization.privacy_centre_url),
    jurisdictions: knownJurisdictions(map),
  };

  const header: NoticeBlock[] = [];
  if (lastUpdated)
    header.push({
      kind: "paragraph",
      content: ["Last updated: ", { text: lastUpdated, datetime: lastUpdated }],
    });
  header.push(para(S.version(version)));
  if (map.notice.intro) header.push(...paragraphs(map.notice.intro).map((p) => para(p)));

  const sections: NoticeSection[] = [collectionSection(ctx)];
  const optional = [
    trackingSection(ctx),
    recipientsSection(ctx),
    programmesSection(ctx),
    retentionSection(ctx),
    californiaSection(ctx),
    rightsSection(ctx),
    gpcSection(ctx),
    childrenSection(ctx),
    transfersSection(ctx),
    ...map.sections.map(
      (s): NoticeSection =>
        section(
          `section-${s.id}`,
          s.title,
          paragraphs(s.text).map((p) => para(p)),
        ),
    ),
    contactSection(ctx),
  ];
  for (const s of optional) if (s) sections.push(s);

  const doc: NoticeDocument = {
    title: map.notice.title,
    documentTitle: `${map.notice.title} — ${map.organization.name}`,
    header,
    contents: true,
    sections,
  };
  const rendered: RenderedNotice = {
    content: renderDocument(doc, options.format),
    version,
    format: options.format,
  };
  if (lastUpdated) rendered.lastUpdated = lastUpdated;
  return rendered;
}

interface Ctx extends NoticeInput {
  centre: string | undefined;
  jurisdictions: JurisdictionId[];
}

// ---------------------------------------------------------------- helpers

function para(...content: NoticeInline[]): NoticeBlock {
  return { kind: "paragraph", content };
}

function list(items: string[], ordered = false): NoticeBlock {
  return { kind: "list", items: (items.length ? items : [NONE_ITEM]).map((i) => [i]), ordered };
}

function section(id: string, title: string, children: NoticeBlock[]): NoticeSection {
  return { kind: "section", id, title, children };
}

function isoDate(date: string | undefined): string | undefined {
  const m = date ? /^(\d{4}-\d{2}-\d{2})(?:$|T)/.exec(date) : null;
  return m?.[1];
}

function trimSlash(url: string | undefined): string | undefined {
  return url?.trim().replace(/\/+$/, "") || undefined;
}

function joinList(items: string[], none = NONE_ITEM): string {
  return items.length ? items.join("; ") : none;
}

function inJurisdiction(ctx: Ctx, id: JurisdictionId): boolean {
  return ctx.jurisdictions.includes(id);
}

/** "the European Economic Area", "California". */
function placeName(id: JurisdictionId): string {
  const title = JURISDICTIONS[id].title;
  return id === "eea" || id === "uk" ? `the ${title}` : title;
}

function englishList(items: string[]): string {
  if (items.length <= 2) return items.join(" and ");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

// ---------------------------------------------------------------- sections

function collectionSection(ctx: Ctx): NoticeSection {
  const { map } = ctx;
  const children: NoticeBlock[] = [
    para(
      "Depending on how you interact with us, we may collect, use, and share the following categories of information about you, as described below for each of these activities:",
    ),
    map.touchpoints.length
      ? { kind: "list", items: map.touchpoints.map((t) => [{ text: t.title, href: `#touchpoint-${t.id}` }]) }
      : list([]),
    ...map.touchpoints.map((t) => touchpointSection(ctx, t)),
  ];
  return section("collection", H.collection, children);
}

function touchpointSection(ctx: Ctx, t: Touchpoint): NoticeSection {
  const recipients = new Map(ctx.map.recipients.map((r) => [r.id, r.title]));
  const id = `touchpoint-${t.id}`;
  return section(id, t.title, [
    section(`${id}-collects`, H.collects, [list(t.collects.map((c) => collectedLabel(c, ctx.taxonomy)))]),
    section(`${id}-purposes`, H.purposes, [list(t.purposes.map((p) => p.text))]),
    section(`${id}-recipients`, H.sharesWith, [list(t.shares_with.map((r) => recipients.get(r) ?? r))]),
    section(`${id}-consequences`, H.consequences, [list(t.consequences.map((c) => c.text))]),
  ]);
}

function trackingSection(ctx: Ctx): NoticeSection | undefined {
  const { cookies } = ctx.map;
  if (!cookies.purposes.length && !cookies.items.length && !cookies.technologies.length) return undefined;
  const children: NoticeBlock[] = [];
  if (cookies.purposes.length) {
    children.push(
      para(S.cookiePurposes(cookies.purposes.length)),
      list(
        cookies.purposes.map((p) => (p.description ? `${p.title}: ${p.description}` : p.title)),
        true,
      ),
    );
  }
  if (cookies.items.length) {
    const purposeTitle = new Map(cookies.purposes.map((p) => [p.id, p.title]));
    children.push({
      kind: "table",
      caption: "Cookies we use",
      head: ["Cookie", "Purpose", "Provider", "Duration"],
      rows: cookies.items.map((c) => [
        c.name,
        purposeTitle.get(c.purpose) ?? c.purpose,
        c.provider ?? "Not stated",
        c.duration ?? "Not stated",
      ]),
    });
  }
  for (const t of cookies.technologies) children.push(para(`${t.title}: ${t.text}`));
  return section("tracking-technology", H.tracking, children);
}

function recipientsSection(ctx: Ctx): NoticeSection {
  return section("recipients", H.recipients, [
    para("We disclose personal information to these categories of recipients:"),
    list(ctx.map.recipients.map(describeRecipient)),
  ]);
}

function programmesSection(ctx: Ctx): NoticeSection | undefined {
  if (!ctx.map.programmes.length) return undefined;
  return section("programmes", H.programmes, [
    list(
      ctx.map.programmes.map((p) => {
        const rest = [
          p.description,
          p.ends_on_erasure ? `${S.programmeErasure} ${p.ends_on_erasure}` : undefined,
        ]
          .filter((x): x is string => !!x)
          .join(" ");
        return rest ? `${p.title}: ${rest}` : p.title;
      }),
    ),
  ]);
}

function retentionSection(ctx: Ctx): NoticeSection | undefined {
  if (!ctx.map.retention.length) return undefined;
  return section("retention", H.retention, [
    para(
      "We keep each category of personal information for the period below, or as the criteria below decide:",
    ),
    list(ctx.map.retention.map((r) => retentionLine(r, ctx.taxonomy))),
  ]);
}

function californiaSection(ctx: Ctx): NoticeSection | undefined {
  if (!inJurisdiction(ctx, "us-ca")) return undefined;
  const rows = ccpaDisclosures(ctx.map, ctx.taxonomy);
  const children: NoticeBlock[] = [
    para(
      "In the past 12 months we have collected the categories of personal information below, from the sources and for the purposes shown. The table also shows whether we sold or shared each category, and to whom we disclosed it for a business purpose.",
    ),
  ];
  if (!rows.length) children.push(para("We have not collected personal information in the past 12 months."));
  else
    children.push({
      kind: "table",
      caption: "Personal information we collect, sell, share and disclose",
      head: [
        "Category of personal information",
        "Collected",
        "Sold or shared",
        "Disclosed for a business purpose to",
        "Sources",
        "Purposes",
      ],
      rows: rows.map((r) => [
        r.title,
        "Yes",
        r.soldOrSharedTo.length ? `Yes, to ${r.soldOrSharedTo.map((x) => x.title).join("; ")}` : "No",
        joinList(r.businessPurposeTo.map((x) => x.title)),
        joinList(r.sources, "Not stated"),
        joinList(r.purposes, "Not stated"),
      ]),
      textItem: ([title, collected, sold, business, sources, purposes]) =>
        `${title} — collected: ${collected?.toLowerCase()} — sold or shared: ${sold} — disclosed for a business purpose to: ${business} — sources: ${sources} — purposes: ${purposes}`,
    });
  return section("california", H.california, children);
}

function rightLink(ctx: Ctx, id: RightId): NoticeInline[] {
  const ca = inJurisdiction(ctx, "us-ca");
  let text: string;
  if (ca && (id === "opt-out-sale" || id === "opt-out-share")) text = CALIFORNIA_LINKS.optOut;
  else if (ca && id === "limit-sensitive") text = CALIFORNIA_LINKS.limit;
  else if (id === "shine-the-light") text = "Make a Shine the Light request";
  else {
    const title = RIGHTS[id].title;
    text = `Exercise your ${title.charAt(0).toLowerCase()}${title.slice(1)}`;
  }
  return ctx.centre ? [" ", { text, href: `${ctx.centre}/${id}` }] : [];
}

function rightsSection(ctx: Ctx): NoticeSection {
  const { map } = ctx;
  const inForce = rightsInForce(map);
  const children: NoticeBlock[] = [];
  for (const j of ctx.jurisdictions) {
    const rights = JURISDICTIONS[j].rights
      .filter((r) => inForce.includes(r))
      .map((r) => lowerRight(RIGHTS[r].title));
    if (!rights.length) continue;
    children.push(
      para(
        `If you are in ${placeName(j)}, you have these rights under the ${JURISDICTIONS[j].law}: ${rights.join(", ")}.`,
      ),
    );
  }
  if (inForce.length) {
    children.push({
      kind: "list",
      items: inForce.map((r): NoticeInline[] => [
        `${RIGHTS[r].title}: ${RIGHTS[r].summary}.`,
        ...rightLink(ctx, r),
      ]),
    });
  } else {
    children.push(para("You may contact us with any question or request about your personal information."));
  }
  if (inJurisdiction(ctx, "us-ca") && inForce.includes("know")) {
    const earlier = map.rights.lookback_extended
      ? "; you may also ask for personal information we collected earlier, back to 1 January 2022"
      : "";
    children.push(
      para(
        `A request to know covers the ${map.rights.lookback_months} months before your request${earlier}.`,
      ),
    );
  }
  children.push(exerciseSection(ctx, inForce));
  const appeal = appealSection(ctx, inForce);
  if (appeal) children.push(appeal);
  return section("rights", H.rights, children);
}

function lowerRight(title: string): string {
  return title.startsWith("Right") ? `r${title.slice(1)}` : title;
}

function methodItems(ctx: Ctx): NoticeInline[][] {
  const { contact } = ctx.map.organization;
  const items: NoticeInline[][] = [];
  for (const m of ctx.map.rights.methods) {
    switch (m) {
      case "email":
        items.push(
          contact.email ? ["E-mail: ", { text: contact.email, href: `mailto:${contact.email}` }] : ["E-mail"],
        );
        break;
      case "phone":
        items.push(
          contact.phone ? ["Phone: ", { text: contact.phone, href: tel(contact.phone) }] : ["Phone"],
        );
        break;
      case "toll-free-phone":
        items.push(
          contact.toll_free_phone
            ? ["Toll-free: ", { text: contact.toll_free_phone, href: tel(contact.toll_free_phone) }]
            : ["Toll-free phone"],
        );
        break;
      case "web-form": {
        const url = contact.web_form ?? ctx.centre;
        items.push(url ? ["Web form: ", { text: url, href: url }] : ["Web form"]);
        break;
      }
      case "post":
        items.push([contact.address ? `Post: ${contact.address}` : "Post"]);
        break;
      case "in-person":
        items.push([contact.address ? `In person: ${contact.address}` : "In person"]);
        break;
    }
  }
  return items;
}

function tel(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, "")}`;
}

function exerciseSection(ctx: Ctx, inForce: RightId[]): NoticeSection {
  const { map } = ctx;
  const children: NoticeBlock[] = [];
  const methods = methodItems(ctx);
  if (methods.length) {
    children.push(para("To exercise your rights, send us a request by any of these methods:"), {
      kind: "list",
      items: methods,
    });
  } else {
    children.push(para("To exercise your rights, contact us as described under Contact Us."));
  }
  const ca = inJurisdiction(ctx, "us-ca");
  const goTo = (text: string, right: RightId): NoticeInline[] =>
    ctx.centre
      ? ["go to ", { text, href: `${ctx.centre}/${right}` }]
      : [`use the “${text}” link on our site`];
  if (ca && (inForce.includes("opt-out-sale") || inForce.includes("opt-out-share"))) {
    children.push(
      para(
        "To opt out of the sale or sharing of your personal information, ",
        ...goTo(CALIFORNIA_LINKS.optOut, inForce.includes("opt-out-sale") ? "opt-out-sale" : "opt-out-share"),
        " or send us a request by any method above. You do not need to verify your identity to opt out.",
      ),
    );
  }
  if (ca && inForce.includes("limit-sensitive")) {
    children.push(
      para(
        "To limit the use of your sensitive personal information, ",
        ...goTo(CALIFORNIA_LINKS.limit, "limit-sensitive"),
        " or send us a request by any method above.",
      ),
    );
  }
  const optOuts = inForce.some((r) => r.startsWith("opt-out") || r === "limit-sensitive");
  children.push(
    para(
      map.rights.verification ??
        `Before we act on a request to know, access, delete or correct your personal information, we verify that it comes from you by matching information you give us with information we already hold.${optOuts ? " We do not ask you to verify your identity to opt out or to limit the use of your sensitive personal information." : ""}`,
    ),
  );
  if (map.rights.authorised_agents) {
    children.push(
      para(
        "You may use an authorised agent to make a request for you. We will ask the agent for your signed permission, and we may ask you to verify your identity with us directly or to confirm that you gave the agent permission.",
      ),
    );
  }
  const groups = new Map<string, JurisdictionId[]>();
  for (const j of ctx.jurisdictions) {
    const key = `${JURISDICTIONS[j].responseDays}/${JURISDICTIONS[j].maxDays}`;
    groups.set(key, [...(groups.get(key) ?? []), j]);
  }
  if (groups.size) {
    const parts = [...groups].map(([key, js]) => {
      const [days, max] = key.split("/");
      return `within ${days} days in ${englishList(js.map(placeName))} (${max} days at most if we tell you that we need longer and why)`;
    });
    children.push(para(`We respond to your request ${parts.join(", and ")}.`));
  }
  return section("exercise-rights", H.exercise, children);
}

function appealSection(ctx: Ctx, inForce: RightId[]): NoticeSection | undefined {
  if (!inForce.includes("appeal")) return undefined;
  const email = ctx.map.organization.contact.email;
  return section("appeals", H.appeals, [
    para(
      `If we refuse your request, in whole or in part, you may appeal our decision by replying to our response${email ? ` or writing to ${email}` : ""}. We will tell you in writing what we decided and why. If you disagree with the outcome, you may contact the Attorney General of your state.`,
    ),
  ]);
}

function gpcSection(ctx: Ctx): NoticeSection {
  const { signals } = ctx.map;
  const children: NoticeBlock[] = [];
  if (signals.gpc) children.push(para(S.gpc));
  children.push(para(signals.dnt ? S.dntYes : S.dntNo));
  return section("gpc", H.gpc, children);
}

function childrenSection(ctx: Ctx): NoticeSection | undefined {
  const c = ctx.map.children;
  if (!c) return undefined;
  const children: NoticeBlock[] = [para(S.children(c.min_age))];
  if (c.deletes) children.push(para(S.childrenDeletes(c.min_age)));
  children.push(para(S.noSaleUnder(c.no_sale_under)));
  return section("children", H.children, children);
}

function transfersSection(ctx: Ctx): NoticeSection | undefined {
  if (!ctx.jurisdictions.some((j) => GDPR_JURISDICTIONS.includes(j))) return undefined;
  const { map } = ctx;
  const t = map.transfers;
  const children: NoticeBlock[] = [];
  if (t?.hosted_in)
    children.push(para(`Your personal information is hosted in and managed from ${t.hosted_in}.`));
  if (t?.text) children.push(...paragraphs(t.text).map((p) => para(p)));
  children.push(
    para(
      "When we transfer personal information to a country that the European Commission has not found to protect it adequately, we use these safeguards:",
    ),
    list(t?.safeguards ?? []),
  );
  const withPurposes = map.touchpoints.filter((tp) => tp.purposes.length);
  if (withPurposes.length) {
    children.push(
      para("We process personal information on these lawful bases under Article 6(1) of the GDPR:"),
    );
    for (const tp of withPurposes) {
      children.push({
        kind: "table",
        // The caption must not read as a touchpoint heading ("When You …") when the notice is imported again.
        caption: `Purposes and lawful bases: ${tp.title}`,
        label: `${tp.title}:`,
        head: ["Purpose", "Lawful basis"],
        rows: tp.purposes.map((p) => [
          p.text,
          p.basis ? `${LAWFUL_BASES[p.basis].title} (${LAWFUL_BASES[p.basis].article})` : "Not stated",
        ]),
        textItem: ([purpose, basis]) => `${purpose}: ${basis}`,
      });
    }
  }
  return section("international-transfers", H.transfers, children);
}

function contactSection(ctx: Ctx): NoticeSection {
  const { organization: org } = ctx.map;
  const c = org.contact;
  const items: NoticeInline[][] = [];
  if (c.email) items.push(["E-mail: ", { text: c.email, href: `mailto:${c.email}` }]);
  if (c.phone) items.push(["Phone: ", { text: c.phone, href: tel(c.phone) }]);
  if (c.toll_free_phone)
    items.push(["Toll-free: ", { text: c.toll_free_phone, href: tel(c.toll_free_phone) }]);
  if (c.address) items.push([`Address: ${c.address}`]);
  if (c.web_form) items.push(["Web form: ", { text: c.web_form, href: c.web_form }]);
  const children: NoticeBlock[] = [
    para("If you have any questions about this notice or our privacy practices, contact us:"),
  ];
  if (items.length) children.push({ kind: "list", items });
  children.push(para(org.legal_name ?? org.name));
  return section("contact", H.contact, children);
}
