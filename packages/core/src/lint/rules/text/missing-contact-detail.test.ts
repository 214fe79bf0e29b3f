import { describe, expect, it } from "vitest";
import { textSubject as subjectFor } from "../../../../../../test/lint-subject.js";
import { haveSeeds, readSeed } from "../../../../../../test/seeds.js";
import { missingContactDetail } from "./missing-contact-detail.js";

const POLICY = `Accessing And Updating Your Information
Otherwise, to learn more, please
contact us as set forth below.
To opt out of postal mail promotions, please send us a postal request.
To exercise your rights, please contact us by either sending us an

Email or by phone at 415-555-0142. You can also submit a written request using the contact details set out below.
`;

describe("missing-contact-detail", () => {
  it("reports each reference to a contact detail the text never gives", () => {
    const hits = missingContactDetail.check(subjectFor(POLICY));
    expect(hits.map((h) => [h.location.line, h.location.column])).toEqual([
      [3, 1],
      [4, 46],
      [5, 54],
      [7, 74],
    ]);
    expect(hits.map((h) => h.message.match(/“([^”]+)”/)?.[1])).toEqual([
      "contact us as set forth below",
      "send us a postal request",
      "sending us an Email",
      "using the contact details set out below",
    ]);
    expect(hits[2]?.message).toContain(
      "no e-mail address: add the address next to it (organization.contact.email)",
    );
  });

  it("is silent once the text gives an e-mail and a postal address", () => {
    const fixed = `${POLICY}Contact Us
E-mail: privacy@lumen.example
Address: 12 Harbour Road, Portland, OR 97201
`;
    expect(missingContactDetail.check(subjectFor(fixed))).toEqual([]);
  });

  it("asks for a phone number only when the text has none", () => {
    const hits = missingContactDetail.check(
      subjectFor("Questions? Call us any day. E-mail privacy@lumen.example."),
    );
    expect(hits.map((h) => h.message.match(/“([^”]+)”/)?.[1])).toEqual(["Call us"]);
  });
});

describe.skipIf(!haveSeeds())("missing-contact-detail on the seed policies", () => {
  it("reports FDJ lines 305, 312, 313 and 352", () => {
    const { text, file } = readSeed("fdj");
    const hits = missingContactDetail.check(subjectFor(text, "organization:\n  name: FDJ GROUP INC\n", file));
    expect(hits.map((h) => h.location.line)).toEqual([305, 312, 313, 352]);
  });

  it("reports Namdar lines 259 and 285", () => {
    const { text, file } = readSeed("namdar");
    const hits = missingContactDetail.check(
      subjectFor(text, "organization:\n  name: Namdar Diamonds\n", file),
    );
    expect(hits.map((h) => h.location.line)).toEqual([259, 285]);
  });
});
