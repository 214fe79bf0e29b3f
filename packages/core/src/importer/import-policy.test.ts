import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { haveSeeds, readSeed } from "../../../../test/seeds.js";
import { parsePolicyDocument } from "../document/parse-policy-document.js";
import type { Collected, DataMap } from "../map/data-map-schema.js";
import { parseDataMap } from "../map/load-data-map.js";
import { renderNotice } from "../render/render-notice.js";
import { DATA_CATEGORIES } from "../taxonomy/data-categories.js";
import { Taxonomy } from "../taxonomy/taxonomy.js";
import { type ImportResult, importPolicy, isoDateOf, sectionKindOf } from "./import-policy.js";
import { matchCollected } from "./match-collected.js";
import { touchpointIdOf } from "./read-touchpoints.js";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");

function importText(text: string, file: string, format?: "txt" | "md" | "html"): ImportResult {
  const doc = parsePolicyDocument(text, file, format);
  if (!doc.ok) throw new Error(doc.errors.map(String).join("\n"));
  return importPolicy(doc.value);
}

const keyOf = (c: Collected) => (typeof c === "string" ? c : c.category);
const recipientTitles = (map: DataMap, t: number) =>
  map.touchpoints[t]?.shares_with.map((id) => map.recipients.find((r) => r.id === id)?.title);

describe.skipIf(!haveSeeds())("importPolicy on FDJ", () => {
  const seed = haveSeeds() ? readSeed("fdj") : { text: "", file: "fdj.txt" };
  const imported = importText(seed.text, seed.file);
  const { map, locate } = imported;

  it("finds each of the eight touchpoints once, merging the two repeated sections", () => {
    expect(map.touchpoints.map((t) => [t.id, t.title])).toEqual([
      ["navigate-site", "When You Navigate to Our Site"],
      ["site-features", "When You Interact with Features on Our Site"],
      ["purchase", "When You Make a Purchase with Us"],
      [
        "consultants",
        "When You Contact Our Diamond and Jewelry Consultants via Phone, E-Mail, Chat, or in Person",
      ],
      [
        "marketing",
        "When You Submit Information for Marketing Purposes, to Share Items with a Friend or for Participation in Sweepstakes",
      ],
      ["review", "When You Review a Product"],
      ["social-media", "When You Interact with Us via Social Media"],
      ["appointment", "When You Book an Appointment at Our Showrooms"],
    ]);
    expect(imported.duplicates).toEqual([
      { title: map.touchpoints[3]?.title, line: 130, firstLine: 94 },
      { title: map.touchpoints[4]?.title, line: 149, firstLine: 113 },
    ]);
    // The repeat words "FDJ SHOP products" where the first says "FDJ GROUP INC products": the same purpose.
    expect(map.touchpoints[4]?.purposes.map((p) => p.text)).toEqual([
      "To provide you with information and offers relevant to you",
      "To allow you to share FDJ GROUP INC products with your friends",
      "To administer and fulfill our contests and other promotions",
    ]);
    expect(imported.review).toEqual([]);
  });

  it("maps every collected phrase to a taxonomy key, keeping the phrase when it is not the label", () => {
    expect(map.touchpoints.map((t) => t.collects.map(keyOf))).toEqual([
      ["user.device.cookie", "user.device", "user.behavior.server_log", "user.location.imprecise"],
      ["user.device.cookie", "user.behavior.browsing_history", "user.behavior.wishlist"],
      [
        "user.name",
        "user.contact.phone_number",
        "user.contact.email",
        "user.contact.address",
        "user.payment",
      ],
      [
        "user.name",
        "user.contact.phone_number",
        "user.contact.email",
        "user.contact.address",
        "user.behavior.purchase_history",
        "user.content.call_recording",
      ],
      ["user.name", "user.contact.email", "user.contact.referral"],
      ["user.name", "user.contact.email", "user.content.review"],
      ["user.name", "user.social", "user.content.social_post"],
      ["user.name", "user.contact.email"],
    ]);
    expect(map.touchpoints[0]?.collects[0]).toEqual({
      category: "user.device.cookie",
      text: "Information gathered through cookies and other tracking technology (see the Tracking Technology section for more information)",
    });
    expect(map.touchpoints[4]?.collects[2]).toEqual({
      category: "user.contact.referral",
      text: "Your friend’s name and e-mail address",
      subject: "friend",
    });
    expect(map.touchpoints[6]?.collects[0]).toEqual({ category: "user.name", text: "Your name" });
    expect(map.touchpoints[2]?.collects[0]).toBe("user.name");
  });

  it("gives purposes a data use from the phrase table and no lawful basis, linking programmes", () => {
    const purchase = map.touchpoints[2];
    expect(purchase?.purposes).toEqual([
      { text: "To facilitate your purchase and provide to services you request", use: "essential.service" },
      {
        text: "To facilitate your warranty or other services such as cleanings, repairs, or resizes of your products",
        use: "essential.service.warranty",
        programme: "warranty",
      },
      { text: "To confirm and track your order", use: "essential.service.shipping" },
      { text: "To facilitate returns", use: "essential.service.returns" },
      {
        text: "To facilitate our Diamond Upgrade Program",
        use: "essential.service.upgrades",
        programme: "diamond-upgrade",
      },
      { text: "To detect and prevent fraud and other abuse", use: "essential.fraud_detection" },
    ]);
    expect(map.touchpoints.flatMap((t) => t.purposes).every((p) => p.use && !p.basis && !p.review)).toBe(
      true,
    );
    expect(map.touchpoints[4]?.purposes.map((p) => p.use)).toEqual([
      "marketing.communications.email",
      "marketing.referral",
      "marketing.promotions",
    ]);
    expect(map.touchpoints[6]?.purposes[0]?.use).toBe("marketing");
  });

  it("reads recipients with ids from their titles and roles from their words, and the ones sold to", () => {
    expect(recipientTitles(map, 0)).toEqual([
      "Site optimization service providers",
      "Site security service providers",
      "Marketing service providers",
    ]);
    expect(recipientTitles(map, 4)).toEqual([
      "Our sweepstakes service providers",
      "Marketing service providers",
    ]);
    expect(recipientTitles(map, 6)).toEqual([
      "The social media platform on which you interact with FDJ SHOP",
    ]);
    expect(map.touchpoints[7]?.shares_with).toEqual([]);
    expect(map.recipients.find((r) => r.id === "payment-service-providers")?.role).toBe("service-provider");
    expect(map.recipients.find((r) => r.id === "social-media-platform")?.role).toBe("third-party");
    expect(map.recipients.at(-1)).toEqual({
      id: "interested-based-advertising-partners",
      title: "Interested based advertising partners",
      role: "third-party",
      sells: true,
      shares: false,
      categories: ["user"],
      hosts: [],
    });
    expect(locate(["recipients", map.recipients.length - 1, "sells"]).line).toBe(358);
  });

  it("reads consequences, naming the programme they end", () => {
    expect(map.touchpoints[0]?.consequences.map((c) => c.text)).toEqual([
      "The Site may not run correctly",
      "You may not be able to make a purchase",
      "You may not receive Blue Nile marketing",
    ]);
    expect(map.touchpoints[2]?.consequences).toEqual([
      { text: "You will not be able to make a purchase" },
      { text: "You will not have access to our warranty or other services", programme: "warranty" },
      { text: "You will not be able to return a product" },
      { text: "You will not be eligible for our Diamond Upgrade program", programme: "diamond-upgrade" },
    ]);
  });

  it("reads the organisation without taking the leftover 'Blue Nile'", () => {
    expect(map.organization).toMatchObject({
      name: "FDJ GROUP INC",
      legal_name: "FDJ GROUP INC",
      aliases: [],
      contact: { phone: "626-879-5666" },
    });
    expect(JSON.stringify(map.organization)).not.toMatch(/Blue Nile|FDJ SHOP/);
    expect(locate(["organization", "contact", "phone"]).line).toBe(352);
    expect(locate(["organization", "contact"]).line).toBe(352);
  });

  it("reads cookies, rights, children and signals", () => {
    expect(map.jurisdictions).toEqual(["us-ca"]);
    expect(map.cookies.purposes.map((p) => [p.id, p.title, p.required])).toEqual([
      ["essential", "Essential Operational", true],
      ["functional", "Performance and Functionality", false],
      ["analytics", "Analytics, Customization and Security", false],
      ["advertising", "Targeting/advertising", false],
      ["social", "Social networking cookies", false],
    ]);
    expect(map.cookies.purposes[0]?.description).toMatch(
      /^Cookies are necessary to allow us to operate our Services\./,
    );
    expect(map.cookies.technologies.map((t) => t.kind)).toEqual([
      "cookies",
      "log-files",
      "tracking-images",
      "local-storage",
      "other",
      "interest-based-advertising",
    ]);
    expect(map.cookies.items).toEqual([]);
    expect(map.rights).toMatchObject({
      granted: ["know", "access", "delete", "opt-out-sale", "non-discrimination", "shine-the-light"],
      methods: ["email", "phone"],
      lookback_months: 12,
      lookback_extended: false,
      authorised_agents: true,
    });
    expect(locate(["rights", "granted", 3]).line).toBe(370);
    expect(locate(["rights", "authorised_agents"]).line).toBe(355);
    expect(map.children).toEqual({ min_age: 13, deletes: true, no_sale_under: 16 });
    expect(locate(["children", "no_sale_under"]).line).toBe(370);
    expect(map.signals).toEqual({ gpc: false, dnt: false });
    expect(locate(["signals"]).line).toBe(322);
    expect(map.transfers).toBeUndefined();
    expect(map.retention).toEqual([]);
  });

  it("keeps every free paragraph: title, intro, general and free sections", () => {
    expect(map.notice.title).toBe("Privacy Policy");
    expect(map.notice.last_updated).toBeUndefined();
    expect(map.notice.intro?.split("\n\n")).toHaveLength(4);
    expect(map.notice.intro).toContain("Blue Nile will occasionally update this Privacy Policy.");
    expect(map.sections.map((s) => [s.id, s.title])).toEqual([
      ["general", "General"],
      ["information-that-we-may-share-with", "Information That We May Share With Others"],
      ["links", "Links"],
      ["security", "Security"],
      ["accessing-and-updating-your-information", "Accessing And Updating Your Information"],
      ["marketing-choice-opt-out", "Marketing Choice/Opt-Out"],
      ["your-california-privacy-rights", "Your California Privacy Rights"],
    ]);
    expect(map.sections[0]?.text.split("\n\n").map((p) => p.slice(0, 20))).toEqual([
      "Additionally,FDJ GRO",
      "We may also combine ",
      "We value your commen",
    ]);
    expect(map.sections[1]?.text.split("\n\n")).toHaveLength(7);
    expect(map.sections[6]?.text).toMatch(/^Certain information may be exempt/);
  });

  it("locates every map path at its text line", () => {
    expect(locate(["touchpoints", 2, "collects", 1])).toEqual({
      file: seed.file,
      line: 73,
      path: "touchpoints[2].collects[1]",
    });
    expect(locate(["touchpoints", 2, "purposes", 1, "use"]).line).toBe(79);
    expect(locate(["touchpoints", 3])).toMatchObject({ line: 94 });
    expect(locate(["touchpoints", 7, "shares_with"]).line).toBe(191);
    expect(locate(["cookies", "purposes", 3]).line).toBe(227);
    expect(locate(["sections", 0]).line).toBe(199);
    expect(locate(["nowhere"]).line).toBe(1);
  });
});

describe.skipIf(!haveSeeds())("importPolicy on Namdar", () => {
  const seed = haveSeeds() ? readSeed("namdar") : { text: "", file: "namdar.txt" };
  const imported = importText(seed.text, seed.file);
  const { map, locate } = imported;

  it("finds the eight touchpoints, with the empty and missing lists as empty", () => {
    expect(map.touchpoints.map((t) => t.id)).toEqual([
      "navigate-site",
      "site-features",
      "purchase",
      "consultants",
      "marketing",
      "review",
      "social-media",
      "appointment",
    ]);
    expect(
      map.touchpoints.map((t) => [
        t.collects.length,
        t.purposes.length,
        t.shares_with.length,
        t.consequences.length,
      ]),
    ).toEqual([
      [4, 6, 3, 2],
      [3, 3, 1, 2],
      [5, 5, 3, 4],
      [6, 5, 1, 1],
      [3, 3, 1, 3],
      [3, 2, 1, 0],
      [3, 3, 1, 0],
      [2, 1, 0, 1],
    ]);
    expect(imported.duplicates).toEqual([]);
    expect(imported.review).toEqual([]);
    // The purchase touchpoint names the upgrade programme only among its consequences (line 95).
    expect(map.touchpoints[2]?.purposes.some((p) => p.programme === "diamond-upgrade")).toBe(false);
    expect(map.touchpoints[2]?.consequences[3]).toEqual({
      text: "You will not be eligible for our Diamond Upgrade program",
      programme: "diamond-upgrade",
    });
    expect(locate(["touchpoints", 2, "consequences", 3]).line).toBe(95);
  });

  it("reads the organisation, its legal name and the EEA section", () => {
    expect(map.organization).toMatchObject({
      name: "Namdar Diamonds",
      legal_name: "Namdar Diamonds, Inc.",
      contact: { phone: "212-361-1800" },
    });
    expect(locate(["organization", "legal_name"]).line).toBe(279);
    expect(map.notice).toMatchObject({ title: "Privacy policy" });
    expect(map.jurisdictions).toEqual(["us-ca", "eea", "ch"]);
    expect(map.rights.granted).toEqual([
      "know",
      "access",
      "portability",
      "delete",
      "non-discrimination",
      "shine-the-light",
      "rectification",
      "erasure",
      "restrict",
      "object",
      "withdraw-consent",
      "complain",
    ]);
    expect(map.rights.methods).toEqual(["email", "phone"]);
    expect(locate(["rights", "methods"]).line).toBe(261);
    expect(map.transfers).toMatchObject({
      hosted_in: "the United States",
      safeguards: ["data transfer agreements"],
    });
    expect(locate(["transfers", "safeguards", 0]).line).toBe(281);
  });

  it("reads programmes, what ends on erasure, and retention linked to the warranty", () => {
    const erasure =
      "Once your personal information has been removed from our records, it will not be possible to warranty, upgrade, clean, repair, or resize any product that you have purchased with us.";
    expect(map.programmes).toEqual([
      {
        id: "warranty",
        title: "Warranty",
        kind: "warranty",
        description: "Lifetime repairs, cleaning, and resizing of jewelry.",
        financial_incentive: false,
        ends_on_erasure: erasure,
      },
      {
        id: "diamond-upgrade",
        title: "Diamond Upgrade Program",
        kind: "upgrade",
        financial_incentive: false,
        ends_on_erasure: erasure,
      },
    ]);
    expect(map.retention).toEqual([
      {
        categories: ["user"],
        criteria: "as long as the information is necessary to fulfil the purposes for which we collected it",
      },
      {
        categories: ["user"],
        period: "until-request",
        reason: "lifetime repairs, cleaning, and resizing of jewelry",
        programme: "warranty",
      },
    ]);
    expect(locate(["retention", 1, "period"]).line).toBe(283);
    expect(map.children).toEqual({ min_age: 13, deletes: true, no_sale_under: 16 });
    expect(map.signals).toEqual({ gpc: false, dnt: false });
  });

  it("keeps the EEA section's lawful-basis paragraph as free text", () => {
    expect(map.sections.map((s) => s.id)).toEqual([
      "general",
      "links",
      "security",
      "your-california-privacy-rights",
      "data-protection-for-individuals-based-in",
    ]);
    expect(map.sections[4]?.text).toMatch(/^We only process your personal information if you have consented/);
  });
});

describe.skipIf(!haveSeeds())("render → import gives back the imported map", () => {
  for (const name of ["fdj", "namdar"] as const) {
    for (const format of ["txt", "md", "html"] as const) {
      it(`${name} as ${format}`, () => {
        const seed = readSeed(name);
        const first = importText(seed.text, seed.file);
        const notice = renderNotice(first, { format, date: "2026-11-01" });
        const again = importText(notice.content, `notice.${format}`);
        expect(again.map.notice.last_updated).toBe("2026-11-01");
        // The layout has no place for the categories a recipient buys (derived into the California table).
        const strip = (m: DataMap) => ({
          ...m,
          notice: { ...m.notice, last_updated: undefined },
          recipients: m.recipients.map(({ categories: _c, ...r }) => r),
        });
        expect(strip(again.map)).toEqual(strip(first.map));
        expect(again.review).toEqual([]);
        expect(again.duplicates).toEqual([]);
      });
    }
  }
});

describe("render → import of the example map", () => {
  const loaded = parseDataMap(
    readFileSync(new URL("../../../../examples/aurora/loupe.yaml", import.meta.url), "utf8"),
  );
  if (!loaded.ok) throw new Error(loaded.errors.map(String).join("\n"));
  const aurora = loaded.value.map;
  for (const format of ["txt", "md", "html"] as const) {
    it(`reads back everything the layout writes (${format})`, () => {
      const notice = renderNotice(loaded.value, { format });
      const { map } = importText(notice.content, `notice.${format}`);
      expect(map.organization).toMatchObject({
        name: "Aurora Fine Jewelry",
        legal_name: aurora.organization.legal_name,
        privacy_centre_url: aurora.organization.privacy_centre_url,
        contact: aurora.organization.contact,
      });
      expect(map.notice).toEqual(aurora.notice);
      expect(map.jurisdictions).toEqual(aurora.jurisdictions);
      expect(map.rights).toEqual(aurora.rights);
      expect(map.signals).toEqual(aurora.signals);
      expect(map.children).toEqual(aurora.children);
      expect(map.transfers).toEqual(aurora.transfers);
      expect(map.retention).toEqual(aurora.retention);
      expect(map.sections).toEqual(aurora.sections);
      expect(map.cookies.purposes).toEqual(aurora.cookies.purposes);
      expect(map.cookies.items).toEqual(aurora.cookies.items.map(({ recipient: _r, ...c }) => c));
      expect(map.programmes).toEqual(aurora.programmes.map((p) => ({ ...p, financial_incentive: false })));
      // Touchpoints come back whole except the recipient ids (slugged from titles) and sources (not written).
      expect(map.touchpoints.map(({ shares_with: _s, sources: _o, ...t }) => t)).toEqual(
        aurora.touchpoints.map(({ shares_with: _s, sources: _o, ...t }) => t),
      );
      expect(map.recipients.map(({ id: _i, categories: _c, ...r }) => r)).toEqual(
        aurora.recipients.map(({ id: _i, categories: _c, ...r }) => r),
      );
    });
  }
});

describe("importPolicy on small fictional policies", () => {
  it("reads a wrapped text policy and keeps what it does not recognise for review", () => {
    const { map, review, locate } = importText(fixture("lumen-wrapped.txt"), "lumen.txt");
    expect(map.organization).toMatchObject({
      name: "Lumen Gems",
      legal_name: "Lumen Gems, LLC",
      contact: { email: "privacy@lumen-gems.example", phone: "503-555-0147" },
    });
    expect(map.touchpoints.map((t) => t.id)).toEqual(["purchase", "order-custom-engraving"]);
    expect(map.touchpoints[0]?.collects[2]).toEqual({
      category: "user.contact.address",
      text: "Your shipping address and the gift message you write for the recipient of your order",
    });
    expect(map.touchpoints[1]?.collects[1]).toEqual({
      category: "user.content.words_you_want_engraved",
      review: true,
    });
    expect(map.taxonomy.categories).toEqual([
      {
        key: "user.content.words_you_want_engraved",
        parent: "user.content",
        label: "The words you want engraved",
      },
    ]);
    expect(map.touchpoints[0]?.purposes[1]).toEqual({
      text: "To facilitate our Gem Care Program, including free cleanings of your jewelry",
      use: "essential.service.warranty",
      programme: "gem-care",
    });
    expect(map.programmes.map((p) => [p.id, p.title])).toEqual([["gem-care", "Gem Care Program"]]);
    expect(map.recipients.map((r) => [r.id, r.role, r.review])).toEqual([
      ["parcel-delivery-service-providers", "service-provider", undefined],
      ["gemstone-certification-laboratory", undefined, true],
    ]);
    expect(review).toEqual([
      { text: "To arrange a tarot reading", line: 19, path: "touchpoints[0].purposes[2]" },
      { text: "The words you want engraved", line: 29, path: "touchpoints[1].collects[1]" },
      { text: "To engrave your jewelry", line: 31, path: "touchpoints[1].purposes[0]" },
      { text: "Our gemstone certification laboratory", line: 22, path: "recipients[1]" },
    ]);
    expect(map.touchpoints[0]?.purposes[2]).toEqual({ text: "To arrange a tarot reading", review: true });
    expect(locate(["touchpoints", 0, "collects", 2]).line).toBe(14);
    expect(map.children).toEqual({ min_age: 13, deletes: false, no_sale_under: 16 });
    expect(map.sections).toEqual([]);
    expect(map.cookies.purposes).toEqual([]);
    expect(map.jurisdictions).toEqual([]);
  });

  it("reads Markdown: date, numbered purposes, 'None', cookie table, GPC and links", () => {
    const { map, review } = importText(fixture("lumen.md"), "lumen.md");
    expect(map.notice).toMatchObject({ title: "Privacy Policy", last_updated: "2026-03-03" });
    expect(map.touchpoints).toHaveLength(1);
    expect(map.touchpoints[0]?.purposes.map((p) => p.use)).toEqual([
      "essential.service.shipping",
      "essential.fraud_detection",
    ]);
    expect(map.touchpoints[0]?.consequences).toEqual([]);
    expect(map.touchpoints[0]?.collects[2]).toEqual({ category: "user.ring_size", review: true });
    expect(review.map((r) => r.text)).toEqual(["Your ring size"]);
    expect(map.cookies.items).toEqual([
      { name: "basket", purpose: "essential", provider: "Lumen Gems", duration: "session" },
      { name: "_ga", purpose: "analytics", provider: "Google", duration: "2y" },
    ]);
    expect(map.signals.gpc).toBe(true);
    expect(map.sections).toEqual([
      {
        id: "security",
        title: "Security",
        text: "We protect your information with encryption and access controls. See our security page (https://lumen-gems.example/security).",
      },
    ]);
  });

  it("reads HTML: touchpoint, California rights, toll-free number, free section with a table", () => {
    const { map, locate } = importText(fixture("lumen.html"), "lumen.html");
    expect(map.notice.intro).toBe(
      "Lumen Gems wants you to know that your privacy is important to us.\n\nPlease read this policy with care.",
    );
    expect(map.touchpoints.map((t) => [t.id, t.collects])).toEqual([
      ["appointment", ["user.name", "user.contact.phone_number"]],
    ]);
    expect(locate(["touchpoints", 0, "collects", 1]).line).toBe(16);
    expect(map.jurisdictions).toEqual(["us-ca"]);
    expect(map.rights).toMatchObject({
      granted: ["know", "delete"],
      methods: ["email", "toll-free-phone"],
      authorised_agents: false,
      lookback_extended: false,
    });
    expect(map.organization.contact).toEqual({
      email: "privacy@lumen-gems.example",
      toll_free_phone: "1-888-555-0123",
    });
    expect(map.sections).toEqual([
      {
        id: "links",
        title: "Links",
        text: "Our Site may link to other websites & shops that we do not control.\n\nPartner — Country\n\n- Gem Lab — Belgium",
      },
    ]);
  });

  it("invents no structure: a policy without touchpoints or cookies gets none", () => {
    const { map, review } = importText(fixture("no-touchpoints.txt"), "quartz.txt");
    expect(map.organization.name).toBe("Quartz Corner");
    expect(map.touchpoints).toEqual([]);
    expect(map.recipients).toEqual([]);
    expect(map.cookies).toEqual({ purposes: [], items: [], technologies: [] });
    expect(map.programmes).toEqual([]);
    expect(map.children).toBeUndefined();
    expect(map.notice).toEqual({
      title: "Privacy Notice",
      intro: "Quartz Corner respects your privacy. We only use your e-mail address to answer your questions.",
    });
    expect(map.sections).toEqual([
      {
        id: "security",
        title: "Security",
        text: "We keep your messages on servers in Canada and delete them after a year.",
      },
    ]);
    expect(review).toEqual([]);
  });

  it("reads signals and request methods worded in other ways", () => {
    const text = [
      "Privacy Policy",
      "Garnet Lane wants you to know how we use your data.",
      "Your California Privacy Rights",
      "If you live in California, you have the following rights.",
      "Right to Know. You may ask to know what we collected about you.",
      "To use these rights, call us at 415-555-0100 or use our web form.",
      "Some browsers send a “Do Not Track” signal. We do not currently respond to such signals.",
      "We do not honor Global Privacy Control signals at this time.",
    ].join("\n\n");
    const { map, locate } = importText(text, "garnet.txt");
    expect(map.rights.methods).toEqual(["phone", "web-form"]);
    expect(map.rights.granted).toEqual(["know"]);
    expect(map.signals).toEqual({ gpc: false, dnt: false });
    expect(locate(["signals", "dnt"]).line).toBe(13);
    expect(locate(["signals", "gpc"]).line).toBe(15);
    expect(map.organization).toMatchObject({ name: "Garnet Lane", contact: { phone: "415-555-0100" } });
  });

  it("marks a missing organisation name for review and never throws on odd input", () => {
    const { map, review } = importText("we collect things.\n", "x.txt");
    expect(map.organization.name).toBe("Unnamed organisation");
    expect(review).toEqual([{ text: "the organisation's name", line: 1, path: "organization.name" }]);
    for (const text of [
      "",
      "<html>",
      "# \n\n- \n",
      "When You\n\nCategories Of Data We May Collect\n\n• ★★★\n",
    ]) {
      for (const format of ["txt", "md", "html"] as const)
        expect(() => importText(text, "x", format)).not.toThrow();
    }
  });
});

describe("the phrase tables", () => {
  it("maps every taxonomy label back to its key", () => {
    const taxonomy = new Taxonomy();
    const labels = new Map<string, string>();
    for (const c of DATA_CATEGORIES.values()) if (!labels.has(c.label)) labels.set(c.label, c.key);
    for (const [label, key] of labels) expect(matchCollected(label, taxonomy)?.key, label).toBe(key);
  });

  it("gives the template's touchpoints their short ids and others a slug", () => {
    expect(touchpointIdOf("When You Interact with Us via Social Media")).toBe("social-media");
    expect(touchpointIdOf("When You Sign Up for Our Newsletter")).toBe("sign-up-newsletter");
    expect(
      sectionKindOf("Data Protection For Individuals Based In The European Economic Area And Switzerland"),
    ).toBe("rights-prose");
    expect(isoDateOf("1 November 2026")).toBe("2026-11-01");
    expect(isoDateOf("someday")).toBeUndefined();
  });
});
