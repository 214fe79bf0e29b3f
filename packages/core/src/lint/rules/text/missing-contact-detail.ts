import type { Rule, RuleHit } from "../../rule.js";
import { readSource } from "./source-text.js";

const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+|mailto:/i;
const PHONE =
  /(?:\+\d{1,3}[\s.-]?)?\(?\b\d{3}\)?[\s.-]?\d{3}[\s.-]\d{4}\b|\b1?[\s.-]?8\d\d[\s.-][A-Z\d]{3}[\s.-]?[A-Z\d]{4}\b/;
const POSTAL =
  /\b\d{1,6}\s+(?:[A-Z][\w.'-]*\s+){1,5}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Way|Place|Pl|Court|Ct|Square|Sq|Parkway|Pkwy|Highway|Hwy|Plaza)\b|\bP\.?\s?O\.?\s+Box\s+\d+|\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b/;
const CONTACT_URL = /(?:https?:\/\/|\bwww\.)\S*(?:contact|request|privacy|form|support|help)/i;

type Detail = "email" | "phone" | "postal" | "written" | "any";

interface Reference {
  kind: Detail;
  pattern: RegExp;
  missing: string;
  fix: string;
}

/** Phrases that send the reader to a contact detail, and what the text must then show somewhere. */
const REFERENCES: Reference[] = [
  {
    kind: "email",
    pattern:
      /\b(?:send(?:ing)?|writ(?:e|ing))\s+us\s+an?\s+e-?mail\b|\be-?mail(?:ing)?\s+us\b|\bcontact(?:ing)?\s+us\s+(?:by|via|through)\s+e-?mail\b/gi,
    missing: "no e-mail address",
    fix: "add the address next to it (organization.contact.email)",
  },
  {
    kind: "phone",
    pattern:
      /\bcall(?:ing)?\s+us\b|\bcontact(?:ing)?\s+us\s+by\s+(?:phone|telephone)\b|\bby\s+(?:phone|telephone)\s+at\b/gi,
    missing: "no phone number",
    fix: "add the number next to it (organization.contact.phone or toll_free_phone)",
  },
  {
    kind: "postal",
    pattern:
      /\b(?:send(?:ing)?|mail(?:ing)?)\s+us\s+a\s+postal\s+(?:request|letter|notice)\b|\bby\s+(?:postal\s+)?mail\s+(?:at|to)\b/gi,
    missing: "no postal address",
    fix: "add the mailing address (organization.contact.address)",
  },
  {
    kind: "written",
    pattern:
      /\b(?:send(?:ing)?|mail(?:ing)?)\s+us\s+a\s+written\s+(?:request|letter|notice)\b|\bwrite\s+to\s+us\b/gi,
    missing: "no e-mail or postal address",
    fix: "add an e-mail or mailing address (organization.contact)",
  },
  {
    kind: "any",
    pattern:
      /\bcontact(?:ing)?\s+us\s+(?:as\s+)?(?:set\s+(?:forth|out)|indicated|described|listed|provided|shown|detailed)\s+(?:below|above)\b|\b(?:using|via|at|through|with)\s+the\s+contact\s+(?:details|information|info)\s+(?:(?:set\s+(?:forth|out)|provided|listed|given|shown)(?:\s+(?:below|above))?|below|above)\b/gi,
    missing: "no e-mail address, postal address or contact page",
    fix: "add a Contact Us section with them (organization.contact)",
  },
];

/**
 * `missing-contact-detail`: the text sends the reader to a contact detail it never gives — "sending us an
 * e-mail" with no e-mail address anywhere, "contact us as set forth below" or "using the contact details set
 * out below" with no e-mail address, postal address or contact page, "send us a postal request" with no
 * postal address. A phone number alone does not satisfy "contact details" (it cannot take a written
 * request), but it does satisfy "by phone".
 *
 * @example
 * missingContactDetail.check(subject); // [{ message: "“sending us an e-mail” but the text gives no e-mail address: …", location: { line: 352 } }]
 */
export const missingContactDetail: Rule = {
  id: "missing-contact-detail",
  kind: "text",
  severity: "error",
  description:
    "The text tells readers to e-mail, call, write or 'contact us as set forth below' but gives no such contact detail.",
  check(subject) {
    const doc = subject.document;
    if (!doc) return [];
    const src = readSource(doc);
    const text = src.plain;
    const has: Record<Detail, boolean> = {
      email: EMAIL.test(doc.source),
      phone: PHONE.test(text),
      postal: POSTAL.test(text),
      written: false,
      any: false,
    };
    has.written = has.email || has.postal;
    has.any = has.written || CONTACT_URL.test(doc.source);
    const hits: RuleHit[] = [];
    for (const seg of src.segments) {
      for (const ref of REFERENCES) {
        if (has[ref.kind]) continue;
        for (const m of seg.text.matchAll(ref.pattern)) {
          hits.push({
            message: `says “${m[0]}” but the text gives ${ref.missing}: ${ref.fix}`,
            location: src.locate(seg.offsets[m.index ?? 0] ?? 0),
          });
        }
      }
    }
    return hits.sort((a, b) => (a.location.line ?? 0) - (b.location.line ?? 0));
  },
};
