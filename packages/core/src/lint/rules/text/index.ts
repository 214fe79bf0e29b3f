import type { Rule } from "../../rule.js";
import { danglingReference } from "./dangling-reference.js";
import { foreignOrganizationName } from "./foreign-organization-name.js";
import { inconsistentOrganizationName } from "./inconsistent-organization-name.js";
import { mismatchedName } from "./mismatched-name.js";
import { missingContactDetail } from "./missing-contact-detail.js";
import { missingLastUpdated } from "./missing-last-updated.js";

/** The text rules, one file each. */
export const TEXT_RULES: readonly Rule[] = [
  foreignOrganizationName,
  inconsistentOrganizationName,
  mismatchedName,
  danglingReference,
  missingContactDetail,
  missingLastUpdated,
];
