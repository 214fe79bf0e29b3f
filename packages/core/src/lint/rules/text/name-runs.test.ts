import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseDataMap } from "../../../map/load-data-map.js";
import { isKnownPhrase, knownPhrases, nameRuns, tokenize } from "./name-runs.js";

describe("tokenize", () => {
  it("splits punctuation, quotes and possessives off words", () => {
    const t = tokenize("Additionally,Lumen Gems, Inc.’s “Site” team.");
    expect(t.map((x) => [x.core, x.lead, x.trail, x.possessive])).toEqual([
      ["Additionally", "", ",", false],
      ["Lumen", "", "", false],
      ["Gems", "", ",", false],
      ["Inc.", "", "", true],
      ["Site", "“", "”", false],
      ["team", "", ".", false],
    ]);
  });
});

describe("nameRuns", () => {
  it("finds capitalised runs, crossing a comma only before a legal form", () => {
    const runs = nameRuns("Yesterday Blue Nile and Lumen Gems, Inc. met the European Commission, Brussels.");
    expect(runs.map((r) => [r.text, r.legalForm])).toEqual([
      ["Yesterday Blue Nile", false],
      ["Lumen Gems, Inc.", true],
      ["European Commission", false],
      ["Brussels", false],
    ]);
  });

  it("marks quoted names and products with ® or ™", () => {
    const runs = nameRuns("Use our Build Your Own Jewelry® tools and the “Gem Finder” page.");
    expect(runs.filter((r) => r.marked).map((r) => r.text)).toEqual(["Own Jewelry®", "Gem Finder"]);
  });
});

describe("knownPhrases", () => {
  it("collects the map's titles and providers", () => {
    const text = readFileSync(
      new URL("../../../../../../examples/aurora/loupe.yaml", import.meta.url),
      "utf8",
    );
    const r = parseDataMap(text);
    if (!r.ok) throw new Error(r.errors.map(String).join("\n"));
    const known = knownPhrases(r.value.map);
    expect(isKnownPhrase("Diamond Upgrade", known)).toBe(true);
    expect(isKnownPhrase("Google Analytics", known)).toBe(true);
    expect(isKnownPhrase("European Commission", known)).toBe(true);
    expect(isKnownPhrase("Blue Nile", known)).toBe(false);
  });
});
