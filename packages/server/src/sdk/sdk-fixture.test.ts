/**
 * The SDK's browser tests serve a fixed notice configuration (`packages/sdk/test/aurora-purposes.json`);
 * this test keeps it equal to what this server derives from `examples/aurora/loupe.yaml`, so that the SDK is
 * tested against the purposes (and the sale/share flags) the server really sends.
 */
import { readFileSync } from "node:fs";
import { parseDataMap } from "@loupe/core";
import { describe, expect, it } from "vitest";
import { bannerConfig, buildConsentModel } from "../consent/consent-model.js";
import { AURORA_MAP } from "../testing/test-stores.js";

const FIXTURE = new URL("../../../sdk/test/aurora-purposes.json", import.meta.url);

describe("the SDK's test fixture", () => {
  it("equals the cookie purposes the server sends for the Aurora map", () => {
    const loaded = parseDataMap(readFileSync(AURORA_MAP, "utf8"), AURORA_MAP);
    if (!loaded.ok) throw new Error(loaded.errors.map(String).join("\n"));
    const model = buildConsentModel(loaded.value.map, loaded.value.taxonomy);
    const config = bannerConfig(
      model,
      { version: "v1", lastUpdated: "2026-11-01", url: "/privacy" },
      {
        regime: "opt-in",
        region: "FR",
      },
    );
    const sent = JSON.parse(JSON.stringify(config.purposes));
    expect(JSON.parse(readFileSync(FIXTURE, "utf8"))).toEqual(sent);
    // What the browser tests rely on: only advertising sells or shares.
    expect(
      sent.filter((p: { saleOrShare: boolean }) => p.saleOrShare).map((p: { id: string }) => p.id),
    ).toEqual(["advertising"]);
  });
});
