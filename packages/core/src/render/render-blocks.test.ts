import { describe, expect, it } from "vitest";
import { type NoticeDocument, paragraphs, renderDocument, renderFragment } from "./render-blocks.js";

const doc: NoticeDocument = {
  title: "Privacy Policy",
  header: [{ kind: "paragraph", content: ["Version: sha256:0123456789ab"] }],
  contents: true,
  sections: [
    {
      kind: "section",
      id: "a",
      title: "Alpha",
      children: [
        { kind: "list", items: [["one"], ["two ", { text: "link", href: "https://x.example/a" }]] },
        {
          kind: "section",
          id: "a-1",
          title: "Alpha One",
          children: [{ kind: "list", ordered: true, items: [["x"], ["y"]] }],
        },
      ],
    },
    {
      kind: "section",
      id: "b",
      title: "Beta",
      children: [{ kind: "table", caption: "Things", head: ["Name", "Value"], rows: [["k|1", 'v, "2"']] }],
    },
  ],
};

describe("renderDocument", () => {
  it("writes text with • bullets and blank lines between blocks", () => {
    expect(renderDocument(doc, "txt")).toBe(
      'Privacy Policy\n\nVersion: sha256:0123456789ab\n\nContents\n\n• Alpha\n• Beta\n\nAlpha\n\n• one\n• two link (https://x.example/a)\n\nAlpha One\n\n1. x\n2. y\n\nBeta\n\n• k|1 — v, "2"\n',
    );
  });

  it("writes Markdown with nested headings, - bullets and pipe tables", () => {
    expect(renderDocument(doc, "md")).toBe(
      '# Privacy Policy\n\nVersion: sha256:0123456789ab\n\n## Contents\n\n- Alpha\n- Beta\n\n## Alpha\n\n- one\n- two [link](https://x.example/a)\n\n### Alpha One\n\n1. x\n2. y\n\n## Beta\n\n| Name | Value |\n| --- | --- |\n| k\\|1 | v, "2" |\n',
    );
  });

  it("writes HTML sections with anchors, a linked table of contents and captioned tables", () => {
    const html = renderDocument(doc, "html");
    expect(html).toContain('<nav aria-label="Contents">');
    expect(html).toContain(
      '<li><a href="#a">Alpha</a>\n      <ul>\n        <li><a href="#a-1">Alpha One</a></li>',
    );
    expect(html).toContain('<section aria-labelledby="a-1">\n    <h3 id="a-1">Alpha One</h3>\n    <ol>');
    expect(html).toContain('<tr><th scope="row">k|1</th><td>v, &quot;2&quot;</td></tr>');
    expect(html).toContain('<li>two <a href="https://x.example/a">link</a></li>');
  });

  it("writes fragments and splits free text into one-line paragraphs", () => {
    expect(renderFragment([{ kind: "paragraph", content: ["<b>"] }], "html")).toBe("<p>&lt;b&gt;</p>\n");
    expect(paragraphs("one\ntwo\n\n  three  \n\n\n")).toEqual(["one two", "three"]);
  });
});
