import { createHash } from "node:crypto";

/**
 * An e-mail address as Loupe compares it: trimmed and lower-cased (the local part is compared without case,
 * as every large mailbox provider does).
 *
 * @example
 * normaliseEmail("  Ada@Example.COM "); // "ada@example.com"
 */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * The SHA-256 (hex) of a normalised e-mail address: how preferences and receipts refer to a person who is
 * known only by address.
 *
 * @example
 * emailHash("Ada@example.com") === emailHash("ada@example.com"); // true
 */
export function emailHash(email: string): string {
  return createHash("sha256").update(normaliseEmail(email), "utf8").digest("hex");
}
