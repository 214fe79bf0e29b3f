import type { MiddlewareHandler } from "hono";
import { errorResponse, loupeError } from "../errors/http-errors.js";

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * An in-process token bucket per key (the client IP): `perSecond` tokens flow in, at most `burst` are
 * kept, a request takes one. When none is left the request is refused with 429 and `Retry-After`.
 *
 * @example
 * app.post("/api/v1/consent", rateLimit({ perSecond: 20, burst: 60, key: (c) => clientIp(c) }), handler);
 */
export function rateLimit(options: {
  perSecond: number;
  burst: number;
  key: (c: Parameters<MiddlewareHandler>[0]) => string | undefined;
  now?: () => number;
}): MiddlewareHandler {
  const { perSecond, burst } = options;
  const now = options.now ?? (() => performance.now());
  const buckets = new Map<string, Bucket>();
  let lastSweep = now();
  return async (c, next) => {
    if (perSecond <= 0) return next();
    const t = now();
    // Forget full buckets now and then so that memory stays bounded by the active clients.
    if (t - lastSweep > 60_000) {
      for (const [k, b] of buckets)
        if (b.tokens + ((t - b.at) / 1000) * perSecond >= burst) buckets.delete(k);
      lastSweep = t;
    }
    const key = options.key(c) ?? "unknown";
    const bucket = buckets.get(key) ?? { tokens: burst, at: t };
    bucket.tokens = Math.min(burst, bucket.tokens + ((t - bucket.at) / 1000) * perSecond);
    bucket.at = t;
    buckets.set(key, bucket);
    if (bucket.tokens < 1) {
      const retryAfter = Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond));
      return errorResponse(c, loupeError("RATE_LIMITED", `too many requests; retry in ${retryAfter} s`), {
        "Retry-After": String(retryAfter),
      });
    }
    bucket.tokens -= 1;
    return next();
  };
}
