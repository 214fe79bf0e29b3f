import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { LoupeError } from "@loupe/core";
import type { Kysely } from "kysely";
import type {} from "../jobs/delivery-tables.js";
import type { Database } from "../store/database.js";
import type { IdentifierKind } from "./normalise-identifier.js";

/** The secret from `LOUPE_SUPPRESSION_KEY`, set once by {@link useSuppressionKey}. */
let configuredSecret: Buffer | undefined;
const cache = new WeakMap<object, Buffer>();

const fingerprintOf = (secret: Buffer) =>
  createHmac("sha256", secret).update("loupe suppression key fingerprint").digest();

/**
 * Chooses the key of the suppression list's hashes at start-up and checks it against the store: with
 * `LOUPE_SUPPRESSION_KEY` the store keeps its fingerprint, without it the store keeps a generated key. A
 * store whose list was built with the other choice, or with another secret, is refused (USAGE), because
 * its hashes would no longer match and suppressed people would be mailed again.
 *
 * @example
 * await useSuppressionKey(store.db, config.suppressionKey);
 */
export async function useSuppressionKey(db: Kysely<Database>, secret: string | undefined): Promise<void> {
  configuredSecret = secret === undefined ? undefined : Buffer.from(secret, "utf8");
  cache.delete(db);
  await suppressionHashKey(db, true);
}

/**
 * The HMAC key of the suppression list in this store, created on first use when `create` is set; undefined
 * when the list has no key yet (and so no entries).
 *
 * @example
 * const key = await suppressionHashKey(db, true);
 */
export async function suppressionHashKey(db: Kysely<Database>, create: boolean): Promise<Buffer | undefined> {
  const cached = cache.get(db);
  if (cached) return cached;
  const read = () => db.selectFrom("suppression_key").selectAll().where("id", "=", 1).executeTakeFirst();
  let row = await read();
  if (!row) {
    if (!configuredSecret && !create) return undefined;
    await db
      .insertInto("suppression_key")
      .values(
        configuredSecret
          ? { id: 1, fingerprint: fingerprintOf(configuredSecret), stored_key: null }
          : { id: 1, fingerprint: null, stored_key: randomBytes(32) },
      )
      .onConflict((oc) => oc.column("id").doNothing())
      .execute();
    row = await read();
    if (!row) throw new LoupeError("INTERNAL", "the suppression key could not be stored");
  }
  let key: Buffer;
  if (row.stored_key) {
    if (configuredSecret)
      throw new LoupeError(
        "USAGE",
        "invalid environment variable LOUPE_SUPPRESSION_KEY: this store's suppression list was built with a generated key; leave the variable unset",
      );
    key = Buffer.from(row.stored_key);
  } else {
    const expected = Buffer.from(row.fingerprint ?? []);
    if (!configuredSecret)
      throw new LoupeError(
        "USAGE",
        "missing environment variable LOUPE_SUPPRESSION_KEY: this store's suppression list was built with it",
      );
    const given = fingerprintOf(configuredSecret);
    if (expected.length !== given.length || !timingSafeEqual(expected, given))
      throw new LoupeError(
        "USAGE",
        "invalid environment variable LOUPE_SUPPRESSION_KEY: it is not the key this store's suppression list was built with",
      );
    key = configuredSecret;
  }
  if (!db.isTransaction) cache.set(db, key);
  return key;
}

/**
 * The keyed hash of a normalised identifier: HMAC-SHA256 over `kind:value`.
 *
 * @example
 * hashIdentifier(key, "email", "ada@example.com").length; // 32
 */
export function hashIdentifier(key: Buffer, kind: IdentifierKind, normalised: string): Buffer {
  return createHmac("sha256", key).update(`${kind}:${normalised}`, "utf8").digest();
}
