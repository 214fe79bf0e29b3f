import { describe, expect, it } from "vitest";
import { textSubject as subjectFor } from "../../../../../../test/lint-subject.js";
import { haveSeeds, readSeed } from "../../../../../../test/seeds.js";
import type { LintSubject } from "../../rule.js";
import { foreignOrganizationName } from "./foreign-organization-name.js";

const lines = (s: LintSubject) => foreignOrganizationName.check(s).map((h) => h.location.line);

const POLICY = `Privacy Policy
Lumen Gems wants you to know that your privacy is important to us. Our customers are at the heart
of everything we do.
Northwind Trading will occasionally update this Privacy Policy. When a revision is made we will
revise the "last updated" date on this page.
Consequences Of Not Providing Data
· The Site may not run correctly
· You may not receive Northwind Trading marketing
· To allow you to use our Build Your Own Ring® tools
· To facilitate our Gem Upgrade Program
Your personal information will be hosted in the United States, where Lumen Gems, Inc. is based.
The law in the United States may not offer the same protection, and the European Commission has not
issued an adequacy decision. Acme Holdings, Inc. may also receive your order history.
Additionally, Lumen Gems may use your information to comply with Lumen Gems’s policies.
Our Site may provide links to third-party websites. Google Analytics may collect information about your visits.
Google Analytics may collect information about visits to our Site.
You may opt out through the Network Advertising Initiative or the Digital Advertising Alliance’s
Self-Regulatory Principles. We honour the Global Privacy Control signal.
Global Privacy Control is a signal we honour. Standard Contractual Clauses may apply to our transfers.
`;

describe("foreign-organization-name", () => {
  it("reports another organisation's name where the policy speaks of its owner, with its line", () => {
    const hits = foreignOrganizationName.check(subjectFor(POLICY));
    expect(hits.map((h) => [h.location.line, h.location.column])).toEqual([
      [4, 1],
      [8, 23],
      [13, 30],
      [16, 1],
    ]);
    expect(hits[0]?.message).toContain(
      "'Northwind Trading' is not the name of this policy's owner ('Lumen Gems')",
    );
    expect(hits[2]?.message).toContain("'Acme Holdings, Inc.'");
    expect(hits[3]?.message).toContain("'Google Analytics'");
    expect(hits[0]?.location.file).toBe("policy.txt");
  });

  it("accepts aliases and names the map declares, such as a cookie provider", () => {
    const yaml = `organization:
  name: Lumen Gems
  aliases: [Northwind Trading, "Acme Holdings, Inc."]
cookies:
  purposes: [{ id: analytics, title: Analytics }]
  items: [{ name: _ga, purpose: analytics, provider: Google }]
`;
    expect(lines(subjectFor(POLICY, yaml))).toEqual([]);
  });

  it("does not run without a document", () => {
    const s = subjectFor(POLICY);
    delete s.document;
    expect(foreignOrganizationName.check(s)).toEqual([]);
  });
});

describe.skipIf(!haveSeeds())("foreign-organization-name on the seed policies", () => {
  it("finds Blue Nile at FDJ lines 10 and 54", () => {
    const { text, file } = readSeed("fdj");
    const hits = foreignOrganizationName.check(
      subjectFor(text, "organization:\n  name: FDJ GROUP INC\n", file),
    );
    expect(hits.map((h) => h.location.line)).toEqual([10, 54]);
    expect(hits.every((h) => h.message.startsWith("'Blue Nile'"))).toBe(true);
    expect(hits[0]?.location.file).toBe(file);
  });

  it("finds nothing in Namdar's policy", () => {
    const { text, file } = readSeed("namdar");
    const yaml = "organization:\n  name: Namdar Diamonds\n  legal_name: Namdar Diamonds, Inc.\n";
    expect(lines(subjectFor(text, yaml, file))).toEqual([]);
    expect(lines(subjectFor(text, "organization:\n  name: Namdar Diamonds\n", file))).toEqual([]);
  });
});
