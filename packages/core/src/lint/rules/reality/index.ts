import type { Rule } from "../../rule.js";
import { annotationWithoutColumn } from "./annotation-without-column.js";
import { annotationWithoutTable } from "./annotation-without-table.js";
import { identityWithoutIndex } from "./identity-without-index.js";
import { undeclaredPersonalData } from "./undeclared-personal-data.js";

/** The reality rules: the map against the live stores (they run when a live snapshot is given). */
export const REALITY_RULES: readonly Rule[] = [
  annotationWithoutTable,
  annotationWithoutColumn,
  undeclaredPersonalData,
  identityWithoutIndex,
];
