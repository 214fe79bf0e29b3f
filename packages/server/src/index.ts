/**
 * @loupe/server — the privacy notice, the consent ledger API and privacy signals over HTTP.
 */

export * from "./admin/index.js";
export * from "./app/create-app.js";
export * from "./app/start-server.js";
export * from "./audit/index.js";
export * from "./config/load-config.js";
export * from "./consent/consent-model.js";
export { CUSTOMER_HEADER, VISITOR_HEADER } from "./consent/consent-routes.js";
export * from "./consent/consent-schemas.js";
export { LEDGER_LOCK_ID } from "./consent/ledger-writer.js";
export * from "./consent/receipt-hash.js";
export * from "./consent/verify-ledger.js";
export * from "./errors/http-errors.js";
export * from "./http/client-ip.js";
export * from "./openapi/build-openapi.js";
export * from "./store/database.js";
export * from "./store/migrations.js";
export * from "./store/open-store.js";
