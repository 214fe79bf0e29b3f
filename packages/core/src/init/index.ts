/** A commented starter data map for a new shop. */

export * from "./init-map.js";
export * from "./template-touchpoints.js";
