/**
 * @loupe/core — the data map, taxonomy, importer, linter and renderer. Pure: no file, network or clock access
 * except where a caller passes them in.
 */

export * from "./document/index.js";
export * from "./document/policy-document.js";
export * from "./errors/loupe-error.js";
export * from "./importer/index.js";
export * from "./init/index.js";
export * from "./law/deadlines.js";
export * from "./law/jurisdictions.js";
export * from "./lint/format-findings.js";
export * from "./lint/lint.js";
export * from "./lint/rule.js";
export { RULES } from "./lint/rules/index.js";
export * from "./map/data-map-json-schema.js";
export * from "./map/data-map-schema.js";
export * from "./map/data-map-to-yaml.js";
export * from "./map/load-data-map.js";
export * from "./map/systems-schema.js";
export * from "./render/index.js";
export * from "./ropa/index.js";
export * from "./taxonomy/ccpa-categories.js";
export * from "./taxonomy/data-categories.js";
export * from "./taxonomy/data-uses.js";
export * from "./taxonomy/taxonomy.js";
