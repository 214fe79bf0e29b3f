import { Hono } from "hono";
import type { ServerConfig } from "../config/load-config.js";
import { apiKeyAuth } from "../http/api-key-auth.js";
import { clientIp } from "../http/client-ip.js";
import { rateLimit } from "../http/rate-limit.js";
import { outboxRoutes } from "../mail/outbox-routes.js";
import type { Store } from "../store/open-store.js";
import { suppressionRoutes } from "../suppression/suppression-routes.js";
import { webhookRoutes } from "../webhooks/webhook-routes.js";
import type { JobQueue } from "./job-queue.js";

/**
 * The admin API of what the server sends out: `/api/v1/suppressions…`, `/api/v1/webhooks…` and
 * `/api/v1/mail/outbox`, all behind the API key and rate-limited per client address (ten times the public
 * rate: marketing tools check in bulk).
 *
 * @example
 * app.route("/", deliveryRoutes({ store, queue: app.queue, config }));
 */
export function deliveryRoutes(options: {
  store: Store;
  queue: JobQueue;
  config: Pick<ServerConfig, "apiKeyHash" | "rateLimit" | "clientIpHeader">;
}): Hono {
  const { store, queue, config } = options;
  const admin = apiKeyAuth(config.apiKeyHash);
  const limited = rateLimit({
    perSecond: config.rateLimit.perSecond * 10,
    burst: config.rateLimit.burst * 10,
    key: (c) => clientIp(c, config.clientIpHeader),
  });
  const app = new Hono();
  app.route("/", suppressionRoutes({ db: store.db, queue, admin, limited }));
  app.route("/", webhookRoutes({ db: store.db, admin, limited }));
  app.route("/", outboxRoutes({ db: store.db, admin, limited }));
  return app;
}
