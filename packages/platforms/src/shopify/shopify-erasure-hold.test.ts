import { describe, expect, it } from "vitest";
import { lastOrderDate, shopifyErasureHold } from "./shopify-erasure-hold.js";

describe("shopifyErasureHold", () => {
  const now = new Date("2026-11-22T08:00:00Z");

  it("explains the 180-day hold after a recent order", () => {
    const last = lastOrderDate({
      customer: {},
      orders: [{ createdAt: "2026-06-01T00:00:00Z" }, { createdAt: "2026-10-01T10:00:00Z" }],
    });
    expect(last).toBe("2026-10-01T10:00:00Z");
    const hold = shopifyErasureHold(last, now);
    expect(hold.held).toBe(true);
    expect(hold.erasableFrom).toBe("2027-03-30");
    expect(hold.message).toContain("2026-10-01");
    expect(hold.message).toContain("2027-03-30");
  });

  it("has no hold without orders or after 180 days", () => {
    expect(shopifyErasureHold(undefined, now)).toMatchObject({ held: false, erasableFrom: "2026-11-22" });
    expect(shopifyErasureHold("2026-01-01T00:00:00Z", now).held).toBe(false);
    expect(lastOrderDate({ customer: {}, orders: [] })).toBeUndefined();
  });
});
