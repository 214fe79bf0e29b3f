/**
 * Signed, expiring identities for pages reached without an account: a shop's login token (JWT HS256),
 * e-mailed link tokens (opaque, hashed at rest, one purpose each) and unsubscribe tokens (encrypted, per
 * recipient and list). The preference centre uses all three; the rights workflow reuses the first two.
 */
export * from "./identity-migrations.js";
export * from "./link-tokens.js";
export * from "./normalise-email.js";
export * from "./store-token.js";
export * from "./unsubscribe-token.js";
