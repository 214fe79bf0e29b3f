import { createHash } from "node:crypto";

interface Bucket {
  tokens: number;
  at: number;
}

/** Attempts allowed before waiting (`burst`) and how many come back per minute (`perMinute`). */
export interface ThrottleRate {
  burst: number;
  perMinute: number;
}

/** Default limits: 5 attempts per account then one a minute; 20 per address then 10 a minute. */
export const LOGIN_LIMITS = {
  account: { burst: 5, perMinute: 1 },
  ip: { burst: 20, perMinute: 10 },
} as const satisfies Record<string, ThrottleRate>;

/**
 * Rate limits console sign-in attempts per client address and per account (keyed by a hash of the address
 * typed, whether or not the account exists), with in-process token buckets. Every attempt costs a token
 * from both, and `take` says how long to wait when either is empty; a successful sign-in clears the
 * account's count.
 *
 * @example
 * const throttle = new LoginThrottle();
 * const wait = throttle.take(ip, email); // 0: go ahead; else seconds to wait
 */
export class LoginThrottle {
  readonly #buckets = new Map<string, Bucket>();
  readonly #limits: { account: ThrottleRate; ip: ThrottleRate };
  readonly #now: () => number;

  constructor(options: { limits?: { account: ThrottleRate; ip: ThrottleRate }; now?: () => number } = {}) {
    this.#limits = options.limits ?? LOGIN_LIMITS;
    this.#now = options.now ?? (() => Date.now());
  }

  /** Takes one attempt for this address and account; returns 0 when allowed, else the seconds to wait. */
  take(ip: string | undefined, account: string): number {
    const t = this.#now();
    if (this.#buckets.size > 50_000) this.#sweep(t);
    const keys: [string, ThrottleRate][] = [
      [`ip:${ip ?? "unknown"}`, this.#limits.ip],
      [
        `account:${createHash("sha256").update(account.trim().toLowerCase()).digest("base64url")}`,
        this.#limits.account,
      ],
    ];
    const buckets = keys.map(([key, rate]) => {
      const b = this.#buckets.get(key) ?? { tokens: rate.burst, at: t };
      b.tokens = Math.min(rate.burst, b.tokens + ((t - b.at) / 60_000) * rate.perMinute);
      b.at = t;
      this.#buckets.set(key, b);
      return { b, rate };
    });
    const wait = Math.max(
      0,
      ...buckets.map(({ b, rate }) =>
        b.tokens >= 1 ? 0 : Math.ceil(((1 - b.tokens) / rate.perMinute) * 60),
      ),
    );
    if (wait > 0) return wait;
    for (const { b } of buckets) b.tokens -= 1;
    return 0;
  }

  /** After a successful sign-in, the account's failed attempts no longer count. */
  succeeded(account: string): void {
    this.#buckets.delete(accountKey(account));
  }

  #sweep(t: number): void {
    for (const [key, b] of this.#buckets) if (t - b.at > 3_600_000) this.#buckets.delete(key);
  }
}

function accountKey(account: string): string {
  return `account:${createHash("sha256").update(account.trim().toLowerCase()).digest("base64url")}`;
}
