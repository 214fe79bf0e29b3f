import { dirname } from "node:path";
import { executeRequest } from "@loupe/connectors";
import type { LoadedMap } from "@loupe/core";
import type { Hono } from "hono";
import { CompiledQuery } from "kysely";
import type { ServerConfig } from "../config/load-config.js";
import { verifyStoreToken } from "../identity/store-token.js";
import type { JobQueue } from "../jobs/job-queue.js";
import type { Logger } from "../log/create-logger.js";
import { queueMail } from "../mail/queue-mail.js";
import { createRightsContext, type RightsRuntime } from "../requests/create-rights-context.js";
import { type EngineExecute, engineExecuteFn, engineLookupFn } from "../requests/engine-adapter.js";
import { requestRoutes } from "../requests/request-routes.js";
import type { ExecuteFn, LookupFn, RightsContext } from "../requests/rights-context.js";
import type { Store } from "../store/open-store.js";
import { privacyCentreRoutes } from "./privacy-centre-routes.js";

/** Parts of the rights workflow a caller may replace (tests, or a shop with its own integration). */
export interface RightsHooks {
  /** The rights engine's `executeRequest`; by default `@loupe/connectors`' when the map declares systems; `false` for none. */
  engine?: EngineExecute | false;
  /** Connection URLs for the map's systems (default `process.env`). */
  env?: Record<string, string | undefined>;
  execute?: ExecuteFn;
  lookup?: LookupFn;
  applyOptOut?: RightsContext["applyOptOut"];
}

/**
 * Wires the rights workflow into the app: its context (mail through the outbox, the durable job queue, store
 * login tokens, the rights engine over the map's systems), the privacy centre and the staff API; then starts
 * working queued requests.
 *
 * @example
 * const rights = await mountRights(app, { store, config, loaded, logger, now, queue, noticeVersion: notice.version });
 */
export async function mountRights(
  app: Hono,
  o: {
    store: Store;
    config: ServerConfig;
    loaded: LoadedMap;
    logger: Logger;
    now: () => Date;
    queue: JobQueue;
    noticeVersion: string;
    hooks?: RightsHooks | undefined;
  },
): Promise<RightsRuntime> {
  const { config, loaded } = o;
  const hooks = o.hooks ?? {};
  const engine =
    hooks.engine === false
      ? undefined
      : (hooks.engine ?? (loaded.map.systems.length ? (executeRequest as EngineExecute) : undefined));
  const base = { map: loaded.map, env: hooks.env ?? process.env, baseDir: dirname(config.mapPath) };
  // The engine records its steps in the server's own store, so a killed run resumes where it stopped.
  const journal = {
    query: (text: string, params: readonly unknown[] = []) =>
      o.store.db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(text, [...params])),
  };
  const secret = config.storeTokenSecret;
  const rights = await createRightsContext({
    db: o.store.db,
    map: loaded,
    logger: o.logger,
    publicUrl: config.publicUrl,
    secret: config.rights.secret,
    queue: o.queue,
    exclusiveRuns: o.store.kind === "postgres",
    now: o.now,
    holidays: config.rights.holidays,
    approvalKinds: config.rights.approvalKinds,
    sendMail: async (m) => void (await queueMail({ db: o.store.db, queue: o.queue }, m)),
    execute: hooks.execute ?? (engine ? engineExecuteFn(engine, { ...base, journal }) : undefined),
    lookup: hooks.lookup ?? (engine ? engineLookupFn(engine, base) : undefined),
    applyOptOut: hooks.applyOptOut,
    verifyLogin: secret
      ? async (token) => {
          const r = await verifyStoreToken(token, secret, o.now());
          return r.ok ? { customerId: r.value.customerId, email: r.value.email } : undefined;
        }
      : undefined,
  });
  const perMinute = config.rights.formsPerMinute;
  app.route(
    "/",
    privacyCentreRoutes(rights.ctx, {
      db: o.store.db,
      currentNotice: o.noticeVersion,
      rateLimit: { perSecond: perMinute / 60, burst: perMinute },
      clientIpHeader: config.clientIpHeader,
    }),
  );
  app.route("/", requestRoutes(rights.ctx, config.apiKeyHash));
  await rights.start();
  return rights;
}
