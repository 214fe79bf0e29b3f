import { describe, expect, it } from "vitest";
import { consentSignals } from "./consent-mode.js";

describe("Consent Mode v2 signals", () => {
  it("denies everything but security storage when nothing is granted", () => {
    expect(consentSignals(["essential"])).toEqual({
      ad_storage: "denied",
      ad_user_data: "denied",
      ad_personalization: "denied",
      analytics_storage: "denied",
      functionality_storage: "denied",
      personalization_storage: "denied",
      security_storage: "granted",
    });
  });

  it("grants each signal from its purpose", () => {
    const s = consentSignals(["essential", "analytics", "advertising"]);
    expect([s.analytics_storage, s.ad_storage, s.ad_user_data, s.ad_personalization]).toEqual([
      "granted",
      "granted",
      "granted",
      "granted",
    ]);
    expect([s.functionality_storage, s.personalization_storage]).toEqual(["denied", "denied"]);
    expect(consentSignals(["functional"]).personalization_storage).toBe("granted");
  });
});
