import type { RequestKind } from "@loupe/core";

/** Where a request stands. */
export const REQUEST_STATUSES = [
  "received",
  "awaiting_verification",
  "verified",
  "awaiting_approval",
  "in_progress",
  "extended",
  "completed",
  "partially_completed",
  "denied",
  "appealed",
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** Statuses after which nothing more happens to a request (apart from an appeal). */
export const CLOSED_STATUSES: readonly RequestStatus[] = ["completed", "partially_completed", "denied"];

/** How sure the business must be that the requester is the consumer (regulations.md C8). */
export type VerificationLevel = "none" | "email" | "reasonable" | "reasonably_high";

const LEVEL_ORDER: VerificationLevel[] = ["none", "email", "reasonable", "reasonably_high"];

/** The rights engine's operation for each request kind (none: the workflow answers from the map alone). */
export const ENGINE_KIND: Record<
  RequestKind,
  "access" | "erase" | "correct" | "restrict" | "object" | undefined
> = {
  know_categories: undefined,
  know_specific: "access",
  access: "access",
  portability: "access",
  delete: "erase",
  correct: "correct",
  restrict: "restrict",
  object: "object",
  withdraw_consent: "object",
  opt_out_sale_share: undefined,
  limit_spi: undefined,
  shine_the_light: undefined,
  appeal: undefined,
};

/**
 * The verification a request needs: none for opt-out and limit (never, whatever else applies — §7060(b));
 * under US state law two matched data points for categories, deletion, correction and restriction, three and
 * a signed declaration for specific pieces; under GDPR only proof of the e-mail address unless there is
 * reasonable doubt. When several regimes apply the strictest wins.
 *
 * @example
 * verificationLevel("know_specific", ["us-ca"]); // "reasonably_high"
 * verificationLevel("access", ["eea"]); // "email"
 * verificationLevel("opt_out_sale_share", ["us-ca", "eea"]); // "none"
 */
export function verificationLevel(kind: RequestKind, jurisdictions: readonly string[]): VerificationLevel {
  if (kind === "opt_out_sale_share" || kind === "limit_spi") return "none";
  let level: VerificationLevel = "email";
  for (const j of jurisdictions) {
    if (!j.startsWith("us-")) continue;
    const us: VerificationLevel =
      kind === "know_specific" || kind === "access" || kind === "portability"
        ? "reasonably_high"
        : kind === "delete" || kind === "correct" || kind === "know_categories" || kind === "restrict"
          ? "reasonable"
          : "email";
    if (LEVEL_ORDER.indexOf(us) > LEVEL_ORDER.indexOf(level)) level = us;
  }
  return level;
}

/** Matched data points each level needs, the proven e-mail address counting as one. */
export const DATA_POINTS_NEEDED: Record<VerificationLevel, number> = {
  none: 0,
  email: 1,
  reasonable: 2,
  reasonably_high: 3,
};

/** Whether a kind changes or discloses data: an account holder must then sign in again (§7061(b)). */
export function needsReauthentication(kind: RequestKind): boolean {
  return ["delete", "correct", "know_specific", "access", "portability"].includes(kind);
}

/** The bases on which a request may be refused, each with a template (see `denial-templates.ts`). */
export const DENIAL_BASES = [
  "unverifiable",
  "not_a_consumer",
  "exempt",
  "fraud_documented",
  "manifestly_unfounded_excessive",
  "frequency_limit",
] as const;
export type DenialBasis = (typeof DENIAL_BASES)[number];

/** Where the person lives, as the privacy centre asks it, and the regimes that follow. */
export const RESIDENCES = {
  "us-ca": ["us-ca"],
  "us-co": ["us-co"],
  "us-ct": ["us-ct"],
  "us-va": ["us-va"],
  "us-tx": ["us-tx"],
  "us-ut": ["us-ut"],
  eea: ["eea"],
  uk: ["uk"],
  ch: ["ch"],
  other: ["us-ca"],
} as const satisfies Record<string, readonly string[]>;
export type Residence = keyof typeof RESIDENCES;
