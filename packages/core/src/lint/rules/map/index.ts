import type { Rule } from "../../rule.js";

/** The map rules, one file each. */
export const MAP_RULES: readonly Rule[] = [];
