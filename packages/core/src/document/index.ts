export * from "./block-line.js";
export * from "./heading-text.js";
export * from "./parse-policy-document.js";
export * from "./policy-document.js";
export * from "./read-policy-outline.js";
