import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { haveSeeds, readSeed } from "../../../../test/seeds.js";
import { lineAt, lineOfMatch } from "./block-line.js";
import { parsePolicyDocument, policyFormatOf } from "./parse-policy-document.js";
import type { Block, PolicyDocument } from "./policy-document.js";

const fixture = (name: string) =>
  readFileSync(new URL(`../importer/fixtures/${name}`, import.meta.url), "utf8");

function parse(text: string, file: string, format?: "txt" | "md" | "html"): PolicyDocument {
  const r = parsePolicyDocument(text, file, format);
  if (!r.ok) throw new Error(r.errors.map(String).join("\n"));
  return r.value;
}

const at = (doc: PolicyDocument, line: number): Block | undefined => doc.blocks.find((b) => b.line === line);
const brief = (b: Block | undefined) => b && [b.kind, b.line, b.endLine];

describe.skipIf(!haveSeeds())("parsePolicyDocument on the seeds", () => {
  it("reads FDJ's wrapped lines: bullets and headings cut mid-sentence go on on the next line", () => {
    const seed = readSeed("fdj");
    const doc = parse(seed.text, seed.file);
    expect(doc.format).toBe("txt");
    expect(brief(at(doc, 1))).toEqual(["heading", 1, 1]);
    expect(brief(at(doc, 2))).toEqual(["paragraph", 2, 4]);
    expect(brief(at(doc, 17))).toEqual(["heading", 17, 17]);
    expect(brief(at(doc, 18))).toEqual(["paragraph", 18, 23]);
    expect(at(doc, 27)).toMatchObject({
      kind: "bullet",
      endLine: 28,
      text: "When You Contact Our Bluetooth Glasses Consultants via Phone, E-mail, Chat or in Person",
    });
    expect(at(doc, 94)).toMatchObject({
      kind: "heading",
      endLine: 95,
      text: "When You Contact Our Diamond and Jewelry Consultants via Phone, E-Mail, Chat, or in Person",
    });
    expect(brief(at(doc, 113))).toEqual(["heading", 113, 114]);
    expect(brief(at(doc, 33))).toEqual(["bullet", 33, 34]);
    expect(brief(at(doc, 42))).toEqual(["bullet", 42, 44]);
    // A short bullet without closing punctuation does not swallow the paragraph after it.
    expect(brief(at(doc, 198))).toEqual(["bullet", 198, 198]);
    expect(brief(at(doc, 199))).toEqual(["paragraph", 199, 199]);
    expect(at(doc, 215)).toMatchObject({ kind: "numbered", number: 1, endLine: 217 });
    expect(brief(at(doc, 260))).toEqual(["heading", 260, 260]);
    expect(brief(at(doc, 289))).toEqual(["heading", 289, 289]);
    expect(brief(at(doc, 333))).toEqual(["paragraph", 333, 334]);
    expect(brief(at(doc, 365))).toEqual(["paragraph", 365, 365]);
    expect(brief(at(doc, 370))).toEqual(["paragraph", 370, 371]);
    expect(doc.blocks.filter((b) => b.kind === "heading")).toHaveLength(59);
  });

  it("maps an offset of a wrapped block back to its source line", () => {
    const seed = readSeed("fdj");
    const doc = parse(seed.text, seed.file);
    const dnt = at(doc, 316) as Block;
    expect(dnt.endLine).toBe(324);
    expect(lineOfMatch(dnt, /we do not currently/)).toBe(322);
    expect(lineAt(dnt, 0)).toBe(316);
    expect(lineOfMatch(dnt, "nothing like this")).toBeUndefined();
  });

  it("reads Namdar's one block per line with blank lines between", () => {
    const seed = readSeed("namdar");
    const doc = parse(seed.text, seed.file);
    expect(brief(at(doc, 1))).toEqual(["heading", 1, 1]);
    expect(brief(at(doc, 3))).toEqual(["heading", 3, 3]);
    expect(at(doc, 18)).toMatchObject({
      kind: "bullet",
      text: expect.stringMatching(/^Information gathered through cookies/),
    });
    expect(brief(at(doc, 165))).toEqual(["heading", 165, 165]);
    expect(brief(at(doc, 167))).toEqual(["heading", 167, 167]);
    expect(at(doc, 212)).toMatchObject({ kind: "numbered", number: 1 });
    // "… sending us an" + blank line + "Email or by phone …" is one sentence cut in two.
    expect(at(doc, 259)).toMatchObject({ kind: "paragraph", endLine: 261 });
    expect(at(doc, 259)?.text).toContain("sending us an Email or by phone at 212-361-1800.");
    expect(brief(at(doc, 265))).toEqual(["paragraph", 265, 265]);
    expect(brief(at(doc, 275))).toEqual(["heading", 275, 275]);
  });
});

describe("parsePolicyDocument", () => {
  it("takes the format from the extension and refuses an unknown one", () => {
    expect(policyFormatOf("policy.TXT")).toBe("txt");
    expect(policyFormatOf("policy.markdown")).toBe("md");
    expect(policyFormatOf("policy.htm")).toBe("html");
    const r = parsePolicyDocument("x", "policy.pdf");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]?.code).toBe("UNSUPPORTED_FORMAT");
    expect(parsePolicyDocument("# T", "policy.pdf", "md").ok).toBe(true);
  });

  it("reads a wrapped text policy with `·` bullets, numbered items and underlined headings", () => {
    const doc = parse(
      [
        "Privacy Policy",
        "==============",
        "",
        "Sapphire Row keeps the personal information you give us for as long as we need",
        "it to serve you.",
        "1. Essential: Cookies we need.",
        "2. Analytics: Cookies that count",
        "visits.",
        "- A dash bullet",
        "# Contact Us",
        "E-mail: privacy@sapphire.example",
      ].join("\n"),
      "p.txt",
    );
    expect(doc.blocks.map((b) => [b.kind, b.line, b.endLine])).toEqual([
      ["heading", 1, 2],
      ["paragraph", 4, 5],
      ["numbered", 6, 6],
      ["numbered", 7, 8],
      ["bullet", 9, 9],
      ["heading", 10, 10],
      ["paragraph", 11, 11],
    ]);
    expect(doc.blocks[3]).toMatchObject({ number: 2, text: "Analytics: Cookies that count visits." });
    expect(doc.blocks[0]?.level).toBe(1);
    expect(doc.blocks[5]?.level).toBe(1);
  });

  it("reads Markdown: headings, emphasis, numbered items, tables and links", () => {
    const doc = parse(fixture("lumen.md"), "lumen.md");
    expect(doc.format).toBe("md");
    expect(at(doc, 1)).toMatchObject({ kind: "heading", level: 1, text: "Privacy Policy" });
    expect(at(doc, 5)).toMatchObject({ kind: "paragraph", endLine: 6 });
    expect(at(doc, 14)).toMatchObject({
      kind: "heading",
      level: 4,
      text: "Categories Of Data We May Collect",
    });
    expect(at(doc, 17)).toMatchObject({ kind: "bullet", text: "Your e-mail address" });
    expect(at(doc, 22)).toMatchObject({ kind: "numbered", number: 1 });
    expect(at(doc, 40)).toMatchObject({
      kind: "paragraph",
      tableHead: true,
      cells: ["Cookie", "Purpose", "Provider", "Duration"],
    });
    expect(at(doc, 43)).toMatchObject({
      kind: "bullet",
      cells: ["_ga", "Analytics", "Google", "2 years"],
      text: "_ga — Analytics — Google — 2 years",
    });
    expect(at(doc, 51)).toMatchObject({
      text: "We protect your information with encryption and access controls. See our security page.",
      links: [{ text: "our security page", href: "https://lumen-gems.example/security" }],
    });
  });

  it("reads HTML with a real parser: source lines, entities, <br>, tables, no script or head text", () => {
    const doc = parse(fixture("lumen.html"), "lumen.html");
    expect(doc.format).toBe("html");
    expect(doc.blocks[0]).toMatchObject({ kind: "heading", level: 1, text: "Privacy Policy", line: 5 });
    expect(at(doc, 6)?.text).toBe("Lumen Gems wants you to know that your privacy is important to us.");
    expect(at(doc, 7)?.text).toBe("Please read this policy with care.");
    expect(at(doc, 16)).toMatchObject({ kind: "bullet", text: "Your phone number", endLine: 17 });
    expect(at(doc, 29)?.links).toEqual([
      { text: "privacy@lumen-gems.example", href: "mailto:privacy@lumen-gems.example" },
    ]);
    expect(at(doc, 31)?.text).toBe("Our Site may link to other websites & shops that we do not control.");
    expect(at(doc, 33)).toMatchObject({ kind: "paragraph", tableHead: true, cells: ["Partner", "Country"] });
    expect(at(doc, 34)).toMatchObject({ kind: "bullet", cells: ["Gem Lab", "Belgium"] });
    expect(doc.blocks.some((b) => /not text|color|Lumen Gems privacy/.test(b.text))).toBe(false);
  });

  it("numbers ordered HTML list items and keeps nested items apart", () => {
    const doc = parse('<ol start="3"><li>Three<ul><li>Inner</li></ul></li><li>Four</li></ol>', "x.html");
    expect(doc.blocks.map((b) => [b.kind, b.text, b.number])).toEqual([
      ["numbered", "Three", 3],
      ["bullet", "Inner", undefined],
      ["numbered", "Four", 4],
    ]);
  });

  it("never throws on odd input", () => {
    for (const text of [
      "",
      "\n\n\n",
      "<<<>>>",
      "| a |\n|---|",
      "```\ncode",
      "·",
      "1.",
      "<p><p></li></table>",
    ]) {
      for (const format of ["txt", "md", "html"] as const) {
        expect(parsePolicyDocument(text, "x", format).ok).toBe(true);
      }
    }
  });
});
