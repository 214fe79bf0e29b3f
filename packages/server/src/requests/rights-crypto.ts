import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  randomInt,
  timingSafeEqual,
} from "node:crypto";

/** Keys derived from the one rights secret, each for one use. */
export interface RightsKeys {
  /** HMAC key for tokens, codes and e-mail hashes kept at rest. */
  hashKey: Buffer;
  /** AES-256-GCM key for files at rest (access packages, signed permissions). */
  sealKey: Buffer;
  /** HMAC key for the privacy centre's CSRF tokens. */
  csrfKey: Buffer;
}

/**
 * Derives the workflow's keys from one secret (HKDF-SHA256).
 *
 * @example
 * const keys = deriveRightsKeys("a long random secret from LOUPE_RIGHTS_SECRET");
 */
export function deriveRightsKeys(secret: string): RightsKeys {
  const ikm = Buffer.from(secret, "utf8");
  const derive = (info: string) => Buffer.from(hkdfSync("sha256", ikm, "loupe-rights", info, 32));
  return { hashKey: derive("hash"), sealKey: derive("seal"), csrfKey: derive("csrf") };
}

/**
 * A keyed hash (hex) of a token, code or address, for storing and comparing without keeping the value.
 *
 * @example
 * keyedHash(keys.hashKey, "482913"); // "9f2c…"
 */
export function keyedHash(key: Buffer, value: string): string {
  return createHmac("sha256", key).update(value, "utf8").digest("hex");
}

/**
 * Compares two hex hashes in constant time.
 *
 * @example
 * sameHash(keyedHash(k, "a"), keyedHash(k, "a")); // true
 */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/**
 * A random URL-safe token (256 bits).
 *
 * @example
 * randomToken(); // "q3V…" (43 characters)
 */
export function randomToken(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * A random numeric code of `digits` digits, for reading out of an e-mail.
 *
 * @example
 * randomCode(); // "048213"
 */
export function randomCode(digits = 8): string {
  let s = "";
  for (let i = 0; i < digits; i++) s += String(randomInt(10));
  return s;
}

/**
 * Encrypts bytes with AES-256-GCM: IV ‖ ciphertext ‖ tag. `context` (e.g. the request id) is bound as
 * associated data, so a sealed file cannot be moved to another request.
 *
 * @example
 * const sealed = seal(keys.sealKey, zipBytes, "req_8f2…");
 */
export function seal(key: Buffer, plain: Uint8Array, context: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

/**
 * Decrypts what {@link seal} produced; throws when the data or the context was tampered with.
 *
 * @example
 * const zip = unseal(keys.sealKey, sealed, "req_8f2…");
 */
export function unseal(key: Buffer, sealed: Uint8Array, context: string): Buffer {
  const buf = Buffer.from(sealed);
  const decipher = createDecipheriv("aes-256-gcm", key, buf.subarray(0, 12));
  decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(buf.subarray(buf.length - 16));
  return Buffer.concat([decipher.update(buf.subarray(12, buf.length - 16)), decipher.final()]);
}

/**
 * An e-mail address as compared for duplicates: trimmed and lower-cased.
 *
 * @example
 * normaliseEmail(" Ada@Example.COM "); // "ada@example.com"
 */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
