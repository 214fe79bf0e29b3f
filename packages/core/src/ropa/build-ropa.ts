import { stringify } from "csv-stringify/sync";
import type { DataMap } from "../map/data-map-schema.js";
import { categoryLabel, collectedKey } from "../render/describe-collected.js";
import { ROLE_WORDS } from "../render/describe-recipient.js";
import { describeRetention, retentionFor } from "../render/describe-retention.js";
import { LAWFUL_BASES, type LawfulBasis, type RecipientRole } from "../taxonomy/data-uses.js";
import type { Taxonomy } from "../taxonomy/taxonomy.js";

/**
 * One record of processing activities under GDPR Art. 30(1): one purpose of one touchpoint, with every field
 * of (a)–(g) that the data map can give.
 */
export interface RopaRecord {
  /** `{touchpoint id}/{1-based purpose number}`, stable while the map's order is. */
  id: string;
  /** The processing activity (touchpoint) this purpose belongs to. */
  activity: { id: string; title: string };
  /** Art. 30(1)(a). */
  controller: {
    name: string;
    legalName?: string;
    contact: DataMap["organization"]["contact"];
    website?: string;
    country?: string;
  };
  /** Art. 30(1)(b). */
  purpose: { text: string; use?: string; useLabel?: string; programme?: string };
  lawfulBasis?: { id: LawfulBasis; title: string; article: string };
  /** Art. 30(1)(c). */
  dataSubjects: string[];
  dataCategories: { key: string; label: string; text?: string; sensitive?: boolean }[];
  /** Art. 30(1)(d). */
  recipients: {
    id: string;
    title: string;
    role?: RecipientRole;
    roleWords?: string;
    country?: string;
    sells: boolean;
    shares: boolean;
  }[];
  /** Art. 30(1)(e): where the data goes outside the controller's country, and the safeguards relied on. */
  transfers: { destinations: string[]; safeguards: string[]; text?: string };
  /** Art. 30(1)(f): period or criteria per category; `rule` is undefined where the map sets none. */
  retention: { key: string; label: string; rule?: string }[];
  /** Art. 30(1)(g): the map's `security` section, when it has one. */
  security?: string;
}

/** Used when a touchpoint names no data subjects. */
export const DEFAULT_DATA_SUBJECTS = "Customers and visitors of the site";

/**
 * Builds the GDPR Art. 30(1) record of processing activities from the map: one record per purpose of each
 * touchpoint, with controller, purpose and lawful basis, data subjects, data categories (keys and labels),
 * recipients and their role, transfers and safeguards, retention per category, and the security description.
 *
 * @example
 * const records = buildRopa(loaded);
 * records[0]?.id; // "navigate-site/1"
 */
export function buildRopa(input: { map: DataMap; taxonomy: Taxonomy }): RopaRecord[] {
  const { map, taxonomy } = input;
  const org = map.organization;
  const controller: RopaRecord["controller"] = { name: org.name, contact: { ...org.contact } };
  if (org.legal_name) controller.legalName = org.legal_name;
  if (org.website) controller.website = org.website;
  if (org.country) controller.country = org.country;

  const security = map.sections
    .find((s) => s.id === "security" || /^security$/i.test(s.title.trim()))
    ?.text.trim();
  const recipients = new Map(map.recipients.map((r) => [r.id, r]));

  return map.touchpoints.flatMap((t) => {
    const subjects = [...t.subjects];
    for (const c of t.collects)
      if (typeof c !== "string" && c.subject && !subjects.includes(c.subject)) subjects.push(c.subject);
    if (!t.subjects.length) subjects.unshift(DEFAULT_DATA_SUBJECTS);

    const dataCategories = t.collects.map((c) => {
      const key = collectedKey(c);
      const entry: RopaRecord["dataCategories"][number] = { key, label: categoryLabel(key, taxonomy) };
      if (typeof c !== "string" && c.text) entry.text = c.text;
      if (taxonomy.category(key)?.sensitive) entry.sensitive = true;
      return entry;
    });

    const recips = t.shares_with.flatMap((id) => {
      const r = recipients.get(id);
      if (!r) return [];
      const out: RopaRecord["recipients"][number] = {
        id: r.id,
        title: r.title,
        sells: r.sells,
        shares: r.shares,
      };
      if (r.role) {
        out.role = r.role;
        out.roleWords = ROLE_WORDS[r.role];
      }
      if (r.country) out.country = r.country;
      return [out];
    });

    const destinations: string[] = [];
    const add = (d: string | undefined) => {
      if (d && d !== org.country && !destinations.includes(d)) destinations.push(d);
    };
    add(map.transfers?.hosted_in);
    for (const r of recips) add(r.country);
    const transfers: RopaRecord["transfers"] = {
      destinations,
      safeguards: [...(map.transfers?.safeguards ?? [])],
    };
    if (map.transfers?.text) transfers.text = map.transfers.text;

    const retention = dataCategories.map(({ key, label }) => {
      const rule = retentionFor(map, key);
      return rule ? { key, label, rule: describeRetention(rule) } : { key, label };
    });

    return t.purposes.map((p, i): RopaRecord => {
      const purpose: RopaRecord["purpose"] = { text: p.text };
      if (p.use) {
        purpose.use = p.use;
        const label = taxonomy.use(p.use)?.label;
        if (label) purpose.useLabel = label;
      }
      if (p.programme) purpose.programme = p.programme;
      const record: RopaRecord = {
        id: `${t.id}/${i + 1}`,
        activity: { id: t.id, title: t.title },
        controller,
        purpose,
        dataSubjects: subjects,
        dataCategories,
        recipients: recips,
        transfers,
        retention,
      };
      if (p.basis) record.lawfulBasis = { id: p.basis, ...LAWFUL_BASES[p.basis] };
      if (security) record.security = security;
      return record;
    });
  });
}

/** The columns of the CSV export, in order. */
export const ROPA_CSV_COLUMNS = [
  "Record",
  "Processing activity",
  "Controller",
  "Controller contact",
  "Purpose",
  "Data use",
  "Lawful basis",
  "Categories of data subjects",
  "Categories of personal data",
  "Recipients",
  "Transfers to third countries",
  "Transfer safeguards",
  "Retention",
  "Security measures",
] as const;

/**
 * The records as CSV (RFC 4180: comma-separated, CRLF line ends, fields with commas, quotes or line breaks
 * quoted, quotes doubled) with a header row. Lists inside a cell are one item per line. Cells that a
 * spreadsheet would run as a formula (starting with `=`, `+`, `-` or `@`) get a leading apostrophe.
 *
 * @example
 * ropaToCsv(buildRopa(loaded)).split("\r\n")[0]; // "Record,Processing activity,Controller,…"
 */
export function ropaToCsv(records: readonly RopaRecord[]): string {
  const lines = (xs: string[]) => xs.join("\n");
  const rows = records.map((r) => {
    const c = r.controller.contact;
    const contact = [
      c.email && `E-mail: ${c.email}`,
      c.phone && `Phone: ${c.phone}`,
      c.toll_free_phone && `Toll-free: ${c.toll_free_phone}`,
      c.address && `Address: ${c.address}`,
      c.web_form && `Web form: ${c.web_form}`,
    ].filter((x): x is string => !!x);
    return [
      r.id,
      r.activity.title,
      r.controller.legalName ?? r.controller.name,
      lines(contact),
      r.purpose.text,
      r.purpose.use ? `${r.purpose.useLabel ?? r.purpose.use} (${r.purpose.use})` : "",
      r.lawfulBasis ? `${r.lawfulBasis.title} (${r.lawfulBasis.article})` : "",
      lines(r.dataSubjects),
      lines(r.dataCategories.map((d) => `${d.text ?? d.label} (${d.key})`)),
      lines(
        r.recipients.map((x) => {
          const q = [x.roleWords, x.sells ? "sold" : undefined, x.shares ? "shared" : undefined, x.country]
            .filter((s): s is string => !!s)
            .join("; ");
          return q ? `${x.title} (${q})` : x.title;
        }),
      ),
      lines(r.transfers.destinations),
      lines(r.transfers.safeguards),
      lines(r.retention.map((x) => `${x.label}: ${x.rule ?? "not set"}`)),
      r.security ?? "",
    ].map(defuseFormula);
  });
  return stringify([[...ROPA_CSV_COLUMNS], ...rows], {
    record_delimiter: "windows",
    // RFC 4180: a line break inside a field must be quoted even when it is a lone LF.
    quoted_match: /[\r\n]/,
  });
}

/**
 * The records as pretty-printed JSON, ending with a newline.
 *
 * @example
 * JSON.parse(ropaToJson(buildRopa(loaded)))[0].purpose.text; // "To run essential features on the site"
 */
export function ropaToJson(records: readonly RopaRecord[]): string {
  return `${JSON.stringify(records, null, 2)}\n`;
}

function defuseFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}
