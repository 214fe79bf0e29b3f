import { describe, expect, it } from "vitest";
import { textSubject as subjectFor } from "../../../../../../test/lint-subject.js";
import { haveSeeds, readSeed } from "../../../../../../test/seeds.js";
import { inconsistentOrganizationName } from "./inconsistent-organization-name.js";

const POLICY = `Privacy Policy
LUMEN GEMS INC wants you to know that your privacy is important to us.
· To allow you to share LUMEN GEMS INC products with your friends
· You will not receive updates from LUMEN SHOP
· You will not be able to post a review of LUMEN SHOP products
For companies like Lumen Gems, Inc. that have global operations, LUMEN GEMS INC's policies apply.
Contact Lumen for help.
`;

describe("inconsistent-organization-name", () => {
  it("reports each other name of the owner once, at its first line", () => {
    const hits = inconsistentOrganizationName.check(
      subjectFor(POLICY, "organization:\n  name: LUMEN GEMS INC\n"),
    );
    expect(hits.map((h) => [h.location.line, h.location.column])).toEqual([
      [4, 37],
      [7, 9],
    ]);
    expect(hits[0]?.message).toBe(
      "the owner is called 'LUMEN SHOP' here but 'LUMEN GEMS INC' in the map: use one name throughout, or list 'LUMEN SHOP' under organization.aliases if the owner rightly uses it",
    );
    expect(hits[1]?.message).toContain("'Lumen'");
  });

  it("treats the brand and its legal form as one name, and accepts aliases", () => {
    const yaml = "organization:\n  name: Lumen Gems\n  aliases: [LUMEN SHOP, Lumen]\n";
    expect(inconsistentOrganizationName.check(subjectFor(POLICY, yaml))).toEqual([]);
  });
});

describe.skipIf(!haveSeeds())("inconsistent-organization-name on the seed policies", () => {
  it("reports FDJ SHOP once, at FDJ line 127", () => {
    const { text, file } = readSeed("fdj");
    const hits = inconsistentOrganizationName.check(
      subjectFor(text, "organization:\n  name: FDJ GROUP INC\n", file),
    );
    expect(hits.map((h) => [h.location.line, h.message.match(/'([^']+)'/)?.[1]])).toEqual([
      [127, "FDJ SHOP"],
    ]);
  });

  it("accepts Namdar Diamonds and Namdar Diamonds, Inc. as one name", () => {
    const { text, file } = readSeed("namdar");
    expect(
      inconsistentOrganizationName.check(subjectFor(text, "organization:\n  name: Namdar Diamonds\n", file)),
    ).toEqual([]);
    const legal = "organization:\n  name: Namdar Diamonds\n  legal_name: Namdar Diamonds, Inc.\n";
    expect(inconsistentOrganizationName.check(subjectFor(text, legal, file))).toEqual([]);
  });
});
