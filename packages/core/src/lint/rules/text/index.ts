import type { Rule } from "../../rule.js";

/** The text rules, one file each. */
export const TEXT_RULES: readonly Rule[] = [];
