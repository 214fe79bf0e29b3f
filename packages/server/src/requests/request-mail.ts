import { DENIAL_TEMPLATES, type Language } from "./denial-templates.js";
import type { DenialBasis } from "./request-model.js";
import type { OutcomeItem, RightsMail } from "./rights-context.js";

/** Attorney-general contact pages for the states whose law grants an appeal (given with an appeal decision). */
export const ATTORNEY_GENERAL: Record<string, string> = {
  "us-va": "Office of the Attorney General of Virginia — https://www.oag.state.va.us",
  "us-co": "Colorado Attorney General — https://coag.gov",
  "us-ct": "Connecticut Attorney General — https://portal.ct.gov/ag",
  "us-tx": "Texas Attorney General — https://www.texasattorneygeneral.gov",
};

const KIND_NAMES: Record<string, Record<Language, string>> = {
  know_categories: {
    en: "request to know what categories of information we hold",
    es: "solicitud para conocer las categorías de información que tenemos",
  },
  know_specific: {
    en: "request to know the specific information we hold",
    es: "solicitud para conocer la información específica que tenemos",
  },
  access: { en: "request for a copy of your data", es: "solicitud de copia de sus datos" },
  portability: {
    en: "request for a portable copy of your data",
    es: "solicitud de copia portable de sus datos",
  },
  delete: { en: "request to delete your data", es: "solicitud de eliminación de sus datos" },
  correct: { en: "request to correct your data", es: "solicitud de corrección de sus datos" },
  restrict: { en: "request to restrict processing", es: "solicitud de limitación del tratamiento" },
  object: { en: "objection to processing", es: "oposición al tratamiento" },
  withdraw_consent: { en: "withdrawal of consent", es: "retirada del consentimiento" },
  opt_out_sale_share: { en: "opt-out of sale and sharing", es: "exclusión de la venta y el intercambio" },
  limit_spi: {
    en: "request to limit the use of sensitive information",
    es: "solicitud de limitar el uso de información sensible",
  },
  shine_the_light: { en: "once-a-year disclosure request", es: "solicitud de divulgación anual" },
  appeal: { en: "appeal", es: "apelación" },
};

/**
 * The name of a request kind in a sentence.
 *
 * @example
 * kindName("delete", "en"); // "request to delete your data"
 */
export function kindName(kind: string, lang: Language): string {
  return KIND_NAMES[kind]?.[lang] ?? kind;
}

const T = {
  en: {
    codeSubject: (org: string) => `Your verification code for ${org}`,
    code: (org: string, what: string, code: string, link: string) =>
      `Someone asked ${org} to act on a ${what} for this e-mail address.\n\nYour code: ${code}\n\nEnter it on the page you were shown, or open this link to confirm:\n${link}\n\nThe code expires in 30 minutes. If you did not ask, ignore this message: nothing will happen.`,
    agent: (org: string, what: string, agent: string, code: string, link: string) =>
      `${agent} told ${org} that you authorised them to submit a ${what} on your behalf.\n\nIf you did, confirm it with this code: ${code}\nor open this link:\n${link}\n\nIf you did not authorise this, ignore this message: nothing will happen.`,
    ackSubject: (org: string) => `${org} received your privacy request`,
    ack: (what: string, due: string, verify: string, status: string) =>
      `We received your ${what}.\n\nHow we verify it: ${verify}\n\nWe will answer by ${due}. You can follow it here:\n${status}`,
    verifyHow: {
      none: "no verification is needed.",
      email: "we confirm that you control this e-mail address with a code.",
      reasonable:
        "we confirm this e-mail address with a code and match one more detail you gave (phone, last order number or postcode) with our records.",
      reasonably_high:
        "we confirm this e-mail address with a code, match two more details you gave (phone, last order number or postcode) with our records, and ask for a signed declaration.",
    } as Record<string, string>,
    answerSubject: (org: string) => `${org} answered your privacy request`,
    answer: (what: string, lines: string, status: string) =>
      `We have completed your ${what}.\n\n${lines}\n\nWe keep a record of this request for 24 months, as the law requires. Details:\n${status}`,
    download: (link: string) => `Download your data (the link works once and expires in 7 days):\n${link}`,
    extendSubject: (org: string) => `${org} needs more time for your privacy request`,
    extend: (what: string, until: string, reason: string, status: string) =>
      `We need more time to complete your ${what}. We will answer by ${until}.\n\nWhy: ${reason}\n\n${status}`,
    denySubject: (org: string) => `${org} could not complete your privacy request`,
    deny: (what: string, reason: string, note: string, status: string) =>
      `We could not complete your ${what}.\n\n${reason}${note ? `\n\n${note}` : ""}\n\n${status}`,
    appeal: (days: number, link: string) =>
      `You may appeal this decision. Send your appeal here: ${link}. We will decide within ${days} days.`,
    complaint:
      "You also have the right to complain to a data protection supervisory authority and to seek a judicial remedy.",
    appealDecision: (upheld: boolean, reason: string, ag: string) =>
      `${upheld ? "We reviewed your appeal and confirm our decision." : "We reviewed your appeal and changed our decision: we will now act on your request."}\n\n${reason}${ag ? `\n\nIf you disagree, you may contact: ${ag}` : ""}`,
    appealSubject: (org: string) => `${org} decided your appeal`,
  },
  es: {
    codeSubject: (org: string) => `Su código de verificación de ${org}`,
    code: (org: string, what: string, code: string, link: string) =>
      `Alguien pidió a ${org} que atienda una ${what} para esta dirección de correo.\n\nSu código: ${code}\n\nIntrodúzcalo en la página que se le mostró, o abra este enlace para confirmar:\n${link}\n\nEl código caduca en 30 minutos. Si no lo pidió, ignore este mensaje: no pasará nada.`,
    agent: (org: string, what: string, agent: string, code: string, link: string) =>
      `${agent} informó a ${org} de que usted le autorizó a presentar una ${what} en su nombre.\n\nSi es así, confírmelo con este código: ${code}\no abra este enlace:\n${link}\n\nSi no lo autorizó, ignore este mensaje: no pasará nada.`,
    ackSubject: (org: string) => `${org} recibió su solicitud de privacidad`,
    ack: (what: string, due: string, verify: string, status: string) =>
      `Recibimos su ${what}.\n\nCómo la verificamos: ${verify}\n\nResponderemos antes del ${due}. Puede seguirla aquí:\n${status}`,
    verifyHow: {
      none: "no hace falta verificación.",
      email: "confirmamos que usted controla esta dirección de correo con un código.",
      reasonable:
        "confirmamos esta dirección con un código y comparamos otro dato que nos dio (teléfono, último número de pedido o código postal) con nuestros registros.",
      reasonably_high:
        "confirmamos esta dirección con un código, comparamos otros dos datos que nos dio (teléfono, último número de pedido o código postal) con nuestros registros y pedimos una declaración firmada.",
    } as Record<string, string>,
    answerSubject: (org: string) => `${org} respondió a su solicitud de privacidad`,
    answer: (what: string, lines: string, status: string) =>
      `Hemos completado su ${what}.\n\n${lines}\n\nConservamos un registro de esta solicitud durante 24 meses, como exige la ley. Detalles:\n${status}`,
    download: (link: string) =>
      `Descargue sus datos (el enlace funciona una vez y caduca en 7 días):\n${link}`,
    extendSubject: (org: string) => `${org} necesita más tiempo para su solicitud de privacidad`,
    extend: (what: string, until: string, reason: string, status: string) =>
      `Necesitamos más tiempo para completar su ${what}. Responderemos antes del ${until}.\n\nMotivo: ${reason}\n\n${status}`,
    denySubject: (org: string) => `${org} no pudo completar su solicitud de privacidad`,
    deny: (what: string, reason: string, note: string, status: string) =>
      `No pudimos completar su ${what}.\n\n${reason}${note ? `\n\n${note}` : ""}\n\n${status}`,
    appeal: (days: number, link: string) =>
      `Puede apelar esta decisión. Envíe su apelación aquí: ${link}. Decidiremos en un plazo de ${days} días.`,
    complaint:
      "También tiene derecho a presentar una reclamación ante una autoridad de control de protección de datos y a la tutela judicial.",
    appealDecision: (upheld: boolean, reason: string, ag: string) =>
      `${upheld ? "Revisamos su apelación y confirmamos nuestra decisión." : "Revisamos su apelación y cambiamos nuestra decisión: atenderemos su solicitud."}\n\n${reason}${ag ? `\n\nSi no está de acuerdo, puede contactar con: ${ag}` : ""}`,
    appealSubject: (org: string) => `${org} resolvió su apelación`,
  },
} as const;

/** The phrases of the workflow's e-mails, per language. */
export const MAIL_TEXT = T;

/**
 * One line per outcome item, as the answer e-mail and the status page state them.
 *
 * @example
 * outcomeLines([{ system: "commerce", table: "orders", action: "kept", rows: 2, reason: "tax records" }], "en");
 * // ["commerce.orders: 2 records kept — tax records"]
 */
export function outcomeLines(items: OutcomeItem[], lang: Language): string[] {
  const verbs: Record<OutcomeItem["action"], Record<Language, string>> = {
    read: { en: "records included in your copy", es: "registros incluidos en su copia" },
    erased: { en: "records deleted", es: "registros eliminados" },
    corrected: { en: "records corrected", es: "registros corregidos" },
    restricted: { en: "records restricted", es: "registros limitados" },
    objected: {
      en: "records no longer processed for that purpose",
      es: "registros que dejan de tratarse para ese fin",
    },
    kept: { en: "records kept", es: "registros conservados" },
    notified: { en: "recipient notified", es: "destinatario notificado" },
    none: { en: "no records found", es: "no se encontraron registros" },
  };
  return items.map((i) => {
    const where = i.table ? `${i.system}.${i.table}` : i.system;
    const what = i.action === "none" ? verbs.none[lang] : `${i.rows} ${verbs[i.action][lang]}`;
    return `${where}: ${what}${i.reason ? ` — ${i.reason}` : ""}`;
  });
}

/**
 * The denial e-mail: the template's reason, the staff note, appeal instructions where a regime grants an
 * appeal, and the complaint right under GDPR.
 *
 * @example
 * denialMail({ to, org: "Aurora", lang: "en", kind: "delete", basis: "unverifiable", statusUrl, appeal: { days: 60, url } });
 */
export function denialMail(p: {
  to: string;
  org: string;
  lang: Language;
  kind: string;
  basis: DenialBasis | "duplicate";
  note?: string | undefined;
  statusUrl: string;
  appeal?: { days: number; url: string } | undefined;
  gdpr: boolean;
}): RightsMail {
  const t = T[p.lang];
  const parts = [
    t.deny(kindName(p.kind, p.lang), DENIAL_TEMPLATES[p.basis][p.lang], p.note ?? "", p.statusUrl),
  ];
  if (p.appeal) parts.push(t.appeal(p.appeal.days, p.appeal.url));
  if (p.gdpr) parts.push(t.complaint);
  return { to: p.to, subject: t.denySubject(p.org), text: parts.join("\n\n"), kind: "rights.denial" };
}
