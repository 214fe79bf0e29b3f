import { describe, expect, it } from "vitest";
import { haveSeeds, readSeed } from "../../../../../../test/seeds.js";
import { overviewMismatch } from "./overview-mismatch.js";
import { linesOf, policySubject } from "./structure-subject.js";

describe.skipIf(!haveSeeds())("overview-mismatch on the seeds", () => {
  it("FDJ: the overview names a 'Bluetooth Glasses' touchpoint and misses three described ones", () => {
    const seed = readSeed("fdj");
    const hits = overviewMismatch.check(policySubject(seed.text, seed.file));
    expect(hits.map((h) => h.location.line)).toEqual([27, 94, 113, 166]);
    expect(hits[0]?.message).toBe(
      "the overview lists 'When You Contact Our Bluetooth Glasses Consultants via Phone, E-mail, Chat or in Person' but no section describes it (did you mean 'When You Contact Our Diamond and Jewelry Consultants via Phone, E-Mail, Chat, or in Person'?)",
    );
    expect(hits[3]?.message).toBe(
      "'When You Review a Product' is described at line 166 but missing from the overview list at line 24",
    );
  });

  it("Namdar: the lead announces a list that is not there", () => {
    const seed = readSeed("namdar");
    const hits = overviewMismatch.check(policySubject(seed.text, seed.file));
    expect(hits.map((h) => h.location.line)).toEqual([11]);
    expect(hits[0]?.message).toMatch(/list the 8 touchpoints/);
  });
});

describe("overview-mismatch", () => {
  it("is quiet when the overview and the sections agree, or when there are no touchpoints", () => {
    const agree = [
      "# Privacy Policy",
      "## Collection, Use, And Sharing Of Information",
      "- When You Make a Purchase with Us",
      "### When You Make a Purchase with Us",
      "#### Categories Of Data We May Collect",
      "- Your full name",
    ].join("\n\n");
    expect(linesOf(overviewMismatch, agree, "p.md")).toEqual([]);
    expect(linesOf(overviewMismatch, "# Privacy Policy\n\nNothing.\n", "p.md")).toEqual([]);
  });
});
