export * from "./append-audit.js";
export * from "./audit-hash.js";
export * from "./audit-tables.js";
export * from "./list-audit.js";
export * from "./verify-audit.js";
