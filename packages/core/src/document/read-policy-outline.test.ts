import { describe, expect, it } from "vitest";
import { haveSeeds, readSeed } from "../../../../test/seeds.js";
import { parsePolicyDocument } from "./parse-policy-document.js";
import type { PolicyDocument } from "./policy-document.js";
import { readPolicyOutline } from "./read-policy-outline.js";

function parse(text: string, file: string): PolicyDocument {
  const r = parsePolicyDocument(text, file);
  if (!r.ok) throw new Error(r.errors.map(String).join("\n"));
  return r.value;
}

describe.skipIf(!haveSeeds())("readPolicyOutline on the seeds", () => {
  it("reads FDJ's overview, its ten touchpoint sections (two repeated) and other sections", () => {
    const seed = readSeed("fdj");
    const outline = readPolicyOutline(parse(seed.text, seed.file));
    expect(outline.title).toMatchObject({ text: "Privacy Policy", line: 1, repeatedAt: [] });
    expect(outline.overview?.section.line).toBe(17);
    expect(outline.overview?.lead.map((b) => b.line)).toEqual([18]);
    expect(outline.overview?.items.map((i) => i.line)).toEqual([24, 25, 26, 27, 29, 30]);
    expect(outline.touchpoints.map((t) => t.line)).toEqual([31, 55, 70, 94, 113, 130, 149, 166, 178, 191]);
    expect(outline.touchpoints.filter((t) => t.repeats).map((t) => [t.line, t.repeats?.line])).toEqual([
      [130, 94],
      [149, 113],
    ]);
    const purchase = outline.touchpoints[2];
    expect(purchase?.lists.map((l) => [l.kind, l.line, l.items.length])).toEqual([
      ["collects", 71, 5],
      ["purposes", 77, 6],
      ["recipients", 85, 3],
      ["consequences", 89, 4],
    ]);
    expect(purchase?.lists[1]?.items[1]).toMatchObject({
      line: 79,
      text: expect.stringMatching(/resizes of your products$/),
    });
    expect(outline.touchpoints[9]?.lists.map((l) => l.kind)).toEqual([
      "collects",
      "purposes",
      "consequences",
    ]);
    expect(outline.sections.filter((s) => s.role === "general").map((s) => [s.line, s.endLine])).toEqual([
      [199, 207],
    ]);
    expect(outline.sections.filter((s) => s.role === "section").map((s) => [s.title, s.line])).toEqual([
      ["Tracking Technology", 208],
      ["Information That We May Share With Others", 260],
      ["Children Under 13", 289],
      ["Links", 293],
      ["Security", 297],
      ["Accessing And Updating Your Information", 302],
      ["Marketing Choice/Opt-Out", 306],
      ["Your California Privacy Rights", 332],
    ]);
  });

  it("reads Namdar's repeated title, its list-less overview and the empty consequences list", () => {
    const seed = readSeed("namdar");
    const outline = readPolicyOutline(parse(seed.text, seed.file));
    expect(outline.title).toMatchObject({ text: "Privacy policy", line: 1, repeatedAt: [3] });
    expect(outline.overview?.items).toEqual([]);
    expect(outline.overview?.lead.map((b) => b.line)).toEqual([11]);
    expect(outline.touchpoints).toHaveLength(8);
    expect(outline.touchpoints.some((t) => t.repeats)).toBe(false);
    const review = outline.touchpoints[5];
    expect(review?.title).toBe("When You Review a Product");
    expect(review?.lists.map((l) => [l.kind, l.line, l.items.length])).toEqual([
      ["collects", 150, 3],
      ["purposes", 156, 2],
      ["recipients", 161, 1],
      ["consequences", 165, 0],
    ]);
    expect(outline.touchpoints[6]?.lists.map((l) => l.kind)).toEqual(["collects", "purposes", "recipients"]);
    expect(outline.touchpoints[7]?.lists.map((l) => l.kind)).toEqual([
      "collects",
      "purposes",
      "consequences",
    ]);
  });
});

describe("readPolicyOutline", () => {
  it("is memoised per document", () => {
    const doc = parse("Privacy Policy\n\nWe collect nothing.\n", "p.txt");
    expect(readPolicyOutline(doc)).toBe(readPolicyOutline(doc));
    expect(readPolicyOutline(doc).touchpoints).toEqual([]);
    expect(readPolicyOutline(doc).sections.map((s) => s.role)).toEqual(["title"]);
  });

  it("takes a heading followed by the template lists as a touchpoint, and lists written as paragraphs", () => {
    const doc = parse(
      [
        "# Gift Cards",
        "",
        "## Categories Of Data We May Collect",
        "",
        "Your e-mail address",
        "",
        "## Security",
        "",
        "We lock it.",
      ].join("\n"),
      "p.md",
    );
    const outline = readPolicyOutline(doc);
    expect(outline.title).toBeUndefined();
    expect(outline.touchpoints.map((t) => t.title)).toEqual(["Gift Cards"]);
    expect(outline.touchpoints[0]?.lists[0]?.items.map((i) => [i.text, i.line])).toEqual([
      ["Your e-mail address", 5],
    ]);
    expect(outline.sections.map((s) => [s.role, s.title])).toEqual([["section", "Security"]]);
  });

  it("does not take a 'When You …' heading with only paragraphs under it as a touchpoint", () => {
    const doc = parse("# Privacy Policy\n\n## When You Contact Us\n\nWrite to us.\n", "p.md");
    const outline = readPolicyOutline(doc);
    expect(outline.touchpoints).toEqual([]);
    expect(outline.sections.map((s) => s.title)).toEqual(["Privacy Policy", "When You Contact Us"]);
  });
});
