import { Hono, type MiddlewareHandler } from "hono";
import type { Kysely } from "kysely";
import { z } from "zod";
import { readJson, readParam } from "../http/read-json.js";
import type { Database } from "../store/database.js";
import {
  CreateEndpointSchema,
  createEndpoint,
  listDeliveries,
  listEndpoints,
  setEndpointEnabled,
} from "./webhook-endpoints.js";

const EndpointId = z.uuid("must be an endpoint id");
/** PATCH /api/v1/webhooks/endpoints/{id} */
export const UpdateEndpointSchema = z.strictObject({ enabled: z.boolean() });
/** Query of the delivery log. */
export const DeliveriesQuerySchema = z.object({
  endpoint: EndpointId.optional(),
  status: z.enum(["pending", "delivered"]).optional(),
  before: z
    .string()
    .regex(/^\d{1,18}$/, "must be a cursor returned earlier (digits)")
    .optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/**
 * The webhook admin API (behind `admin` and `limited`): register endpoints (the `whsec_` secret is returned
 * once), list them, turn them off and on, and read the delivery log.
 *
 * @example
 * app.route("/", webhookRoutes({ db, admin, limited }));
 */
export function webhookRoutes(options: {
  db: Kysely<Database>;
  admin: MiddlewareHandler;
  limited: MiddlewareHandler;
}): Hono {
  const { db, admin, limited } = options;
  const app = new Hono();

  app.post("/api/v1/webhooks/endpoints", admin, limited, async (c) => {
    const body = await readJson(c, CreateEndpointSchema);
    c.header("Cache-Control", "no-store");
    return c.json(await createEndpoint(db, body), 201);
  });

  app.get("/api/v1/webhooks/endpoints", admin, limited, async (c) =>
    c.json({ endpoints: await listEndpoints(db) }),
  );

  app.patch("/api/v1/webhooks/endpoints/:id", admin, limited, async (c) => {
    const id = readParam("id", c.req.param("id"), EndpointId);
    const body = await readJson(c, UpdateEndpointSchema);
    return c.json(await setEndpointEnabled(db, id, body.enabled));
  });

  app.get("/api/v1/webhooks/deliveries", admin, limited, async (c) => {
    const q = readParam("query", c.req.query(), DeliveriesQuerySchema);
    return c.json(
      await listDeliveries(db, {
        limit: q.limit,
        ...(q.endpoint ? { endpointId: q.endpoint } : {}),
        ...(q.status ? { status: q.status } : {}),
        ...(q.before ? { before: q.before } : {}),
      }),
    );
  });

  return app;
}
