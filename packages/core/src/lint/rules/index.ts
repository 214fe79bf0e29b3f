import type { Rule } from "../rule.js";
import { LAW_RULES } from "./law/index.js";
import { MAP_RULES } from "./map/index.js";
import { REALITY_RULES } from "./reality/index.js";
import { STRUCTURE_RULES } from "./structure/index.js";
import { TEXT_RULES } from "./text/index.js";

/** Every built-in rule, in the order findings are reported. Add a rule by adding its file and listing it in its folder's index. */
export const RULES: readonly Rule[] = [
  ...STRUCTURE_RULES,
  ...TEXT_RULES,
  ...LAW_RULES,
  ...MAP_RULES,
  ...REALITY_RULES,
];
