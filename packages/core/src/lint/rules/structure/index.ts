import type { Rule } from "../../rule.js";

/** The structure rules, one file each. */
export const STRUCTURE_RULES: readonly Rule[] = [];
