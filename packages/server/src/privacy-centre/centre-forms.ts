import type { RequestKind } from "@loupe/core";
import { z } from "zod";
import type { NewRequest } from "../requests/create-request.js";
import type { Language } from "../requests/denial-templates.js";
import { RESIDENCES, type Residence } from "../requests/request-model.js";
import type { FormId } from "./centre-text.js";

/** A submitted form: text fields (first value of each name) and at most one file. */
export interface FormInput {
  fields: Map<string, string>;
  file?: { name: string; type: string; bytes: Uint8Array } | undefined;
}

/** The largest signed-permission upload accepted. */
export const MAX_PERMISSION_BYTES = 2 * 1024 * 1024;
const PERMISSION_TYPES = ["application/pdf", "image/png", "image/jpeg"];

/** Forms whose requests are verified with data points (the others need only the e-mail code or nothing). */
export const USES_DATA_POINTS: readonly FormId[] = [
  "know",
  "access",
  "delete",
  "correct",
  "restrict",
  "agent",
];

const Email = z.email().max(254);
const short = (max: number) => z.string().max(max);
const RequestRef = z.string().regex(/^req_[A-Za-z0-9_-]{22}$/);
/** Control characters other than tab and line breaks. */
const badText = (v: string) => /\p{Cc}/u.test(v.replace(/[\t\n\r]/g, ""));

/** The outcome of reading a form: requests to create, or field errors (message keys) to show. */
export type ParsedForm = { ok: true; requests: NewRequest[] } | { ok: false; errors: Record<string, string> };

/**
 * Validates one privacy-centre form and turns it into the requests it asks for (the opt-out form may ask for
 * two). Never throws on user input: each problem is reported against its field with a message key of
 * `centreText().errors`.
 *
 * @example
 * const r = parseForm("delete", { fields: new Map([["email", "ada@example.com"], ["residence", "us-ca"]]) }, "en");
 * if (r.ok) r.requests[0].kind; // "delete"
 */
export function parseForm(form: FormId, input: FormInput, lang: Language): ParsedForm {
  const f = input.fields;
  const get = (k: string) => (f.get(k) ?? "").trim();
  const errors: Record<string, string> = {};
  for (const [k, v] of f) if (v.length > 4000 || badText(v)) errors[k] = "text";

  const emailRaw = get("email");
  const emailOk = Email.safeParse(emailRaw).success;
  const optional = form === "opt-out";
  if (!(optional && emailRaw === "") && !emailOk) errors.email = "email";
  const residenceRaw = get("residence");
  const residence = (Object.hasOwn(RESIDENCES, residenceRaw) ? residenceRaw : undefined) as
    | Residence
    | undefined;
  if (!residence) errors.residence = "residence";

  const dataPoints = USES_DATA_POINTS.includes(form)
    ? {
        ...(get("phone") ? { phone: get("phone").slice(0, 40) } : {}),
        ...(get("orderNumber") ? { orderNumber: get("orderNumber").slice(0, 64) } : {}),
        ...(get("postcode") ? { postcode: get("postcode").slice(0, 16) } : {}),
      }
    : undefined;
  for (const k of ["phone", "orderNumber", "postcode"])
    if (!short(64).safeParse(get(k)).success) errors[k] = "text";
  const declarationName = get("declarationName").slice(0, 200) || undefined;
  const note = get("note") ? get("note").slice(0, 2000) : undefined;
  const base = {
    email: emailRaw || undefined,
    residence: residence ?? "other",
    language: lang,
    channel: "webform" as const,
    dataPoints,
    note,
    under13: get("under13") === "yes",
    loginToken: /^[\w-]+\.[\w-]+\.[\w-]+$/.test(get("login")) ? get("login") : undefined,
  };

  let kinds: RequestKind[] = [];
  let extra: Partial<NewRequest> = {};
  switch (form) {
    case "know": {
      const choice = get("choice");
      if (choice !== "categories" && choice !== "specific") errors.choice = "choice";
      kinds = [choice === "specific" ? "know_specific" : "know_categories"];
      if (choice === "specific") extra = { declarationName };
      break;
    }
    case "access": {
      const choice = get("choice");
      if (choice !== "copy" && choice !== "portable") errors.choice = "choice";
      kinds = [choice === "portable" ? "portability" : "access"];
      extra = { declarationName };
      break;
    }
    case "correct": {
      const field = get("correctField");
      if (!["name", "phone", "address", "email"].includes(field)) errors.correctField = "correctField";
      const value = get("correctValue");
      if (!value || value.length > 500) errors.correctValue = "correctValue";
      kinds = ["correct"];
      extra = { corrections: { [field]: value } };
      break;
    }
    case "opt-out": {
      if (get("sale") === "yes") kinds.push("opt_out_sale_share");
      if (get("limit") === "yes") kinds.push("limit_spi");
      if (!kinds.length) errors.sale = "optOut";
      extra = { dataPoints: undefined, under13: false };
      break;
    }
    case "appeal": {
      const ref = get("request");
      if (!RequestRef.safeParse(ref).success) errors.request = "appealRequest";
      if (!get("reason")) errors.reason = "appealReason";
      kinds = ["appeal"];
      extra = { parentId: ref, note: get("reason").slice(0, 2000) };
      break;
    }
    case "agent": {
      const kind = get("agentKind");
      if (!["know_categories", "know_specific", "access", "delete", "correct"].includes(kind))
        errors.agentKind = "choice";
      const name = get("agentName");
      if (!name || name.length > 200) errors.agentName = "agentName";
      const agentEmail = get("agentEmail");
      if (!Email.safeParse(agentEmail).success) errors.agentEmail = "email";
      const file = input.file;
      if (
        !file ||
        file.bytes.length === 0 ||
        file.bytes.length > MAX_PERMISSION_BYTES ||
        !PERMISSION_TYPES.includes(file.type)
      )
        errors.permission = "permission";
      kinds = [kind as RequestKind];
      if (file)
        extra = {
          channel: "agent_portal",
          declarationName,
          agent: {
            name,
            email: agentEmail,
            permission: {
              name: file.name.slice(0, 200) || "permission",
              mediaType: file.type,
              bytes: file.bytes,
            },
          },
        };
      break;
    }
    default:
      kinds = [FORM_KIND[form]];
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, requests: kinds.map((kind) => ({ ...base, ...extra, kind })) };
}

const FORM_KIND: Record<FormId, RequestKind> = {
  know: "know_categories",
  access: "access",
  delete: "delete",
  correct: "correct",
  restrict: "restrict",
  object: "object",
  "opt-out": "opt_out_sale_share",
  "withdraw-consent": "withdraw_consent",
  "shine-the-light": "shine_the_light",
  appeal: "appeal",
  agent: "delete",
};
