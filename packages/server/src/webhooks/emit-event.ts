import { randomBytes } from "node:crypto";
import { type Kysely, sql, type Transaction } from "kysely";
import { z } from "zod";
import { invalidRequest } from "../errors/http-errors.js";
import type { JobQueue } from "../jobs/job-queue.js";
import type { Database } from "../store/database.js";

/** The job that delivers one (endpoint, subject) stream (data: `{ endpointId, subject }`). */
export const WEBHOOK_JOB = "loupe.webhook.deliver";

/** What {@link emitEvent} needs. */
export interface EventContext {
  db: Kysely<Database>;
  queue: JobQueue;
}

/** An event for the webhook receivers. */
export const EventSchema = z.object({
  type: z
    .string()
    .regex(
      /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/,
      "must be dotted lower-case words, e.g. preference.changed",
    ),
  /** What the event is about (e.g. `customer:42`); events of one subject reach each endpoint in order. */
  subject: z.string().min(1).max(200),
  data: z.record(z.string(), z.unknown()),
});

export type WebhookEvent = z.input<typeof EventSchema>;

/**
 * Stores an event and one pending delivery per enabled endpoint that accepts its type, in one transaction
 * (or in the caller's, when `ctx.db` is one), together with their delivery jobs. Each endpoint receives the events
 * of one subject in the order they were emitted; deliveries are retried with backoff and survive restarts.
 * Throws a `LoupeError` (INVALID_REQUEST, naming the field) for an invalid event.
 *
 * @example
 * await emitEvent({ db, queue }, { type: "preference.changed", subject: "customer:42", data: { sms: false } });
 */
export async function emitEvent(ctx: EventContext, event: WebhookEvent): Promise<void> {
  const parsed = EventSchema.safeParse(event);
  if (!parsed.success) throw invalidRequest(parsed.error, "event");
  const e = parsed.data;
  const id = `msg_${randomBytes(16).toString("hex")}`;
  const write = async (trx: Kysely<Database> | Transaction<Database>) => {
    const { seq } = await trx
      .insertInto("webhook_events")
      .values({ id, type: e.type, subject: e.subject, data: JSON.stringify(e.data) })
      .returning("seq")
      .executeTakeFirstOrThrow();
    return trx
      .insertInto("webhook_deliveries")
      .columns(["event_id", "event_seq", "endpoint_id", "subject"])
      .expression((eb) =>
        eb
          .selectFrom("webhook_endpoints")
          .select([
            sql<string>`${id}::text`.as("event_id"),
            sql<string>`${seq}::bigint`.as("event_seq"),
            "id",
            sql<string>`${e.subject}::text`.as("subject"),
          ])
          .where("enabled", "=", true)
          .where((w) => w.or([w("types", "is", null), w(sql.val(e.type), "=", sql<string>`any(types)`)])),
      )
      .returning("endpoint_id")
      .execute();
  };
  const run = async (trx: Kysely<Database>) => {
    // The jobs are stored in the same transaction: the deliveries exist and are queued, or neither.
    for (const { endpoint_id } of await write(trx)) {
      await ctx.queue.send(
        WEBHOOK_JOB,
        { endpointId: endpoint_id, subject: e.subject },
        { retryLimit: 3, db: trx },
      );
    }
  };
  if (ctx.db.isTransaction) await run(ctx.db);
  else await ctx.db.transaction().execute(run);
}
