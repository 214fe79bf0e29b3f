/**
 * @loupe/platforms — Loupe on shop platforms: the OpenCart profile (recognition, built-in annotations, missing
 * indexes, import of OpenCart's own GDPR requests) and the Shopify app backend (compliance webhooks, Admin
 * GraphQL connector).
 */

export * from "./opencart/discover-opencart.js";
export * from "./opencart/generate/generate-opencart-data.js";
export * from "./opencart/json-link-columns.js";
export * from "./opencart/missing-indexes.js";
export * from "./opencart/opencart-gdpr.js";
export * from "./opencart/opencart-newsletter.js";
export * from "./opencart/opencart-system.js";
export * from "./opencart/opencart-tables.js";
export * from "./opencart/read-mysql-catalog.js";
export * from "./opencart/recognise-opencart.js";
export * from "./opencart/schema/install-opencart.js";
export * from "./opencart/schema/opencart-4-ddl.js";
export * from "./shopify/compliance-payloads.js";
export * from "./shopify/compliance-request.js";
export * from "./shopify/handle-compliance-webhook.js";
export * from "./shopify/shopify-admin-client.js";
export * from "./shopify/shopify-erasure-hold.js";
export * from "./shopify/shopify-routes.js";
export * from "./shopify/verify-shopify-hmac.js";
