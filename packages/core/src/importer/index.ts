export * from "./import-policy.js";
export { customCategoryFor, matchCollected } from "./match-collected.js";
export { matchPurpose } from "./match-purpose.js";
export { touchpointIdOf } from "./read-touchpoints.js";
export { recipientRoleOf } from "./recipient-role.js";
