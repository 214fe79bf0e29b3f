import { timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { sha256 } from "../config/load-config.js";
import { errorResponse, loupeError } from "../errors/http-errors.js";

/**
 * Requires `Authorization: Bearer <key>` whose SHA-256 equals `keyHash` (compared in constant time).
 * Without a configured key every admin request is refused.
 *
 * @example
 * app.get("/api/v1/consent/customer/:id", apiKeyAuth(config.apiKeyHash), handler);
 */
export function apiKeyAuth(keyHash: Buffer | undefined): MiddlewareHandler {
  return async (c, next) => {
    if (!keyHash) {
      return errorResponse(c, loupeError("UNAUTHORIZED", "admin routes are disabled: set LOUPE_API_KEY"), {
        "WWW-Authenticate": 'Bearer realm="loupe"',
      });
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header("authorization") ?? "");
    if (!match?.[1] || !timingSafeEqual(sha256(match[1]), keyHash)) {
      return errorResponse(c, loupeError("UNAUTHORIZED", "a valid bearer API key is required"), {
        "WWW-Authenticate": 'Bearer realm="loupe"',
      });
    }
    return next();
  };
}
