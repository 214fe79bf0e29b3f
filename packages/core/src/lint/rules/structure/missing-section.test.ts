import { describe, expect, it } from "vitest";
import { haveSeeds, readSeed } from "../../../../../../test/seeds.js";
import { missingSection } from "./missing-section.js";
import { linesOf, policySubject } from "./structure-subject.js";

describe.skipIf(!haveSeeds())("missing-section on the seeds", () => {
  it("Namdar: social media has no consequences, appointments no recipients", () => {
    const seed = readSeed("namdar");
    const hits = missingSection.check(policySubject(seed.text, seed.file));
    expect(hits.map((h) => [h.location.line, h.message])).toEqual([
      [167, "'When You Interact with Us via Social Media' has no 'Consequences Of Not Providing Data' list"],
      [185, "'When You Book an Appointment at Our Showrooms' has no 'Who We May Share Your Data With' list"],
    ]);
  });

  it("FDJ: appointments have no recipients list", () => {
    const seed = readSeed("fdj");
    expect(linesOf(missingSection, seed.text, seed.file)).toEqual([191]);
  });
});

describe("missing-section", () => {
  it("names each missing list once at the touchpoint heading", () => {
    const text = ["# When You Visit", "## How We May Use The Data Collected", "- To run the site"].join(
      "\n\n",
    );
    const hits = missingSection.check(policySubject(text, "p.md"));
    expect(hits.map((h) => h.location.line)).toEqual([1, 1, 1]);
    expect(hits.map((h) => h.message.match(/'([^']+)' list$/)?.[1])).toEqual([
      "Categories Of Data We May Collect",
      "Who We May Share Your Data With",
      "Consequences Of Not Providing Data",
    ]);
  });
});
