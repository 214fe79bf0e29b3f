/**
 * The wire contract between the browser SDK and Loupe's consent ledger API.
 *
 * Every endpoint path and every field name the server sends or receives lives in this module, so that a
 * change of the API is adapted here and nowhere else. The rest of the SDK works on the internal shapes
 * {@link ConsentConfig} and {@link ConsentRecord}; the functions below translate between those and the wire.
 */

/** Path of the notice configuration, relative to the endpoint. */
export const CONFIG_PATH = "/api/v1/consent/config";
/** Path the consent receipts are posted to, relative to the endpoint. */
export const RECEIPTS_PATH = "/api/v1/consent";
/** Header that makes a receipt post safe to retry. */
export const IDEMPOTENCY_HEADER = "Idempotency-Key";

/** The consent regime the server decided for the visitor's region. */
export type Regime = "opt-in" | "opt-out";
/** How a choice was made. */
export type ConsentAction = "accept-all" | "reject-all" | "save" | "withdraw" | "gpc";
/** Where a choice was made. */
export type ConsentSource = "banner" | "dialog" | "api" | "signal";

/** A cookie the data map declares for a purpose. */
export interface CookieInfo {
  name: string;
  provider?: string;
  duration?: string;
}

/** A cookie purpose of the data map (`essential`, `functional`, `analytics`, `advertising`, `social`, …). */
export interface PurposeInfo {
  id: string;
  title: string;
  description: string;
  /** Strictly necessary: always on, cannot be switched off. */
  required: boolean;
  /** Sells or shares personal information: follows Global Privacy Control. */
  saleOrShare: boolean;
  cookies: CookieInfo[];
}

/** The notice configuration as the SDK uses it. */
export interface ConsentConfig {
  noticeVersion: string;
  /** Hash of the material part of the notice: a new hash asks the visitor again. */
  configHash: string;
  regime: Regime;
  region: string;
  gpcHonoured: boolean;
  purposes: PurposeInfo[];
}

/** One choice of one visitor, as the SDK records it. */
export interface ConsentRecord {
  visitorId: string;
  granted: string[];
  denied: string[];
  action: ConsentAction;
  source: ConsentSource;
  gpc: boolean;
  dnt: boolean;
  language: string;
  config: ConsentConfig;
}

/**
 * The URL of the notice configuration for a language (one of the SDK's own codes, so nothing to escape).
 *
 * @example
 * configUrl("https://shop.example/privacy", "fr"); // "https://shop.example/privacy/api/v1/consent/config?lang=fr"
 */
export function configUrl(endpoint: string, lang: string): string {
  return `${endpoint}${CONFIG_PATH}?lang=${lang}`;
}

const str = (v: unknown): string => (typeof v === "string" ? v : "");
const list = (v: unknown): Record<string, unknown>[] =>
  Array.isArray(v) ? v.filter((x) => x instanceof Object) : [];

/**
 * Reads the configuration the server sent; `undefined` when the body is not a configuration.
 * Unknown fields are ignored and missing ones get safe values (opt-in, nothing sold, no cookies).
 *
 * @example
 * readConfig({ noticeVersion: "3", configHash: "ab12", regime: "opt-out", region: "us-ca", gpcHonoured: true, purposes: [] })
 *   ?.regime; // "opt-out"
 */
export function readConfig(json: unknown): ConsentConfig | undefined {
  const j = (json || {}) as Record<string, unknown>;
  // Also read the nested shape `{ notice: { version }, gpc: { honoured } }`.
  const notice = (j.notice || {}) as Record<string, unknown>;
  const gpc = (j.gpc || {}) as Record<string, unknown>;
  if (!Array.isArray(j.purposes) || !j.configHash) return;
  return {
    noticeVersion: str(j.noticeVersion) || str(notice.version),
    configHash: str(j.configHash),
    regime: j.regime === "opt-out" ? "opt-out" : "opt-in",
    region: str(j.region),
    gpcHonoured: (j.gpcHonoured ?? gpc.honoured) !== false,
    purposes: list(j.purposes).map((p) => ({
      id: str(p.id),
      title: str(p.title),
      description: str(p.description),
      required: p.required === true,
      saleOrShare: p.saleOrShare === true,
      cookies: list(p.cookies).map((c) => ({
        name: str(c.name),
        provider: str(c.provider),
        duration: str(c.duration),
      })),
    })),
  };
}

/**
 * The body of `POST {endpoint}/api/v1/consent` for one choice.
 *
 * @example
 * receiptBody(record); // { receipts: [{ visitorId, granted, denied, action, source, gpc, dnt, noticeVersion, configHash, language }] }
 * (the server decides regime and region itself and records them with the receipt)
 */
export function receiptBody(r: ConsentRecord): { receipts: Record<string, unknown>[] } {
  const c = r.config;
  return {
    receipts: [
      {
        visitorId: r.visitorId,
        granted: r.granted,
        denied: r.denied,
        action: r.action,
        source: r.source,
        gpc: r.gpc,
        dnt: r.dnt,
        noticeVersion: c.noticeVersion,
        configHash: c.configHash,
        language: r.language,
      },
    ],
  };
}

/**
 * Sends one receipt with `fetch(…, { keepalive: true })`, so that it survives the page being left. The
 * ledger answers `{ receipts: [{ id }] }`; the choice is already in force locally whatever the answer.
 *
 * @example
 * await postReceipt("https://shop.example", record, crypto.randomUUID()); // Response 200
 */
export function postReceipt(endpoint: string, r: ConsentRecord, key: string): Promise<Response> {
  return fetch(endpoint + RECEIPTS_PATH, {
    method: "POST",
    keepalive: true,
    headers: { "Content-Type": "application/json", [IDEMPOTENCY_HEADER]: key },
    body: JSON.stringify(receiptBody(r)),
  });
}
