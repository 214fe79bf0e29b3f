import { describe, expect, it } from "vitest";
import { textSubject } from "../../../../../../test/lint-subject.js";
import { haveSeeds, readSeed } from "../../../../../../test/seeds.js";
import { parseDataMap } from "../../../map/load-data-map.js";
import type { LintSubject } from "../../rule.js";
import { outdatedOptOutLink } from "./outdated-opt-out-link.js";

const YAML = "organization:\n  name: Lumen Gems\njurisdictions: [us-ca]\n";

function subjectFor(source?: string, file = "policy.txt"): LintSubject {
  if (source !== undefined) return textSubject(source, YAML, file);
  const r = parseDataMap(YAML);
  if (!r.ok) throw new Error(r.errors.map(String).join("\n"));
  return r.value;
}

describe("outdated-opt-out-link", () => {
  it("reports the pre-CPRA link title with its line", () => {
    const text =
      "Your California Privacy Rights\nYou may opt out at any time by visiting our Do Not Sell My\nPersonal Information page.\n";
    const hits = outdatedOptOutLink.check(subjectFor(text));
    expect(hits.map((h) => h.location)).toEqual([{ file: "policy.txt", line: 2, column: 45 }]);
    expect(hits[0]?.message).toContain("“Do Not Sell My Personal Information”");
    expect(hits[0]?.message).toContain("“Do Not Sell or Share My Personal Information”");
  });

  it("is silent on the current title, and with a map only", () => {
    expect(
      outdatedOptOutLink.check(subjectFor("Visit our Do Not Sell or Share My Personal Information page.")),
    ).toEqual([]);
    expect(outdatedOptOutLink.check(subjectFor())).toEqual([]);
  });
});

describe.skipIf(!haveSeeds())("outdated-opt-out-link on the seed policies", () => {
  it("reports FDJ line 370 and nothing in Namdar's policy", () => {
    const fdj = readSeed("fdj");
    expect(outdatedOptOutLink.check(subjectFor(fdj.text, fdj.file)).map((h) => h.location.line)).toEqual([
      370,
    ]);
    const namdar = readSeed("namdar");
    expect(outdatedOptOutLink.check(subjectFor(namdar.text, namdar.file))).toEqual([]);
  });
});
