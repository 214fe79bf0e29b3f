import { type Context, Hono, type MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { z } from "zod";
import type { ServerConfig } from "../config/load-config.js";
import { apiKeyAuth } from "../http/api-key-auth.js";
import { clientIp } from "../http/client-ip.js";
import { rateLimit } from "../http/rate-limit.js";
import { readJson, readParam } from "../http/read-json.js";
import { requestMeta } from "../http/request-meta.js";
import type { ConsentContext } from "./consent-context.js";
import {
  CustomerIdSchema,
  LinkRequestSchema,
  ListReceiptsQuerySchema,
  RecordConsentRequestSchema,
  VisitorIdSchema,
  WithdrawRequestSchema,
} from "./consent-schemas.js";
import { getConsentState } from "./get-consent-state.js";
import type { AppendResult } from "./ledger-writer.js";
import { linkVisitor } from "./link-visitor.js";
import { listReceipts } from "./list-receipts.js";
import { receiptsPage } from "./receipts-page.js";
import { recordConsent } from "./record-consent.js";
import { recordGpcSignal } from "./record-gpc-signal.js";
import { verifyLedger } from "./verify-ledger.js";
import { withdrawConsent } from "./withdraw-consent.js";

/** Header naming the signed-in customer on a browser request, for Global Privacy Control. */
export const CUSTOMER_HEADER = "x-loupe-customer";
/** Header with the visitor id on a browser request, stored with a GPC receipt. */
export const VISITOR_HEADER = "x-loupe-visitor";

const IdempotencyKeySchema = z
  .string()
  .regex(/^[\x21-\x7e]{1,255}$/, "must be 1–255 visible ASCII characters (a UUID is a good choice)");

/**
 * The consent ledger API under `/api/v1/consent` and the receipts page under `/consent`. Each route
 * validates its input and calls one business function.
 *
 * @example
 * app.route("/", consentRoutes(ctx, config));
 */
export function consentRoutes(
  ctx: ConsentContext,
  config: Pick<
    ServerConfig,
    "corsOrigins" | "countryHeaders" | "clientIpHeader" | "rateLimit" | "apiKeyHash"
  >,
): Hono {
  const app = new Hono();
  const meta = (c: Context) => requestMeta(c, config, ctx.model.defaultRegime);
  const admin = apiKeyAuth(config.apiKeyHash);
  const limited = rateLimit({ ...config.rateLimit, key: (c) => clientIp(c, config.clientIpHeader) });
  const publicCors = cors({
    origin: config.corsOrigins,
    allowMethods: ["GET", "POST", "OPTIONS"],
    allowHeaders: ["Content-Type", "Idempotency-Key", "X-Loupe-Customer", "X-Loupe-Visitor"],
    exposeHeaders: ["Idempotent-Replayed", "Retry-After"],
    maxAge: 600,
  });
  /** `Sec-GPC: 1` with a customer header records the opt-out of sale and sharing before the request runs. */
  const gpcSignal: MiddlewareHandler = async (c, next) => {
    const customer = c.req.header(CUSTOMER_HEADER);
    if (customer && c.req.header("sec-gpc")?.trim() === "1") {
      const customerId = readParam(CUSTOMER_HEADER, customer, CustomerIdSchema);
      const visitor = c.req.header(VISITOR_HEADER);
      const visitorId = visitor ? readParam(VISITOR_HEADER, visitor, VisitorIdSchema) : undefined;
      await recordGpcSignal(ctx, { customerId, visitorId }, meta(c));
    }
    return next();
  };
  const idempotencyKey = (c: Context) => {
    const key = c.req.header("idempotency-key");
    return key === undefined ? undefined : readParam("Idempotency-Key", key, IdempotencyKeySchema);
  };
  const created = (c: Context, result: AppendResult) => {
    if (result.replayed) c.header("Idempotent-Replayed", "true");
    return c.json(result.response, 201);
  };

  app.use("/api/v1/consent/*", publicCors);

  app.get("/api/v1/consent/config", gpcSignal, (c) => {
    c.header("Cache-Control", "private, max-age=300");
    c.header("Vary", ["Origin", ...config.countryHeaders].join(", "));
    return c.json(ctx.configFor(meta(c)));
  });

  app.post("/api/v1/consent", limited, gpcSignal, async (c) => {
    const body = await readJson(c, RecordConsentRequestSchema);
    const m = meta(c);
    if (m.gpc) {
      for (const r of body.receipts) {
        if (r.customerId) await recordGpcSignal(ctx, { customerId: r.customerId, visitorId: r.visitorId }, m);
      }
    }
    return created(c, await recordConsent(ctx, body, m, idempotencyKey(c)));
  });

  app.post("/api/v1/consent/withdraw", limited, gpcSignal, async (c) => {
    const body = await readJson(c, WithdrawRequestSchema);
    return created(c, await withdrawConsent(ctx, body, meta(c), idempotencyKey(c)));
  });

  app.get("/api/v1/consent/visitor/:id", gpcSignal, async (c) => {
    const id = readParam("id", c.req.param("id"), VisitorIdSchema);
    c.header("Cache-Control", "no-store");
    return c.json(await getConsentState(ctx, { kind: "visitor", id }));
  });

  app.post("/api/v1/consent/link", admin, async (c) => {
    const body = await readJson(c, LinkRequestSchema);
    const link = await linkVisitor(ctx.db, body);
    return c.json(link, link.created ? 201 : 200);
  });

  app.get("/api/v1/consent/customer/:id", admin, async (c) => {
    const id = readParam("id", c.req.param("id"), CustomerIdSchema);
    c.header("Cache-Control", "no-store");
    return c.json(await getConsentState(ctx, { kind: "customer", id }));
  });

  app.get("/api/v1/consent/customer/:id/receipts", admin, async (c) => {
    const id = readParam("id", c.req.param("id"), CustomerIdSchema);
    const page = readParam("query", c.req.query(), ListReceiptsQuerySchema);
    c.header("Cache-Control", "no-store");
    return c.json(await listReceipts(ctx.db, { kind: "customer", id }, page));
  });

  app.get("/api/v1/consent/ledger/verify", admin, async (c) => c.json(await verifyLedger(ctx.db)));

  app.get("/consent/customer/:id/receipts", admin, async (c) => {
    const id = readParam("id", c.req.param("id"), CustomerIdSchema);
    const page = readParam("query", c.req.query(), ListReceiptsQuerySchema);
    const subject = { kind: "customer", id } as const;
    c.header("Cache-Control", "no-store");
    return c.html(receiptsPage(ctx.model, subject, await listReceipts(ctx.db, subject, page)));
  });

  return app;
}
