import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import pino, { type DestinationStream, type Logger } from "pino";

export type { Logger } from "pino";

/**
 * The server's logger. Loupe logs no personal data: no IP address, user agent, visitor or customer id,
 * e-mail, URL path (paths carry ids) or request body; requests are logged by route pattern.
 *
 * @example
 * const logger = createLogger({ level: "info" });
 * logger.info({ route: "/healthz" }, "request");
 */
export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? "info",
      base: { service: "loupe-server" },
      // Defence in depth: fields that could carry personal data are never printed even if logged by mistake.
      redact: {
        paths: [
          "ip",
          "*.ip",
          "email",
          "*.email",
          "visitorId",
          "*.visitorId",
          "customerId",
          "*.customerId",
          "headers",
          "*.headers",
        ],
        censor: "[redacted]",
      },
    },
    options.destination,
  );
}

/**
 * Logs one line per request: method, route pattern (e.g. `/api/v1/consent/visitor/:id`), status and
 * duration — never the concrete path, query, headers or client address.
 *
 * @example
 * app.use(requestLogger(logger));
 */
export function requestLogger(logger: Logger): MiddlewareHandler {
  return async (c, next) => {
    const start = performance.now();
    await next();
    const ms = Math.round((performance.now() - start) * 10) / 10;
    const route = routePath(c, -1);
    logger.info(
      {
        method: c.req.method,
        route: route === "/*" || route === "*" ? "(unmatched)" : route,
        status: c.res.status,
        ms,
      },
      "request",
    );
  };
}
