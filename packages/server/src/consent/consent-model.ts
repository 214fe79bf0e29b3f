import { createHash } from "node:crypto";
import { type DataMap, JURISDICTIONS, type JurisdictionId, type Taxonomy } from "@loupe/core";

export type Regime = "opt-in" | "opt-out";

/** A cookie purpose of the data map as the banner shows it. */
export interface ConsentPurpose {
  id: string;
  title: string;
  description?: string;
  /** Strictly necessary: always on, cannot be refused. */
  required: boolean;
  /** Serves a use that counts as sale or sharing, or feeds a recipient that buys or shares: GPC turns it off. */
  saleOrShare: boolean;
  cookies: { name: string; provider?: string; duration?: string; domain?: string; description?: string }[];
}

/** What the consent API needs from the data map, computed once at start. */
export interface ConsentModel {
  organization: string;
  purposes: ConsentPurpose[];
  purposeIds: ReadonlySet<string>;
  required: string[];
  optional: string[];
  saleOrShare: string[];
  /** Whether Global Privacy Control is honoured (the map's `signals.gpc`, or a jurisdiction that requires it). */
  gpcHonoured: boolean;
  /** The regime for visitors whose country is unknown or not decided by law here: the strictest of the map's jurisdictions. */
  defaultRegime: Regime;
}

/**
 * Derives the consent model from a data map: its cookie purposes with their cookies, which purposes are
 * required, which count as sale/sharing, whether GPC is honoured and the default regime.
 *
 * @example
 * const model = buildConsentModel(loaded.map, loaded.taxonomy);
 * model.optional; // ["functional", "analytics", "advertising", "social"]
 */
export function buildConsentModel(map: DataMap, taxonomy: Taxonomy): ConsentModel {
  const sellingRecipients = new Set(map.recipients.filter((r) => r.sells || r.shares).map((r) => r.id));
  const purposes: ConsentPurpose[] = map.cookies.purposes.map((p) => {
    const items = map.cookies.items.filter((i) => i.purpose === p.id);
    const saleUse = p.uses.some((u) => ancestors(u).some((k) => taxonomy.use(k)?.saleOrShare));
    const saleRecipient = items.some((i) => i.recipient !== undefined && sellingRecipients.has(i.recipient));
    const purpose: ConsentPurpose = {
      id: p.id,
      title: p.title,
      required: p.required,
      saleOrShare: !p.required && (saleUse || saleRecipient),
      cookies: items.map((i) => {
        const c: ConsentPurpose["cookies"][number] = { name: i.name };
        if (i.provider) c.provider = i.provider;
        if (i.duration) c.duration = i.duration;
        if (i.domain) c.domain = i.domain;
        if (i.description) c.description = i.description;
        return c;
      }),
    };
    if (p.description) purpose.description = p.description;
    return purpose;
  });
  const jurisdictions = map.jurisdictions.filter((j): j is JurisdictionId => j in JURISDICTIONS);
  const optIn = jurisdictions.some((j) => JURISDICTIONS[j].cookieRegime === "opt-in" || j === "ch");
  return {
    organization: map.organization.name,
    purposes,
    purposeIds: new Set(purposes.map((p) => p.id)),
    required: purposes.filter((p) => p.required).map((p) => p.id),
    optional: purposes.filter((p) => !p.required).map((p) => p.id),
    saleOrShare: purposes.filter((p) => p.saleOrShare).map((p) => p.id),
    gpcHonoured: map.signals.gpc || jurisdictions.some((j) => JURISDICTIONS[j].honoursGpc),
    defaultRegime: optIn || jurisdictions.length === 0 ? "opt-in" : "opt-out",
  };
}

/** `a.b.c` → `["a.b.c", "a.b", "a"]`. */
function ancestors(key: string): string[] {
  const parts = key.split(".");
  return parts.map((_, i) => parts.slice(0, parts.length - i).join("."));
}

/** Countries where cookies need opt-in consent: the EEA (EU + Iceland, Liechtenstein, Norway), the UK and Switzerland. */
export const OPT_IN_COUNTRIES: ReadonlySet<string> = new Set(
  "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO GB UK CH".split(
    " ",
  ),
);

/**
 * The regime and region of a visitor from their country code (ISO 3166-1 alpha-2, e.g. from
 * `CF-IPCountry`): opt-in in the EEA, the UK and Switzerland, opt-out in the United States, the model's
 * default anywhere else or when unknown.
 *
 * @example
 * decideRegime("fr", "opt-out"); // { regime: "opt-in", region: "FR" }
 * decideRegime(undefined, "opt-in"); // { regime: "opt-in", region: "unknown" }
 */
export function decideRegime(
  country: string | undefined,
  defaultRegime: Regime,
): { regime: Regime; region: string } {
  const code = country?.trim().toUpperCase();
  if (!code || !/^[A-Z]{2}$/.test(code) || code === "XX") return { regime: defaultRegime, region: "unknown" };
  if (OPT_IN_COUNTRIES.has(code)) return { regime: "opt-in", region: code };
  if (code === "US") return { regime: "opt-out", region: code };
  return { regime: defaultRegime, region: code };
}

/** What `GET /api/v1/consent/config` answers: everything a banner needs. */
export interface BannerConfig {
  organization: string;
  regime: Regime;
  region: string;
  notice: { version: string; lastUpdated: string; url: string };
  gpc: { honoured: boolean; purposes: string[] };
  purposes: ConsentPurpose[];
  /** SHA-256 over the rest: changes when anything shown to the visitor changes (a reason to ask again). */
  configHash: string;
}

/**
 * The banner configuration for one regime and region, with its hash.
 *
 * @example
 * const config = bannerConfig(model, { version: "a1b2c3", lastUpdated: "2026-11-01", url: "/privacy" }, decideRegime("DE", "opt-in"));
 * config.regime; // "opt-in"
 */
export function bannerConfig(
  model: ConsentModel,
  notice: BannerConfig["notice"],
  where: { regime: Regime; region: string },
): BannerConfig {
  const shown = {
    organization: model.organization,
    regime: where.regime,
    notice,
    gpc: { honoured: model.gpcHonoured, purposes: model.saleOrShare },
    purposes: model.purposes,
  };
  const configHash = createHash("sha256").update(JSON.stringify(shown), "utf8").digest("hex");
  return { ...shown, region: where.region, configHash };
}
