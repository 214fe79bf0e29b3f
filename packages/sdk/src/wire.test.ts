import { describe, expect, it } from "vitest";
import { AURORA_PURPOSES } from "../test/shop-server.js";
import { type ConsentRecord, configUrl, readConfig, receiptBody } from "./wire.js";

const config = {
  noticeVersion: "2025-06-01",
  configHash: "cfg-1",
  regime: "opt-out",
  region: "us-ca",
  gpcHonoured: true,
  purposes: AURORA_PURPOSES,
};

describe("wire contract", () => {
  it("builds the configuration URL", () => {
    expect(configUrl("https://shop.example/privacy", "fr")).toBe(
      "https://shop.example/privacy/api/v1/consent/config?lang=fr",
    );
    expect(configUrl("", "en")).toBe("/api/v1/consent/config?lang=en");
  });

  it("reads the configuration the server sends", () => {
    const c = readConfig(JSON.parse(JSON.stringify(config)));
    expect(c).toMatchObject({ regime: "opt-out", region: "us-ca", configHash: "cfg-1", gpcHonoured: true });
    expect(c?.purposes.map((p) => [p.id, p.required, p.saleOrShare])).toEqual([
      ["essential", true, false],
      ["functional", false, false],
      ["analytics", false, false],
      ["advertising", false, true],
      ["social", false, false],
    ]);
    expect(c?.purposes[3]?.cookies).toEqual([{ name: "_fbp", provider: "Meta", duration: "3mo" }]);
  });

  it("also reads the nested notice and GPC fields", () => {
    const c = readConfig({
      organization: "Aurora Fine Jewelry",
      regime: "opt-in",
      region: "DE",
      notice: { version: "a1b2c3", lastUpdated: "2026-11-01", url: "/privacy" },
      gpc: { honoured: false, purposes: ["advertising"] },
      purposes: AURORA_PURPOSES,
      configHash: "f00d",
    });
    expect(c).toMatchObject({
      noticeVersion: "a1b2c3",
      gpcHonoured: false,
      region: "DE",
      configHash: "f00d",
    });
  });

  it("defaults to the protective reading and rejects what is not a configuration", () => {
    const c = readConfig({ configHash: "h", purposes: [{ id: "ads", cookies: [{ name: "x" }, null] }, 7] });
    expect(c).toEqual({
      noticeVersion: "",
      configHash: "h",
      regime: "opt-in",
      region: "",
      gpcHonoured: true,
      purposes: [
        {
          id: "ads",
          title: "",
          description: "",
          required: false,
          saleOrShare: false,
          cookies: [{ name: "x", provider: "", duration: "" }],
        },
      ],
    });
    expect(readConfig(null)).toBeUndefined();
    expect(readConfig({ error: "unavailable" })).toBeUndefined();
    expect(readConfig({ configHash: "h", purposes: "all" })).toBeUndefined();
  });

  it("writes a receipt with every field of the contract", () => {
    const parsed = readConfig(config);
    if (!parsed) throw new Error("config not read");
    const record: ConsentRecord = {
      visitorId: "v-1",
      granted: ["essential", "analytics"],
      denied: ["functional", "advertising", "social"],
      action: "save",
      source: "dialog",
      gpc: true,
      dnt: false,
      language: "es",
      config: parsed,
    };
    expect(receiptBody(record)).toEqual({
      receipts: [
        {
          visitorId: "v-1",
          granted: ["essential", "analytics"],
          denied: ["functional", "advertising", "social"],
          action: "save",
          source: "dialog",
          gpc: true,
          dnt: false,
          noticeVersion: "2025-06-01",
          configHash: "cfg-1",
          language: "es",
        },
      ],
    });
  });
});
