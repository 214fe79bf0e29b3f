import { describe, expect, it } from "vitest";
import { normaliseIdentifier } from "./normalise-identifier.js";

const value = (r: ReturnType<typeof normaliseIdentifier>) => (r.ok ? r.value : r.errors[0]?.message);

describe("normaliseIdentifier", () => {
  it("trims and lower-cases e-mail addresses", () => {
    expect(value(normaliseIdentifier("email", "  Ada.Lovelace@Example.COM\t"))).toBe(
      "ada.lovelace@example.com",
    );
    expect(value(normaliseIdentifier("email", "no-at-sign", "items[3].email"))).toBe(
      "items[3].email: must be an e-mail address",
    );
  });

  it("writes phone numbers in E.164", () => {
    for (const raw of ["+1 (415) 555-0100", "+1.415.555.0100", "0014155550100", " +14155550100 "]) {
      expect(value(normaliseIdentifier("phone", raw))).toBe("+14155550100");
    }
    expect(value(normaliseIdentifier("phone", "+44 20 7946 0958"))).toBe("+442079460958");
    const local = normaliseIdentifier("phone", "(415) 555-0100");
    expect(local.ok).toBe(false);
    if (!local.ok) {
      expect(local.errors[0]?.code).toBe("INVALID_REQUEST");
      expect(local.errors[0]?.location).toEqual({ path: "phone" });
      expect(local.errors[0]?.message).toContain("international format");
    }
    expect(normaliseIdentifier("phone", "+0123456789").ok).toBe(false);
    expect(normaliseIdentifier("phone", "+1234567890123456").ok).toBe(false);
  });

  it("folds postal addresses: case, punctuation, spacing and street words", () => {
    const a = value(normaliseIdentifier("address", "12 Main Street, Apt. 4\nSpringfield, IL 62701"));
    const b = value(normaliseIdentifier("address", "12  MAIN ST  apartment 4, springfield IL 62701"));
    expect(a).toBe("12 main st apt 4 springfield il 62701");
    expect(b).toBe(a);
    expect(value(normaliseIdentifier("address", "Ｒｕｅ de la Paix 5"))).toBe("rue de la paix 5");
    expect(normaliseIdentifier("address", "home").ok).toBe(false);
  });
});
