import { Redis } from "ioredis";

/**
 * Connects to Redis and fails fast (instead of retrying forever) when the server is not there.
 *
 * @example
 * const redis = await openRedis("redis://127.0.0.1:6379");
 * await redis.ping(); // "PONG"
 * redis.disconnect();
 */
export async function openRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
    connectTimeout: 5000,
  });
  // Errors are reported through connect() and commands; keep the emitter from crashing the process.
  redis.on("error", () => {});
  try {
    await redis.connect();
  } catch (e) {
    redis.disconnect();
    throw new Error(`Redis is not reachable at ${redactUrl(url)}: ${(e as Error).message}`, { cause: e });
  }
  return redis;
}

/**
 * A connection URL without its password, for messages.
 *
 * @example
 * redactUrl("postgres://app:secret@db:5432/shop"); // "postgres://app:***@db:5432/shop"
 */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "<invalid url>";
  }
}

/**
 * Escapes the glob characters of a Redis key prefix for `SCAN MATCH`.
 *
 * @example
 * globEscape("shop[1]:"); // "shop\\[1\\]:"
 */
export function globEscape(prefix: string): string {
  return prefix.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}
