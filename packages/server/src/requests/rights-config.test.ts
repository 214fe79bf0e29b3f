import { describe, expect, it } from "vitest";
import { loadConfig } from "../config/load-config.js";

describe("rights settings from the environment", () => {
  it("reads approval kinds, holidays per regime and the form limit", () => {
    const c = loadConfig({
      LOUPE_RIGHTS_APPROVAL: "delete, correct",
      LOUPE_HOLIDAYS: "2026-12-25,us-ca:2026-11-26,us-ca:2026-11-27",
      LOUPE_RIGHTS_FORMS_PER_MINUTE: "4",
    });
    expect(c.rights.approvalKinds).toEqual(["delete", "correct"]);
    expect(c.rights.holidays).toEqual({ default: ["2026-12-25"], "us-ca": ["2026-11-26", "2026-11-27"] });
    expect(c.rights.formsPerMinute).toBe(4);
    expect(loadConfig({}).rights).toMatchObject({ approvalKinds: [], holidays: {}, formsPerMinute: 10 });
  });

  it("names the variable that is wrong", () => {
    expect(() => loadConfig({ LOUPE_RIGHTS_APPROVAL: "erase-everything" })).toThrow(/LOUPE_RIGHTS_APPROVAL/);
    expect(() => loadConfig({ LOUPE_HOLIDAYS: "mars:2026-01-01" })).toThrow(/LOUPE_HOLIDAYS/);
    expect(() => loadConfig({ LOUPE_RIGHTS_SECRET: "short" })).toThrow(/LOUPE_RIGHTS_SECRET/);
  });
});
