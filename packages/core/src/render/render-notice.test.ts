import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type LoadedMap, parseDataMap, validateDataMap } from "../map/load-data-map.js";
import { NOTICE_HEADINGS as H, NOTICE_SENTENCES as S } from "./notice-headings.js";
import { renderNotice } from "./render-notice.js";

const auroraText = readFileSync(new URL("../../../../examples/aurora/loupe.yaml", import.meta.url), "utf8");

function load(text: string): LoadedMap {
  const r = parseDataMap(text);
  if (!r.ok) throw new Error(r.errors.map(String).join("\n"));
  return r.value;
}

function fromObject(value: unknown): LoadedMap {
  const r = validateDataMap(value);
  if (!r.ok) throw new Error(r.errors.map(String).join("\n"));
  return r.value;
}

const aurora = load(auroraText);
const FORMATS = ["html", "md", "txt"] as const;

/** Blocks of a text or Markdown notice (separated by blank lines). */
function blocks(content: string): string[] {
  return content.trimEnd().split("\n\n");
}

/** The bullet items of the list that follows a heading block (text: `• `, Markdown: `- `). */
function listAfter(content: string, heading: string, from = 0): string[] {
  const bs = blocks(content);
  const i = bs.indexOf(heading, from);
  expect(i, `heading '${heading}'`).toBeGreaterThanOrEqual(0);
  const list = bs[i + 1] ?? "";
  return list.split("\n").map((l) => l.replace(/^(• |- )/, ""));
}

/** The `<li>` texts of the section with the given id (HTML). */
function htmlItems(html: string, id: string): string[] {
  const start = html.indexOf(`<section aria-labelledby="${id}">`);
  expect(start, `section ${id}`).toBeGreaterThanOrEqual(0);
  const end = html.indexOf("</section>", start);
  return [...html.slice(start, end).matchAll(/<li>(.*?)<\/li>/g)].map((m) =>
    (m[1] ?? "").replace(/<[^>]+>/g, ""),
  );
}

const ORDER = [
  H.contents,
  H.collection,
  H.tracking,
  H.recipients,
  H.programmes,
  H.retention,
  H.california,
  H.rights,
  H.exercise,
  H.appeals,
  H.gpc,
  H.children,
  H.transfers,
  "Security",
  "Links",
  H.contact,
];

function headingLine(format: (typeof FORMATS)[number], text: string, level: number): string {
  if (format === "md") return `${"#".repeat(level)} ${text}`;
  if (format === "txt") return text;
  return `>${text}</h${level}>`;
}

describe("renderNotice on the aurora example", () => {
  const notices = Object.fromEntries(FORMATS.map((f) => [f, renderNotice(aurora, { format: f })])) as Record<
    (typeof FORMATS)[number],
    ReturnType<typeof renderNotice>
  >;

  it.each(FORMATS)("writes every section heading in the layout's order (%s)", (format) => {
    const c = notices[format].content;
    const lines = c.split("\n");
    let last = -1;
    for (const h of ORDER) {
      const level = h === H.exercise || h === H.appeals ? 3 : 2;
      const want = headingLine(format, h, level);
      const at =
        format === "html"
          ? lines.findIndex((l, i) => i > last && l.includes(want))
          : lines.indexOf(want, last + 1);
      expect(at, `${h} after line ${last}`).toBeGreaterThan(last);
      last = at;
    }
    expect(lines[0]).toBe(
      format === "md" ? "# Privacy Policy" : format === "txt" ? "Privacy Policy" : "<!doctype html>",
    );
  });

  it.each(["md", "txt"] as const)("writes the four lists of every touchpoint (%s)", (format) => {
    const c = notices[format].content;
    const sub = (h: string) => (format === "md" ? `#### ${h}` : h);
    for (const t of aurora.map.touchpoints) {
      const title = format === "md" ? `### ${t.title}` : t.title;
      const at = blocks(c).indexOf(title);
      expect(at, t.title).toBeGreaterThan(0);
      expect(blocks(c)[at + 1]).toBe(sub(H.collects));
      expect(listAfter(c, sub(H.collects), at)).toEqual(
        t.collects.map((x) =>
          typeof x === "string"
            ? aurora.taxonomy.category(x)?.label
            : (x.text ?? aurora.taxonomy.category(x.category)?.label),
        ),
      );
      expect(listAfter(c, sub(H.purposes), at)).toEqual(t.purposes.map((p) => p.text));
      expect(listAfter(c, sub(H.sharesWith), at)).toEqual(
        t.shares_with.map((id) => aurora.map.recipients.find((r) => r.id === id)?.title),
      );
      expect(listAfter(c, sub(H.consequences), at)).toEqual(t.consequences.map((x) => x.text));
    }
    // Literal values, so the test does not only mirror the code.
    const purchase = blocks(c).indexOf(
      format === "md" ? "### When You Make a Purchase with Us" : "When You Make a Purchase with Us",
    );
    expect(listAfter(c, sub(H.collects), purchase)).toEqual([
      "Your full name",
      "Your phone number",
      "Your e-mail address",
      "Your physical address",
      "Your payment information",
    ]);
    expect(listAfter(c, sub(H.sharesWith), purchase)).toEqual([
      "Payment service providers",
      "Shipping providers",
      "Fraud and security service providers",
    ]);
    const nav = blocks(c).indexOf(
      format === "md" ? "### When You Navigate to Our Site" : "When You Navigate to Our Site",
    );
    expect(listAfter(c, sub(H.collects), nav)[0]).toBe(
      "Information gathered through cookies and other tracking technology",
    );
  });

  it("writes the four lists of every touchpoint as nested sections (html)", () => {
    const c = notices.html.content;
    expect(htmlItems(c, "touchpoint-purchase-collects")).toEqual([
      "Your full name",
      "Your phone number",
      "Your e-mail address",
      "Your physical address",
      "Your payment information",
    ]);
    expect(htmlItems(c, "touchpoint-appointment-purposes")).toEqual([
      "To process your request for an appointment",
    ]);
    expect(htmlItems(c, "touchpoint-social-media-recipients")).toEqual([
      "The social media platform on which you interact with us",
    ]);
    expect(htmlItems(c, "touchpoint-review-consequences")).toEqual([
      "You will not be able to post a review of Aurora Fine Jewelry products",
    ]);
    expect(c).toContain('<h3 id="touchpoint-purchase">When You Make a Purchase with Us</h3>');
    expect(c).toContain('<h4 id="touchpoint-purchase-collects">Categories Of Data We May Collect</h4>');
  });

  it("writes the California table with sale and business-purpose disclosures", () => {
    const txt = notices.txt.content;
    // The lead paragraph comes first; the rows follow it.
    const at = blocks(txt).indexOf(H.california);
    expect(blocks(txt)[at + 1]).toMatch(/^In the past 12 months/);
    const table = blocks(txt)[at + 2]?.split("\n") ?? [];
    expect(table.map((r) => r.split(" — ")[0])).toEqual([
      "• Identifiers",
      "• Customer records (Cal. Civ. Code §1798.80(e))",
      "• Commercial information",
      "• Internet or other electronic network activity information",
      "• Geolocation data",
      "• Audio, electronic, visual or similar information",
    ]);
    expect(table[0]).toContain("sold or shared: Yes, to Interest based advertising partners");
    expect(table[1]).toContain("sold or shared: No");
    expect(table[1]).toContain(
      "disclosed for a business purpose to: Payment service providers; Shipping providers; Fraud and security service providers",
    );
    expect(table[4]).toContain("sources: Automatically from your device when you use our site");

    const md = notices.md.content;
    expect(md).toContain(
      "| Category of personal information | Collected | Sold or shared | Disclosed for a business purpose to | Sources | Purposes |",
    );
    expect(md).toMatch(
      /^\| Identifiers \| Yes \| Yes, to Interest based advertising partners \| Site optimization/m,
    );
    expect(md).toMatch(/^\| Geolocation data \| Yes \| No \| /m);

    const html = notices.html.content;
    expect(html).toContain("<caption>Personal information we collect, sell, share and disclose</caption>");
    expect(html).toContain('<tr><th scope="row">Geolocation data</th><td>Yes</td><td>No</td>');
  });

  it.each(FORMATS)("writes retention per category (%s)", (format) => {
    const c = notices[format].content;
    for (const line of [
      "Your payment information: 7 years from the order date (tax and accounting law)",
      "Your full name; Your e-mail address; Your phone number; Your physical address: until you ask us to delete it (lifetime warranty and upgrade benefits)",
      "Recordings of your calls: 90 days from the call",
      "Your product browsing history; Information provided through your Wishlist: 2 years from your last visit",
    ]) {
      const want = format === "html" ? `<li>${line}</li>` : `${format === "md" ? "-" : "•"} ${line}`;
      expect(c).toContain(want);
    }
  });

  it.each(FORMATS)("states GPC, Do Not Track, children and contact (%s)", (format) => {
    const c = notices[format].content;
    expect(c).toContain(S.gpc);
    expect(c).toContain("We do not respond to Do Not Track signals.");
    expect(c).toContain(
      "We do not knowingly collect personal information from children under the age of 13.",
    );
    expect(c).toContain("We do not sell or share the personal information of consumers under the age of 16.");
    const text = c.replace(/<[^>]+>/g, "");
    for (const line of [
      "E-mail: privacy@aurora-jewelry.example",
      "Phone: 415-555-0142",
      "Toll-free: 1-800-555-0199",
      "Address: 100 Market Street, San Francisco, CA 94105, United States",
      "Web form: https://aurora-jewelry.example/privacy-centre/requests",
      "Aurora Fine Jewelry, Inc.",
    ]) {
      expect(text).toContain(line);
    }
  });

  it.each(FORMATS)("lists every right in force with its privacy-centre link (%s)", (format) => {
    const c = notices[format].content;
    expect(c).toContain(
      "Right to know: what personal information we collect, use, disclose, sell and share.",
    );
    expect(c).toContain("Right to lodge a complaint: with a supervisory authority.");
    expect(c).toContain("https://aurora-jewelry.example/privacy-centre/opt-out-sale");
    expect(c).toContain("https://aurora-jewelry.example/privacy-centre/limit-sensitive");
    expect(c).toContain("Do Not Sell or Share My Personal Information");
    expect(c).toContain("Limit the Use of My Sensitive Personal Information");
    expect(c).toContain(
      "If you are in the European Economic Area, you have these rights under the General Data Protection Regulation",
    );
  });

  it.each(FORMATS)("writes the cookie purposes and cookies (%s)", (format) => {
    const c = notices[format].content;
    expect(c).toContain("We use cookies for five general purposes as follows:");
    if (format === "txt") {
      expect(c).toContain("1. Essential Operational: Cookies necessary to operate our Services");
      expect(c).toContain("• _ga — Analytics, Customization and Security — Google — 2y");
    }
    if (format === "md") expect(c).toContain("| _fbp | Targeting/advertising | Meta | 3mo |");
    if (format === "html")
      expect(c).toContain(
        '<tr><th scope="row">_ga</th><td>Analytics, Customization and Security</td><td>Google</td><td>2y</td></tr>',
      );
  });

  it.each(FORMATS)("describes recipients with their role words (%s)", (format) => {
    const c = notices[format].content;
    expect(c).toContain(
      "Interest based advertising partners (third party; sold; shared for cross-context behavioural advertising)",
    );
    expect(c).toContain("The social media platform on which you interact with us (third party)");
    expect(c).toContain("Payment service providers (service provider)");
  });

  it("gives one version across formats and runs, and a new one when the map changes", () => {
    const versions = FORMATS.map((f) => notices[f].version);
    expect(versions[0]).toMatch(/^sha256:[0-9a-f]{12}$/);
    expect(new Set(versions).size).toBe(1);
    expect(renderNotice(load(auroraText), { format: "txt" }).version).toBe(versions[0]);
    for (const f of FORMATS) expect(notices[f].content).toContain(`Version: ${versions[0]}`);

    const changed = load(
      auroraText.replace("To confirm and track your order", "To confirm and track your parcel"),
    );
    expect(renderNotice(changed, { format: "txt" }).version).not.toBe(versions[0]);
    const redated = load(auroraText.replace("last_updated: 2026-11-01", "last_updated: 2027-01-15"));
    const r = renderNotice(redated, { format: "txt" });
    expect(r.version).toBe(versions[0]);
    expect(r.lastUpdated).toBe("2027-01-15");
    expect(r.content).toContain("Last updated: 2027-01-15");
  });

  it("takes the date from the caller only when the map has none", () => {
    expect(renderNotice(aurora, { format: "txt", date: "2030-01-01" }).lastUpdated).toBe("2026-11-01");
    const undated = load(auroraText.replace("  last_updated: 2026-11-01\n", ""));
    const r = renderNotice(undated, { format: "md", date: "2030-01-01T09:00:00Z" });
    expect(r.lastUpdated).toBe("2030-01-01");
    expect(r.content).toContain("Last updated: 2030-01-01");
    const none = renderNotice(undated, { format: "txt" });
    expect(none.lastUpdated).toBeUndefined();
    expect(none.content).not.toContain("Last updated");
  });

  it("writes a complete, accessible HTML document", () => {
    const c = notices.html.content;
    expect(c.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(c).toContain('<meta charset="utf-8">');
    expect(c).toContain("<title>Privacy Policy — Aurora Fine Jewelry</title>");
    expect(c).toContain("<style>");
    expect(c.match(/<h1[\s>]/g)).toHaveLength(1);
    expect(c).toContain('<nav aria-label="Contents">');
    expect(c).toContain('<time datetime="2026-11-01">2026-11-01</time>');
    // Every in-page link has its anchor, and every section is linked from the contents.
    const ids = new Set([...c.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
    const links = [...c.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]);
    for (const l of links) expect(ids.has(l), l).toBe(true);
    for (const id of [
      "collection",
      "touchpoint-purchase",
      "california",
      "exercise-rights",
      "contact",
      "section-security",
    ])
      expect(links).toContain(id);
    // Tables carry a caption and scoped header cells.
    const tables = c.match(/<table>[\s\S]*?<\/table>/g) ?? [];
    expect(tables.length).toBeGreaterThanOrEqual(10);
    for (const t of tables) {
      expect(t).toContain("<caption>");
      expect(t).toContain('<th scope="col">');
      expect(t).not.toMatch(/<th>/);
    }
    // Headings never skip a level.
    const levels = [...c.matchAll(/<h([1-6])[\s>]/g)].map((m) => Number(m[1]));
    for (let i = 1; i < levels.length; i++)
      expect((levels[i] ?? 0) - (levels[i - 1] ?? 0)).toBeLessThanOrEqual(1);
  });

  it("writes plain text with bullets, one item per line, blank lines between blocks", () => {
    const c = notices.txt.content;
    expect(c).not.toMatch(/<|^#|\n\n\n/m);
    expect(c).toContain(
      "\n\n• When You Navigate to Our Site\n• When You Interact with Features on Our Site\n",
    );
    expect(c.endsWith("Aurora Fine Jewelry, Inc.\n")).toBe(true);
    expect(c).toContain(
      "When You Navigate to Our Site:\n\n• To run essential features on the site: Legitimate interests (Art. 6(1)(f))",
    );
  });
});

const small = {
  organization: { name: "Tiny <Gems>", contact: { email: "hello@tiny.example" } },
  jurisdictions: ["us-co"],
  touchpoints: [
    {
      id: "newsletter",
      title: "When You Sign Up <script>alert(1)</script>",
      collects: [{ category: "user.contact.email", text: "E-mail | address & <b>more</b>" }],
      purposes: [{ text: "To send *news* `now`", basis: "consent" }],
    },
  ],
  cookies: {
    purposes: [{ id: "essential", title: "Essential", required: true }],
    items: [{ name: "a|b", purpose: "essential", provider: "Us <Co>" }],
  },
  sections: [
    { id: "extra", title: "Extra", text: "# not a heading\n\n- not a bullet <img src=x onerror=alert(1)>" },
  ],
};

describe("renderNotice on a small map", () => {
  const loaded = fromObject(small);

  it("escapes every map value in HTML", () => {
    const c = renderNotice(loaded, { format: "html" }).content;
    expect(c).not.toContain("<script>");
    expect(c).not.toContain("<b>more");
    expect(c).not.toContain("<img");
    expect(c).toContain("When You Sign Up &lt;script&gt;alert(1)&lt;/script&gt;");
    expect(c).toContain("<li>E-mail | address &amp; &lt;b&gt;more&lt;/b&gt;</li>");
    expect(c).toContain("<title>Privacy Policy — Tiny &lt;Gems&gt;</title>");
    expect(c).toContain("<td>Us &lt;Co&gt;</td>");
  });

  it("escapes Markdown markup, raw HTML and table pipes", () => {
    const c = renderNotice(loaded, { format: "md" }).content;
    expect(c).toContain("### When You Sign Up \\<script>alert(1)\\</script>");
    expect(c).toContain("- To send \\*news\\* \\`now\\`");
    expect(c).toContain("| a\\|b | Essential | Us \\<Co> | Not stated |");
    expect(c).toContain("\\# not a heading");
    expect(c).toContain("\\- not a bullet \\<img");
  });

  it("writes None for empty lists and leaves out sections the map does not have", () => {
    const c = renderNotice(loaded, { format: "txt" }).content;
    expect(listAfter(c, H.sharesWith)).toEqual(["None"]);
    expect(listAfter(c, H.consequences)).toEqual(["None"]);
    expect(c).not.toContain(H.california);
    expect(c).not.toContain(H.transfers);
    expect(c).not.toContain(H.programmes);
    expect(c).not.toContain(H.children);
    expect(c).not.toContain("Do Not Sell or Share");
    expect(c).not.toContain(S.gpc);
    expect(c).toContain("We do not respond to Do Not Track signals.");
    // Colorado grants an appeal.
    expect(c).toContain(`\n${H.appeals}\n`);
    expect(c).toContain("• Right to appeal: a review of our decision if we refuse your request.");
    expect(c).not.toContain("(https://");
  });

  it("states only the granted rights when the map lists them, and links to a given privacy centre", () => {
    const m = fromObject({
      ...small,
      jurisdictions: ["us-ca", "eea"],
      rights: { granted: ["access", "delete"], appeal: false },
      signals: { gpc: true, dnt: true },
    });
    const c = renderNotice(m, { format: "txt", privacyCentreUrl: "https://tiny.example/privacy/" }).content;
    const rights = blocks(c)
      .find((b) => b.startsWith("• Right of access"))
      ?.split("\n");
    expect(rights).toEqual([
      "• Right of access: a copy of the specific pieces of personal information we hold. Exercise your right of access (https://tiny.example/privacy/access)",
      "• Right to delete: that we delete your personal information. Exercise your right to delete (https://tiny.example/privacy/delete)",
    ]);
    expect(c).not.toContain(H.appeals);
    expect(c).toContain(S.gpc);
    expect(c).toContain("We respond to Do Not Track signals as we do to Global Privacy Control.");
    expect(c).toContain(H.transfers);
    expect(
      listAfter(
        c,
        "When we transfer personal information to a country that the European Commission has not found to protect it adequately, we use these safeguards:",
      ),
    ).toEqual(["None"]);
  });

  it("never writes a javascript: link", () => {
    const m = fromObject({
      ...small,
      organization: { ...small.organization, contact: { web_form: "javascript:alert(1)" } },
    });
    const c = renderNotice(m, { format: "html" }).content;
    expect(c).not.toContain('href="javascript:');
  });
});
