import { LoupeError } from "@loupe/core";
import { CompiledQuery, type Kysely, sql } from "kysely";
import PgBoss from "pg-boss";
import type { Logger } from "../log/create-logger.js";
import type { Store } from "../store/open-store.js";

/** The PostgreSQL schema that holds the queue's tables (created by pg-boss on start). */
export const JOB_SCHEMA = "loupe_jobs";

/** Options of one job. */
export interface SendOptions {
  /** At most one unfinished job (queued, waiting for a retry, or running) per name and key; else `send` returns null. */
  singletonKey?: string;
  /** Not before this time. */
  startAfter?: Date;
  /** Retries after a failed run (default 5), with exponential backoff from `retryDelaySeconds`. */
  retryLimit?: number;
  /** First retry delay in seconds (default 2), doubled on each retry. */
  retryDelaySeconds?: number;
  /** A running job whose worker stops answering (e.g. a killed process) is failed and retried after this (default 900). */
  expireInSeconds?: number;
  /**
   * A Kysely transaction to store the job in: the job then exists only if that transaction commits. Needed
   * when sending from inside a transaction on PGlite, whose one connection the transaction holds.
   */
  // biome-ignore lint/suspicious/noExplicitAny: any schema
  db?: Kysely<any>;
}

/** A job as a handler receives it. */
export interface Job {
  id: string;
  // biome-ignore lint/suspicious/noExplicitAny: the payload is whatever the sender put in
  data: any;
}

/** A durable job queue in the server's own store (PGlite or PostgreSQL). */
export interface JobQueue {
  /** Queues a job; resolves with its id once it is stored, or null when `singletonKey` is already queued. */
  send(name: string, data: object, options?: SendOptions): Promise<string | null>;
  /** Runs `handler` for every job of `name`, one at a time in this process; a thrown error fails the run and schedules a retry. */
  work(name: string, handler: (job: Job) => Promise<void>): Promise<void>;
  /** Stops fetching, waits for running handlers (up to 30 s), and leaves the store open. */
  stop(): Promise<void>;
}

export interface JobQueueOptions {
  store: Store;
  logger: Logger;
  /** How often an idle worker looks for jobs, in seconds (default 1, at least 0.5). */
  pollingIntervalSeconds?: number;
}

const NAME = /^[a-z0-9][a-z0-9._-]{0,99}$/;

/**
 * Starts pg-boss 10 in the server's own store: on PostgreSQL and on the embedded PGlite alike, every statement
 * goes through the store's Kysely pool (which sends several statements without parameters to PGlite's `exec`),
 * so the queue shares the store's connections and, on PGlite, its one session. Jobs survive restarts: a job
 * is committed before `send` resolves, retried with exponential backoff when its handler throws, and failed
 * and retried when its worker disappears for longer than `expireInSeconds`.
 *
 * @example
 * const queue = await startJobQueue({ store, logger });
 * await queue.work("report.build", async (job) => buildReport(job.data.id));
 * await queue.send("report.build", { id: "r1" }, { singletonKey: "r1" });
 * await queue.stop();
 */
export async function startJobQueue(options: JobQueueOptions): Promise<JobQueue> {
  const { store, logger } = options;
  const db = store.db as unknown as Kysely<unknown>;
  const executor = (conn: Kysely<unknown>) => ({
    async executeSql(text: string, values?: unknown[]) {
      const result = await conn.executeQuery(CompiledQuery.raw(text, values ?? []));
      return { rows: result.rows as unknown[], rowCount: result.rows.length };
    },
  });
  const boss = new PgBoss({
    db: executor(db),
    schema: JOB_SCHEMA,
    schedule: false,
  } as PgBoss.ConstructorOptions);
  // Errors of the polling loop carry SQL text only; job payloads never reach the log.
  boss.on("error", (err: Error & { code?: string }) =>
    logger.warn({ err: { name: err.name, code: err.code } }, "job queue error"),
  );
  try {
    await boss.start();
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new LoupeError("INTERNAL", `the job queue could not start: ${reason}`);
  }

  const polling = Math.max(0.5, options.pollingIntervalSeconds ?? 1);
  const queues = new Map<string, Promise<void>>();
  const ensureQueue = async (name: string, trx?: Kysely<unknown>) => {
    if (!NAME.test(name)) {
      throw new LoupeError(
        "INTERNAL",
        `job name '${name}' must be 1–100 lower-case letters, digits, '.', '_' or '-'`,
      );
    }
    if (trx && !queues.has(name)) {
      // Inside the caller's transaction, through its connection: the pool may have no other one (PGlite).
      const known = await sql`select 1 from ${sql.table(`${JOB_SCHEMA}.queue`)} where name = ${name}`.execute(
        trx,
      );
      if (known.rows.length === 0)
        await sql`select ${sql.raw(JOB_SCHEMA)}.create_queue(${name}, ${JSON.stringify({ policy: "standard" })}::json)`.execute(
          trx,
        );
      return;
    }
    let ready = queues.get(name);
    if (!ready) {
      ready = (async () => {
        if (await boss.getQueue(name)) return;
        try {
          await boss.createQueue(name, { name, policy: "standard" });
        } catch (err) {
          // Another process created it at the same moment.
          if (!(await boss.getQueue(name))) throw err;
        }
      })();
      ready.catch(() => queues.delete(name));
      queues.set(name, ready);
    }
    return ready;
  };
  let stopped = false;

  return {
    async send(name, data, opts = {}) {
      if (stopped) throw new LoupeError("UNAVAILABLE", "the job queue is stopped");
      const trx = opts.db as Kysely<unknown> | undefined;
      await ensureQueue(name, trx);
      const jobOptions: PgBoss.SendOptions = {
        retryLimit: opts.retryLimit ?? 5,
        retryDelay: opts.retryDelaySeconds ?? 2,
        retryBackoff: true,
        expireInSeconds: opts.expireInSeconds ?? 900,
        ...(opts.startAfter ? { startAfter: opts.startAfter } : {}),
      };
      const key = opts.singletonKey;
      if (key === undefined)
        return boss.send(name, data, trx ? { ...jobOptions, db: executor(trx) } : jobOptions);
      // One unfinished job per key: checked and inserted in one transaction under a lock on (name, key).
      const once = async (t: Kysely<unknown>) => {
        await sql`select pg_advisory_xact_lock(hashtext(${name}), hashtext(${key}))`.execute(t);
        const existing = await sql<{ id: string }>`
          select id from ${sql.table(`${JOB_SCHEMA}.job`)}
          where name = ${name} and singleton_key = ${key} and state in ('created', 'retry', 'active')
          limit 1`.execute(t);
        if (existing.rows.length > 0) return null;
        return boss.send(name, data, { ...jobOptions, singletonKey: key, db: executor(t) });
      };
      return trx?.isTransaction ? once(trx) : (trx ?? db).transaction().execute(once);
    },
    async work(name, handler) {
      await ensureQueue(name);
      await boss.work(name, { pollingIntervalSeconds: polling, batchSize: 1 }, async (jobs) => {
        for (const job of jobs) {
          try {
            await handler({ id: job.id, data: job.data });
          } catch (err) {
            const e = err as { name?: string; code?: string };
            logger.warn({ job: name, id: job.id, err: { name: e.name, code: e.code } }, "job failed");
            throw err;
          }
        }
      });
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await boss.stop({ graceful: true, wait: true, close: false, timeout: 30_000 });
    },
  };
}
