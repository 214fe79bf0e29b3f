import type { Context } from "hono";
import type { ServerConfig } from "../config/load-config.js";
import type { RequestMeta } from "../consent/consent-context.js";
import { decideRegime, type Regime } from "../consent/consent-model.js";
import { clientIp, truncateIp } from "./client-ip.js";

/**
 * What the server knows of a request apart from its body: truncated IP, user agent (control characters
 * removed, at most 512 characters), country-based regime and region, and the GPC and DNT headers.
 *
 * @example
 * const meta = requestMeta(c, config, model.defaultRegime);
 * meta.region; // "FR" for CF-IPCountry: FR
 */
export function requestMeta(
  c: Context,
  config: Pick<ServerConfig, "countryHeaders" | "clientIpHeader">,
  defaultRegime: Regime,
): RequestMeta {
  let country: string | undefined;
  for (const h of config.countryHeaders) {
    country = c.req.header(h);
    if (country) break;
  }
  const ua = c.req.header("user-agent");
  return {
    ipTruncated: truncateIp(clientIp(c, config.clientIpHeader)) ?? null,
    userAgent: ua ? ua.replace(/\p{Cc}/gu, "").slice(0, 512) : null,
    ...decideRegime(country, defaultRegime),
    gpc: c.req.header("sec-gpc")?.trim() === "1",
    dnt: c.req.header("dnt")?.trim() === "1",
  };
}
