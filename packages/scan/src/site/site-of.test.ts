import { describe, expect, it } from "vitest";
import { hostMatches, isThirdParty, siteOf } from "./site-of.js";

describe("siteOf", () => {
  it("gives the registrable domain by the public suffix list", () => {
    expect(siteOf("www.shop.example.co.uk")).toBe("example.co.uk");
    expect(siteOf(".Shop.Example.com")).toBe("example.com");
    expect(siteOf("a.b.github.io")).toBe("b.github.io");
  });

  it("keeps addresses and bare names as they are", () => {
    expect(siteOf("127.0.0.1")).toBe("127.0.0.1");
    expect(siteOf("localhost")).toBe("localhost");
    expect(siteOf("tracker.test")).toBe("tracker.test");
  });
});

describe("hostMatches and isThirdParty", () => {
  it("matches a domain and its subdomains only", () => {
    expect(hostMatches("www.google-analytics.com", ".google-analytics.com")).toBe(true);
    expect(hostMatches("notgoogle-analytics.com", "google-analytics.com")).toBe(false);
  });

  it("counts subdomains of the shop as first party", () => {
    expect(isThirdParty("cdn.shop.example", "shop.example")).toBe(false);
    expect(isThirdParty("connect.facebook.net", "shop.example")).toBe(true);
    expect(isThirdParty("ads.test", "127.0.0.1")).toBe(true);
  });
});
