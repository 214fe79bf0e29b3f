import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseDataMap } from "./load-data-map.js";

const example = readFileSync(new URL("../../../../examples/aurora/loupe.yaml", import.meta.url), "utf8");

describe("parseDataMap", () => {
  it("loads the example map with defaults applied", () => {
    const r = parseDataMap(example, "loupe.yaml");
    if (!r.ok) throw new Error(r.errors.map(String).join("\n"));
    expect(r.value.map.touchpoints).toHaveLength(8);
    expect(r.value.map.organization.aliases).toEqual([]);
    expect(r.value.map.signals.gpc).toBe(true);
  });

  it("reports YAML syntax errors with line and column", () => {
    const r = parseDataMap("organization:\n  name: [unclosed\n", "bad.yaml");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]?.code).toBe("YAML_SYNTAX");
    expect(r.errors[0]?.location).toMatchObject({ file: "bad.yaml", line: expect.any(Number) });
  });

  it("names unknown keys with their YAML path and line", () => {
    const r = parseDataMap("organization:\n  name: X\n  nmae: Y\n", "m.yaml");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map(String)).toEqual(["m.yaml:3:9 (organization.nmae): unknown key 'nmae'"]);
  });

  it("rejects an unknown taxonomy key with a suggestion", () => {
    const yaml =
      "organization: { name: X }\ntouchpoints:\n  - id: buy\n    title: Buy\n    collects:\n      - user.contact.emial\n";
    const r = parseDataMap(yaml, "m.yaml");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]?.code).toBe("UNKNOWN_TAXONOMY_KEY");
    expect(r.errors[0]?.toString()).toBe(
      "m.yaml:6:9 (touchpoints[0].collects[0]): unknown data category 'user.contact.emial' (did you mean 'user.contact.email'?); declare custom keys under taxonomy.categories with a parent",
    );
  });

  it("accepts custom keys declared under a parent and x- extensions", () => {
    const yaml = [
      "organization: { name: X }",
      "x-owner: team-privacy",
      "taxonomy:",
      "  categories:",
      "    - { key: user.contact.engraving, parent: user.contact, label: Engraving text }",
      "touchpoints:",
      "  - { id: buy, title: Buy, collects: [user.contact.engraving] }",
    ].join("\n");
    const r = parseDataMap(yaml, "m.yaml");
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.taxonomy.ccpaOf("user.contact.engraving")?.id).toBe("identifiers");
  });

  it("rejects references to undeclared recipients and programmes", () => {
    const yaml =
      "organization: { name: X }\ntouchpoints:\n  - id: buy\n    title: Buy\n    shares_with: [couriers]\n    consequences: [{ text: No upgrade, programme: upgrade }]\n";
    const r = parseDataMap(yaml, "m.yaml");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.location?.path)).toEqual([
      "touchpoints[0].shares_with[0]",
      "touchpoints[0].consequences[0].programme",
    ]);
  });
});
