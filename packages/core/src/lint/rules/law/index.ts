import type { Rule } from "../../rule.js";

/** The law rules, one file each. */
export const LAW_RULES: readonly Rule[] = [];
