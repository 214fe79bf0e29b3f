import { readFileSync } from "node:fs";
import { parseDataMap } from "@loupe/core";
import { describe, expect, it } from "vitest";
import { COMMERCE_TABLES, MARKETING_TABLES, REDIS_KEY_KINDS, type TableSpec } from "../schema/shop-schema.js";
import { SAMPLE_STORE_ANNOTATIONS, sampleStoreSystems } from "./sample-store-annotations.js";

describe("the shipped annotations", () => {
  it("load into a minimal map without errors", () => {
    const r = parseDataMap(`organization: { name: Test }\n${SAMPLE_STORE_ANNOTATIONS}`, "loupe.yaml");
    if (!r.ok) throw new Error(r.errors.map((e) => e.message).join("\n"));
    expect(r.value.map.systems.map((s) => [s.id, s.connector, s.connection?.env])).toEqual([
      ["commerce", "postgres", "SHOP_COMMERCE_URL"],
      ["marketing", "mysql", "SHOP_MARKETING_URL"],
      ["cache", "redis", "SHOP_CACHE_URL"],
    ]);
  });

  it("are the same text as annotations.yaml", () => {
    const file = readFileSync(new URL("../../annotations.yaml", import.meta.url), "utf8");
    expect(file).toBe(SAMPLE_STORE_ANNOTATIONS);
  });

  it("name only tables and columns that exist", () => {
    const systems = sampleStoreSystems();
    const specs: Record<string, readonly TableSpec[]> = {
      commerce: COMMERCE_TABLES,
      marketing: MARKETING_TABLES,
    };
    const problems: string[] = [];
    const exists = (system: string, table: string, column: string) =>
      specs[system]?.find((t) => t.name === table)?.columns.some((c) => c.name === column) ?? false;
    for (const s of systems) {
      for (const [table, t] of Object.entries(s.tables)) {
        const cols = [
          ...Object.keys(t.fields),
          ...Object.values(t.identity),
          ...Object.keys(t.references),
          ...(t.primary_key ?? []),
          ...t.holds.flatMap((h) => [...h.fields, ...(h.from ? [h.from] : [])]),
          ...(t.soft_delete ? [t.soft_delete] : []),
        ];
        for (const c of cols) if (!exists(s.id, table, c as string)) problems.push(`${s.id}.${table}.${c}`);
        for (const target of Object.values(t.references)) {
          const parts = target.split(".");
          const [sys, tab, col] = parts.length === 3 ? parts : [s.id, ...parts];
          if (!exists(sys as string, tab as string, col as string)) problems.push(`reference ${target}`);
        }
        const spec = specs[s.id]?.find((x) => x.name === table);
        expect(t.primary_key, table).toEqual(spec?.primaryKey);
      }
    }
    expect(problems).toEqual([]);
  });

  it("declare identities, holds and soft deletes", () => {
    const [commerce, marketing, cache] = sampleStoreSystems();
    const identityKinds = new Set(
      [commerce, marketing, cache]
        .flatMap((s) => [
          ...Object.values(s?.tables ?? {}).flatMap((t) => Object.keys(t.identity)),
          ...(s?.keys ?? []).flatMap((k) => [
            ...(k.pattern.match(/\{([a-z_]+)\}/g) ?? []),
            ...Object.keys(k.identity),
          ]),
        ])
        .map((k) => k.replace(/[{}]/g, "")),
    );
    expect([...identityKinds].sort()).toEqual(
      ["cookie_id", "customer_id", "email", "order_number", "phone", "session_id", "social_handle"].sort(),
    );
    expect(commerce?.tables.customers?.soft_delete).toBe("deleted_at");
    expect(commerce?.tables.orders?.holds[0]).toMatchObject({ for: "7y", from: "placed_at" });
    expect(commerce?.tables.orders?.holds[0]?.fields).toEqual(expect.arrayContaining(["total", "placed_at"]));
    expect(commerce?.tables.service_tickets?.holds[0]).toMatchObject({
      from: "warranty_expires_on",
      fields: [],
    });
    expect(marketing?.tables.sms_subscriptions?.identity).toEqual({ phone: "phone" });
    expect(marketing?.tables.newsletter_subscriptions?.references.customer_id).toBe("commerce.customers.id");
    const strategies = new Set(
      [commerce, marketing].flatMap((s) =>
        Object.values(s?.tables ?? {}).flatMap((t) =>
          Object.values(t.fields).flatMap((f) => (typeof f === "string" ? [] : f.erase ? [f.erase] : [])),
        ),
      ),
    );
    expect([...strategies].sort()).toEqual(["fixed", "hash", "keep", "null", "redact"]);
    expect(cache?.keys.map((k) => k.pattern.split(":")[0]).sort()).toEqual([...REDIS_KEY_KINDS].sort());
  });
});

describe("the example map", () => {
  it("carries the shipped annotations as its systems", () => {
    const text = readFileSync(new URL("../../../../examples/aurora/loupe.yaml", import.meta.url), "utf8");
    const loaded = parseDataMap(text, "examples/aurora/loupe.yaml");
    if (!loaded.ok) throw new Error(loaded.errors.map(String).join("\n"));
    expect(loaded.value.map.systems).toEqual(sampleStoreSystems());
  });
});
