import { LoupeError } from "@loupe/core";
import { type Kysely, sql } from "kysely";
import { AUDIT_GENESIS_HASH, auditEntryHash, type ChainedAuditEntry } from "./audit-hash.js";
import { AUDIT_LOCK_ID, type AuditData, type AuditTables } from "./audit-tables.js";

/**
 * What to record. No personal data: ids, hashes, counts and flags only (an e-mail address, a name or free
 * text written by a person never goes into the audit log).
 */
export interface AuditInput {
  /**
   * Who acted, as `kind` or `kind:id`: `staff:<admin user id>`, `consumer:<request id>`, `system`, `engine`,
   * `anonymous` (e.g. a failed console login). Lower-case kind; the id is letters, digits and `._:-`.
   */
  actor: string;
  /** What was done, dotted lower-case words, e.g. `request.approve`, `admin.login`, `user.role`. */
  action: string;
  /** What it was done to, as `kind:id`, e.g. `request:r_8f2c`, `user:6f1e…`. */
  target?: string | undefined;
  /** Details: at most 32 keys (camelCase or snake_case), values string (≤ 256 characters, no `@`), safe integer, boolean or null. */
  data?: AuditData | undefined;
}

/** A stored audit entry. */
export interface AuditEntry extends ChainedAuditEntry {
  hash: string;
}

const ACTOR = /^[a-z][a-z0-9_-]{0,31}(?::[A-Za-z0-9._:-]{1,128})?$/;
const ACTION = /^[a-z][a-z0-9_-]*(?:\.[a-z][a-z0-9_-]*){0,4}$/;
const TARGET = /^[a-z][a-z0-9_-]{0,31}:[A-Za-z0-9._:~-]{1,200}$/;
const KEY = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/**
 * Appends one entry to the hash-chained audit log and returns it. The append takes a PostgreSQL advisory
 * transaction lock, so appends from several processes still form one chain. Given a transaction, the entry
 * is written in it (and exists only if it commits: call it inside the transaction of the change it records,
 * as its last statement, since the lock is held until that transaction ends); given the database, it runs in
 * a transaction of its own.
 *
 * Throws a `LoupeError` (INTERNAL) when the input breaks the rules of {@link AuditInput} — a programming
 * error, never the user's — and writes nothing.
 *
 * @example
 * await appendAudit(db, { actor: `staff:${user.id}`, action: "request.approve", target: `request:${id}` });
 * await db.transaction().execute(async (trx) => {
 *   await trx.updateTable("rights_requests").set({ status: "approved" }).where("id", "=", id).execute();
 *   await appendAudit(trx, { actor: "engine", action: "request.step", target: `request:${id}`, data: { step: "erase", rows: 12 } });
 * });
 */
export async function appendAudit(
  // biome-ignore lint/suspicious/noExplicitAny: any Kysely over Loupe's store, or a transaction of one
  db: Kysely<any>,
  input: AuditInput,
  options: { now?: () => Date } = {},
): Promise<AuditEntry> {
  const data = checkAuditInput(input);
  const at = (options.now ?? (() => new Date()))().toISOString();
  const write = async (trx: Kysely<AuditTables>): Promise<AuditEntry> => {
    await sql`select pg_advisory_xact_lock(${AUDIT_LOCK_ID})`.execute(trx);
    const tip = await trx
      .selectFrom("audit_log")
      .select(["id", "hash"])
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirst();
    const entry: ChainedAuditEntry = {
      id: tip ? Number(tip.id) + 1 : 1,
      at,
      actor: input.actor,
      action: input.action,
      target: input.target ?? null,
      data,
      prev_hash: tip?.hash ?? AUDIT_GENESIS_HASH,
    };
    const hash = auditEntryHash(entry);
    await trx
      .insertInto("audit_log")
      .values({ ...entry, data: JSON.stringify(entry.data), hash })
      .execute();
    return { ...entry, hash };
  };
  const adb = db as unknown as Kysely<AuditTables>;
  return adb.isTransaction ? write(adb) : adb.transaction().execute(write);
}

/**
 * Checks an audit input against the rules of {@link AuditInput} and returns its data; throws INTERNAL
 * naming the offending field.
 *
 * @example
 * checkAuditInput({ actor: "system", action: "audit.verify", data: { intact: true } }); // { intact: true }
 */
export function checkAuditInput(input: AuditInput): AuditData {
  const bad = (field: string, rule: string) =>
    new LoupeError("INTERNAL", `audit entry ${field} ${rule}`, { path: field });
  if (!ACTOR.test(input.actor)) throw bad("actor", "must be `kind` or `kind:id` (e.g. staff:6f1e…)");
  if (!ACTION.test(input.action))
    throw bad("action", "must be dotted lower-case words (e.g. request.approve)");
  if (input.target !== undefined && !TARGET.test(input.target))
    throw bad("target", "must be `kind:id` with an id of letters, digits and ._:~- (no personal data)");
  const data = input.data ?? {};
  const keys = Object.keys(data);
  if (keys.length > 32) throw bad("data", "has more than 32 keys");
  for (const key of keys) {
    const value = data[key];
    if (!KEY.test(key)) throw bad(`data.${key}`, "is not a plain key name");
    if (typeof value === "string") {
      if (value.length > 256) throw bad(`data.${key}`, "is longer than 256 characters");
      if (value.includes("@"))
        throw bad(`data.${key}`, "looks like an e-mail address: record an id or a hash");
    } else if (typeof value === "number") {
      if (!Number.isSafeInteger(value)) throw bad(`data.${key}`, "must be a safe integer");
    } else if (value !== null && typeof value !== "boolean") {
      throw bad(`data.${key}`, "must be a string, a whole number, a boolean or null");
    }
  }
  return { ...data };
}
