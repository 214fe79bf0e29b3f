import { type Kysely, sql } from "kysely";
import type { JobQueue } from "../jobs/job-queue.js";
import type { Logger } from "../log/create-logger.js";
import type { Database } from "../store/database.js";
import { WEBHOOK_JOB } from "./emit-event.js";
import { signWebhook } from "./sign-webhook.js";

export interface WebhookDeliveryOptions {
  db: Kysely<Database>;
  queue: JobQueue;
  logger: Logger;
  /** How long one request may take (default 10 s). */
  timeoutMs?: number;
  /** First retry delay (default 5 s), doubled per failed attempt up to `maxDelayMs` (default 1 h); never given up. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** How often due deliveries whose job was lost are looked for (default 30 s; 0 turns the sweep off). */
  sweepIntervalMs?: number;
  /** Delivered events older than this are deleted with their log (default 30 days). */
  retentionDays?: number;
  /** The clock used for `webhook-timestamp`. */
  now?: () => Date;
}

/** Delivery of webhook events; `stop()` ends the sweep (the queue's own `stop` ends its workers). */
export interface WebhookDelivery {
  /** Queues jobs for due streams (after a crash or a lost job); returns how many streams were queued. */
  sweep(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Delivers webhook events with Standard Webhooks signatures. A job delivers one (endpoint, subject) stream:
 * it takes a lease on the stream (one worker per stream across processes), posts the stream's pending
 * events oldest first, and stops at the first failure, which it records in the delivery log and schedules
 * again after an exponential backoff (with jitter). A later event of the same subject waits for the earlier
 * one, so each endpoint sees every subject's events in order. Nothing is given up: a sweep (at start and
 * periodically) re-queues due streams whose jobs were lost, e.g. when the process was killed.
 *
 * @example
 * const delivery = await startWebhookDelivery({ db, queue, logger });
 * await emitEvent({ db, queue }, { type: "suppression.created", subject: "suppression:ab12", data: {} });
 * await delivery.stop();
 */
export async function startWebhookDelivery(options: WebhookDeliveryOptions): Promise<WebhookDelivery> {
  const { db, queue, logger } = options;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const base = options.baseDelayMs ?? 5_000;
  const cap = options.maxDelayMs ?? 3_600_000;
  const leaseSeconds = Math.ceil(timeoutMs / 1000) + 20;
  const now = options.now ?? (() => new Date());

  const acquire = async (endpointId: string, subject: string) => {
    const row = await db
      .insertInto("webhook_streams")
      .values({
        endpoint_id: endpointId,
        subject,
        lease_until: sql<Date>`now() + make_interval(secs => ${leaseSeconds})`,
      })
      .onConflict((oc) =>
        oc
          .columns(["endpoint_id", "subject"])
          .doUpdateSet({ lease_until: (eb) => eb.ref("excluded.lease_until") })
          .where((eb) =>
            eb.or([
              eb("webhook_streams.lease_until", "is", null),
              eb("webhook_streams.lease_until", "<", sql<Date>`now()`),
            ]),
          ),
      )
      .returning("subject")
      .executeTakeFirst();
    return row !== undefined;
  };
  const release = (endpointId: string, subject: string) =>
    db
      .updateTable("webhook_streams")
      .set({ lease_until: null })
      .where("endpoint_id", "=", endpointId)
      .where("subject", "=", subject)
      .execute();
  const nextPending = (endpointId: string, subject: string) =>
    db
      .selectFrom("webhook_deliveries as d")
      .innerJoin("webhook_events as e", "e.id", "d.event_id")
      .select([
        "d.id",
        "d.event_id",
        "d.attempts",
        "d.next_attempt_at",
        sql<boolean>`d.next_attempt_at <= now()`.as("due"),
        "e.type",
        "e.data",
        "e.created_at",
      ])
      .where("d.endpoint_id", "=", endpointId)
      .where("d.subject", "=", subject)
      .where("d.status", "=", "pending")
      .orderBy("d.event_seq")
      .limit(1)
      .executeTakeFirst();

  /** Delivers the stream until it is empty, not due, or an attempt fails. */
  const deliverStream = async (endpointId: string, subject: string) => {
    if (!(await acquire(endpointId, subject))) return; // another worker has it
    for (;;) {
      const endpoint = await db
        .selectFrom("webhook_endpoints")
        .select(["url", "secret", "enabled"])
        .where("id", "=", endpointId)
        .executeTakeFirst();
      const next = endpoint?.enabled ? await nextPending(endpointId, subject) : undefined;
      if (!endpoint?.enabled || !next) {
        await release(endpointId, subject);
        // An event may have arrived while the lease was held; its job saw the stream busy.
        if (
          endpoint?.enabled &&
          (await nextPending(endpointId, subject)) &&
          (await acquire(endpointId, subject))
        )
          continue;
        return;
      }
      if (!next.due) {
        await release(endpointId, subject);
        await queue.send(
          WEBHOOK_JOB,
          { endpointId, subject },
          { startAfter: next.next_attempt_at, singletonKey: `${endpointId}:${subject}:${next.attempts}` },
        );
        return;
      }
      const body = JSON.stringify({
        type: next.type,
        timestamp: new Date(next.created_at).toISOString(),
        subject,
        data: next.data,
      });
      const headers = signWebhook({ secret: endpoint.secret, id: next.event_id, timestamp: now(), body });
      let status: number | null = null;
      let error: string | null = null;
      try {
        const res = await fetch(endpoint.url, {
          method: "POST",
          headers: { "content-type": "application/json", "user-agent": "Loupe-Webhooks/1", ...headers },
          body,
          redirect: "manual",
          signal: AbortSignal.timeout(timeoutMs),
        });
        status = res.status;
        await res.body?.cancel().catch(() => {});
        if (status < 200 || status > 299) error = `HTTP ${status}`;
      } catch (err) {
        const e = err as { name?: string; cause?: { code?: string } };
        error = e.name === "TimeoutError" ? "timeout" : (e.cause?.code ?? e.name ?? "network error");
      }
      if (error === null) {
        await db
          .updateTable("webhook_deliveries")
          .set({
            status: "delivered",
            attempts: next.attempts + 1,
            last_attempt_at: sql`now()`,
            delivered_at: sql`now()`,
            last_status: status,
            last_error: null,
          })
          .where("id", "=", next.id)
          .execute();
        await db
          .updateTable("webhook_streams")
          .set({ lease_until: sql`now() + make_interval(secs => ${leaseSeconds})` })
          .where("endpoint_id", "=", endpointId)
          .where("subject", "=", subject)
          .execute();
        continue;
      }
      const attempts = next.attempts + 1;
      const delay = Math.min(cap, base * 2 ** (attempts - 1)) * (0.8 + Math.random() * 0.4);
      const at = new Date(Date.now() + delay);
      await db
        .updateTable("webhook_deliveries")
        .set({
          attempts,
          last_attempt_at: sql`now()`,
          next_attempt_at: at,
          last_status: status,
          last_error: error,
        })
        .where("id", "=", next.id)
        .execute();
      await release(endpointId, subject);
      logger.warn({ delivery: next.id, attempt: attempts, reason: error }, "webhook not delivered");
      await queue.send(
        WEBHOOK_JOB,
        { endpointId, subject },
        { startAfter: at, singletonKey: `${endpointId}:${subject}:${attempts}` },
      );
      return;
    }
  };

  await queue.work(WEBHOOK_JOB, async (job) => {
    const { endpointId, subject } = job.data ?? {};
    if (typeof endpointId !== "string" || typeof subject !== "string") return;
    await deliverStream(endpointId, subject);
  });

  const retentionDays = options.retentionDays ?? 30;
  const sweep = async () => {
    const due = await db
      .selectFrom("webhook_deliveries as d")
      .innerJoin("webhook_endpoints as p", "p.id", "d.endpoint_id")
      .leftJoin("webhook_streams as s", (j) =>
        j.onRef("s.endpoint_id", "=", "d.endpoint_id").onRef("s.subject", "=", "d.subject"),
      )
      .select(["d.endpoint_id", "d.subject"])
      .distinct()
      .where("d.status", "=", "pending")
      .where("p.enabled", "=", true)
      .where("d.next_attempt_at", "<=", sql<Date>`now()`)
      .where((eb) => eb.or([eb("s.lease_until", "is", null), eb("s.lease_until", "<", sql<Date>`now()`)]))
      .limit(1000)
      .execute();
    for (const d of due) {
      await queue.send(
        WEBHOOK_JOB,
        { endpointId: d.endpoint_id, subject: d.subject },
        { singletonKey: `${d.endpoint_id}:${d.subject}:sweep` },
      );
    }
    await db
      .deleteFrom("webhook_events")
      .where("created_at", "<", sql<Date>`now() - make_interval(days => ${retentionDays})`)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("webhook_deliveries")
              .select("id")
              .whereRef("webhook_deliveries.event_id", "=", "webhook_events.id")
              .where("webhook_deliveries.status", "=", "pending"),
          ),
        ),
      )
      .execute();
    return due.length;
  };
  await sweep();
  const interval = options.sweepIntervalMs ?? 30_000;
  let running: Promise<unknown> = Promise.resolve();
  const timer =
    interval > 0
      ? setInterval(() => {
          running = sweep().catch((err: { code?: string }) =>
            logger.warn({ err: { code: err.code } }, "webhook sweep failed"),
          );
        }, interval)
      : undefined;
  timer?.unref();
  return {
    sweep,
    async stop() {
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
