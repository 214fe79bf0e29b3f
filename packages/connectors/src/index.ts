/**
 * @loupe/connectors — the rights engine: one connector shape for every store and service provider, and privacy
 * requests (plan, access, erase, correct, restrict, object) executed across them with a resumable journal.
 */

export * from "./connector/connector.js";
export * from "./connector/connector-registry.js";
export * from "./connector/store-connectors.js";
export * from "./engine/data-graph.js";
export * from "./engine/execute-request.js";
export * from "./engine/locate-subject.js";
export * from "./engine/plan-changes.js";
export * from "./http/describe-provider-system.js";
export * from "./http/http-connector.js";
export * from "./http/parse-provider-result.js";
export * from "./http/provider-request-body.js";
export * from "./http/retry-delay.js";
export * from "./http/verify-provider-callback.js";
export * from "./http/webhook-signature.js";
export * from "./journal/journal.js";
export * from "./manual/complete-manual-task.js";
export * from "./manual/manual-connector.js";
export * from "./manual/manual-task.js";
export * from "./package/write-access-package.js";
export * from "./redis/redis-connector.js";
export * from "./sql/sql-connector.js";
export * from "./sql/sql-driver.js";
