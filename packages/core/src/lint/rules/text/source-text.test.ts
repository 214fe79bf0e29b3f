import { describe, expect, it } from "vitest";
import type { PolicyDocument } from "../../../document/policy-document.js";
import { isTitleLike, normalisePhrase, readSource, sentencesOf } from "./source-text.js";

const doc = (source: string, format: PolicyDocument["format"] = "txt"): PolicyDocument => ({
  file: "policy.txt",
  format,
  source,
  blocks: [],
});

describe("readSource", () => {
  it("joins wrapped lines, keeps headings and list items apart, and maps offsets back to lines", () => {
    const src = readSource(
      doc(
        [
          "Privacy Policy",
          "Lumen Gems wants you to know that your privacy is important to us. Part of our",
          "commitment is to protect it.",
          "Categories Of Data We May Collect",
          "· Your full name",
          "· Information gathered through cookies (see the Tracking",
          "Technology section)",
          "· Your e-mail address",
          "When You Contact Our Gem Consultants via Phone, E-mail, Chat or in",
          "Person",
        ].join("\n"),
      ),
    );
    expect(src.segments.map((s) => [s.text, s.bullet, s.heading])).toEqual([
      ["Privacy Policy", false, true],
      [
        "Lumen Gems wants you to know that your privacy is important to us. Part of our commitment is to protect it.",
        false,
        false,
      ],
      ["Categories Of Data We May Collect", false, true],
      ["Your full name", true, false],
      ["Information gathered through cookies (see the Tracking Technology section)", true, false],
      ["Your e-mail address", true, false],
      ["When You Contact Our Gem Consultants via Phone, E-mail, Chat or in Person", false, true],
    ]);
    const para = src.segments[1];
    const at = para?.text.indexOf("commitment") ?? -1;
    expect(src.locate(para?.offsets[at] ?? -1)).toEqual({ file: "policy.txt", line: 3, column: 1 });
  });

  it("continues a sentence across a stray blank line when the line ends with a word like 'an'", () => {
    const src = readSource(
      doc("Please contact us by sending us an\n\nEmail or by phone.\n\nNext paragraph."),
    );
    expect(src.segments.map((s) => s.text)).toEqual([
      "Please contact us by sending us an Email or by phone.",
      "Next paragraph.",
    ]);
    expect(src.lineOf(src.segments[1]?.offsets[0] ?? -1)).toBe(5);
  });

  it("reads Markdown headings and bullets, and HTML blocks, with source lines", () => {
    const md = readSource(
      doc("# Privacy Policy\nLumen Gems **will** update it.\n\n- Your full name\n", "md"),
    );
    expect(md.segments.map((s) => [s.text.replace(/\s+/g, " "), s.heading, s.bullet])).toEqual([
      ["Privacy Policy", true, false],
      ["Lumen Gems will update it.", false, false],
      ["Your full name", false, true],
    ]);
    const html = readSource(
      doc(
        "<h1>Privacy Policy</h1>\n<p>Lumen Gems &amp; Co will update it.</p><ul><li>Your full name</li></ul>",
        "html",
      ),
    );
    expect(html.segments.map((s) => [s.text.replace(/\s+/g, " ").trim(), s.heading, s.bullet])).toEqual([
      ["Privacy Policy", true, false],
      ["Lumen Gems & Co will update it.", false, false],
      ["Your full name", false, true],
    ]);
    const item = html.segments[2];
    expect(html.locate(item?.offsets[0] ?? -1)).toMatchObject({ line: 2 });
  });

  it("collects the words the text uses in lower case", () => {
    const src = readSource(doc("Our Privacy Policy explains our privacy practices."));
    expect(src.vocabulary.has("privacy")).toBe(true);
    expect(src.vocabulary.has("policy")).toBe(false);
  });
});

describe("sentencesOf", () => {
  it("splits at full stops and colons before a capital, not after e.g.", () => {
    expect(
      sentencesOf("Cookies: We use them, e.g. Session cookies. Acme may update it.").map((s) => s.text),
    ).toEqual(["Cookies:", "We use them, e.g. Session cookies.", "Acme may update it."]);
    const text = "One. Two three.";
    expect(sentencesOf(text).map((s) => text.slice(s.start, s.start + 3))).toEqual(["One", "Two"]);
  });
});

describe("isTitleLike and normalisePhrase", () => {
  it("tells headings from sentences", () => {
    expect(isTitleLike("Collection, Use, And Sharing Of Information")).toBe(true);
    expect(isTitleLike("When You Navigate to Our Site")).toBe(true);
    expect(isTitleLike("we may collect the following categories")).toBe(false);
    expect(isTitleLike("Blue Nile Will Update This.")).toBe(false);
  });

  it("normalises quotes, case and possessives", () => {
    expect(normalisePhrase("the “How To Contact Us”")).toBe("the how to contact us");
    expect(normalisePhrase("Acme’s Rights")).toBe("acme rights");
  });
});
