import { describe, expect, it } from "vitest";
import { haveSeeds, readSeed } from "../../../../../../test/seeds.js";
import { duplicateSection } from "./duplicate-section.js";
import { linesOf, policySubject } from "./structure-subject.js";

describe.skipIf(!haveSeeds())("duplicate-section on the seeds", () => {
  it("reports FDJ's two repeated touchpoint sections at the repeats' headings", () => {
    const seed = readSeed("fdj");
    const hits = duplicateSection.check(policySubject(seed.text, seed.file));
    expect(hits.map((h) => h.location)).toEqual([
      { file: seed.file, line: 130 },
      { file: seed.file, line: 149 },
    ]);
    expect(hits[0]?.message).toMatch(/repeats the one at line 94 word for word/);
    expect(hits[1]?.message).toMatch(/repeats the one at line 113 \(1 item worded differently\)/);
  });

  it("finds nothing in Namdar (a title written twice is not a repeated section)", () => {
    const seed = readSeed("namdar");
    expect(linesOf(duplicateSection, seed.text, seed.file)).toEqual([]);
  });
});

describe("duplicate-section", () => {
  it("reports a repeated free section too", () => {
    const text =
      "# Privacy Policy\n\n## Security\n\nWe lock it.\n\n## Links\n\nSee them.\n\n## Security\n\nWe lock it.\n";
    expect(linesOf(duplicateSection, text, "p.md")).toEqual([11]);
  });
});
