import { describe, expect, it } from "vitest";
import { textSubject as subjectFor } from "../../../../../../test/lint-subject.js";
import { haveSeeds, readSeed } from "../../../../../../test/seeds.js";
import { danglingReference } from "./dangling-reference.js";

const POLICY = `Tracking Technology
Cookies help us remember you (see the Interest Based Advertising section below). See the section
below titled Interest Based Advertising for more information.
Interest Based Advertising: Third parties may use cookies to show you ads.
We may share a copy, which you can obtain as indicated in the “How To Contact Us” section below.
We keep it as long as needed (as explained in the “Use of Your Personal Information” section).
You assign your rights as described in the "Submissions" section of our Terms and Conditions page.
You may withdraw consent at any time. Use these links to withdraw your consent to e-mail marketing.
Visit the following links: https://lumen.example/choices and www.aboutads.info/choices.
`;

describe("dangling-reference", () => {
  it("reports sections and links that the document does not have", () => {
    const hits = danglingReference.check(subjectFor(POLICY));
    expect(hits.map((h) => [h.location.line, h.location.column])).toEqual([
      [5, 63],
      [6, 51],
      [8, 39],
    ]);
    expect(hits[0]?.message).toBe(
      "refers to the “How To Contact Us” section, but the document has no section with that title: add the section, or point to an existing one",
    );
    expect(hits[2]?.message).toContain("“Use these links”");
  });

  it("is silent when the sections exist", () => {
    const fixed = `${POLICY}How To Contact Us
E-mail: privacy@lumen.example
Use of Your Personal Information
We use it to fulfil your orders (see https://lumen.example/privacy).
`.replace("Use these links", "Use the choices page");
    expect(danglingReference.check(subjectFor(fixed))).toEqual([]);
  });
});

describe.skipIf(!haveSeeds())("dangling-reference on the seed policies", () => {
  it("reports Namdar lines 281, 283 and 287", () => {
    const { text, file } = readSeed("namdar");
    const hits = danglingReference.check(subjectFor(text, "organization:\n  name: Namdar Diamonds\n", file));
    expect(hits.map((h) => h.location.line)).toEqual([281, 283, 287]);
    expect(hits.map((h) => h.message.match(/“([^”]+)”/)?.[1])).toEqual([
      "How To Contact Us",
      "Use of Your Personal Information",
      "Use these links",
    ]);
  });

  it("finds nothing in FDJ's policy (its Submissions section is in another document)", () => {
    const { text, file } = readSeed("fdj");
    expect(danglingReference.check(subjectFor(text, "organization:\n  name: FDJ GROUP INC\n", file))).toEqual(
      [],
    );
  });
});
