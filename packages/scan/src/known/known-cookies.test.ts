import { describe, expect, it } from "vitest";
import { globMatcher } from "./glob.js";
import { guessCookie, KNOWN_COOKIES } from "./known-cookies.js";
import { guessHost } from "./known-hosts.js";

describe("globMatcher", () => {
  it("matches whole names, with * for any run of characters", () => {
    expect(globMatcher("_ga_*")("_ga_XYZ123")).toBe(true);
    expect(globMatcher("_ga_*")("_ga")).toBe(false);
    expect(globMatcher("_ga")("_gat")).toBe(false);
    expect(globMatcher("_pk_id.*")("_pk_id.1.abcd")).toBe(true);
    expect(globMatcher("_pk_id.*")("_pk_idX1")).toBe(false);
    expect(globMatcher("mp_*_mixpanel")("mp_0123_mixpanel")).toBe(true);
  });
});

describe("guessCookie", () => {
  it("knows analytics, advertising and essential cookies", () => {
    expect(guessCookie("_gid")).toEqual({ pattern: "_gid", purpose: "analytics", provider: "Google" });
    expect(guessCookie("_fbp")?.purpose).toBe("advertising");
    expect(guessCookie("_gcl_au")?.purpose).toBe("advertising");
    expect(guessCookie("__hssc")).toMatchObject({ purpose: "analytics", provider: "HubSpot" });
    expect(guessCookie("OptanonConsent")?.purpose).toBe("essential");
  });

  it("matches families by wildcard, exact names first", () => {
    expect(guessCookie("_ga_ABC123")?.pattern).toBe("_ga_*");
    expect(guessCookie("_gcl_aw")?.pattern).toBe("_gcl_aw");
    expect(guessCookie("_gcl_ha")?.pattern).toBe("_gcl_*");
    expect(guessCookie("_hjSessionUser_3456")).toMatchObject({ purpose: "analytics", provider: "Hotjar" });
  });

  it("does not guess unknown names", () => {
    expect(guessCookie("basket")).toBeUndefined();
    expect(guessCookie("ga")).toBeUndefined();
  });

  it("has no pattern listed twice", () => {
    const patterns = KNOWN_COOKIES.map((c) => c.pattern);
    expect(new Set(patterns).size).toBe(patterns.length);
  });
});

describe("guessHost", () => {
  it("takes the most specific listed domain", () => {
    expect(guessHost("region1.google-analytics.com")).toMatchObject({
      provider: "Google",
      purpose: "analytics",
    });
    expect(guessHost("analytics.tiktok.com")?.domain).toBe("analytics.tiktok.com");
    expect(guessHost("www.tiktok.com")?.domain).toBe("tiktok.com");
    expect(guessHost("px.ads.linkedin.com")?.purpose).toBe("advertising");
    expect(guessHost("www.linkedin.com")?.purpose).toBe("social");
  });

  it("marks plumbing as infrastructure and knows nothing of other hosts", () => {
    expect(guessHost("js.stripe.com")?.infrastructure).toBe(true);
    expect(guessHost("notgoogle-analytics.com")).toBeUndefined();
    expect(guessHost("cdn.example.org")).toBeUndefined();
  });
});
