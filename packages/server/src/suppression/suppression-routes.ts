import { Hono, type MiddlewareHandler } from "hono";
import { stream } from "hono/streaming";
import type { Kysely } from "kysely";
import { z } from "zod";
import { readJson, readParam } from "../http/read-json.js";
import type { JobQueue } from "../jobs/job-queue.js";
import type { Database } from "../store/database.js";
import { listSuppressionChanges, suppressionCsv } from "./list-suppression-changes.js";
import { CHANNELS, checkSuppressions, isSuppressed, recordSuppression } from "./record-suppression.js";

const Scope = z
  .string()
  .regex(/^(all|topic:[a-z0-9][a-z0-9._-]{0,63})$/, "must be 'all' or 'topic:<id>' (lower-case id)");
const identifier = z.string().min(1).max(500).optional();
const oneIdentifier = {
  message: "give at least one of email, phone or address",
  path: ["email"],
};

/** POST /api/v1/suppressions/check */
export const CheckSuppressionSchema = z
  .strictObject({
    email: identifier,
    phone: identifier,
    address: identifier,
    channel: z.enum(CHANNELS),
    scope: Scope.optional(),
  })
  .refine((v) => v.email !== undefined || v.phone !== undefined || v.address !== undefined, oneIdentifier);
/** POST /api/v1/suppressions/check-batch */
export const CheckBatchSchema = z.strictObject({ items: z.array(CheckSuppressionSchema).min(1).max(1000) });
/** POST /api/v1/suppressions: a request staff received by phone or post. */
export const LogRequestSchema = z
  .strictObject({
    email: identifier,
    phone: identifier,
    address: identifier,
    channel: z.enum(CHANNELS),
    scope: Scope.default("all"),
    source: z.enum(["phone-call", "postal"]),
    receivedAt: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((v) => v.email !== undefined || v.phone !== undefined || v.address !== undefined, oneIdentifier);
/** Query of the change feed and the CSV export. */
export const ChangesQuerySchema = z.object({
  after: z
    .string()
    .regex(/^\d{1,18}$/, "must be a cursor returned earlier (digits)")
    .default("0"),
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
});

/**
 * The suppression list's admin API (behind `admin` and `limited`): check one or a batch, read the changes
 * since a cursor as JSON or CSV, and log a request staff received by phone or post. Identifiers travel in
 * request bodies only, never in URLs (which end up in access logs).
 *
 * @example
 * app.route("/", suppressionRoutes({ db, queue, admin: apiKeyAuth(keyHash), limited }));
 */
export function suppressionRoutes(options: {
  db: Kysely<Database>;
  queue: JobQueue;
  admin: MiddlewareHandler;
  limited: MiddlewareHandler;
}): Hono {
  const { db, queue, admin, limited } = options;
  const app = new Hono();

  app.post("/api/v1/suppressions/check", admin, limited, async (c) => {
    const query = await readJson(c, CheckSuppressionSchema);
    c.header("Cache-Control", "no-store");
    return c.json({ suppressed: await isSuppressed(db, query) });
  });

  app.post("/api/v1/suppressions/check-batch", admin, limited, async (c) => {
    const { items } = await readJson(c, CheckBatchSchema);
    c.header("Cache-Control", "no-store");
    return c.json({ results: await checkSuppressions(db, items) });
  });

  app.get("/api/v1/suppressions", admin, limited, async (c) => {
    const q = readParam("query", c.req.query(), ChangesQuerySchema);
    c.header("Cache-Control", "no-store");
    return c.json(await listSuppressionChanges(db, q));
  });

  app.get("/api/v1/suppressions/export.csv", admin, limited, async (c) => {
    const { after } = readParam("query", c.req.query(), ChangesQuerySchema);
    c.header("Content-Type", "text/csv; charset=utf-8");
    c.header("Content-Disposition", 'attachment; filename="suppressions.csv"');
    c.header("Cache-Control", "no-store");
    return stream(c, async (s) => {
      for await (const chunk of suppressionCsv(db, { after })) await s.write(chunk);
    });
  });

  app.post("/api/v1/suppressions", admin, limited, async (c) => {
    const body = await readJson(c, LogRequestSchema);
    await recordSuppression(
      { db, queue },
      {
        ...body,
        scope: body.scope as "all" | `topic:${string}`,
        ...(body.receivedAt ? { receivedAt: new Date(body.receivedAt) } : {}),
      },
    );
    return c.json({ recorded: true }, 201);
  });

  return app;
}
