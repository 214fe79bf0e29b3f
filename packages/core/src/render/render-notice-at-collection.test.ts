import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type LoadedMap, parseDataMap, validateDataMap } from "../map/load-data-map.js";
import { renderNotice } from "./render-notice.js";
import { renderNoticeAtCollection } from "./render-notice-at-collection.js";

const auroraText = readFileSync(new URL("../../../../examples/aurora/loupe.yaml", import.meta.url), "utf8");

function load(text: string): LoadedMap {
  const r = parseDataMap(text);
  if (!r.ok) throw new Error(r.errors.map(String).join("\n"));
  return r.value;
}

const aurora = load(auroraText);

function render(id: string, format: "html" | "md" | "txt", map = aurora, extra = {}) {
  const r = renderNoticeAtCollection(map, id, { format, ...extra });
  if (!r.ok) throw new Error(r.errors.map(String).join("\n"));
  return r.value;
}

describe("renderNoticeAtCollection", () => {
  it("says what a purchase collects, why, that it is not sold, and how long each item is kept", () => {
    const n = render("purchase", "txt");
    expect(n.content).toBe(`Notice at Collection

Aurora Fine Jewelry collects the personal information below. This notice applies to: When You Make a Purchase with Us.

What We Collect

• Your full name
• Your phone number
• Your e-mail address
• Your physical address
• Your payment information

Why We Collect It

• To facilitate your purchase and provide the services you request
• To facilitate your warranty or other services such as cleanings, repairs, or resizes of your products
• To confirm and track your order
• To facilitate returns
• To facilitate our Diamond Upgrade Program
• To detect and prevent fraud and other abuse

Whether We Sell or Share It

We do not sell the personal information collected here or share it for cross-context behavioural advertising.

How Long We Keep It

• Your full name: until you ask us to delete it (lifetime warranty and upgrade benefits)
• Your phone number: until you ask us to delete it (lifetime warranty and upgrade benefits)
• Your e-mail address: until you ask us to delete it (lifetime warranty and upgrade benefits)
• Your physical address: until you ask us to delete it (lifetime warranty and upgrade benefits)
• Your payment information: 7 years from the order date (tax and accounting law)

For more about how we handle your personal information and your rights, read our Privacy Policy (https://aurora-jewelry.example/privacy-centre).
`);
    expect(n.version).toBe(renderNotice(aurora, { format: "txt" }).version);
    expect(n.lastUpdated).toBe("2026-11-01");
  });

  it("names the buyers of site-visit data with the opt-out link and the GPC statement (html fragment)", () => {
    const c = render("navigate-site", "html", aurora, {
      noticeUrl: "https://aurora-jewelry.example/privacy",
    }).content;
    expect(
      c.startsWith(
        '<section class="loupe-notice-at-collection" aria-labelledby="notice-at-collection-navigate-site">',
      ),
    ).toBe(true);
    expect(c).not.toContain("<html");
    expect(c).toContain(
      "<li>Interest based advertising partners (third party; sold; shared for cross-context behavioural advertising)</li>",
    );
    expect(c).toContain(
      '<a href="https://aurora-jewelry.example/privacy-centre/opt-out-sale">Do Not Sell or Share My Personal Information</a>',
    );
    expect(c).toContain("We honour the Global Privacy Control signal");
    expect(c).toContain(
      "<li>Information gathered through cookies and other tracking technology: 13 months from collection</li>",
    );
    expect(c).toContain('<a href="https://aurora-jewelry.example/privacy">Privacy Policy</a>');
    expect(c.match(/<h2[\s>]/g)).toHaveLength(1);
  });

  it("does not count a buyer whose declared categories the touchpoint does not collect", () => {
    const c = render(
      "purchase",
      "md",
      load(
        auroraText.replace(
          "shares_with: [payment-providers,",
          "shares_with: [ad-partners, payment-providers,",
        ),
      ),
    ).content;
    expect(c).toContain("We do not sell the personal information collected here");
    const c2 = render(
      "site-features",
      "md",
      load(
        auroraText.replace(
          "shares_with: [feature-providers]",
          "shares_with: [feature-providers, ad-partners]",
        ),
      ),
    ).content;
    expect(c2).toContain(
      "- Interest based advertising partners (third party; sold; shared for cross-context behavioural advertising)",
    );
    expect(c2).toContain(
      "[Do Not Sell or Share My Personal Information](https://aurora-jewelry.example/privacy-centre/opt-out-sale)",
    );
  });

  it("says so when no retention period is set", () => {
    const r = validateDataMap({
      organization: { name: "Tiny" },
      touchpoints: [{ id: "signup", title: "When You Sign Up", collects: ["user.contact.email"] }],
    });
    if (!r.ok) throw new Error(String(r.errors[0]));
    const c = render("signup", "txt", r.value).content;
    expect(c).toContain("• Your e-mail address: no retention period stated");
    expect(c).toContain("Why We Collect It\n\n• None");
    expect(c).toContain("read our Privacy Policy.\n");
  });

  it("fails with UNKNOWN_TOUCHPOINT naming the known ids", () => {
    const r = renderNoticeAtCollection(aurora, "checkout", { format: "html" });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]?.code).toBe("UNKNOWN_TOUCHPOINT");
    expect(r.errors[0]?.message).toBe(
      "unknown touchpoint 'checkout'; known touchpoints: navigate-site, site-features, purchase, consultants, marketing, review, social-media, appointment",
    );
  });
});
