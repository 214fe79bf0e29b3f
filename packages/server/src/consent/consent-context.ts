import type { LoupeDb } from "../store/database.js";
import { type BannerConfig, bannerConfig, type ConsentModel, type Regime } from "./consent-model.js";
import type { LedgerWriter } from "./ledger-writer.js";

/** What the consent business functions work with. */
export interface ConsentContext {
  db: LoupeDb;
  writer: LedgerWriter;
  model: ConsentModel;
  /** The notice in force. */
  notice: BannerConfig["notice"];
  /** Whether a notice version was ever published (the current one or an earlier one). */
  isKnownNoticeVersion(version: string): Promise<boolean>;
  /** The banner configuration shown in a regime and region (cached per pair). */
  configFor(where: { regime: Regime; region: string }): BannerConfig;
}

/** What the server learns about a request, apart from its body. Holds no full IP address. */
export interface RequestMeta {
  /** IPv4 /24 or IPv6 /48 network, or null when unknown. */
  ipTruncated: string | null;
  userAgent: string | null;
  regime: Regime;
  region: string;
  /** `Sec-GPC: 1` was sent. */
  gpc: boolean;
  /** `DNT: 1` was sent. */
  dnt: boolean;
}

/**
 * Builds a {@link ConsentContext}.
 *
 * @example
 * const ctx = createConsentContext({ db, writer, model, notice, isKnownNoticeVersion: async () => true });
 */
export function createConsentContext(parts: Omit<ConsentContext, "configFor">): ConsentContext {
  const cache = new Map<string, BannerConfig>();
  return {
    ...parts,
    configFor(where) {
      const key = `${where.regime}|${where.region}`;
      let config = cache.get(key);
      if (!config) {
        config = bannerConfig(parts.model, parts.notice, where);
        if (cache.size > 1000) cache.clear();
        cache.set(key, config);
      }
      return config;
    },
  };
}
