import { describe, expect, it } from "vitest";
import { textSubject as subjectFor } from "../../../../../../test/lint-subject.js";
import { haveSeeds, readSeed } from "../../../../../../test/seeds.js";
import { mismatchedName } from "./mismatched-name.js";

const POLICY = `Collection, Use, And Sharing Of Information
· When You Make a Purchase with Us
· When You Contact Our Bluetooth Glasses Consultants via Phone, E-mail, Chat or in
Person
When You Make a Purchase with Us
· To facilitate our Gem Upgrade Program
When You Contact Our Gem and Ring Consultants via Phone, E-Mail, Chat, or in
Person
· To facilitate our Gem Upgrade Program
· To allow you to share Lumen Gems products with your friends
· To allow you to share Lumen Shop products with your friends
`;

describe("mismatched-name", () => {
  it("reports a name that differs from the same words elsewhere and occurs only once", () => {
    const hits = mismatchedName.check(subjectFor(POLICY));
    expect(hits.map((h) => [h.location.line, h.location.column])).toEqual([[3, 24]]);
    expect(hits[0]?.message).toBe(
      "'Bluetooth Glasses Consultants' appears only here, where the same words elsewhere name 'Gem and Ring Consultants': a name left from another text? Use the shop's own name for it",
    );
  });

  it("is silent when the overview and the headings agree", () => {
    const fixed = POLICY.replace("Bluetooth Glasses", "Gem and Ring");
    expect(mismatchedName.check(subjectFor(fixed))).toEqual([]);
  });
});

describe.skipIf(!haveSeeds())("mismatched-name on the seed policies", () => {
  it("reports Bluetooth Glasses Consultants at FDJ line 27", () => {
    const { text, file } = readSeed("fdj");
    const hits = mismatchedName.check(subjectFor(text, "organization:\n  name: FDJ GROUP INC\n", file));
    expect(hits.map((h) => h.location.line)).toEqual([27]);
    expect(hits[0]?.message).toContain("'Bluetooth Glasses Consultants'");
    expect(hits[0]?.message).toContain("'Diamond and Jewelry Consultants'");
  });

  it("finds nothing in Namdar's policy", () => {
    const { text, file } = readSeed("namdar");
    expect(mismatchedName.check(subjectFor(text, "organization:\n  name: Namdar Diamonds\n", file))).toEqual(
      [],
    );
  });
});
