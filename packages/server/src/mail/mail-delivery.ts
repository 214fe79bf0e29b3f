import { type Kysely, sql } from "kysely";
import nodemailer from "nodemailer";
import type { JobQueue } from "../jobs/job-queue.js";
import type { Logger } from "../log/create-logger.js";
import type { Database } from "../store/database.js";
import { MAIL_JOB } from "./queue-mail.js";

/** Something that sends one message (a nodemailer transport). */
export interface MailTransport {
  sendMail(message: {
    from: string;
    to: string;
    subject: string;
    text: string;
    html?: string;
    headers: Record<string, string>;
    messageId: string;
  }): Promise<unknown>;
}

export interface MailDeliveryOptions {
  db: Kysely<Database>;
  queue: JobQueue;
  logger: Logger;
  /** `smtp://` or `smtps://` URL; without it (and without `transport`) mail is kept in the outbox only. */
  smtpUrl?: string | undefined;
  /** A transport to use instead of `smtpUrl`. */
  transport?: MailTransport;
  /** The `From` address. */
  from: string;
  /** Attempts before a mail is marked failed (default 8). */
  maxAttempts?: number;
  /** First retry delay (default 30 s), doubled per attempt up to `maxDelayMs` (default 1 h). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** How often queued mail whose job was lost is looked for (default 30 s; 0 turns the sweep off). */
  sweepIntervalMs?: number;
}

/** Delivery of the outbox; `stop()` ends the sweep (the queue's own `stop` ends its workers). */
export interface MailDelivery {
  /** Queues jobs for due mail that has none (after a crash); returns how many were queued. */
  sweep(): Promise<number>;
  stop(): Promise<void>;
}

const LEASE_SECONDS = 120;

/**
 * Delivers the mail outbox through SMTP: each job claims its row with a lease (so a repeated or duplicated
 * job sends nothing twice while the first is running), sends it with `Message-ID: <id@loupe.outbox>` (so
 * receivers can drop a duplicate after a crash between sending and recording), and records the result.
 * A failed attempt is retried with exponential backoff; a periodic sweep re-queues due mail whose job was
 * lost. Without SMTP, mail is marked `kept`: the outbox is where it is read.
 *
 * @example
 * const delivery = await startMailDelivery({ db, queue, logger, smtpUrl: config.smtpUrl, from: config.mailFrom });
 * await delivery.stop();
 */
export async function startMailDelivery(options: MailDeliveryOptions): Promise<MailDelivery> {
  const { db, queue, logger } = options;
  const transport: MailTransport | undefined =
    options.transport ?? (options.smtpUrl ? nodemailer.createTransport(options.smtpUrl) : undefined);
  const maxAttempts = options.maxAttempts ?? 8;
  const base = options.baseDelayMs ?? 30_000;
  const cap = options.maxDelayMs ?? 3_600_000;

  await queue.work(MAIL_JOB, async (job) => {
    const id = String(job.data?.id ?? "");
    if (!/^[0-9a-f-]{36}$/.test(id)) return;
    const row = await db
      .updateTable("mail_outbox")
      .set({
        status: "sending",
        attempts: sql`attempts + 1`,
        lease_until: sql`now() + make_interval(secs => ${LEASE_SECONDS})`,
      })
      .where("id", "=", id)
      .where((eb) =>
        eb.or([
          eb("status", "=", "queued"),
          eb.and([eb("status", "=", "sending"), eb("lease_until", "<", sql<Date>`now()`)]),
        ]),
      )
      .returningAll()
      .executeTakeFirst();
    if (!row) return; // sent, kept, failed, or being sent by another worker
    if (!transport) {
      await db
        .updateTable("mail_outbox")
        .set({ status: "kept", lease_until: null })
        .where("id", "=", id)
        .execute();
      return;
    }
    try {
      await transport.sendMail({
        from: options.from,
        to: row.to_address,
        subject: row.subject,
        text: row.text_body,
        ...(row.html_body ? { html: row.html_body } : {}),
        headers: row.headers,
        messageId: `<${row.id}@loupe.outbox>`,
      });
    } catch (err) {
      // SMTP replies may quote the address: keep the reply code and the error kind only.
      const e = err as { code?: string; responseCode?: number; name?: string };
      const reason = [e.code, e.responseCode].filter(Boolean).join(" ") || e.name || "error";
      const last = row.attempts >= maxAttempts;
      const delay = Math.min(cap, base * 2 ** (row.attempts - 1));
      const next = new Date(Date.now() + delay);
      await db
        .updateTable("mail_outbox")
        .set({
          status: last ? "failed" : "queued",
          last_error: reason,
          lease_until: null,
          next_attempt_at: next,
        })
        .where("id", "=", id)
        .execute();
      logger.warn({ mail: id, kind: row.kind, attempt: row.attempts, reason }, "mail not delivered");
      if (!last) await queue.send(MAIL_JOB, { id }, { startAfter: next, retryLimit: 3 });
      return;
    }
    await db
      .updateTable("mail_outbox")
      .set({ status: "sent", sent_at: sql`now()`, lease_until: null, last_error: null })
      .where("id", "=", id)
      .execute();
    logger.info({ mail: id, kind: row.kind }, "mail sent");
  });

  const sweep = async () => {
    const due = await db
      .selectFrom("mail_outbox")
      .select("id")
      .where((eb) =>
        eb.or([
          eb.and([eb("status", "=", "queued"), eb("next_attempt_at", "<=", sql<Date>`now()`)]),
          eb.and([eb("status", "=", "sending"), eb("lease_until", "<", sql<Date>`now()`)]),
        ]),
      )
      .orderBy("next_attempt_at")
      .limit(500)
      .execute();
    for (const { id } of due) await queue.send(MAIL_JOB, { id }, { singletonKey: id, retryLimit: 3 });
    return due.length;
  };
  await sweep();
  const interval = options.sweepIntervalMs ?? 30_000;
  let running: Promise<unknown> = Promise.resolve();
  const timer =
    interval > 0
      ? setInterval(() => {
          running = sweep().catch((err: { code?: string }) =>
            logger.warn({ err: { code: err.code } }, "mail sweep failed"),
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
