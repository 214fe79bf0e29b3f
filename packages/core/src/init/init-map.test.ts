import { describe, expect, it } from "vitest";
import { parseDataMap } from "../map/load-data-map.js";
import { renderNotice } from "../render/render-notice.js";
import { type InitAnswers, initMap, SCHEMA_COMMENT } from "./init-map.js";
import { TEMPLATE_TOUCHPOINT_IDS } from "./template-touchpoints.js";

function load(yaml: string) {
  const r = parseDataMap(yaml, "loupe.yaml");
  if (!r.ok) throw new Error(r.errors.map(String).join("\n"));
  return r.value;
}

const ANSWERS: Record<string, InitAnswers> = {
  minimal: { name: "Example Jewelers" },
  full: {
    name: "Example Jewelers",
    legalName: "Example Jewelers, Inc.",
    website: "https://example-jewelers.example",
    email: "privacy@example-jewelers.example",
    phone: "1-800-555-0100",
    jurisdictions: ["us-ca", "us-co", "eea"],
    sellsToAdPartners: true,
    honoursGpc: true,
    touchpoints: [...TEMPLATE_TOUCHPOINT_IDS],
  },
  eeaOnly: {
    name: "Boutique Étoile",
    website: "boutique-etoile.example",
    email: "dpo@boutique-etoile.example",
    phone: "+33 1 23 45 67 89",
    jurisdictions: ["eea", "uk", "ch"],
    sellsToAdPartners: false,
    honoursGpc: false,
    touchpoints: ["navigate-site", "marketing"],
  },
  awkward: {
    name: 'Smith, Jones & Co: "#1" - yes',
    legalName: "null",
    website: "not a url",
    email: "not-an-e-mail",
    phone: "true",
    jurisdictions: ["us-tx", "mars"],
    sellsToAdPartners: true,
    touchpoints: ["review", "checkout"],
  },
  nothing: { name: "Bare", jurisdictions: [], touchpoints: [] },
};

describe("initMap", () => {
  it.each(Object.keys(ANSWERS))("writes a map that loads and renders (%s)", (key) => {
    const yaml = initMap(ANSWERS[key] as InitAnswers);
    expect(yaml.split("\n")[0]).toBe(SCHEMA_COMMENT);
    const { map, taxonomy } = load(yaml);
    expect(renderNotice({ map, taxonomy }, { format: "txt", date: "2026-01-01" }).content).toContain(
      "Contact Us",
    );
  });

  it("gives every section of the map a comment", () => {
    for (const answers of Object.values(ANSWERS)) {
      const lines = initMap(answers).split("\n");
      const keys = lines.flatMap((l, i) => (/^[a-z_]+:/.test(l) ? [i] : []));
      const gdpr = (answers.jurisdictions ?? []).some((j) => ["eea", "uk", "ch"].includes(j));
      expect(keys.map((i) => lines[i]?.split(":")[0])).toEqual([
        "version",
        "organization",
        "jurisdictions",
        "notice",
        "taxonomy",
        "programmes",
        "touchpoints",
        "recipients",
        "cookies",
        "retention",
        "rights",
        "children",
        "signals",
        ...(gdpr ? ["transfers"] : []),
        "sections",
        "systems",
        "lint",
      ]);
      for (const i of keys) {
        let j = i - 1;
        while (j >= 0 && lines[j]?.trim() === "") j--;
        expect(lines[j], `comment above '${lines[i]}'`).toMatch(/^# /);
      }
    }
  });

  it("uses every answer", () => {
    const { map } = load(initMap(ANSWERS.full as InitAnswers));
    expect(map.organization).toMatchObject({
      name: "Example Jewelers",
      legal_name: "Example Jewelers, Inc.",
      website: "https://example-jewelers.example",
      contact: { email: "privacy@example-jewelers.example", toll_free_phone: "1-800-555-0100" },
    });
    expect(map.jurisdictions).toEqual(["us-ca", "us-co", "eea"]);
    expect(map.touchpoints.map((t) => t.id)).toEqual([...TEMPLATE_TOUCHPOINT_IDS]);
    expect(map.recipients.find((r) => r.id === "ad-partners")).toMatchObject({
      sells: true,
      shares: true,
      role: "third-party",
    });
    expect(map.touchpoints[0]?.shares_with).toContain("ad-partners");
    expect(map.cookies.purposes.map((p) => p.id)).toEqual([
      "essential",
      "functional",
      "analytics",
      "advertising",
      "social",
    ]);
    expect(map.signals).toEqual({ gpc: true, dnt: false });
    expect(map.rights).toMatchObject({
      methods: ["email", "toll-free-phone"],
      appeal: true,
      authorised_agents: true,
    });
    expect(map.transfers).toEqual({ safeguards: [] });
    expect(map.programmes.map((p) => p.id)).toEqual(["warranty"]);
    expect(map.retention.find((r) => r.categories.includes("user.payment"))).toMatchObject({ period: "7y" });
  });

  it("leaves out advertising, unknown answers and unused recipients", () => {
    const eea = load(initMap(ANSWERS.eeaOnly as InitAnswers)).map;
    expect(eea.organization.website).toBe("https://boutique-etoile.example");
    expect(eea.organization.contact).toEqual({
      email: "dpo@boutique-etoile.example",
      phone: "+33 1 23 45 67 89",
    });
    expect(eea.signals.gpc).toBe(false);
    expect(eea.touchpoints.map((t) => t.id)).toEqual(["navigate-site", "marketing"]);
    expect(eea.touchpoints[0]?.purposes.map((p) => p.use)).not.toContain(
      "marketing.advertising.third_party.targeted",
    );
    expect(eea.recipients.map((r) => r.id)).toEqual([
      "site-optimization",
      "site-security",
      "marketing-providers",
      "sweepstakes-providers",
    ]);
    expect(eea.programmes).toEqual([]);
    expect(eea.retention.flatMap((r) => r.categories)).not.toContain("user.payment");
    expect(eea.rights.appeal).toBeUndefined();

    const yaml = initMap(ANSWERS.awkward as InitAnswers);
    const awkward = load(yaml).map;
    expect(awkward.organization.name).toBe('Smith, Jones & Co: "#1" - yes');
    expect(awkward.organization.legal_name).toBe("null");
    expect(awkward.organization.website).toBeUndefined();
    expect(awkward.organization.contact.email).toBeUndefined();
    expect(awkward.organization.contact.phone).toBe("true");
    expect(yaml).toContain("# email: not-an-e-mail  # not a valid e-mail address: fix it and uncomment");
    expect(yaml).toContain("# website: not a url  # not a valid URL: fix it and uncomment");
    expect(yaml).toContain("# Left out (not known to Loupe): mars.");
    expect(yaml).toContain("# Left out (not in the template): checkout.");
    expect(awkward.jurisdictions).toEqual(["us-tx"]);
    expect(awkward.touchpoints.map((t) => t.id)).toEqual(["review"]);
    expect(awkward.touchpoints[0]?.consequences[0]?.text).toBe(
      'You will not be able to post a review of Smith, Jones & Co: "#1" - yes products',
    );

    const bare = load(initMap(ANSWERS.nothing as InitAnswers)).map;
    expect(bare.touchpoints).toEqual([]);
    expect(bare.recipients).toEqual([]);
    expect(bare.retention).toEqual([]);
    expect(bare.rights.methods).toEqual([]);
  });
});
