import type { Rule } from "../../rule.js";
import { duplicateSection } from "./duplicate-section.js";
import { emptySection } from "./empty-section.js";
import { missingSection } from "./missing-section.js";
import { overviewMismatch } from "./overview-mismatch.js";

/** The structure rules, one file each: the template's parts, read with `readPolicyOutline`. */
export const STRUCTURE_RULES: readonly Rule[] = [
  duplicateSection,
  overviewMismatch,
  emptySection,
  missingSection,
];
