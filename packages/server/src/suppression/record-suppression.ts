import { LoupeError } from "@loupe/core";
import { type Kysely, sql } from "kysely";
import { z } from "zod";
import { invalidRequest } from "../errors/http-errors.js";
import type { JobQueue } from "../jobs/job-queue.js";
import type { Database } from "../store/database.js";
import { emitEvent } from "../webhooks/emit-event.js";
import { type IdentifierKind, normaliseIdentifier } from "./normalise-identifier.js";
import { hashIdentifier, suppressionHashKey } from "./suppression-key.js";

export const CHANNELS = ["email", "sms", "phone", "post", "all"] as const;
export const SOURCES = [
  "link",
  "one-click",
  "phone-call",
  "postal",
  "objection",
  "erasure",
  "preference-centre",
] as const;
const KINDS: IdentifierKind[] = ["email", "phone", "address"];

export type Channel = (typeof CHANNELS)[number];
export type Scope = "all" | `topic:${string}`;

const ScopeSchema = z
  .string()
  .regex(/^(all|topic:[a-z0-9][a-z0-9._-]{0,63})$/, "must be 'all' or 'topic:<id>' (lower-case id)")
  .transform((s) => s as Scope);
const identifier = z.string().min(1).max(500).optional();
const hasIdentifier = (v: {
  email?: string | undefined;
  phone?: string | undefined;
  address?: string | undefined;
}) => v.email !== undefined || v.phone !== undefined || v.address !== undefined;
const needsIdentifier = { message: "give at least one of email, phone or address", path: ["email"] };

/** A suppression to record. */
export const SuppressionEntrySchema = z
  .object({
    email: identifier,
    phone: identifier,
    address: identifier,
    channel: z.enum(CHANNELS),
    scope: ScopeSchema,
    source: z.enum(SOURCES),
    receivedAt: z.coerce.date().optional(),
    effectiveAt: z.coerce.date().optional(),
  })
  .refine(hasIdentifier, needsIdentifier);

/** A question to the suppression list. */
export const SuppressionQuerySchema = z
  .object({
    email: identifier,
    phone: identifier,
    address: identifier,
    channel: z.enum(CHANNELS),
    scope: ScopeSchema.optional(),
  })
  .refine(hasIdentifier, needsIdentifier);

export type SuppressionEntry = z.input<typeof SuppressionEntrySchema> & { scope: Scope };
export type SuppressionQuery = z.input<typeof SuppressionQuerySchema>;

/** What {@link recordSuppression} needs. */
export interface SuppressionContext {
  db: Kysely<Database>;
  queue: JobQueue;
}

/** Normalised identifiers of an entry or query, with their keyed hashes. */
function keysOf(
  key: Buffer,
  input: { email?: string | undefined; phone?: string | undefined; address?: string | undefined },
  root: string,
): { kind: IdentifierKind; value: string; hash: Buffer }[] {
  const keys: { kind: IdentifierKind; value: string; hash: Buffer }[] = [];
  for (const kind of KINDS) {
    const raw = input[kind];
    if (raw === undefined) continue;
    const r = normaliseIdentifier(kind, raw, root ? `${root}.${kind}` : kind);
    if (!r.ok) throw r.errors[0] ?? new LoupeError("INVALID_REQUEST", `${kind} is invalid`);
    keys.push({ kind, value: r.value, hash: hashIdentifier(key, kind, r.value) });
  }
  return keys;
}

/**
 * Adds identifiers to the suppression list: one entry per identifier (hashed with the store's key, never
 * kept in clear), channel and scope. Received and effective times default to now. An identifier already
 * suppressed for that channel and scope keeps its first entry; a lifted one is suppressed again. Every
 * change emits, in the same transaction, a `suppression.created` webhook event (subject `suppression:<hash>`) carrying the normalised
 * identifiers, so that marketing tools can apply it. Throws a located INVALID_REQUEST for invalid input.
 *
 * @example
 * await recordSuppression({ db, queue }, { email: "ada@example.com", channel: "email", scope: "all", source: "one-click" });
 */
export async function recordSuppression(ctx: SuppressionContext, entry: SuppressionEntry): Promise<void> {
  const parsed = SuppressionEntrySchema.safeParse(entry);
  if (!parsed.success) throw invalidRequest(parsed.error);
  const e = parsed.data;
  const key = await suppressionHashKey(ctx.db, true);
  if (!key) throw new LoupeError("INTERNAL", "the suppression key is missing");
  const keys = keysOf(key, e, "");
  const receivedAt = e.receivedAt ?? new Date();
  const effectiveAt = e.effectiveAt ?? new Date();
  await inTransaction(ctx.db, async (db) => {
    const changed = await db
      .insertInto("suppressions")
      .values(
        keys.map((k) => ({
          key_kind: k.kind,
          key_hash: k.hash,
          channel: e.channel,
          scope: e.scope,
          source: e.source,
          received_at: receivedAt,
          effective_at: effectiveAt,
        })),
      )
      .onConflict((oc) =>
        oc
          .columns(["key_hash", "key_kind", "channel", "scope"])
          .doUpdateSet({
            source: (eb) => eb.ref("excluded.source"),
            received_at: (eb) => eb.ref("excluded.received_at"),
            effective_at: (eb) => eb.ref("excluded.effective_at"),
            lifted_at: null,
            change_seq: sql`nextval('suppression_changes')`,
            updated_at: sql`now()`,
          })
          .where("suppressions.lifted_at", "is not", null),
      )
      .returning("key_kind")
      .execute();
    if (changed.length === 0) return;
    await emitEvent(
      { db, queue: ctx.queue },
      {
        type: "suppression.created",
        subject: subjectOf(keys),
        data: eventData(keys, {
          channel: e.channel,
          scope: e.scope,
          source: e.source,
          receivedAt,
          effectiveAt,
        }),
      },
    );
  });
}

/** Runs `fn` in a transaction, or in the caller's when `db` is one. */
function inTransaction<T>(db: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

/**
 * Lifts suppressions (the person subscribed again, e.g. in the preference centre) for a channel and scope;
 * the entries stay in the export with `liftedAt`, and a `suppression.lifted` event is emitted.
 *
 * @example
 * await liftSuppression({ db, queue }, { email: "ada@example.com", channel: "sms", scope: "all" });
 */
export async function liftSuppression(
  ctx: SuppressionContext,
  query: SuppressionQuery & { scope: Scope },
): Promise<boolean> {
  const parsed = SuppressionQuerySchema.safeParse(query);
  if (!parsed.success) throw invalidRequest(parsed.error);
  const q = parsed.data;
  const key = await suppressionHashKey(ctx.db, false);
  if (!key) return false;
  const keys = keysOf(key, q, "");
  return inTransaction(ctx.db, async (db) => {
    const lifted = await db
      .updateTable("suppressions")
      .set({ lifted_at: sql`now()`, change_seq: sql`nextval('suppression_changes')`, updated_at: sql`now()` })
      .where((eb) =>
        eb.or(keys.map((k) => eb.and([eb("key_kind", "=", k.kind), eb("key_hash", "=", k.hash)]))),
      )
      .where("channel", "=", q.channel)
      .where("scope", "=", q.scope ?? "all")
      .where("lifted_at", "is", null)
      .returning("id")
      .execute();
    if (lifted.length === 0) return false;
    await emitEvent(
      { db, queue: ctx.queue },
      {
        type: "suppression.lifted",
        subject: subjectOf(keys),
        data: eventData(keys, { channel: q.channel, scope: q.scope ?? "all" }),
      },
    );
    return true;
  });
}

/**
 * Whether any of the given identifiers is suppressed for `channel` and `scope` (default `all`): an entry
 * applies when its channel is that channel or `all` and its scope is that scope or `all`. Suppressions
 * apply from the moment they are recorded. Throws a located INVALID_REQUEST for invalid input.
 *
 * @example
 * await isSuppressed(db, { email: "ada@example.com", channel: "email", scope: "topic:new-arrivals" }); // true
 */
export async function isSuppressed(db: Kysely<Database>, query: SuppressionQuery): Promise<boolean> {
  return (await checkSuppressions(db, [query]))[0] ?? false;
}

/**
 * {@link isSuppressed} for many queries at once (one query per 5,000 identifiers, up to four at a time);
 * answers in order.
 *
 * @example
 * await checkSuppressions(db, [{ email: "a@x.com", channel: "email" }, { phone: "+14155550100", channel: "sms" }]);
 * // [true, false]
 */
export async function checkSuppressions(
  db: Kysely<Database>,
  queries: SuppressionQuery[],
): Promise<boolean[]> {
  const items = queries.map((query, i) => {
    const parsed = SuppressionQuerySchema.safeParse(query);
    if (!parsed.success) throw invalidRequest(parsed.error, queries.length > 1 ? `items[${i}]` : "");
    return parsed.data;
  });
  const key = await suppressionHashKey(db, false);
  if (!key) {
    // Validate anyway, so that a malformed query is an error whether or not the list is empty.
    for (const [i, q] of items.entries())
      keysOf(Buffer.alloc(32), q, queries.length > 1 ? `items[${i}]` : "");
    return items.map(() => false);
  }
  const perItem = items.map((q, i) => keysOf(key, q, queries.length > 1 ? `items[${i}]` : ""));
  const hexes = [...new Set(perItem.flat().map((k) => k.hash.toString("hex")))];
  const found = new Map<string, { kind: string; channel: string; scope: string }[]>();
  const lookup = async (chunk: string[]) => {
    const rows = await db
      .selectFrom("suppressions")
      .select(["key_kind", sql<string>`encode(key_hash, 'hex')`.as("hash"), "channel", "scope"])
      .where("key_hash", "=", sql<Buffer>`any(select decode(h, 'hex') from unnest(${chunk}::text[]) as h)`)
      .where("lifted_at", "is", null)
      .execute();
    for (const r of rows) {
      const list = found.get(r.hash) ?? [];
      list.push({ kind: r.key_kind, channel: r.channel, scope: r.scope });
      found.set(r.hash, list);
    }
  };
  const chunks: string[][] = [];
  for (let i = 0; i < hexes.length; i += 5_000) chunks.push(hexes.slice(i, i + 5_000));
  // Large batches use up to four connections at once (one inside a transaction).
  const lanes = db.isTransaction ? 1 : 4;
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(lanes, chunks.length) }, async () => {
      for (let c = next++; c < chunks.length; c = next++) await lookup(chunks[c] ?? []);
    }),
  );
  return items.map((q, i) =>
    (perItem[i] ?? []).some((k) =>
      (found.get(k.hash.toString("hex")) ?? []).some(
        (r) =>
          r.kind === k.kind &&
          (r.channel === q.channel || r.channel === "all") &&
          (r.scope === (q.scope ?? "all") || r.scope === "all"),
      ),
    ),
  );
}

function subjectOf(keys: { hash: Buffer }[]): string {
  return `suppression:${(keys[0]?.hash ?? Buffer.alloc(0)).toString("hex")}`;
}

function eventData(
  keys: { kind: IdentifierKind; value: string; hash: Buffer }[],
  rest: { channel: string; scope: string; source?: string; receivedAt?: Date; effectiveAt?: Date },
): Record<string, unknown> {
  return {
    ...Object.fromEntries(keys.map((k) => [k.kind, k.value])),
    keys: keys.map((k) => ({ kind: k.kind, hash: k.hash.toString("hex") })),
    channel: rest.channel,
    scope: rest.scope,
    ...(rest.source ? { source: rest.source } : {}),
    ...(rest.receivedAt ? { receivedAt: rest.receivedAt.toISOString() } : {}),
    ...(rest.effectiveAt ? { effectiveAt: rest.effectiveAt.toISOString() } : {}),
  };
}
