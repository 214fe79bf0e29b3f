import { lineAt } from "../document/block-line.js";
import type { Block } from "../document/policy-document.js";
import type { OutlineSection } from "../document/read-policy-outline.js";
import type { ImportContext } from "./import-context.js";

const PHONE = /(?<![\d-])(?:\+?1[-. ]?)?\(?\b(\d{3})\)?[-. ](\d{3})[-. ](\d{4})\b/g;
const TOLL_FREE_AREA = new Set(["800", "833", "844", "855", "866", "877", "888"]);
const EMAIL = /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b/;
const EMAIL_CHECK = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;

/**
 * The first North American phone number in a text, and whether it is toll-free (800, 833 … 888, or the
 * words "toll-free" just before it).
 *
 * @example
 * readPhone("or by phone at 626-879-5666."); // { number: "626-879-5666", index: 15, tollFree: false }
 * readPhone("call toll-free 1-800-555-0199"); // { number: "1-800-555-0199", index: 15, tollFree: true }
 */
export function readPhone(text: string): { number: string; index: number; tollFree: boolean } | undefined {
  PHONE.lastIndex = 0;
  const m = PHONE.exec(text);
  if (!m?.[1]) return undefined;
  const before = text.slice(Math.max(0, m.index - 20), m.index);
  return { number: m[0], index: m.index, tollFree: TOLL_FREE_AREA.has(m[1]) || /toll[- ]free/i.test(before) };
}

/** True for an e-mail address the map's schema accepts.
 *
 * @example
 * isEmail("privacy@shop.example"); // true
 */
export function isEmail(s: string): boolean {
  return EMAIL_CHECK.test(s);
}

/** True for an absolute http(s) URL.
 *
 * @example
 * isUrl("https://shop.example/privacy"); // true
 */
export function isUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
}

/**
 * Reads contact details from the policy's prose: the first e-mail address, the first phone number and the
 * first toll-free number, each with its line. Values already read (e.g. from "Contact Us") are kept.
 *
 * @example
 * readContactsInProse(ctx, document.blocks);
 * ctx.draft.organization.contact.phone; // e.g. "626-879-5666"
 */
export function readContactsInProse(ctx: ImportContext, blocks: readonly Block[]): void {
  const contact = ctx.draft.organization.contact;
  for (const b of blocks) {
    if (b.kind === "heading") continue;
    const email = b.text.includes("@") ? EMAIL.exec(b.text) : null;
    if (
      email &&
      contact.email === undefined &&
      isEmail(email[0]) &&
      !/example\.(?:com|org)$/i.test(email[0])
    ) {
      contact.email = email[0];
      ctx.record(["organization", "contact"], lineAt(b, email.index));
      ctx.record(["organization", "contact", "email"], lineAt(b, email.index));
    }
    PHONE.lastIndex = 0;
    for (const m of b.text.matchAll(PHONE)) {
      const phone = readPhone(b.text.slice(m.index ?? 0));
      if (!phone) continue;
      const key =
        phone.tollFree || /toll[- ]free/i.test(b.text.slice(Math.max(0, (m.index ?? 0) - 20), m.index))
          ? "toll_free_phone"
          : "phone";
      if (contact[key] !== undefined) continue;
      contact[key] = m[0];
      ctx.record(["organization", "contact"], lineAt(b, m.index ?? 0));
      ctx.record(["organization", "contact", key], lineAt(b, m.index ?? 0));
    }
  }
}

const CONTACT_LINE =
  /^(E-mail|Email|Phone|Telephone|Toll-free(?: phone)?|Address|Post|Web form|Website)\s*:\s*(.+)$/i;

/**
 * Reads the layout's "Contact Us" section: `E-mail: …`, `Phone: …`, `Toll-free: …`, `Address: …`,
 * `Web form: …` lines and the organisation's name (legal name) line. Returns that name line, if any.
 *
 * @example
 * const nameLine = readContactSection(ctx, contactSection); // the "Example Jewelers, Inc." line
 */
export function readContactSection(ctx: ImportContext, section: OutlineSection): Block | undefined {
  const contact = ctx.draft.organization.contact;
  let nameLine: Block | undefined;
  for (const b of section.blocks) {
    const m = CONTACT_LINE.exec(b.text.trim());
    if (m?.[1] && m[2]) {
      const label = m[1].toLowerCase();
      const value = m[2].trim();
      const key = label.startsWith("e")
        ? "email"
        : label.startsWith("toll")
          ? "toll_free_phone"
          : label === "phone" || label === "telephone"
            ? "phone"
            : label === "web form" || label === "website"
              ? "web_form"
              : "address";
      const valid = key === "email" ? isEmail(value) : key === "web_form" ? isUrl(value) : value.length >= 3;
      if (valid && contact[key] === undefined) {
        contact[key] = value;
        ctx.record(["organization", "contact"], b.line);
        ctx.record(["organization", "contact", key], b.line);
      }
      if (valid) ctx.use(b);
      continue;
    }
    if (/^If you have any questions about this (?:notice|policy)/i.test(b.text)) {
      ctx.use(b);
      continue;
    }
    if (
      b.kind === "paragraph" &&
      b.text.length <= 80 &&
      !/[.!?]$/.test(b.text.replace(/\b(?:Inc|Ltd|Corp|Co)\.$/, ""))
    ) {
      nameLine = b;
    }
  }
  return nameLine;
}
