import { REQUEST_KINDS } from "@loupe/core";
import { Hono } from "hono";
import { z } from "zod";
import { loupeError } from "../errors/http-errors.js";
import { apiKeyAuth } from "../http/api-key-auth.js";
import { readJson, readParam } from "../http/read-json.js";
import { approveRequest } from "./approve-request.js";
import { completeTask } from "./complete-task.js";
import { createRequest } from "./create-request.js";
import { DENIAL_TEMPLATES } from "./denial-templates.js";
import { denyRequest } from "./deny-request.js";
import { extendRequest } from "./extend-request.js";
import { getRequest } from "./get-request.js";
import { listRequests } from "./list-requests.js";
import { purgeRequests } from "./purge-requests.js";
import { DENIAL_BASES, REQUEST_STATUSES, RESIDENCES } from "./request-model.js";
import type { RightsContext } from "./rights-context.js";

const RequestIdSchema = z.string().regex(/^req_[A-Za-z0-9_-]{22}$/, "must be a request id such as req_…");
const TaskIdSchema = z.string().regex(/^[\w.:-]{1,100}$/, "must be a task id");
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a day such as 2026-05-31");
const Actor = z.string().min(1).max(100).default("staff");

export const ListQuerySchema = z.object({
  status: z.enum(REQUEST_STATUSES).optional(),
  open: z.enum(["true", "false"]).optional(),
  dueBefore: Day.optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  offset: z.coerce.number().int().min(0).max(1_000_000).optional(),
});
export const DenyBodySchema = z.strictObject({
  basis: z.enum([...DENIAL_BASES, "duplicate"]),
  note: z.string().max(2000).optional(),
  actor: Actor,
});
export const ExtendBodySchema = z.strictObject({
  reason: z.string().trim().min(1, "give the reason told to the requester").max(1000),
  until: Day.optional(),
  actor: Actor,
});
export const ApproveBodySchema = z.strictObject({ actor: Actor });
export const CompleteTaskBodySchema = z.strictObject({
  note: z.string().trim().min(1, "say what was done").max(2000),
  outcome: z
    .strictObject({
      action: z.enum(["erased", "kept", "corrected", "read", "none"]),
      rows: z.number().int().min(0).max(1e9),
      reason: z.string().max(500).optional(),
    })
    .optional(),
  actor: Actor,
});
export const IntakeBodySchema = z.strictObject({
  kind: z.enum(REQUEST_KINDS),
  email: z.email().max(254).optional(),
  residence: z.enum(Object.keys(RESIDENCES) as [keyof typeof RESIDENCES]),
  language: z.enum(["en", "es"]).default("en"),
  channel: z.enum(["email", "toll_free_phone", "mail", "in_person"]),
  note: z.string().max(2000).optional(),
  under13: z.boolean().optional(),
});

/**
 * The staff API under `/api/v1/rights` (bearer API key): requests by due day, one request with its timeline,
 * approve, deny with a template basis, extend with a reason, complete a manual task, record a request that
 * came by mail or phone, the denial templates, and the retention purge.
 *
 * @example
 * app.route("/", requestRoutes(rights.ctx, config.apiKeyHash));
 */
export function requestRoutes(ctx: RightsContext, apiKeyHash: Buffer | undefined): Hono {
  const app = new Hono();
  app.use("/api/v1/rights/*", apiKeyAuth(apiKeyHash));
  app.use("/api/v1/rights/*", async (c, next) => {
    await next();
    c.header("Cache-Control", "no-store");
  });
  const id = (raw: string) => readParam("id", raw, RequestIdSchema);

  app.get("/api/v1/rights/requests", async (c) => {
    const q = readParam("query", c.req.query(), ListQuerySchema);
    return c.json(
      await listRequests(ctx, {
        status: q.status,
        open: q.open === undefined ? undefined : q.open === "true",
        dueBefore: q.dueBefore,
        limit: q.limit,
        offset: q.offset,
      }),
    );
  });

  app.post("/api/v1/rights/requests", async (c) => {
    const body = await readJson(c, IntakeBodySchema);
    const created = await createRequest(ctx, { ...body, channel: body.channel });
    return c.json({ id: created.id, status: created.status, verification: created.verification }, 201);
  });

  app.get("/api/v1/rights/requests/:id", async (c) => {
    const r = await getRequest(ctx.db, id(c.req.param("id")), ctx.now());
    if (!r) throw loupeError("NOT_FOUND", "no such request");
    return c.json(r);
  });

  app.post("/api/v1/rights/requests/:id/approve", async (c) => {
    const requestId = id(c.req.param("id"));
    const body = await readJson(c, ApproveBodySchema);
    await approveRequest(ctx, requestId, body);
    return c.json(await getRequest(ctx.db, requestId, ctx.now()));
  });

  app.post("/api/v1/rights/requests/:id/deny", async (c) => {
    const requestId = id(c.req.param("id"));
    const body = await readJson(c, DenyBodySchema);
    await denyRequest(ctx, requestId, body);
    return c.json(await getRequest(ctx.db, requestId, ctx.now()));
  });

  app.post("/api/v1/rights/requests/:id/extend", async (c) => {
    const requestId = id(c.req.param("id"));
    const body = await readJson(c, ExtendBodySchema);
    await extendRequest(ctx, requestId, body);
    return c.json(await getRequest(ctx.db, requestId, ctx.now()));
  });

  app.post("/api/v1/rights/requests/:id/tasks/:task/complete", async (c) => {
    const requestId = id(c.req.param("id"));
    const task = readParam("task", c.req.param("task"), TaskIdSchema);
    const body = await readJson(c, CompleteTaskBodySchema);
    await completeTask(ctx, requestId, task, body);
    return c.json(await getRequest(ctx.db, requestId, ctx.now()));
  });

  app.get("/api/v1/rights/denial-templates", (c) => c.json({ templates: DENIAL_TEMPLATES }));

  app.post("/api/v1/rights/purge", async (c) => c.json(await purgeRequests(ctx)));

  return app;
}
