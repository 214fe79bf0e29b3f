import { describe, expect, it } from "vitest";
import { textSubject as subjectFor } from "../../../../../../test/lint-subject.js";
import { haveSeeds, readSeed } from "../../../../../../test/seeds.js";
import { missingLastUpdated } from "./missing-last-updated.js";

describe("missing-last-updated", () => {
  it("points at the promise of a date that is never shown", () => {
    const policy =
      'Privacy Policy\nLumen Gems will occasionally update this Privacy Policy. When a revision is made we will\nrevise the "last updated" date on this page.\n';
    const hits = missingLastUpdated.check(subjectFor(policy));
    expect(hits).toEqual([
      {
        message:
          "the text promises a “last updated” date but shows none: add a line “Last updated: YYYY-MM-DD” under the title (notice.last_updated), and change it with every revision",
        location: { file: "policy.txt", line: 3, column: 13 },
      },
    ]);
  });

  it("points at line 1 when there is neither a date nor a promise", () => {
    const hits = missingLastUpdated.check(subjectFor("Privacy Policy\nWe respect your privacy.\n"));
    expect(hits.map((h) => h.location)).toEqual([{ file: "policy.txt", line: 1, column: 1 }]);
  });

  it("accepts a shown date in the usual forms", () => {
    for (const date of [
      "Last updated: 2026-01-31",
      "Effective date: January 31, 2026",
      "Last Revised 31 Jan 2026",
      "Updated: 01/31/2026",
    ]) {
      expect(
        missingLastUpdated.check(subjectFor(`Privacy Policy\n${date}\nWe revise the "last updated" date.\n`)),
      ).toEqual([]);
    }
  });

  it("accepts a date the importer read into notice.last_updated", () => {
    const yaml = "organization:\n  name: Lumen Gems\nnotice:\n  last_updated: 2026-01-31\n";
    expect(missingLastUpdated.check(subjectFor("Privacy Policy\n", yaml))).toEqual([]);
  });
});

describe.skipIf(!haveSeeds())("missing-last-updated on the seed policies", () => {
  it("points at FDJ's promise on line 11", () => {
    const { text, file } = readSeed("fdj");
    const hits = missingLastUpdated.check(subjectFor(text, "organization:\n  name: FDJ GROUP INC\n", file));
    expect(hits.map((h) => h.location.line)).toEqual([11]);
    expect(hits[0]?.message).toContain("promises");
  });

  it("points at line 1 of Namdar's policy, which shows no date", () => {
    const { text, file } = readSeed("namdar");
    const hits = missingLastUpdated.check(subjectFor(text, "organization:\n  name: Namdar Diamonds\n", file));
    expect(hits.map((h) => h.location.line)).toEqual([1]);
    expect(hits[0]?.message).toContain("shows no");
  });
});
