import { describe, expect, it } from "vitest";
import { parseRetryAfter, retryDelayMs } from "./retry-delay.js";

describe("retryDelayMs", () => {
  it("doubles per retry up to the cap, drawn between half and all of it", () => {
    const opts = { baseMs: 500, maxMs: 4000 };
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, { ...opts, random: () => 1 }))).toEqual([
      500, 1000, 2000, 4000, 4000,
    ]);
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, { ...opts, random: () => 0 }))).toEqual([
      250, 500, 1000, 2000, 2000,
    ]);
    for (let i = 0; i < 100; i++) {
      const d = retryDelayMs(3, opts);
      expect(d).toBeGreaterThanOrEqual(1000);
      expect(d).toBeLessThanOrEqual(2000);
    }
  });
});

describe("parseRetryAfter", () => {
  const now = new Date("2026-11-22T08:00:00Z");
  it("reads seconds and HTTP dates", () => {
    expect(parseRetryAfter("3", now)).toBe(3000);
    expect(parseRetryAfter("Sun, 22 Nov 2026 08:01:00 GMT", now)).toBe(60_000);
    expect(parseRetryAfter("Sun, 22 Nov 2026 07:00:00 GMT", now)).toBe(0);
  });
  it("ignores what it cannot read", () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter("-5", now)).toBeUndefined();
  });
});
