import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { dataMapJsonSchema } from "./data-map-json-schema.js";

describe("dataMapJsonSchema", () => {
  it("describes every top-level part of loupe.yaml", () => {
    const schema = dataMapJsonSchema();
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining([
        "organization",
        "touchpoints",
        "recipients",
        "cookies",
        "retention",
        "systems",
        "lint",
      ]),
    );
  });

  it("matches the shipped loupe.schema.json (regenerate with: npx loupe schema --out packages/core/loupe.schema.json)", () => {
    const shipped = JSON.parse(readFileSync(new URL("../../loupe.schema.json", import.meta.url), "utf8"));
    expect(shipped).toEqual(dataMapJsonSchema());
  });
});
