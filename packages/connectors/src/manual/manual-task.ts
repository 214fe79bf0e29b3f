import { createHash } from "node:crypto";
import { DATA_CATEGORIES, type System } from "@loupe/core";
import type { ProviderRequest } from "../connector/connector.js";
import { providerCorrections, providerSubject } from "../http/provider-request-body.js";

/**
 * What a person has to do at a provider without an API, built from the map. `text` and `title` hold no personal
 * data (they name the kinds of identity, not their values), so they may go into journals and notifications;
 * `subject` and `corrections` are the values the person needs and are shown only to them.
 */
export interface ManualTask {
  /** Stable per idempotency key: sending the same request again gives the same task. */
  reference: string;
  requestId: string;
  idempotencyKey: string;
  systemId: string;
  /** One line, e.g. "Erase the data subject's data at Showroom bookings". */
  title: string;
  recipient?: string;
  kind: ProviderRequest["kind"];
  /** The data categories the map says the provider holds, with their taxonomy labels (the key for custom ones). */
  categories: { key: string; label: string }[];
  /** Identity kind → values to search by (personal data). */
  subject: Record<string, string[]>;
  /** Data category → new value, for a correction (personal data). */
  corrections?: Record<string, string>;
  /** The map's `provider.instructions`. */
  instructions?: string;
  /** The full description for the person, in plain text. */
  text: string;
}

const IDENTITY_WORDS: Record<string, string> = {
  email: "e-mail address",
  phone: "phone number",
  customer_id: "customer id",
  order_number: "order number",
  cookie_id: "cookie id",
  session_id: "session id",
  social_handle: "social media handle",
  ip_address: "IP address",
};

const WHAT: Record<ProviderRequest["kind"], { verb: string; todo: (at: string) => string }> = {
  access: {
    verb: "Export the data subject's data",
    todo: (at) =>
      `Export every record ${at} holds about the data subject and attach the export to this task.`,
  },
  erase: {
    verb: "Erase the data subject's data",
    todo: (at) =>
      `Delete (or irreversibly anonymise) every record ${at} holds about the data subject. If the provider must keep something by law, say what and why in your note.`,
  },
  correct: {
    verb: "Correct the data subject's data",
    todo: (at) => `Change the data subject's records at ${at} to the new values listed with this task.`,
  },
  restrict: {
    verb: "Restrict processing of the data subject's data",
    todo: (at) =>
      `Mark the data subject at ${at} so that their data is only stored, not used, until the restriction is lifted.`,
  },
  object: {
    verb: "Stop processing the data subject's data",
    todo: (at) =>
      `Stop using the data subject's data at ${at} for marketing, profiling and any purpose they objected to.`,
  },
};

/** A category's notice label read from the staff's side ("Your e-mail address" → "E-mail address"). */
function staffLabel(key: string): string {
  const label = DATA_CATEGORIES.get(key)?.label;
  return label ? label.replace(/^Your (\S)/, (_, c: string) => c.toUpperCase()) : key;
}

/**
 * The stable reference of the task for an idempotency key: `mt_` and 24 hex digits of its SHA-256.
 *
 * @example
 * manualTaskReference("req-42:showroom"); // "mt_…" (the same every time)
 */
export function manualTaskReference(idempotencyKey: string): string {
  return `mt_${createHash("sha256").update(`loupe-manual-task\0${idempotencyKey}`).digest("hex").slice(0, 24)}`;
}

/**
 * Builds the task a person carries out for a request at a provider without an API: which categories, what to do
 * for this kind of request, the identities to search by (only the kinds the map says the provider keys on), and
 * the map's `provider.instructions`. Pure: the caller stores it (see {@link ManualConnector}).
 *
 * @example
 * const task = manualTask(system, { requestId: "req-42", idempotencyKey: "req-42:showroom", kind: "erase",
 *   subject: { email: ["ann@example.com"] }, categories: ["user.contact.email", "user.name"] });
 * task.text; // "Erase the data subject's data at Showroom bookings (request req-42, task mt_…)\n…"
 */
export function manualTask(system: System, request: ProviderRequest): ManualTask {
  const name = system.title ?? system.id;
  const what = WHAT[request.kind];
  const reference = manualTaskReference(request.idempotencyKey);
  const subject = providerSubject(system, request.subject);
  const categories = request.categories.map((key) => ({ key, label: staffLabel(key) }));
  const corrections = providerCorrections(request);
  const title = `${what.verb} at ${name}`;
  const lines = [
    `${title} (request ${request.requestId}, task ${reference})`,
    "",
    what.todo(name),
    "",
    `Find the data subject by: ${
      Object.keys(subject)
        .map((k) => IDENTITY_WORDS[k] ?? k.replaceAll("_", " "))
        .join(", ") || "the identities listed with this task"
    } (the values are listed with this task).`,
    "",
    "Data categories:",
    ...(categories.length
      ? categories.map((c) => `- ${c.label} (${c.key})`)
      : ["- every category the provider holds"]),
  ];
  if (corrections) lines.push("", `Categories to correct: ${Object.keys(corrections).join(", ")}.`);
  if (system.recipient) lines.push("", `Recipient in the privacy notice: ${system.recipient}.`);
  if (system.provider?.instructions) lines.push("", "Instructions:", system.provider.instructions.trim());
  lines.push(
    "",
    "Then confirm the task with your name, when you did it and a note of what you did; attach the SHA-256 of any export or screenshot you keep as evidence.",
  );
  const task: ManualTask = {
    reference,
    requestId: request.requestId,
    idempotencyKey: request.idempotencyKey,
    systemId: system.id,
    title,
    kind: request.kind,
    categories,
    subject,
    text: lines.join("\n"),
  };
  if (system.recipient) task.recipient = system.recipient;
  if (corrections) task.corrections = corrections;
  if (system.provider?.instructions) task.instructions = system.provider.instructions;
  return task;
}
