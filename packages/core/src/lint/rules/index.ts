import type { Rule } from "../rule.js";

/** Every built-in rule, in the order findings are reported. Add a rule by adding its file and listing it here. */
export const RULES: readonly Rule[] = [];
