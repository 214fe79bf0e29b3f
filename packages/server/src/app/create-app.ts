import { LoupeError } from "@loupe/core";
import { Hono } from "hono";
import { csrf } from "hono/csrf";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import type { DestinationStream } from "pino";
import { createAdminConsole } from "../admin/create-admin-console.js";
import { loadConfig, type ServerConfig } from "../config/load-config.js";
import { createConsentContext } from "../consent/consent-context.js";
import { buildConsentModel } from "../consent/consent-model.js";
import { consentRoutes } from "../consent/consent-routes.js";
import { LedgerWriter } from "../consent/ledger-writer.js";
import { errorResponse, loupeError } from "../errors/http-errors.js";
import { healthRoutes } from "../health/health-routes.js";
import { deliveryRoutes } from "../jobs/delivery-routes.js";
import type { JobQueue } from "../jobs/job-queue.js";
import { startDelivery } from "../jobs/start-delivery.js";
import { createLogger, type Logger, requestLogger } from "../log/create-logger.js";
import { loadNotice } from "../notice/load-notice.js";
import { noticeRoutes } from "../notice/notice-routes.js";
import { publishNotice } from "../notice/notice-versions.js";
import { buildOpenApi } from "../openapi/build-openapi.js";
import { applyOptOut } from "../preferences/apply-opt-out.js";
import { isCsrfExempt } from "../preferences/preference-routes.js";
import { preferencesApp } from "../preferences/preferences-app.js";
import { mountRights, type RightsHooks } from "../privacy-centre/mount-rights.js";
import { sdkHeaders, sdkRoutes } from "../sdk/sdk-routes.js";
import { signalRoutes } from "../signals/signal-routes.js";
import { openStore, type Store } from "../store/open-store.js";

export const SERVER_VERSION = "0.1.0";

export interface AppOptions {
  /** Settings; missing ones come from {@link loadConfig} of an empty environment (the defaults). */
  config?: Partial<ServerConfig>;
  /** An open store to use (the caller keeps ownership); else one is opened from the config. */
  store?: Store;
  logger?: Logger;
  /** Where log lines go when no `logger` is given (default standard output). */
  logDestination?: DestinationStream;
  /** The clock, for receipts' server time and the notice date when the map has none. */
  now?: () => Date;
  /** Folder of the built browser SDK served under `/sdk/` (default `packages/sdk/dist`). */
  sdkDir?: string;
  /** Replacements for parts of the rights workflow (its engine, data lookup, opt-out hook). */
  rights?: RightsHooks;
}

/** The Hono app with what it holds open. */
export type LoupeApp = Hono & {
  readonly store: Store;
  readonly config: ServerConfig;
  readonly logger: Logger;
  /** The durable job queue in the store (mail, webhooks, and any other background work). */
  readonly queue: JobQueue;
  /** Waits for pending ledger writes, then closes the store if the app opened it. */
  close(): Promise<void>;
};

/**
 * Builds the server: opens and migrates the store, loads the data map, publishes its notice version when new,
 * and wires the routes (`/healthz`, `/openapi.json`, `/privacy…`, `/.well-known/gpc.json`, `/api/v1/consent…`,
 * the browser SDK under `/sdk/` and its demo page `/demo/shop`)
 * behind secure headers, CSRF protection and request logging without personal data. Every error leaves as
 * `{error: {code, message, location?}}` with the status of its code.
 *
 * @example
 * const app = await createApp({ config: { mapPath: "examples/aurora/loupe.yaml", dataDir: "memory://" } });
 * const res = await app.request("/healthz"); // 200 {"status":"ok","store":"pglite"}
 * await app.close();
 */
export async function createApp(options: AppOptions = {}): Promise<LoupeApp> {
  const config: ServerConfig = { ...loadConfig({}), ...options.config };
  const logger =
    options.logger ??
    createLogger({
      level: config.logLevel,
      ...(options.logDestination ? { destination: options.logDestination } : {}),
    });
  const now = options.now ?? (() => new Date());
  const today = now().toISOString().slice(0, 10);
  const { loaded, notice } = await loadNotice(config.mapPath, today);
  const store =
    options.store ??
    (await openStore({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      poolSize: config.poolSize,
    }));
  const ownsStore = options.store === undefined;
  try {
    if (await publishNotice(store.db, notice, today))
      logger.info({ version: notice.version }, "published a new notice version");
  } catch (err) {
    if (ownsStore) await store.close();
    throw err;
  }
  let delivery: Awaited<ReturnType<typeof startDelivery>>;
  try {
    delivery = await startDelivery({ store, logger, config });
  } catch (err) {
    if (ownsStore) await store.close();
    throw err;
  }
  const lastUpdated = notice.lastUpdated ?? today;
  const model = buildConsentModel(loaded.map, loaded.taxonomy);
  const writer = new LedgerWriter(store.db, { delayMs: config.groupCommitMs, now });
  const knownVersions = new Set([notice.version]);
  const ctx = createConsentContext({
    db: store.db,
    writer,
    model,
    notice: { version: notice.version, lastUpdated, url: "/privacy" },
    async isKnownNoticeVersion(version) {
      if (knownVersions.has(version)) return true;
      const row = await store.db
        .selectFrom("notice_versions")
        .select("version")
        .where("version", "=", version)
        .executeTakeFirst();
      if (row && knownVersions.size < 10_000) knownVersions.add(version);
      return row !== undefined;
    },
  });
  const openapi = buildOpenApi({ version: SERVER_VERSION });

  const app = new Hono();
  app.use("*", sdkHeaders());
  app.use(
    "*",
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    }),
  );
  app.use("*", requestLogger(logger));
  const csrfCheck = csrf({
    origin: (origin, c) => origin === new URL(c.req.url).origin || config.corsOrigins.includes(origin),
  });
  app.use("*", (c, next) => (isCsrfExempt(c.req.method, c.req.path) ? next() : csrfCheck(c, next)));
  app.route("/", healthRoutes(store));
  app.get("/openapi.json", (c) => c.json(openapi));
  app.route(
    "/",
    noticeRoutes(store.db, {
      version: notice.version,
      content: notice.content,
      lastUpdated,
      organization: loaded.map.organization.name,
    }),
  );
  app.route("/", signalRoutes({ honoured: model.gpcHonoured, lastUpdate: lastUpdated }));
  app.route("/", consentRoutes(ctx, config));
  app.route("/", sdkRoutes({ ctx, config, sdkDir: options.sdkDir }));
  app.route("/", deliveryRoutes({ store, queue: delivery.queue, config }));
  const preferences = preferencesApp({
    db: store.db,
    queue: delivery.queue,
    consent: ctx,
    loaded,
    config,
    logger,
    now,
  });
  app.route("/", preferences.routes);
  app.route("/", await createAdminConsole({ db: store.db, config, loaded, logger, now }));
  await mountRights(app, {
    store,
    config,
    loaded,
    logger,
    now,
    queue: delivery.queue,
    noticeVersion: notice.version,
    hooks: { applyOptOut: applyOptOut(preferences.context), ...options.rights },
  });
  app.notFound((c) =>
    errorResponse(c, loupeError("NOT_FOUND", `no route for ${c.req.method} ${new URL(c.req.url).pathname}`)),
  );
  app.onError((err, c) => {
    if (err instanceof LoupeError) {
      if (err.code === "INTERNAL") logger.error({ code: err.code, msg: err.message }, "request failed");
      return errorResponse(c, err);
    }
    if (err instanceof HTTPException) {
      const code =
        err.status === 403 ? "FORBIDDEN" : err.status === 413 ? "PAYLOAD_TOO_LARGE" : "INVALID_REQUEST";
      const message =
        err.status === 403 ? "cross-site form submissions are not accepted" : err.message || "bad request";
      return errorResponse(c, loupeError(code, message));
    }
    // Unexpected: log the kind and database error code only (messages may quote stored values).
    const e = err as { name?: string; code?: string };
    logger.error({ err: { name: e.name, code: e.code } }, "unexpected error");
    return errorResponse(c, loupeError("INTERNAL", "internal error"));
  });

  return Object.assign(app, {
    store,
    config,
    logger,
    queue: delivery.queue,
    async close() {
      await writer.close();
      await delivery.stop();
      if (ownsStore) await store.close();
    },
  });
}
