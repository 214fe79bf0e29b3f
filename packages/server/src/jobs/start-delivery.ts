import type { ServerConfig } from "../config/load-config.js";
import type { Logger } from "../log/create-logger.js";
import { startMailDelivery } from "../mail/mail-delivery.js";
import type { Store } from "../store/open-store.js";
import { useSuppressionKey } from "../suppression/suppression-key.js";
import { startWebhookDelivery } from "../webhooks/webhook-delivery.js";
import { type JobQueue, startJobQueue } from "./job-queue.js";

/** The job queue with the mail and webhook workers running on it. */
export interface Delivery {
  queue: JobQueue;
  /** Stops the sweeps and the workers (waiting for running jobs); the store stays open. */
  stop(): Promise<void>;
}

/**
 * Starts what the server sends out: the durable job queue, mail delivery (SMTP when `smtpUrl` is set, else
 * the outbox only), webhook delivery, and checks the suppression list's hash key against the store.
 *
 * @example
 * const delivery = await startDelivery({ store, logger, config });
 * await queueMail({ db: store.db, queue: delivery.queue }, mail);
 * await delivery.stop();
 */
export async function startDelivery(options: {
  store: Store;
  logger: Logger;
  config: Pick<ServerConfig, "smtpUrl" | "mailFrom" | "suppressionKey">;
}): Promise<Delivery> {
  const { store, logger, config } = options;
  await useSuppressionKey(store.db, config.suppressionKey);
  const queue = await startJobQueue({ store, logger });
  try {
    const mail = await startMailDelivery({
      db: store.db,
      queue,
      logger,
      smtpUrl: config.smtpUrl,
      from: config.mailFrom,
    });
    const webhooks = await startWebhookDelivery({ db: store.db, queue, logger });
    return {
      queue,
      async stop() {
        await Promise.all([mail.stop(), webhooks.stop()]);
        await queue.stop();
      },
    };
  } catch (err) {
    await queue.stop();
    throw err;
  }
}
