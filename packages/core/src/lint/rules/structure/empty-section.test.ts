import { describe, expect, it } from "vitest";
import { haveSeeds, readSeed } from "../../../../../../test/seeds.js";
import { emptySection } from "./empty-section.js";
import { linesOf, policySubject } from "./structure-subject.js";

describe.skipIf(!haveSeeds())("empty-section on the seeds", () => {
  it("Namdar: the consequences of not reviewing a product are missing under their heading", () => {
    const seed = readSeed("namdar");
    const hits = emptySection.check(policySubject(seed.text, seed.file));
    expect(hits).toEqual([
      {
        message:
          "'Consequences Of Not Providing Data' under 'When You Review a Product' has no items; list them, or write 'None'",
        location: { file: seed.file, line: 165 },
      },
    ]);
  });

  it("FDJ has no empty heading", () => {
    const seed = readSeed("fdj");
    expect(linesOf(emptySection, seed.text, seed.file)).toEqual([]);
  });
});

describe("empty-section", () => {
  it("reports a section heading followed at once by another, but not a parent of sub-sections", () => {
    const text =
      "# Privacy Policy\n\n## Security\n\n## Links\n\nSee them.\n\n## Rights\n\n### Appeals\n\nAsk us.\n";
    expect(linesOf(emptySection, text, "p.md")).toEqual([3]);
  });

  it("accepts a list written as 'None'", () => {
    const text = [
      "When You Visit",
      "Categories Of Data We May Collect",
      "• None",
      "Consequences Of Not Providing Data",
    ].join("\n\n");
    expect(linesOf(emptySection, text, "p.txt")).toEqual([7]);
  });
});
