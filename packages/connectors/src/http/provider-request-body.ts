import type { System } from "@loupe/core";
import type { ProviderRequest, SubjectIdentities } from "../connector/connector.js";

/** Version of the JSON a provider receives; raised only on an incompatible change. */
export const PROVIDER_PROTOCOL_VERSION = 1;

/** The JSON body Loupe posts to a service provider (snake_case on the wire). */
export interface ProviderRequestBody {
  type: "loupe.privacy_request";
  version: typeof PROVIDER_PROTOCOL_VERSION;
  request_id: string;
  /** Same on every retry; also the `webhook-id` header. The provider deduplicates on it. */
  idempotency_key: string;
  system: string;
  kind: ProviderRequest["kind"];
  /** Identity kind → values, only the kinds the map says this provider keys on. */
  subject: Record<string, string[]>;
  /** The data categories this provider holds according to the map. */
  categories: string[];
  /** Data category → new value (correct only), for the categories this provider holds. */
  corrections?: Record<string, string>;
  /** Where to post the signed result after answering 202. */
  callback_url?: string;
}

/**
 * The subject's identities a provider needs: the identity kinds its annotated tables declare (data minimisation),
 * or all of them when the map declares none. Empty lists are left out.
 *
 * @example
 * // system.tables.contacts.identity = { email: "email" }
 * providerSubject(system, { email: ["ann@example.com"], phone: ["+15550100"] }); // { email: ["ann@example.com"] }
 */
export function providerSubject(system: System, subject: SubjectIdentities): Record<string, string[]> {
  const declared = new Set(Object.values(system.tables).flatMap((t) => Object.keys(t.identity)));
  const out: Record<string, string[]> = {};
  for (const [kind, values] of Object.entries(subject))
    if (values?.length && (declared.size === 0 || declared.has(kind))) out[kind] = [...values];
  return out;
}

/**
 * The corrections of a `correct` request that concern a provider: those whose category is one it holds (or a
 * parent or child of one). `undefined` for other kinds of request.
 *
 * @example
 * providerCorrections({ ...request, kind: "correct", categories: ["user.name"],
 *   corrections: { "user.name": "Ann Byrne", "user.contact.address": "1 Main St" } }); // { "user.name": "Ann Byrne" }
 */
export function providerCorrections(request: ProviderRequest): Record<string, string> | undefined {
  if (request.kind !== "correct" || !request.corrections) return undefined;
  const held = (key: string) =>
    request.categories.some((c) => c === key || key.startsWith(`${c}.`) || c.startsWith(`${key}.`));
  return Object.fromEntries(Object.entries(request.corrections).filter(([k]) => held(k)));
}

/**
 * The body sent for a request. Corrections are limited to the categories the provider holds. It holds no clock value, so every retry sends the same bytes (only the signature's
 * timestamp changes).
 *
 * @example
 * JSON.stringify(providerRequestBody(system, request, "https://privacy.example.com/providers/mailer/callback"));
 */
export function providerRequestBody(
  system: System,
  request: ProviderRequest,
  callbackUrl?: string,
): ProviderRequestBody {
  const body: ProviderRequestBody = {
    type: "loupe.privacy_request",
    version: PROVIDER_PROTOCOL_VERSION,
    request_id: request.requestId,
    idempotency_key: request.idempotencyKey,
    system: system.id,
    kind: request.kind,
    subject: providerSubject(system, request.subject),
    categories: [...request.categories],
  };
  const corrections = providerCorrections(request);
  if (corrections) body.corrections = corrections;
  if (callbackUrl) body.callback_url = callbackUrl;
  return body;
}
