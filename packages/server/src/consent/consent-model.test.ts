import { readFileSync } from "node:fs";
import { parseDataMap } from "@loupe/core";
import { describe, expect, it } from "vitest";
import { AURORA_MAP } from "../testing/test-stores.js";
import { bannerConfig, buildConsentModel, decideRegime } from "./consent-model.js";
import { completeChoices } from "./record-consent.js";

const loaded = parseDataMap(readFileSync(AURORA_MAP, "utf8"), AURORA_MAP);
if (!loaded.ok) throw new Error(loaded.errors.map(String).join("\n"));
const model = buildConsentModel(loaded.value.map, loaded.value.taxonomy);

describe("buildConsentModel", () => {
  it("reads the purposes, cookies, sale/share purposes and regime of the map", () => {
    expect(model.purposes.map((p) => p.id)).toEqual([
      "essential",
      "functional",
      "analytics",
      "advertising",
      "social",
    ]);
    expect(model.required).toEqual(["essential"]);
    expect(model.saleOrShare).toEqual(["advertising"]);
    expect(model.purposes.find((p) => p.id === "analytics")?.cookies).toEqual([
      { name: "_ga", provider: "Google", duration: "2y" },
    ]);
    expect(model.gpcHonoured).toBe(true);
    expect(model.defaultRegime).toBe("opt-in"); // the map includes the EEA
  });
});

describe("decideRegime", () => {
  it("asks for opt-in in the EEA, the UK and Switzerland, opt-out in the US, the default elsewhere", () => {
    expect(decideRegime("de", "opt-out")).toEqual({ regime: "opt-in", region: "DE" });
    expect(decideRegime("GB", "opt-out")).toEqual({ regime: "opt-in", region: "GB" });
    expect(decideRegime("CH", "opt-out")).toEqual({ regime: "opt-in", region: "CH" });
    expect(decideRegime("NO", "opt-out")).toEqual({ regime: "opt-in", region: "NO" });
    expect(decideRegime("US", "opt-in")).toEqual({ regime: "opt-out", region: "US" });
    expect(decideRegime("JP", "opt-in")).toEqual({ regime: "opt-in", region: "JP" });
    expect(decideRegime("JP", "opt-out")).toEqual({ regime: "opt-out", region: "JP" });
    expect(decideRegime("XX", "opt-in")).toEqual({ regime: "opt-in", region: "unknown" });
    expect(decideRegime(undefined, "opt-out")).toEqual({ regime: "opt-out", region: "unknown" });
  });
});

describe("bannerConfig", () => {
  it("hashes what is shown, so the hash changes with the regime but not with the region alone", () => {
    const notice = { version: "sha256:abc", lastUpdated: "2026-11-01", url: "/privacy" };
    const fr = bannerConfig(model, notice, decideRegime("FR", "opt-in"));
    const de = bannerConfig(model, notice, decideRegime("DE", "opt-in"));
    const us = bannerConfig(model, notice, decideRegime("US", "opt-in"));
    expect(fr.configHash).toMatch(/^[0-9a-f]{64}$/);
    expect(fr.configHash).toBe(de.configHash);
    expect(us.configHash).not.toBe(fr.configHash);
    expect(
      bannerConfig(model, { ...notice, version: "sha256:def" }, decideRegime("FR", "opt-in")).configHash,
    ).not.toBe(fr.configHash);
  });
});

describe("completeChoices", () => {
  it("completes the lists from the action, in the map's order", () => {
    expect(completeChoices(model, "accept-all", undefined, undefined, "r")).toEqual({
      granted: ["essential", "functional", "analytics", "advertising", "social"],
      denied: [],
    });
    expect(completeChoices(model, "reject-all", undefined, undefined, "r")).toEqual({
      granted: ["essential"],
      denied: ["functional", "analytics", "advertising", "social"],
    });
    expect(completeChoices(model, "save", ["analytics"], undefined, "r")).toEqual({
      granted: ["essential", "analytics"],
      denied: ["functional", "advertising", "social"],
    });
    expect(completeChoices(model, "gpc", undefined, undefined, "r")).toEqual({
      granted: [],
      denied: ["advertising"],
    });
    expect(completeChoices(model, "withdraw", undefined, ["social"], "r")).toEqual({
      granted: [],
      denied: ["social"],
    });
  });

  it("refuses unknown, contradictory and strictly necessary refusals with the field path", () => {
    const err = (r: ReturnType<typeof completeChoices>) => ("error" in r ? r.error.toJSON() : r);
    expect(err(completeChoices(model, "save", ["analytics", "ads"], undefined, "receipts[2]"))).toMatchObject(
      {
        code: "INVALID_REQUEST",
        location: { path: "receipts[2].granted[1]" },
      },
    );
    expect(err(completeChoices(model, "save", ["analytics"], ["analytics"], "receipts[0]"))).toMatchObject({
      location: { path: "receipts[0].denied[0]" },
    });
    expect(err(completeChoices(model, "save", [], ["essential"], "receipts[0]"))).toMatchObject({
      message: "receipts[0].denied[0]: 'essential' is strictly necessary and cannot be refused",
    });
    expect(err(completeChoices(model, "accept-all", undefined, ["social"], "receipts[0]"))).toMatchObject({
      location: { path: "receipts[0].denied" },
    });
  });
});
