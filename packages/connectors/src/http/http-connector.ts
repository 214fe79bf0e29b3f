import { setTimeout as sleep } from "node:timers/promises";
import { fail, LoupeError, ok, type Result, type System } from "@loupe/core";
import type {
  ConnectorContext,
  ConnectorOutcome,
  ProviderConnector,
  ProviderRequest,
  ProviderResult,
  StoreDescription,
} from "../connector/connector.js";
import { registerConnector } from "../connector/connector-registry.js";
import { describeProviderSystem } from "./describe-provider-system.js";
import { parseProviderResult } from "./parse-provider-result.js";
import { providerRequestBody } from "./provider-request-body.js";
import { parseRetryAfter, retryDelayMs } from "./retry-delay.js";
import { type ProviderCallback, verifyProviderCallback } from "./verify-provider-callback.js";
import { type HeaderSource, parseWebhookSecret, signWebhookPayload } from "./webhook-signature.js";

/** Tuning that is not the map's business (tests shorten the waits). */
export interface HttpConnectorOptions {
  /** First retry delay (default 500 ms), doubled per retry up to `maxDelayMs` (default 30 s), with jitter. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Longest `Retry-After` waited for within one `send` (default 60 s); a longer one ends it, retryable. */
  maxRetryAfterMs?: number;
  /** Largest answer read (default 64 MiB); a larger one fails the step. */
  maxResponseBytes?: number;
  /** Source of jitter (default `Math.random`). */
  random?: () => number;
}

/** A provider's settings, read from the map and the environment. */
export interface HttpProviderSettings {
  url: URL;
  key: Buffer;
  timeoutMs: number;
  retries: number;
  callbackUrl?: string;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_RETRIES = 3;

function envValue(
  system: System,
  env: Record<string, string | undefined>,
  name: string | undefined,
  what: string,
  path: string,
): Result<string> {
  if (!name)
    return fail(
      new LoupeError("MAP_INVALID", `system '${system.id}' (http) needs ${path}`, {
        path: `systems.${system.id}.${path}`,
      }),
    );
  const value = env[name];
  if (!value)
    return fail(
      new LoupeError(
        "UNAVAILABLE",
        `system '${system.id}': environment variable ${name} is not set (it holds ${what})`,
      ),
    );
  return ok(value);
}

/**
 * A service provider's settings: the URL from the variable `connection.env` names, the signing secret from the one
 * `provider.secret_env` names, and `provider.timeout`, `retries` and `callback_url`. Messages name the variables,
 * never their values.
 *
 * @example
 * const s = httpProviderSettings(system, process.env);
 * if (s.ok) s.value.url.host; // "api.mailer.example"
 */
export function httpProviderSettings(
  system: System,
  env: Record<string, string | undefined>,
): Result<HttpProviderSettings> {
  const url = envValue(system, env, system.connection?.env, "the provider's URL", "connection.env");
  if (!url.ok) return url;
  const parsedUrl = URL.canParse(url.value) ? new URL(url.value) : undefined;
  if (!parsedUrl || !["http:", "https:"].includes(parsedUrl.protocol))
    return fail(
      new LoupeError(
        "USAGE",
        `system '${system.id}': environment variable ${system.connection?.env} does not hold an http(s) URL`,
      ),
    );
  const secretEnv = system.provider?.secret_env;
  const secret = envValue(system, env, secretEnv, "the provider's signing secret", "provider.secret_env");
  if (!secret.ok) return secret;
  const key = parseWebhookSecret(secret.value);
  if (!key.ok)
    return fail(
      new LoupeError(
        "USAGE",
        `system '${system.id}': environment variable ${secretEnv}: ${key.errors[0]?.message}`,
      ),
    );
  const timeout = /^(\d+)(ms|s)$/.exec(system.provider?.timeout ?? "");
  const timeoutMs = timeout ? Number(timeout[1]) * (timeout[2] === "s" ? 1000 : 1) : DEFAULT_TIMEOUT_MS;
  return ok({
    url: parsedUrl,
    key: key.value,
    timeoutMs: Math.max(1, timeoutMs),
    retries: system.provider?.retries ?? DEFAULT_RETRIES,
    callbackUrl: system.provider?.callback_url,
  });
}

type Attempt = { outcome: ConnectorOutcome<ProviderResult> } | { retry: string; retryAfterMs?: number };

async function readBody(res: Response, max: number): Promise<string | undefined> {
  if (Number(res.headers.get("content-length") ?? 0) > max) {
    await res.body?.cancel();
    return undefined;
  }
  if (!res.body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of res.body) {
    size += chunk.byteLength;
    if (size > max) return undefined; // leaving the loop cancels the stream
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function networkReason(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; cause?: { code?: unknown } };
  if (e.name === "TimeoutError") return `no answer within ${timeoutMs} ms`;
  if (e.name === "AbortError") return "the connector was closed";
  const code = e.cause?.code;
  return typeof code === "string" && /^[A-Z_]{1,40}$/.test(code)
    ? `network error (${code})`
    : "network error";
}

/**
 * An HTTP service provider (an e-mail platform, a helpdesk, a payment processor's privacy API) that receives the
 * whole request as signed JSON (see {@link providerRequestBody}) and answers:
 *
 * - `200` (or any other 2xx but 202) with `{ "records"?: { name: [ {…} ] }, "changed"?: n, "reference"?: "…" }`:
 *   the step is `done` (records for access, `changed` for erase and correct);
 * - `202` with `{ "reference"?: "…" }`: `pending`; the provider later posts a signed callback to
 *   `provider.callback_url`, which {@link verifyProviderCallback} (or {@link HttpConnector.verifyCallback}) checks;
 * - `408`, `429` and `5xx`, and network errors and timeouts, are retried `provider.retries` times with exponential
 *   backoff and jitter (`Retry-After` honoured), with the same body and `webhook-id` (the idempotency key); then
 *   the step fails as retryable;
 * - other `4xx` and `3xx` (redirects are not followed) fail the step, not retryable.
 *
 * Messages and evidence name the system, the HTTP status and the provider's reference, never the URL, the
 * subject or what the provider wrote.
 *
 * @example
 * // systems: [{ id: mailer, connector: http, connection: { env: MAILER_PRIVACY_URL },
 * //             provider: { secret_env: MAILER_WEBHOOK_SECRET, callback_url: https://privacy.example.com/cb/mailer } }]
 * const mailer = new HttpConnector({ system, env: process.env, now: () => new Date() });
 * await mailer.open();
 * const out = await mailer.send({ requestId: "req-42", idempotencyKey: "req-42:mailer", kind: "erase",
 *   subject: { email: ["ann@example.com"] }, categories: ["user.contact.email"] });
 * out.status; // "done", "pending" or "failed"
 */
export class HttpConnector implements ProviderConnector {
  readonly kind = "http" as const;
  readonly role = "provider" as const;
  readonly systemId: string;
  private readonly system: System;
  private readonly env: Record<string, string | undefined>;
  private readonly now: () => Date;
  private readonly options: Required<Omit<HttpConnectorOptions, "random">> & { random?: () => number };
  private settings: HttpProviderSettings | undefined;
  private closing = new AbortController();

  constructor(context: ConnectorContext, options: HttpConnectorOptions = {}) {
    this.system = context.system;
    this.systemId = context.system.id;
    this.env = context.env;
    this.now = context.now;
    this.options = {
      baseDelayMs: options.baseDelayMs ?? 500,
      maxDelayMs: options.maxDelayMs ?? 30_000,
      maxRetryAfterMs: options.maxRetryAfterMs ?? 60_000,
      maxResponseBytes: options.maxResponseBytes ?? 64 * 1024 * 1024,
      random: options.random,
    };
  }

  /** Reads and checks the settings; throws a `LoupeError` naming the map path or variable at fault. */
  async open(): Promise<void> {
    const settings = httpProviderSettings(this.system, this.env);
    if (!settings.ok) throw settings.errors[0];
    this.settings = settings.value;
    if (this.closing.signal.aborted) this.closing = new AbortController();
  }

  /** Stops waits and requests in flight; their `send` ends as failed and retryable. */
  async close(): Promise<void> {
    this.closing.abort();
  }

  /** The tables and fields the map declares for this provider (it has no schema to read). */
  async describe(): Promise<StoreDescription> {
    return describeProviderSystem(this.system);
  }

  /** Sends (or re-sends) the request; see the class description for the answers. Never throws. */
  async send(request: ProviderRequest): Promise<ConnectorOutcome<ProviderResult>> {
    const failed = (message: string, retryable: boolean) =>
      ({ status: "failed", message: `provider '${this.systemId}': ${message}`, retryable }) as const;
    if (!this.settings) {
      const settings = httpProviderSettings(this.system, this.env);
      if (!settings.ok) return failed(settings.errors[0]?.message ?? "not configured", false);
      this.settings = settings.value;
    }
    const settings = this.settings;
    if (!/^[\x21-\x7e]{1,256}$/.test(request.idempotencyKey))
      return failed("the idempotency key must be 1–256 visible ASCII characters", false);
    const body = JSON.stringify(providerRequestBody(this.system, request, settings.callbackUrl));
    const signal = this.closing.signal;
    for (let attempt = 1; ; attempt++) {
      if (signal.aborted) return failed("the connector was closed", true);
      const result = await this.attempt(settings, request, body);
      if ("outcome" in result) return result.outcome;
      if (signal.aborted) return failed("the connector was closed", true);
      if (attempt > settings.retries)
        return failed(`${result.retry}; gave up after ${attempt} attempt${attempt > 1 ? "s" : ""}`, true);
      let delay = retryDelayMs(attempt, {
        baseMs: this.options.baseDelayMs,
        maxMs: this.options.maxDelayMs,
        random: this.options.random,
      });
      if (result.retryAfterMs !== undefined) {
        if (result.retryAfterMs > this.options.maxRetryAfterMs)
          return failed(
            `${result.retry}; asked to retry after ${Math.ceil(result.retryAfterMs / 1000)} s`,
            true,
          );
        delay = result.retryAfterMs;
      }
      await sleep(delay, undefined, { signal }).catch(() => {});
    }
  }

  /**
   * Checks a callback from this provider with its secret and the connector's clock; see
   * {@link verifyProviderCallback}.
   *
   * @example
   * const cb = mailer.verifyCallback(rawBody, req.headers);
   * if (cb.ok) cb.value.outcome.status; // "done" or "failed"
   */
  verifyCallback(rawBody: string | Uint8Array, headers: HeaderSource): Result<ProviderCallback> {
    const secret = this.env[this.system.provider?.secret_env ?? ""];
    if (!secret)
      return fail(
        new LoupeError("UNAVAILABLE", `system '${this.systemId}': the signing secret is not configured`),
      );
    return verifyProviderCallback(rawBody, headers, secret, this.now());
  }

  private async attempt(
    settings: HttpProviderSettings,
    request: ProviderRequest,
    body: string,
  ): Promise<Attempt> {
    const id = this.systemId;
    const outcome = (o: ConnectorOutcome<ProviderResult>): Attempt => ({ outcome: o });
    const refused = (message: string): Attempt =>
      outcome({ status: "failed", message: `provider '${id}': ${message}`, retryable: false });
    const at = this.now();
    let res: Response;
    try {
      res = await fetch(settings.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "Loupe-Connector/1",
          "idempotency-key": request.idempotencyKey,
          ...signWebhookPayload({ key: settings.key, id: request.idempotencyKey, timestamp: at, body }),
        },
        body,
        redirect: "manual",
        signal: AbortSignal.any([AbortSignal.timeout(settings.timeoutMs), this.closing.signal]),
      });
    } catch (error) {
      return { retry: networkReason(error, settings.timeoutMs) };
    }
    const status = res.status;
    if (status === 408 || status === 429 || status >= 500) {
      await res.body?.cancel().catch(() => {});
      return {
        retry: `HTTP ${status}`,
        retryAfterMs: parseRetryAfter(res.headers.get("retry-after"), this.now()),
      };
    }
    if (status < 200 || status >= 300) {
      await res.body?.cancel().catch(() => {});
      return refused(
        status < 400
          ? `answered HTTP ${status}; redirects are not followed (set the provider's final URL)`
          : `refused the ${request.kind} request: HTTP ${status}`,
      );
    }
    let text: string | undefined;
    try {
      text = await readBody(res, this.options.maxResponseBytes);
    } catch (error) {
      return { retry: `${networkReason(error, settings.timeoutMs)} while reading the answer` };
    }
    if (text === undefined)
      return refused(`answered HTTP ${status} with more than ${this.options.maxResponseBytes} bytes`);
    let json: unknown = {};
    if (text.trim() !== "") {
      try {
        json = JSON.parse(text);
      } catch {
        return refused(`answered HTTP ${status} with a body that is not JSON`);
      }
    }
    const parsed = parseProviderResult(json, "body");
    if (!parsed.ok)
      return refused(`answered HTTP ${status} with an invalid result: ${parsed.errors[0]?.message}`);
    const { result, reference } = parsed.value;
    if (status === 202) {
      const ref = reference ?? request.idempotencyKey;
      return outcome({
        status: "pending",
        reference: ref,
        message: `provider '${id}' accepted the ${request.kind} request (reference ${ref}); its result arrives by signed callback`,
        retryAfterMs: parseRetryAfter(res.headers.get("retry-after"), this.now()),
      });
    }
    if (request.kind === "access") result.records ??= {};
    return outcome({
      status: "done",
      value: result,
      evidence: `provider '${id}' answered HTTP ${status} to the ${request.kind} request at ${at.toISOString()}${reference ? ` (reference ${reference})` : ""}`,
    });
  }
}

/**
 * Builds the HTTP provider connector of a system; registered for `connector: http` when this module is loaded.
 *
 * @example
 * const c = createHttpConnector({ system, env: process.env, now: () => new Date() });
 */
export function createHttpConnector(
  context: ConnectorContext,
  options?: HttpConnectorOptions,
): HttpConnector {
  return new HttpConnector(context, options);
}

registerConnector("http", (context) => createHttpConnector(context));
