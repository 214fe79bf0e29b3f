import { describe, expect, it } from "vitest";
import { SeededRandom, seedFor } from "./seeded-random.js";

describe("SeededRandom", () => {
  it("repeats the same sequence for the same seed", () => {
    const a = new SeededRandom(42);
    const b = new SeededRandom(42);
    const xs = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(xs);
    expect(new SeededRandom(43).nextUint32()).not.toBe(xs[0]);
  });

  it("draws integers within bounds and roughly uniformly", () => {
    const rng = new SeededRandom(7);
    const counts = [0, 0, 0, 0, 0, 0];
    let outside = 0;
    for (let i = 0; i < 60_000; i++) {
      const v = rng.int(1, 6);
      if (v < 1 || v > 6) outside++;
      else counts[v - 1] = (counts[v - 1] ?? 0) + 1;
    }
    expect(outside).toBe(0);
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
  });

  it("formats hex strings and UUIDs", () => {
    const rng = new SeededRandom(1);
    expect(rng.hex(40)).toMatch(/^[0-9a-f]{40}$/);
    expect(rng.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe("seedFor", () => {
  it("separates streams and indexes", () => {
    expect(seedFor(42, "customer", 0)).toBe(seedFor(42, "customer", 0));
    expect(seedFor(42, "customer", 0)).not.toBe(seedFor(42, "customer", 1));
    expect(seedFor(42, "customer", 0)).not.toBe(seedFor(42, "guest", 0));
    expect(seedFor(42, "customer", 0)).not.toBe(seedFor(43, "customer", 0));
    expect(seedFor(1, "x", 2 ** 33)).not.toBe(seedFor(1, "x", 2 ** 34));
  });
});
