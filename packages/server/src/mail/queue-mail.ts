import { randomUUID } from "node:crypto";
import type { Kysely, Selectable } from "kysely";
import { z } from "zod";
import { invalidRequest } from "../errors/http-errors.js";
import type { MailOutboxTable } from "../jobs/delivery-tables.js";
import type { JobQueue } from "../jobs/job-queue.js";
import type { Database } from "../store/database.js";

/** The job that delivers one outbox row (data: `{ id }`). */
export const MAIL_JOB = "loupe.mail.deliver";

/** A stored outgoing e-mail. */
export type OutboxRow = Selectable<MailOutboxTable>;

/** What {@link queueMail} needs. */
export interface MailContext {
  db: Kysely<Database>;
  queue: JobQueue;
}

const noLineBreak = (what: string) =>
  z.string().refine((v) => !/[\r\n]/.test(v), `${what} must not contain line breaks`);

/** An e-mail to send. Validated: one address, no line breaks in the subject or header values. */
export const OutgoingMailSchema = z.object({
  to: z.email("must be one e-mail address").max(254),
  subject: noLineBreak("the subject").pipe(z.string().min(1).max(998)),
  text: z.string().max(1_000_000),
  html: z.string().max(2_000_000).optional(),
  kind: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, "must be 1–64 lower-case letters, digits, '.', '_' or '-'"),
  headers: z
    .record(
      z.string().regex(/^[A-Za-z0-9-]{1,76}$/, "header names are letters, digits and '-'"),
      noLineBreak("a header value").pipe(z.string().max(2000)),
    )
    .refine(
      (h) =>
        !Object.keys(h).some((k) =>
          ["from", "to", "cc", "bcc", "subject", "message-id", "date"].includes(k.toLowerCase()),
        ),
      "From, To, Cc, Bcc, Subject, Message-ID and Date are set by the server",
    )
    .optional(),
});

export type OutgoingMail = z.input<typeof OutgoingMailSchema>;

/**
 * Stores an e-mail in the outbox and its delivery job in one transaction (or in the caller's, when `ctx.db`
 * is one): committed before this resolves, so the mail survives a restart; without SMTP (`LOUPE_SMTP_URL`) it stays in the outbox with status `kept`.
 * Throws a `LoupeError` (INVALID_REQUEST, naming the field) for an invalid mail.
 *
 * @example
 * const { id } = await queueMail(
 *   { db: app.store.db, queue: app.queue },
 *   { to: "ada@example.com", subject: "Your code", text: "123456", kind: "verification-code" },
 * );
 */
export async function queueMail(ctx: MailContext, mail: OutgoingMail): Promise<{ id: string }> {
  const parsed = OutgoingMailSchema.safeParse(mail);
  if (!parsed.success) throw invalidRequest(parsed.error, "mail");
  const m = parsed.data;
  const id = randomUUID();
  const write = async (trx: Kysely<Database>) => {
    await trx
      .insertInto("mail_outbox")
      .values({
        id,
        kind: m.kind,
        to_address: m.to,
        subject: m.subject,
        text_body: m.text,
        html_body: m.html ?? null,
        headers: JSON.stringify(m.headers ?? {}),
      })
      .execute();
    // The job is stored in the same transaction (the caller's, when `ctx.db` is one).
    await ctx.queue.send(MAIL_JOB, { id }, { retryLimit: 3, db: trx });
  };
  if (ctx.db.isTransaction) await write(ctx.db);
  else await ctx.db.transaction().execute(write);
  return { id };
}

/**
 * The newest outbox rows first (the admin console shows them), optionally of one kind or recipient.
 *
 * @example
 * const [latest] = await listOutbox(db, { limit: 1 });
 * latest?.status; // "sent"
 */
export async function listOutbox(
  db: Kysely<Database>,
  options: { limit?: number; kind?: string; to?: string } = {},
): Promise<OutboxRow[]> {
  let q = db.selectFrom("mail_outbox").selectAll();
  if (options.kind) q = q.where("kind", "=", options.kind);
  if (options.to) q = q.where("to_address", "=", options.to);
  return q
    .orderBy("created_at", "desc")
    .orderBy("id")
    .limit(Math.min(Math.max(options.limit ?? 50, 1), 1000))
    .execute();
}
