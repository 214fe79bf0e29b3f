import { Hono, type MiddlewareHandler } from "hono";
import type { Kysely } from "kysely";
import { z } from "zod";
import { readParam } from "../http/read-json.js";
import type { Database } from "../store/database.js";
import { listOutbox } from "./queue-mail.js";

/** Query of the outbox listing. */
export const OutboxQuerySchema = z.object({
  kind: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, "must be a mail kind such as verification-code")
    .optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
});

/** One outbox row as the admin API shows it. */
export const OutboxEntrySchema = z.object({
  id: z.string(),
  kind: z.string(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string().nullable(),
  status: z.enum(["queued", "sending", "sent", "kept", "failed"]),
  attempts: z.number(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});

/**
 * The mail outbox for the admin console (behind `admin` and `limited`): newest first, optionally one kind.
 *
 * @example
 * app.route("/", outboxRoutes({ db, admin, limited }));
 */
export function outboxRoutes(options: {
  db: Kysely<Database>;
  admin: MiddlewareHandler;
  limited: MiddlewareHandler;
}): Hono {
  const { db, admin, limited } = options;
  const app = new Hono();
  app.get("/api/v1/mail/outbox", admin, limited, async (c) => {
    const q = readParam("query", c.req.query(), OutboxQuerySchema);
    const rows = await listOutbox(db, { limit: q.limit, ...(q.kind ? { kind: q.kind } : {}) });
    c.header("Cache-Control", "no-store");
    return c.json({
      mail: rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        to: r.to_address,
        subject: r.subject,
        text: r.text_body,
        html: r.html_body,
        status: r.status,
        attempts: r.attempts,
        lastError: r.last_error,
        createdAt: new Date(r.created_at).toISOString(),
        sentAt: r.sent_at ? new Date(r.sent_at).toISOString() : null,
      })),
    });
  });
  return app;
}
