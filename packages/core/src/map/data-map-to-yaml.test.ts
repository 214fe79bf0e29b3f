import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { haveSeeds, readSeed } from "../../../../test/seeds.js";
import { parsePolicyDocument } from "../document/parse-policy-document.js";
import { importPolicy } from "../importer/import-policy.js";
import type { DataMap } from "./data-map-schema.js";
import { DATA_MAP_SCHEMA_URL, dataMapToYaml, REVIEW_COMMENT } from "./data-map-to-yaml.js";
import { parseDataMap, validateDataMap } from "./load-data-map.js";

function load(text: string): DataMap {
  const r = parseDataMap(text, "loupe.yaml");
  if (!r.ok) throw new Error(r.errors.map(String).join("\n"));
  return r.value.map;
}

function imported(text: string, file: string): DataMap {
  const doc = parsePolicyDocument(text, file);
  if (!doc.ok) throw new Error(doc.errors.map(String).join("\n"));
  return importPolicy(doc.value).map;
}

const aurora = load(readFileSync(new URL("../../../../examples/aurora/loupe.yaml", import.meta.url), "utf8"));

describe("dataMapToYaml", () => {
  it("writes the example map so that it parses back to the same map", () => {
    const yaml = dataMapToYaml(aurora);
    expect(load(yaml)).toEqual(aurora);
    expect(yaml.startsWith("version: 1\norganization:\n  name: Aurora Fine Jewelry\n")).toBe(true);
  });

  it("leaves out defaults and empty lists, and uses flow style for short plain collections", () => {
    const yaml = dataMapToYaml(aurora);
    expect(yaml).not.toMatch(
      /aliases|online_only|financial_incentive: false|sells: false|subjects|not_personal: \[\]|holds: \[\]|lint:/,
    );
    expect(yaml).not.toMatch(/lookback_months|required: false|uses: \[\]/);
    expect(yaml).toContain("jurisdictions: [ us-ca, us-co, us-ct, us-va, us-tx, eea ]");
    expect(yaml).toContain("    sources: [ automatic ]\n");
    expect(yaml).toContain(
      "      - { text: To facilitate returns, use: essential.service.returns, basis: contract }\n",
    );
  });

  it("writes the schema comment first only when asked", () => {
    expect(dataMapToYaml(aurora)).not.toContain("yaml-language-server");
    expect(dataMapToYaml(aurora, { header: true }).split("\n")[0]).toBe(
      `# yaml-language-server: $schema=${DATA_MAP_SCHEMA_URL}`,
    );
    expect(dataMapToYaml(aurora, { header: "../loupe.schema.json" }).split("\n")[0]).toBe(
      "# yaml-language-server: $schema=../loupe.schema.json",
    );
  });

  it("comments every entry marked for review and keeps paragraphs as paragraphs", () => {
    const r = validateDataMap({
      organization: { name: "Quartz Corner" },
      notice: { intro: "First paragraph.\n\nSecond paragraph." },
      taxonomy: { categories: [{ key: "user.ring_size", parent: "user", label: "Your ring size" }] },
      touchpoints: [
        {
          id: "purchase",
          title: "When You Make a Purchase with Us",
          collects: ["user.name", { category: "user.ring_size", review: true }],
          purposes: [{ text: "To arrange a tarot reading", review: true }],
        },
      ],
    });
    if (!r.ok) throw new Error(r.errors.map(String).join("\n"));
    const yaml = dataMapToYaml(r.value.map);
    expect(yaml.match(new RegExp(`#${REVIEW_COMMENT}`, "g"))).toHaveLength(2);
    expect(yaml).toContain(`      #${REVIEW_COMMENT}\n      - { category: user.ring_size, review: true }`);
    expect(yaml).toContain("  intro: |-\n    First paragraph.\n\n    Second paragraph.\n");
    expect(load(yaml)).toEqual(r.value.map);
  });
});

describe.skipIf(!haveSeeds())("dataMapToYaml on the imported seeds", () => {
  for (const name of ["fdj", "namdar"] as const) {
    it(`${name}: parseDataMap(dataMapToYaml(map)) gives back the map`, () => {
      const seed = readSeed(name);
      const map = imported(seed.text, seed.file);
      const yaml = dataMapToYaml(map, { header: true });
      expect(load(yaml)).toEqual(map);
      expect(yaml).toContain("  - id: navigate-site\n");
    });
  }
});
