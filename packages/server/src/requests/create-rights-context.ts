import { randomBytes } from "node:crypto";
import { type HolidayCalendar, type LoadedMap, type RequestKind, SOURCES } from "@loupe/core";
import { sql } from "kysely";
import type { JobQueue } from "../jobs/job-queue.js";
import type { Logger } from "../log/create-logger.js";
import type { LoupeDb } from "../store/database.js";
import { purgeRequests } from "./purge-requests.js";
import type {
  CategoriesAnswer,
  ExecuteFn,
  LookupFn,
  RightsContext,
  RightsMail,
  VerifyLoginFn,
} from "./rights-context.js";
import { deriveRightsKeys } from "./rights-crypto.js";
import { type RightsDb, rightsDb } from "./rights-tables.js";
import { runRequest } from "./run-request.js";

/** The job that executes a verified request. */
export const EXECUTE_JOB = "rights.execute";
/** The daily purge of the workflow's own records (see {@link purgeRequests}). */
export const PURGE_JOB = "rights.purge";
const DAY_MS = 24 * 3600 * 1000;

export interface RightsOptions {
  db: LoupeDb;
  map: LoadedMap;
  logger: Logger;
  publicUrl: string;
  sendMail: (mail: RightsMail) => Promise<void>;
  /** The secret keying codes, tokens and sealed files (`LOUPE_RIGHTS_SECRET`); one is generated and kept in the store when absent. */
  secret?: string | undefined;
  /** The durable queue; without one, requests run in this process and are resumed on the next start. */
  queue?: JobQueue | undefined;
  /** Several processes share the store (PostgreSQL): one run per request at a time, under an advisory lock. */
  exclusiveRuns?: boolean | undefined;
  execute?: ExecuteFn | undefined;
  lookup?: LookupFn | undefined;
  verifyLogin?: VerifyLoginFn | undefined;
  applyOptOut?: RightsContext["applyOptOut"];
  holidays?: HolidayCalendar | undefined;
  approvalKinds?: readonly RequestKind[] | undefined;
  now?: (() => Date) | undefined;
}

/** The rights context and how to stop what it started. */
export interface RightsRuntime {
  ctx: RightsContext;
  /** Starts working queued requests (and resumes those a stopped process left in progress). */
  start(): Promise<void>;
  /** Waits for requests running in this process (without a queue). */
  idle(): Promise<void>;
}

/**
 * Builds the rights workflow's context from the data map and the server's parts: keys from the secret, the
 * categories answer and the consequences of deletion from the map, and a runner — the durable job queue
 * when there is one (a killed worker's job is retried after restart), else in-process with a resume sweep at
 * start.
 *
 * @example
 * const rights = await createRightsContext({ db: store.db, map: loaded, logger, publicUrl, sendMail, queue: app.queue });
 * await rights.start();
 */
export async function createRightsContext(o: RightsOptions): Promise<RightsRuntime> {
  const db = rightsDb(o.db);
  const secret = o.secret ?? (await storedSecret(db));
  const running = new Set<Promise<unknown>>();
  const ctx: RightsContext = {
    db,
    keys: deriveRightsKeys(secret),
    now: o.now ?? (() => new Date()),
    logger: o.logger,
    publicUrl: o.publicUrl.replace(/\/+$/, ""),
    organization: { name: o.map.map.organization.name, email: o.map.map.organization.contact?.email },
    sendMail: o.sendMail,
    async schedule(requestId) {
      if (o.queue) {
        await o.queue.send(
          EXECUTE_JOB,
          { requestId },
          { singletonKey: requestId, retryLimit: 5, expireInSeconds: 300 },
        );
        return;
      }
      const p = run(requestId)
        .catch((err: Error & { code?: string }) =>
          o.logger.error({ err: { name: err.name, code: err.code } }, "rights request execution failed"),
        )
        .finally(() => running.delete(p));
      running.add(p);
    },
    execute: o.execute,
    lookup: o.lookup,
    verifyLogin: o.verifyLogin,
    applyOptOut: o.applyOptOut,
    holidays: o.holidays ?? {},
    approvalKinds: new Set(o.approvalKinds ?? []),
    deletionConsequences: deletionConsequences(o.map),
    categoriesAnswer: categoriesAnswer(o.map),
  };
  /**
   * Runs a request; with several processes, under a session advisory lock so that one process at a time runs it.
   * A killed process's connections close, which frees its locks at once: a restarted one can resume at once.
   */
  const run = async (requestId: string) => {
    if (!o.exclusiveRuns) return runRequest(ctx, requestId);
    return o.db.connection().execute(async (conn) => {
      const got = await sql<{
        ok: boolean;
      }>`select pg_try_advisory_lock(hashtext('loupe-rights'), hashtext(${requestId})) as ok`.execute(conn);
      if (!got.rows[0]?.ok) return "skipped" as const;
      try {
        return await runRequest(ctx, requestId);
      } finally {
        await sql`select pg_advisory_unlock(hashtext('loupe-rights'), hashtext(${requestId}))`.execute(conn);
      }
    });
  };
  const boot = randomBytes(6).toString("hex");
  return {
    ctx,
    async start() {
      if (o.queue) {
        const queue = o.queue;
        await queue.work(EXECUTE_JOB, async (job) => void (await run(String(job.data.requestId))));
        // Once a day: request records 24 months after their answer, old packages and verification data.
        // The job's key names its day, so processes starting together book it once; a restart after the day's
        // run books it again, which only purges what became due since.
        const purgeOn = (at: Date) =>
          queue.send(
            PURGE_JOB,
            {},
            { singletonKey: `purge:${at.toISOString().slice(0, 10)}`, startAfter: at },
          );
        await queue.work(PURGE_JOB, async () => {
          const removed = await purgeRequests(ctx);
          o.logger.info(removed, "rights records purged");
          await purgeOn(new Date(ctx.now().getTime() + DAY_MS));
        });
        await purgeOn(ctx.now());
      }
      // Requests left in progress by a stopped process are queued again at once (a job of a killed worker stays
      // "active" until it expires; the lock above keeps a live worker's run from being doubled).
      const stranded = await db
        .selectFrom("rights_requests")
        .select("id")
        .where("status", "in", ["in_progress", "extended"])
        .execute();
      for (const r of stranded) {
        if (o.queue)
          await o.queue.send(
            EXECUTE_JOB,
            { requestId: r.id },
            { singletonKey: `${r.id}:resume:${boot}`, retryLimit: 5, expireInSeconds: 300 },
          );
        else await ctx.schedule(r.id);
      }
    },
    async idle() {
      while (running.size) await Promise.allSettled([...running]);
    },
  };
}

async function storedSecret(db: RightsDb): Promise<string> {
  await db
    .insertInto("rights_settings")
    .values({ key: "secret", value: randomBytes(32).toString("base64url") })
    .onConflict((oc) => oc.column("key").doNothing())
    .execute();
  const row = await db
    .selectFrom("rights_settings")
    .select("value")
    .where("key", "=", "secret")
    .executeTakeFirstOrThrow();
  return row.value;
}

/**
 * What deleting a person's data ends or leaves, from the map: each programme's `ends_on_erasure` text and
 * each hold's reason.
 *
 * @example
 * deletionConsequences(loaded); // ["Once your personal information is removed, we can no longer warranty…", …]
 */
export function deletionConsequences(loaded: LoadedMap): string[] {
  const out = new Set<string>();
  for (const p of loaded.map.programmes) if (p.ends_on_erasure) out.add(p.ends_on_erasure);
  for (const t of loaded.map.touchpoints) for (const c of t.consequences) if (c.programme) out.add(c.text);
  const holds = new Set<string>();
  for (const s of loaded.map.systems ?? [])
    for (const table of Object.values(
      (s as { tables?: Record<string, { holds?: { reason: string }[] }> }).tables ?? {},
    ))
      for (const h of table.holds ?? []) holds.add(h.reason);
  return [...out, ...[...holds].map((r) => `Kept: ${r}`)];
}

/**
 * The answer to a request to know categories, from the map: categories collected (taxonomy labels), sources,
 * purposes and recipients.
 *
 * @example
 * categoriesAnswer(loaded).categories; // ["Name", "E-mail address", …]
 */
export function categoriesAnswer(loaded: LoadedMap): CategoriesAnswer {
  const categories = new Set<string>();
  const sources = new Set<string>();
  const purposes = new Set<string>();
  for (const t of loaded.map.touchpoints) {
    for (const c of t.collects) {
      const key = typeof c === "string" ? c : c.category;
      categories.add(loaded.taxonomy.category(key)?.label ?? key);
    }
    for (const s of t.sources) sources.add(SOURCES[s] ?? s);
    for (const p of t.purposes) purposes.add(p.text);
  }
  return {
    categories: [...categories],
    sources: [...sources],
    purposes: [...purposes],
    recipients: loaded.map.recipients.map((r) => r.title),
  };
}
