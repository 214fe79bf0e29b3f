import type { Rule } from "../../rule.js";
import { gpcNotHonoured } from "./gpc-not-honoured.js";
import { missingRetentionPeriod } from "./missing-retention-period.js";
import { missingRight } from "./missing-right.js";
import { outdatedLookback } from "./outdated-lookback.js";
import { outdatedOptOutLink } from "./outdated-opt-out-link.js";
import { tollFreeNumberRequired } from "./toll-free-number-required.js";

/** The law rules, one file each. */
export const LAW_RULES: readonly Rule[] = [
  gpcNotHonoured,
  missingRight,
  missingRetentionPeriod,
  tollFreeNumberRequired,
  outdatedOptOutLink,
  outdatedLookback,
];
