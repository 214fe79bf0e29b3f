import { fail, LoupeError, ok, type Result } from "../errors/loupe-error.js";
import { Taxonomy } from "../taxonomy/taxonomy.js";
import { collectedKey, collectedLabel } from "./describe-collected.js";
import { describeRecipient } from "./describe-recipient.js";
import { describeRetention, retentionFor } from "./describe-retention.js";
import { CALIFORNIA_LINKS, NONE_ITEM, NOTICE_SENTENCES } from "./notice-headings.js";
import { noticeVersion } from "./notice-version.js";
import {
  type NoticeBlock,
  type NoticeFormat,
  type NoticeInline,
  type NoticeSection,
  renderFragment,
} from "./render-blocks.js";
import type { NoticeInput, RenderedNotice } from "./render-notice.js";
import { knownJurisdictions } from "./rights-in-force.js";

export interface RenderNoticeAtCollectionOptions {
  format: NoticeFormat;
  /** Where the full privacy notice is published. Defaults to the privacy centre, then the website. */
  noticeUrl?: string;
  /** Base of the privacy centre (for the opt-out link). Defaults to `organization.privacy_centre_url`. */
  privacyCentreUrl?: string;
}

/** The headings of a notice at collection. */
export const NOTICE_AT_COLLECTION_HEADINGS = {
  title: "Notice at Collection",
  collects: "What We Collect",
  purposes: "Why We Collect It",
  sale: "Whether We Sell or Share It",
  retention: "How Long We Keep It",
} as const;

/**
 * A short notice to show beside the form of one touchpoint (CCPA 11 CCR §7012): the categories collected,
 * why, whether they are sold or shared (with the opt-out link), how long each is kept, and a link to the full
 * notice. HTML comes as a fragment (`<section>`), ready to place in a page. An unknown touchpoint id is an
 * `UNKNOWN_TOUCHPOINT` error that names the known ids.
 *
 * @example
 * const r = renderNoticeAtCollection(loaded, "purchase", { format: "html" });
 * if (r.ok) r.value.content; // "<section class=\"loupe-notice-at-collection\" …"
 */
export function renderNoticeAtCollection(
  input: NoticeInput,
  touchpointId: string,
  options: RenderNoticeAtCollectionOptions,
): Result<RenderedNotice> {
  const { map, taxonomy } = input;
  const t = map.touchpoints.find((x) => x.id === touchpointId);
  if (!t) {
    const known = map.touchpoints.map((x) => x.id);
    return fail(
      new LoupeError(
        "UNKNOWN_TOUCHPOINT",
        `unknown touchpoint '${touchpointId}'; ${known.length ? `known touchpoints: ${known.join(", ")}` : "the map has no touchpoints"}`,
        { path: "touchpoints" },
      ),
    );
  }
  const H = NOTICE_AT_COLLECTION_HEADINGS;
  const trim = (u: string | undefined) => u?.trim().replace(/\/+$/, "") || undefined;
  const centre = trim(options.privacyCentreUrl ?? map.organization.privacy_centre_url);
  const noticeUrl = options.noticeUrl?.trim() || centre || map.organization.website;
  const ca = knownJurisdictions(map).includes("us-ca");
  const list = (items: string[]): NoticeBlock => ({
    kind: "list",
    items: (items.length ? items : [NONE_ITEM]).map((i) => [i]),
  });
  const para = (...content: NoticeInline[]): NoticeBlock => ({ kind: "paragraph", content });
  const sub = (id: string, title: string, children: NoticeBlock[]): NoticeSection => ({
    kind: "section",
    id: `notice-at-collection-${t.id}-${id}`,
    title,
    children,
  });

  // Recipients that buy or share data collected here: those of this touchpoint whose declared categories
  // (if any) overlap what it collects.
  const keys = t.collects.map(collectedKey);
  const overlaps = (declared: string[] | undefined) =>
    !declared || declared.some((d) => keys.some((k) => Taxonomy.isUnder(k, d) || Taxonomy.isUnder(d, k)));
  const buyers = map.recipients.filter(
    (r) => t.shares_with.includes(r.id) && (r.sells || r.shares) && overlaps(r.categories),
  );
  const sale: NoticeBlock[] = [];
  if (buyers.length) {
    sale.push(
      para("We sell or share personal information collected here with:"),
      list(buyers.map(describeRecipient)),
    );
    const optOut: NoticeInline[] = centre
      ? [
          "You can opt out at any time: ",
          {
            text: ca ? CALIFORNIA_LINKS.optOut : "Opt out of sale and sharing",
            href: `${centre}/opt-out-sale`,
          },
          ".",
        ]
      : [
          `You can opt out at any time${ca ? ` through the “${CALIFORNIA_LINKS.optOut}” link on our site` : ""} or by contacting us.`,
        ];
    sale.push(para(...optOut));
    if (map.signals.gpc) sale.push(para(NOTICE_SENTENCES.gpc));
  } else {
    sale.push(
      para(
        "We do not sell the personal information collected here or share it for cross-context behavioural advertising.",
      ),
    );
  }

  const retention = t.collects.map((c) => {
    const rule = retentionFor(map, collectedKey(c));
    return `${collectedLabel(c, taxonomy)}: ${rule ? describeRetention(rule) : "no retention period stated"}`;
  });

  const title = map.notice.title;
  const more: NoticeInline[] = noticeUrl
    ? [
        "For more about how we handle your personal information and your rights, read our ",
        { text: title, href: noticeUrl },
        ".",
      ]
    : [`For more about how we handle your personal information and your rights, read our ${title}.`];

  const root: NoticeSection = {
    kind: "section",
    id: `notice-at-collection-${t.id}`,
    title: H.title,
    children: [
      para(
        `${map.organization.name} collects the personal information below. This notice applies to: ${t.title}.`,
      ),
      sub("collects", H.collects, [list(t.collects.map((c) => collectedLabel(c, taxonomy)))]),
      sub("purposes", H.purposes, [list(t.purposes.map((p) => p.text))]),
      sub("sale", H.sale, sale),
      sub("retention", H.retention, [list(retention)]),
      para(...more),
    ],
  };
  let content = renderFragment([root], options.format);
  if (options.format === "html")
    content = content.replace(/^<section /, '<section class="loupe-notice-at-collection" ');
  const rendered: RenderedNotice = { content, version: noticeVersion(map), format: options.format };
  if (map.notice.last_updated) rendered.lastUpdated = map.notice.last_updated;
  return ok(rendered);
}
