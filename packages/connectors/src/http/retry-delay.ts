/**
 * The wait before retry number `attempt` (1 for the first retry): exponential backoff from `baseMs`, capped at
 * `maxMs`, with jitter (a uniform draw between half and all of it) so that many requests do not retry in step.
 *
 * @example
 * retryDelayMs(1, { baseMs: 500, maxMs: 30_000, random: () => 1 }); // 500
 * retryDelayMs(3, { baseMs: 500, maxMs: 30_000, random: () => 0 }); // 1000 (half of 2000)
 */
export function retryDelayMs(
  attempt: number,
  options: { baseMs: number; maxMs: number; random?: () => number },
): number {
  const full = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(full / 2 + (full / 2) * (options.random ?? Math.random)());
}

/**
 * A `Retry-After` header in milliseconds from `now`: delay-seconds or an HTTP date. `undefined` when absent or
 * unreadable; never negative.
 *
 * @example
 * parseRetryAfter("2", new Date()); // 2000
 * parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", new Date("2015-10-21T07:27:00Z")); // 60000
 */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  if (!/^[A-Za-z]{3}, /.test(v)) return undefined; // an IMF-fixdate such as "Sun, 22 Nov 2026 08:01:00 GMT"
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}
