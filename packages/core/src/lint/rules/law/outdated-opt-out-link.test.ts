import { describe, expect, it } from "vitest";
import { haveSeeds, readSeed } from "../../../../../../test/seeds.js";
import type { PolicyDocument } from "../../../document/policy-document.js";
import { parseDataMap } from "../../../map/load-data-map.js";
import type { LintSubject } from "../../rule.js";
import { outdatedOptOutLink } from "./outdated-opt-out-link.js";

function subjectFor(source?: string, file = "policy.txt"): LintSubject {
  const r = parseDataMap("organization:\n  name: Lumen Gems\njurisdictions: [us-ca]\n");
  if (!r.ok) throw new Error(r.errors.map(String).join("\n"));
  if (source === undefined) return r.value;
  const blocks = source
    .split("\n")
    .flatMap((t, i) =>
      t.trim() ? [{ kind: "paragraph" as const, text: t.trim(), line: i + 1, endLine: i + 1 }] : [],
    );
  const document: PolicyDocument = { file, format: "txt", source, blocks };
  return { ...r.value, document };
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
