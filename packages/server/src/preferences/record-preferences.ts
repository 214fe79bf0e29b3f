import { createHash } from "node:crypto";
import { type ColumnType, type Generated, type Kysely, sql } from "kysely";
import type { ConsentContext, RequestMeta } from "../consent/consent-context.js";
import type { AppendResult } from "../consent/ledger-writer.js";
import { completeChoices, pendingReceipt } from "../consent/record-consent.js";
import { emailHash } from "../identity/normalise-email.js";
import type { JobQueue } from "../jobs/job-queue.js";
import type { LoupeDb } from "../store/database.js";
import type { PreferenceModel } from "./preference-model.js";

/** Stored preference receipt: one per change event, append-only and hash-chained. */
export interface PreferenceReceiptTable {
  id: Generated<string>;
  subject: string;
  customer_id: string | null;
  action: string;
  source: string;
  changes: ColumnType<unknown, string, never>;
  gpc: boolean;
  notice_version: string;
  ip_truncated: string | null;
  user_agent: string | null;
  server_time: Date | string;
  prev_hash: string;
  hash: string;
}

/**
 * The store's Kysely with the preference receipts table typed.
 *
 * @example
 * await prefTables(db).selectFrom("preference_receipts").selectAll().execute();
 */
export const prefTables = (db: LoupeDb | Kysely<never>) =>
  (db as LoupeDb).withTables<{ preference_receipts: PreferenceReceiptTable }>();

/** Whose preferences: an address (from a signed link or login token) or, on the opt-out pages, a browser. */
export interface PreferenceSubject {
  /** Normalised e-mail address when known. */
  email: string | null;
  customerId: string | null;
  /** Random id of a browser that opted out without giving an address. */
  browserId?: string | undefined;
}

export type PreferenceAction = "save" | "object" | "opt-out" | "unsubscribe" | "gpc";
export type PreferenceSource = "preference-centre" | "opt-out-page" | "one-click" | "link" | "signal";

/** One choice turned on (`allowed: true`) or off. */
export interface PreferenceChange {
  key: string;
  allowed: boolean;
}

/** A suppression entry as the suppression list takes it. */
export interface SuppressionRequest {
  email?: string;
  channel: "email" | "sms" | "phone" | "post" | "all";
  scope: "all" | `topic:${string}`;
  source: "link" | "one-click" | "preference-centre" | "objection";
  receivedAt: Date;
  effectiveAt: Date;
}

/** The store and queue an effect works with: `db` is the receipt's transaction, and jobs are queued in it. */
export interface EffectContext {
  db: LoupeDb;
  queue: JobQueue;
}

/**
 * Where preference changes go besides the receipts: the suppression list and the webhooks. Both run inside
 * the receipt's transaction, so a receipt, its suppression entries, its event and the delivery jobs are
 * stored together or not at all.
 */
export interface PreferenceEffects {
  suppress(ctx: EffectContext, entry: SuppressionRequest): Promise<void>;
  /** Lifts a suppression when the person turns a channel or topic back on. */
  lift(ctx: EffectContext, entry: Pick<SuppressionRequest, "email" | "channel" | "scope">): Promise<unknown>;
  emit(
    ctx: EffectContext,
    event: { type: string; subject: string; data: Record<string, unknown> },
  ): Promise<void>;
}

/** What the preference business functions work with. */
export interface PreferenceContext {
  db: LoupeDb;
  queue: JobQueue;
  consent: ConsentContext;
  model: PreferenceModel;
  effects: PreferenceEffects;
  now: () => Date;
}

/** The current value of one choice. */
export interface ChoiceState {
  allowed: boolean;
  at: string;
  source: PreferenceSource;
}

/**
 * The subject key of preference receipts: `e:<sha256 of the normalised address>`, else `b:<browser id>`.
 *
 * @example
 * subjectKey({ email: "ada@example.com", customerId: null }); // "e:8f1c…"
 */
export function subjectKey(subject: PreferenceSubject): string {
  if (subject.email) return `e:${emailHash(subject.email)}`;
  if (subject.browserId) return `b:${subject.browserId}`;
  throw new TypeError("a preference subject needs an e-mail address or a browser id");
}

/**
 * The current preferences of a subject: for each choice, the latest receipt that set it. Choices never
 * set are absent.
 *
 * @example
 * const state = await getPreferences(db, "e:8f1c…");
 * state.get("channel:sms")?.allowed; // false
 */
export async function getPreferences(db: LoupeDb, subject: string): Promise<Map<string, ChoiceState>> {
  const rows = await prefTables(db)
    .selectFrom("preference_receipts")
    .select(["changes", "server_time", "source"])
    .where("subject", "=", subject)
    .orderBy("id", "desc")
    .limit(1000)
    .execute();
  const state = new Map<string, ChoiceState>();
  for (const row of rows)
    for (const c of row.changes as PreferenceChange[])
      if (!state.has(c.key))
        state.set(c.key, {
          allowed: c.allowed,
          at: new Date(row.server_time).toISOString(),
          source: row.source as PreferenceSource,
        });
  return state;
}

/** The fields of a preference receipt that its hash covers. */
export interface HashedPreferenceReceipt {
  subject: string;
  customer_id: string | null;
  action: string;
  source: string;
  changes: PreferenceChange[];
  gpc: boolean;
  notice_version: string;
  ip_truncated: string | null;
  user_agent: string | null;
  /** ISO 8601 with milliseconds, UTC. */
  server_time: string;
  prev_hash: string;
}

/**
 * The hash of a preference receipt: SHA-256 (hex) of a JSON array of its fields in a fixed order (changes
 * as `[key, allowed]` pairs), so it does not depend on how the store orders JSON keys. It covers the
 * previous receipt's hash, which chains the receipts.
 *
 * @example
 * preferenceReceiptHash({ ...row, changes: [{ key: "channel:sms", allowed: false }] }); // "9c1f…"
 */
export function preferenceReceiptHash(r: HashedPreferenceReceipt): string {
  const fields = [
    r.subject,
    r.customer_id,
    r.action,
    r.source,
    r.changes.map((c) => [c.key, c.allowed]),
    r.gpc,
    r.notice_version,
    r.ip_truncated,
    r.user_agent,
    r.server_time,
    r.prev_hash,
  ];
  return createHash("sha256").update(JSON.stringify(fields), "utf8").digest("hex");
}

/**
 * Checks the whole preference receipt chain: each receipt's hash matches its content and names the previous
 * receipt's hash. Reads in pages of 1,000.
 *
 * @example
 * await verifyPreferenceChain(db); // { ok: true, count: 1520 } or { ok: false, count: 7, brokenAt: 8, reason: "…" }
 */
export async function verifyPreferenceChain(
  db: LoupeDb,
): Promise<{ ok: true; count: number } | { ok: false; count: number; brokenAt: number; reason: string }> {
  let prev = GENESIS;
  let after = "0";
  let count = 0;
  for (;;) {
    const rows = await prefTables(db)
      .selectFrom("preference_receipts")
      .selectAll()
      .where("id", ">", after)
      .orderBy("id")
      .limit(1000)
      .execute();
    if (rows.length === 0) return { ok: true, count };
    for (const r of rows) {
      const id = Number(r.id);
      if (r.prev_hash !== prev)
        return { ok: false, count, brokenAt: id, reason: "does not follow the previous receipt" };
      const expected = preferenceReceiptHash({
        ...r,
        changes: r.changes as PreferenceChange[],
        server_time: new Date(r.server_time).toISOString(),
      });
      if (expected !== r.hash)
        return { ok: false, count, brokenAt: id, reason: "its content does not match its hash" };
      prev = r.hash;
      count++;
      after = String(r.id);
    }
  }
}

/** Lock that serialises appends to the preference receipt chain. */
const PREFERENCE_LOCK_ID = 0x50726566; // "Pref"
const GENESIS = "0".repeat(64);

/** A recorded preference receipt. */
export interface PreferenceReceipt {
  id: number;
  hash: string;
  serverTime: string;
  subject: string;
  changes: PreferenceChange[];
}

/**
 * Records preference changes for a subject: keeps only those that change the current state (every one for
 * an objection, an opt-out page or an unsubscribe, which are requests in their own right; a save or a GPC
 * signal that changes nothing records nothing), appends one
 * hash-chained receipt, then adds suppression entries for what was turned off (a channel: that channel; a
 * topic: every channel for that topic; an objection: everything) and emits a `preference.changed` webhook
 * event naming the subject by hash only. Returns undefined when nothing changed. Keys must be the model's.
 *
 * @example
 * await recordPreferences(ctx, { email: "ada@example.com", customerId: null },
 *   { action: "save", source: "preference-centre", changes: [{ key: "channel:sms", allowed: false }] }, meta);
 */
export async function recordPreferences(
  ctx: PreferenceContext,
  subject: PreferenceSubject,
  request: { action: PreferenceAction; source: PreferenceSource; changes: PreferenceChange[] },
  meta: RequestMeta,
): Promise<PreferenceReceipt | undefined> {
  for (const c of request.changes)
    if (!ctx.model.keys.has(c.key)) throw new TypeError(`'${c.key}' is not a choice of the preference model`);
  const key = subjectKey(subject);
  const current = await getPreferences(ctx.db, key);
  const changes =
    request.action === "save" || request.action === "gpc"
      ? request.changes.filter((c) => current.get(c.key)?.allowed !== c.allowed)
      : request.changes;
  if (changes.length === 0) return undefined;
  const now = ctx.now();
  const receipt = await prefTables(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${PREFERENCE_LOCK_ID})`.execute(trx);
      const last = await trx
        .selectFrom("preference_receipts")
        .select(["hash"])
        .orderBy("id", "desc")
        .limit(1)
        .executeTakeFirst();
      const row = {
        subject: key,
        customer_id: subject.customerId,
        action: request.action,
        source: request.source,
        changes: JSON.stringify(changes),
        gpc: meta.gpc,
        notice_version: ctx.consent.notice.version,
        ip_truncated: meta.ipTruncated,
        user_agent: meta.userAgent,
        server_time: now.toISOString(),
        prev_hash: last?.hash ?? GENESIS,
      };
      const hash = preferenceReceiptHash({ ...row, changes });
      const inserted = await trx
        .insertInto("preference_receipts")
        .values({ ...row, hash })
        .returning(["id"])
        .executeTakeFirstOrThrow();
      const stored = { id: Number(inserted.id), hash, serverTime: now.toISOString(), subject: key, changes };
      const effect = { db: trx as unknown as LoupeDb, queue: ctx.queue };
      const { add, lift } = suppressionsFor(subject, request, changes, current, now);
      for (const entry of lift) await ctx.effects.lift(effect, entry);
      for (const entry of add) await ctx.effects.suppress(effect, entry);
      await ctx.effects.emit(effect, {
        type: "preference.changed",
        subject: key,
        data: {
          receiptId: stored.id,
          customerId: subject.customerId,
          action: request.action,
          source: request.source,
          changes,
          serverTime: stored.serverTime,
        },
      });
      return stored;
    });
  return receipt;
}

/**
 * The suppression entries a receipt adds and lifts (none for a subject known only by browser): a channel
 * turned off suppresses that channel, a topic every channel for that topic, an objection everything. Turning
 * a channel or topic back on lifts its entry and any objection, re-adding entries for what is still off.
 */
function suppressionsFor(
  subject: PreferenceSubject,
  request: { action: PreferenceAction; source: PreferenceSource },
  changes: PreferenceChange[],
  current: Map<string, ChoiceState>,
  now: Date,
): { add: SuppressionRequest[]; lift: Pick<SuppressionRequest, "email" | "channel" | "scope">[] } {
  const add: SuppressionRequest[] = [];
  const lift: Pick<SuppressionRequest, "email" | "channel" | "scope">[] = [];
  if (!subject.email) return { add, lift };
  const email = subject.email;
  const source: SuppressionRequest["source"] =
    request.action === "object"
      ? "objection"
      : request.source === "one-click" || request.source === "link"
        ? request.source
        : "preference-centre";
  if (request.action === "object") {
    add.push({ email, source, receivedAt: now, effectiveAt: now, channel: "all", scope: "all" });
    return { add, lift };
  }
  const target = (key: string): Pick<SuppressionRequest, "channel" | "scope"> | undefined =>
    key.startsWith("channel:")
      ? { channel: key.slice(8) as SuppressionRequest["channel"], scope: "all" }
      : key.startsWith("topic:")
        ? { channel: "all", scope: `topic:${key.slice(6)}` }
        : undefined;
  const after = new Map([...current].map(([k, v]) => [k, v.allowed]));
  for (const c of changes) after.set(c.key, c.allowed);
  const reopened = changes.some((c) => c.allowed && target(c.key));
  if (reopened) lift.push({ email, channel: "all", scope: "all" });
  for (const c of changes) {
    const t = target(c.key);
    if (t && c.allowed) lift.push({ email, ...t });
  }
  const off = reopened
    ? [...after].filter(([, allowed]) => !allowed).map(([k]) => k)
    : changes.filter((c) => !c.allowed).map((c) => c.key);
  for (const key of off) {
    const t = target(key);
    if (t) add.push({ email, source, receivedAt: now, effectiveAt: now, ...t });
  }
  return { add, lift };
}

/**
 * Records cookie choices made in the preference centre in the consent ledger (the banner's ledger), source
 * `preference-centre`, for the customer and/or the browser's visitor id. Returns undefined when there is
 * neither or nothing would change.
 *
 * @example
 * await recordCookieChoices(ctx, { customerId: "cus_10482" }, { granted: ["analytics"], denied: ["advertising"] }, meta);
 */
export async function recordCookieChoices(
  ctx: PreferenceContext,
  who: { customerId?: string | null; visitorId?: string | undefined },
  choices: { granted: string[]; denied: string[] },
  meta: RequestMeta,
): Promise<AppendResult | undefined> {
  if (!who.customerId && !who.visitorId) return undefined;
  const complete = completeChoices(ctx.consent.model, "save", choices.granted, choices.denied, "cookies");
  if ("error" in complete) throw complete.error;
  const receipt = pendingReceipt(
    {
      visitorId: who.visitorId as string,
      customerId: who.customerId ?? undefined,
      action: "save",
      source: "preference-centre",
      gpc: meta.gpc,
      dnt: meta.dnt,
      noticeVersion: ctx.consent.notice.version,
      configHash: ctx.consent.configFor(meta).configHash,
    },
    complete,
    meta,
  );
  return ctx.consent.writer.append([receipt], { requestHash: "preference-centre" });
}
