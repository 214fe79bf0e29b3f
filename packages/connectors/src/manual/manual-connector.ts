import type { System } from "@loupe/core";
import type {
  ConnectorContext,
  ConnectorOutcome,
  ProviderConnector,
  ProviderRequest,
  ProviderResult,
  StoreDescription,
} from "../connector/connector.js";
import { registerConnector } from "../connector/connector-registry.js";
import { describeProviderSystem } from "../http/describe-provider-system.js";
import { type ManualTask, manualTask } from "./manual-task.js";

export interface ManualConnectorOptions {
  /**
   * Stores the task before the step is reported pending (e.g. an upsert keyed by `task.reference`: a re-sent request
   * gives the same task). If it throws, the step fails as retryable and nothing is reported pending.
   */
  onTask?: (task: ManualTask) => Promise<void> | void;
}

/**
 * A provider without an API: `send` builds the task a person carries out ({@link manualTask}) and answers
 * `pending` with the task's stable reference and a message without personal data. The connector keeps nothing;
 * the caller persists tasks:
 *
 * 1. register the connector with a store hook, once at start-up:
 *    `registerConnector("manual", (ctx) => createManualConnector(ctx, { onTask: (t) => tasks.upsert(t.reference, t) }))`;
 * 2. show the stored task (its `text`, plus `subject` and `corrections` to the person handling it only);
 * 3. on the person's confirmation call {@link completeManualTask} with the stored task, store `evidence`, and
 *    finish the pending step (found by `idempotencyKey`) with `outcome`; a task already finished is left alone.
 *
 * @example
 * const showroom = createManualConnector({ system, env: {}, now: () => new Date() }, { onTask: saveTask });
 * const out = await showroom.send({ requestId: "req-42", idempotencyKey: "req-42:showroom", kind: "erase",
 *   subject: { email: ["ann@example.com"] }, categories: ["user.contact.email"] });
 * out; // { status: "pending", reference: "mt_…", message: "manual task mt_…: Erase the data subject's data at …" }
 */
export class ManualConnector implements ProviderConnector {
  readonly kind = "manual" as const;
  readonly role = "provider" as const;
  readonly systemId: string;
  private readonly system: System;
  private readonly onTask: ManualConnectorOptions["onTask"];

  constructor(context: ConnectorContext, options: ManualConnectorOptions = {}) {
    this.system = context.system;
    this.systemId = context.system.id;
    this.onTask = options.onTask;
  }

  async open(): Promise<void> {}

  async close(): Promise<void> {}

  /** The tables and fields the map declares for this provider. */
  async describe(): Promise<StoreDescription> {
    return describeProviderSystem(this.system);
  }

  /**
   * The task for a request, as `send` builds it (for callers that store tasks themselves).
   *
   * @example
   * showroom.task(request).reference; // "mt_…"
   */
  task(request: ProviderRequest): ManualTask {
    return manualTask(this.system, request);
  }

  /** Builds the task, hands it to `onTask`, and answers `pending`. Never throws. */
  async send(request: ProviderRequest): Promise<ConnectorOutcome<ProviderResult>> {
    const task = manualTask(this.system, request);
    try {
      await this.onTask?.(task);
    } catch {
      return {
        status: "failed",
        message: `manual task ${task.reference} for '${this.systemId}' could not be stored`,
        retryable: true,
      };
    }
    return {
      status: "pending",
      reference: task.reference,
      message: `manual task ${task.reference}: ${task.title}; waiting for a person to confirm it with evidence`,
    };
  }
}

/**
 * Builds the manual-task connector of a system; registered for `connector: manual` (without a store hook) when this
 * module is loaded.
 *
 * @example
 * registerConnector("manual", (ctx) => createManualConnector(ctx, { onTask: (t) => tasks.upsert(t) }));
 */
export function createManualConnector(
  context: ConnectorContext,
  options?: ManualConnectorOptions,
): ManualConnector {
  return new ManualConnector(context, options);
}

registerConnector("manual", (context) => createManualConnector(context));
