import type { Rule } from "../../rule.js";
import { categoryWithoutRetention } from "./category-without-retention.js";
import { consequenceWithoutPurpose } from "./consequence-without-purpose.js";
import { purposeWithoutLawfulBasis } from "./purpose-without-lawful-basis.js";
import { recipientWithoutRole } from "./recipient-without-role.js";
import { unusedRecipient } from "./unused-recipient.js";

/** The map rules, one file each. */
export const MAP_RULES: readonly Rule[] = [
  consequenceWithoutPurpose,
  purposeWithoutLawfulBasis,
  recipientWithoutRole,
  unusedRecipient,
  categoryWithoutRetention,
];
