import { describe, expect, it } from "vitest";
import {
  type Choice,
  choiceCookie,
  encodeChoice,
  purposeList,
  readChoice,
  readFields,
} from "./consent-cookie.js";

const choice: Choice = {
  id_: "0b9f4c1e-5d2a-4c5e-9a51-1f2e3d4c5b6a",
  t_: Date.UTC(2025, 5, 1),
  p_: true,
  g_: ["essential", "analytics", "advertising"],
  s_: ["advertising"],
  h_: encodeURIComponent("sha256:9b1f.0c"),
};

describe("consent cookie", () => {
  it("encodes a choice tersely, sale/share grants in their own field, hash last", () => {
    expect(encodeChoice(choice)).toBe(
      "1.0b9f4c1e-5d2a-4c5e-9a51-1f2e3d4c5b6a.mbcw9hc0.1.essential~analytics.advertising.sha256%3A9b1f.0c",
    );
  });

  it("reads back what it wrote, among other cookies, even with a dot in the hash", () => {
    const value = encodeChoice(choice);
    expect(readChoice(`session_id=s1; loupe_consent=${value}; _ga=GA1.1.1`)).toEqual(choice);
    expect(readFields(`loupe_consent=${value}`)[5]).toBe("advertising");
  });

  it("reads a choice with nothing granted but the required purposes", () => {
    const none = { ...choice, p_: false, g_: ["essential"], s_: [] };
    expect(readChoice(`loupe_consent=${encodeChoice(none)}`)).toEqual(none);
  });

  it("ignores other versions, truncated values and look-alike names", () => {
    expect(readChoice("")).toBeUndefined();
    expect(readChoice("loupe_consent=2.v.0.0.essential..h")).toBeUndefined();
    expect(readChoice("loupe_consent=1.v.0.0")).toBeUndefined();
    expect(readChoice(`xloupe_consent=${encodeChoice(choice)}`)).toBeUndefined();
    expect(readFields("a=1")).toEqual([""]);
  });

  it("splits purpose lists", () => {
    expect(purposeList("essential~analytics")).toEqual(["essential", "analytics"]);
    expect(purposeList("")).toEqual([]);
    expect(purposeList(undefined)).toEqual([]);
  });

  it("builds a first-party, Lax, optionally Secure and shared cookie", () => {
    expect(choiceCookie(choice, 180, undefined, false)).toBe(
      `loupe_consent=${encodeChoice(choice)};path=/;max-age=15552000;SameSite=Lax`,
    );
    expect(choiceCookie(choice, 1, "example.com", true)).toMatch(
      /;max-age=86400;SameSite=Lax;domain=example.com;Secure$/,
    );
  });
});
