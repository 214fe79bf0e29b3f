import { fail, LoupeError, ok, type Result } from "@loupe/core";
import { z } from "zod";
import { BANNER_KINDS } from "../banner/banner-selectors.js";

/**
 * The scan report: what each page did in each consent scenario, what the notice (the data map) says, and
 * the findings that compare them. It is saved as JSON (`scanReportToJson`) and read back, validated, by
 * {@link readScanReport} for `loupe lint --scan report.json`. Cookie values, storage values and query
 * strings are never recorded: the report holds names, hosts and paths only.
 */

const phase = z.enum(["before-choice", "after-choice"]);
/** `before-choice`: seen before the scenario pressed a banner button (or in a scenario that presses none). */
export type Phase = z.output<typeof phase>;

export const ScenarioSchema = z.object({
  id: z.string().min(1),
  label: z.string().min(1),
  /** What the scanner does with the banner. */
  action: z.enum(["none", "accept-all", "reject-all"]),
  /** Sends `Sec-GPC: 1` and sets `navigator.globalPrivacyControl`. */
  gpc: z.boolean().default(false),
  /** The regime the scenario asks for; its headers come from the scan's regime headers. */
  regime: z.enum(["opt-in", "opt-out"]).optional(),
  /** Extra request headers, e.g. `{ "X-Country": "FR" }`; they override the regime's headers. */
  headers: z.record(z.string(), z.string()).default({}),
});
/** One consent scenario: a fresh browser context with its own headers, signal and banner action. */
export type Scenario = z.input<typeof ScenarioSchema>;
export type ResolvedScenario = z.output<typeof ScenarioSchema>;

export const ObservedCookieSchema = z.object({
  name: z.string(),
  domain: z.string(),
  path: z.string(),
  /** Unix seconds; `null` for a session cookie. */
  expires: z.number().nullable(),
  thirdParty: z.boolean(),
  httpOnly: z.boolean(),
  secure: z.boolean(),
  sameSite: z.string().optional(),
  /** When it first appeared. */
  phase,
  /** Still in the cookie jar at the end of the scenario. */
  remains: z.boolean(),
});
export type ObservedCookie = z.output<typeof ObservedCookieSchema>;

export const ObservedStorageSchema = z.object({
  area: z.enum(["local", "session"]),
  origin: z.string(),
  key: z.string(),
  phase,
  remains: z.boolean(),
});
export type ObservedStorage = z.output<typeof ObservedStorageSchema>;

export const ObservedHostSchema = z.object({
  host: z.string(),
  /** Registrable domain of the host. */
  site: z.string(),
  phase,
  count: z.number().int().nonnegative(),
  /** One request URL without its query string or fragment. */
  sample: z.string(),
  /** Resource types (script, image, xhr, fetch…). */
  types: z.array(z.string()),
});
export type ObservedHost = z.output<typeof ObservedHostSchema>;

export const GatedScriptSchema = z.object({
  purposes: z.array(z.string()),
  src: z.string().optional(),
  phase,
});
export type GatedScript = z.output<typeof GatedScriptSchema>;

export const ButtonSchema = z.object({
  role: z.enum(["accept", "reject", "customise", "save"]),
  /** 1: the banner; 2: the preferences dialog opened by "customise". */
  layer: z.union([z.literal(1), z.literal(2)]),
  kind: z.enum(BANNER_KINDS),
  label: z.string(),
  width: z.number(),
  height: z.number(),
  fontSizePx: z.number(),
  fontWeight: z.number(),
  color: z.string(),
  background: z.string(),
  /** WCAG contrast of the label against the button's own (or inherited) background. */
  textContrast: z.number(),
  /** Contrast of the button's fill against what surrounds it: 1 for a button without a fill of its own. */
  fillContrast: z.number(),
});
export type ButtonObservation = z.output<typeof ButtonSchema>;

export const BannerSchema = z.object({
  found: z.boolean(),
  kind: z.enum(BANNER_KINDS).optional(),
  /** The buttons measured: those of the first layer, then those of a dialog the scenario opened. */
  buttons: z.array(ButtonSchema),
  /** Clicks needed to carry out the scenario's action; `null` when it could not be carried out. */
  clicks: z.number().int().nullable(),
  /** Labels of the controls pressed, in order. */
  pressed: z.array(z.string()),
});
export type BannerObservation = z.output<typeof BannerSchema>;

export const RegimeSchema = z.object({
  value: z.enum(["opt-in", "opt-out", "unknown"]),
  /** `page`: the site's consent configuration said so; `scenario`: what the scenario asked for. */
  source: z.enum(["page", "scenario", "none"]),
  region: z.string().optional(),
});
export type RegimeObservation = z.output<typeof RegimeSchema>;

export const ScenarioResultSchema = z.object({
  scenario: z.string(),
  label: z.string(),
  action: z.enum(["none", "accept-all", "reject-all"]),
  gpc: z.boolean(),
  headers: z.record(z.string(), z.string()),
  regime: RegimeSchema,
  banner: BannerSchema,
  cookies: z.array(ObservedCookieSchema),
  storage: z.array(ObservedStorageSchema),
  /** Third-party hosts requested, per phase. */
  requests: z.array(ObservedHostSchema),
  firstPartyRequests: z.number().int().nonnegative(),
  gatedScripts: z.array(GatedScriptSchema),
  durationMs: z.number().nonnegative(),
  error: z.string().optional(),
});
export type ScenarioResult = z.output<typeof ScenarioResultSchema>;

export const PageScanSchema = z.object({
  url: z.string(),
  status: z.number().int().optional(),
  title: z.string().optional(),
  scenarios: z.array(ScenarioResultSchema),
  error: z.string().optional(),
});
export type PageScan = z.output<typeof PageScanSchema>;

const location = z.object({
  file: z.string().optional(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
  path: z.string().optional(),
});

export const FindingSchema = z.object({
  rule: z.string(),
  severity: z.enum(["error", "warning", "info"]),
  message: z.string(),
  location,
});

/** What the data map said at scan time, with the YAML path (and, when known, the line) of each entry. */
export const NoticeSnapshotSchema = z.object({
  organization: z.string(),
  file: z.string().optional(),
  gpc: z.boolean(),
  purposes: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      required: z.boolean(),
      saleOrShare: z.boolean(),
      path: z.string(),
      line: z.number().int().optional(),
    }),
  ),
  cookies: z.array(
    z.object({
      name: z.string(),
      purpose: z.string(),
      provider: z.string().optional(),
      duration: z.string().optional(),
      domain: z.string().optional(),
      recipient: z.string().optional(),
      path: z.string(),
      line: z.number().int().optional(),
    }),
  ),
  recipients: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      role: z.string().optional(),
      sells: z.boolean(),
      shares: z.boolean(),
      hosts: z.array(z.string()),
      path: z.string(),
      line: z.number().int().optional(),
    }),
  ),
  /** Lines of other map paths that findings point at (`cookies.items`, `signals.gpc`…). */
  lines: z.record(z.string(), z.number().int()).default({}),
});
export type NoticeSnapshot = z.output<typeof NoticeSnapshotSchema>;

export const ScanReportSchema = z.object({
  format: z.literal("loupe-scan-report"),
  version: z.literal(1),
  url: z.string(),
  /** Registrable domain of the start URL: everything else is third party. */
  site: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  durationMs: z.number().nonnegative(),
  browser: z.string(),
  discovery: z.object({
    limit: z.number().int().positive(),
    sitemap: z.boolean(),
    sitemapUrls: z.number().int().nonnegative(),
  }),
  scenarios: z.array(ScenarioSchema),
  notice: NoticeSnapshotSchema,
  pages: z.array(PageScanSchema),
  findings: z.array(FindingSchema),
});
/** A complete scan. */
export type ScanReport = z.output<typeof ScanReportSchema>;

/**
 * Serialises a report as indented JSON (the format {@link readScanReport} reads back).
 *
 * @example
 * await writeFile("scan.json", scanReportToJson(report));
 */
export function scanReportToJson(report: ScanReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/**
 * Reads a saved scan report (JSON text or an already parsed value) and validates it. Never throws: a bad
 * file comes back as located errors (`UNSUPPORTED_FORMAT`), each naming the JSON path of the problem.
 *
 * @example
 * const r = readScanReport(await readFile("scan.json", "utf8"), "scan.json");
 * if (r.ok) r.value.pages.length;
 */
export function readScanReport(json: string | unknown, file = "scan.json"): Result<ScanReport> {
  let value: unknown = json;
  if (typeof json === "string") {
    try {
      value = JSON.parse(json);
    } catch (e) {
      return fail(new LoupeError("UNSUPPORTED_FORMAT", `not JSON: ${(e as Error).message}`, { file }));
    }
  }
  if (!value || typeof value !== "object" || (value as { format?: unknown }).format !== "loupe-scan-report") {
    return fail(
      new LoupeError("UNSUPPORTED_FORMAT", "not a Loupe scan report (expected format: loupe-scan-report)", {
        file,
      }),
    );
  }
  const parsed = ScanReportSchema.safeParse(value);
  if (!parsed.success) {
    return fail(
      ...parsed.error.issues.slice(0, 20).map(
        (i) =>
          new LoupeError("UNSUPPORTED_FORMAT", i.message, {
            file,
            path: jsonPath(i.path as (string | number)[]),
          }),
      ),
    );
  }
  return ok(parsed.data);
}

function jsonPath(path: readonly (string | number)[]): string {
  let s = "";
  for (const p of path) s += typeof p === "number" ? `[${p}]` : s ? `.${p}` : p;
  return s;
}
