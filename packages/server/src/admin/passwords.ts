import { fail, LoupeError, ok, type Result } from "@loupe/core";
import { hash, verify } from "@node-rs/argon2";

/** argon2id with the OWASP baseline: 19 MiB, 2 passes, 1 lane (`algorithm: 2` is Argon2id). */
const OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Shortest and longest password accepted. */
export const PASSWORD_LENGTH = { min: 12, max: 256 } as const;

/**
 * Checks a new password: 12 to 256 characters, not all one character.
 *
 * @example
 * checkPassword("short").ok; // false
 */
export function checkPassword(password: string, field = "password"): Result<string> {
  const bad = (message: string) =>
    fail(new LoupeError("INVALID_REQUEST", `${field}: ${message}`, { path: field }));
  if (password.length < PASSWORD_LENGTH.min)
    return bad(`must be at least ${PASSWORD_LENGTH.min} characters long`);
  if (password.length > PASSWORD_LENGTH.max)
    return bad(`must be at most ${PASSWORD_LENGTH.max} characters long`);
  if (new Set(password).size < 4) return bad("must use more than three different characters");
  return ok(password);
}

/**
 * Hashes a password with argon2id (random salt); the PHC string is what the store keeps.
 *
 * @example
 * const stored = await hashPassword("correct horse battery staple"); // "$argon2id$v=19$m=19456,t=2,p=1$…"
 */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

let dummy: Promise<string> | undefined;

/**
 * Checks a password against a stored argon2id hash. Without a hash (no such account) it still spends the
 * time of one verification, so that answers do not tell which accounts exist.
 *
 * @example
 * await verifyPassword(user?.password_hash, form.password); // true or false
 */
export async function verifyPassword(stored: string | undefined, password: string): Promise<boolean> {
  if (!stored) {
    dummy ??= hashPassword("loupe-no-such-account-placeholder");
    await verify(await dummy, password).catch(() => false);
    return false;
  }
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}
