import type { LoadedMap } from "@loupe/core";
import type { Hono } from "hono";
import type { ServerConfig } from "../config/load-config.js";
import type { ConsentContext } from "../consent/consent-context.js";
import { ephemeralLinkSecret } from "../identity/unsubscribe-token.js";
import type { JobQueue } from "../jobs/job-queue.js";
import type { Logger } from "../log/create-logger.js";
import { queueMail } from "../mail/queue-mail.js";
import type { LoupeDb } from "../store/database.js";
import { liftSuppression, recordSuppression } from "../suppression/record-suppression.js";
import { emitEvent } from "../webhooks/emit-event.js";
import { buildPreferenceModel } from "./preference-model.js";
import { preferenceRoutes } from "./preference-routes.js";
import type { PreferenceContext, PreferenceEffects } from "./record-preferences.js";

/** Preference changes reach the suppression list and the webhooks through the store and the job queue. */
export const PREFERENCE_EFFECTS: PreferenceEffects = {
  suppress: (ctx, entry) => recordSuppression(ctx, entry),
  lift: (ctx, entry) => liftSuppression(ctx, { ...entry, scope: entry.scope }),
  emit: (ctx, event) => emitEvent(ctx, event),
};

/**
 * Builds the preference centre for an app: its model from the data map, its context (store, queue,
 * consent ledger, suppression list, webhooks) and its routes. Without `LOUPE_LINK_SECRET` unsubscribe links
 * are signed with a per-process secret (and a warning is logged): they stop working on restart.
 *
 * @example
 * app.route("/", preferencesApp({ db: store.db, queue, consent: ctx, loaded, config, logger, now }).routes);
 */
export function preferencesApp(parts: {
  db: LoupeDb;
  queue: JobQueue;
  consent: ConsentContext;
  loaded: LoadedMap;
  config: ServerConfig;
  logger: Logger;
  now: () => Date;
}): { context: PreferenceContext; routes: Hono; linkSecret: string } {
  const { db, queue, config } = parts;
  const context: PreferenceContext = {
    db,
    queue,
    consent: parts.consent,
    model: buildPreferenceModel(parts.loaded.map, parts.loaded.taxonomy, parts.consent.model),
    effects: PREFERENCE_EFFECTS,
    now: parts.now,
  };
  let linkSecret = config.linkSecret;
  if (!linkSecret) {
    linkSecret = ephemeralLinkSecret();
    parts.logger.warn(
      "LOUPE_LINK_SECRET is not set: unsubscribe links stop working when the server restarts",
    );
  }
  const routes = preferenceRoutes(context, {
    config,
    linkSecret,
    mail: (mail) => queueMail({ db, queue }, mail),
  });
  return { context, routes, linkSecret };
}
