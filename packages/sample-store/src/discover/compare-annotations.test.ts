import type { System } from "@loupe/core";
import { describe, expect, it } from "vitest";
import { compareAnnotations } from "./compare-annotations.js";

const system = (tables: System["tables"], keys: System["keys"] = []): System => ({
  id: "s",
  connector: "postgres",
  tables,
  keys,
});
const table = (fields: Record<string, string>, identity = {}, references = {}) => ({
  identity,
  fields,
  references,
  holds: [],
});

describe("compareAnnotations", () => {
  it("counts same categories and same CCPA categories as matches", () => {
    const shipped = system({
      customers: table(
        { email: "user.contact.email", first_name: "user.name.first", city: "user.contact.address.city" },
        { email: "email" },
      ),
      orders: table({ total: "user.behavior.purchase_history" }, {}, { customer_id: "customers.id" }),
    });
    const proposed = system({
      customers: table(
        {
          email: "user.contact.email",
          first_name: "user.name",
          city: "user.location.imprecise",
          x: "user.name",
        },
        { email: "email" },
      ),
      orders: table({}, {}, { customer_id: "customers.id" }),
    });
    const r = compareAnnotations(proposed, shipped);
    expect(r.fields).toBe(4);
    expect(r.same).toBe(1);
    expect(r.sameCcpa).toBe(1);
    expect(r.matched).toBe(2);
    expect(r.share).toBe(0.5);
    expect(r.mismatches.map((m) => [m.column, m.outcome])).toEqual([
      ["first_name", "same-ccpa"],
      ["city", "different"],
      ["total", "missing"],
    ]);
    expect(r.extra).toEqual([{ table: "customers", column: "x", proposed: "user.name" }]);
    expect(r.identities).toEqual({ total: 1, matched: 1, missing: [] });
    expect(r.references.matched).toBe(1);
  });

  it("compares Redis key patterns by pattern", () => {
    const keys = (cat: string): System["keys"] => [
      { pattern: "cart:{customer_id}", type: "hash", fields: { "*": cat }, erase: "delete", identity: {} },
    ];
    expect(
      compareAnnotations(
        system({}, keys("user.behavior.purchase_history")),
        system({}, keys("user.behavior.purchase_history")),
      ).share,
    ).toBe(1);
    expect(
      compareAnnotations(system({}, keys("user.device")), system({}, keys("user.behavior.purchase_history")))
        .share,
    ).toBe(0);
  });
});
