import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type LoadedMap, parseDataMap, validateDataMap } from "../map/load-data-map.js";
import { buildRopa, ROPA_CSV_COLUMNS, ropaToCsv, ropaToJson } from "./build-ropa.js";

const auroraText = readFileSync(new URL("../../../../examples/aurora/loupe.yaml", import.meta.url), "utf8");

function load(text: string): LoadedMap {
  const r = parseDataMap(text);
  if (!r.ok) throw new Error(r.errors.map(String).join("\n"));
  return r.value;
}

/** A strict RFC 4180 reader, to check the writer independently. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (c === '"' && field === "") quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else if (c === "\n" || c === "\r" || c === '"') throw new Error(`bare ${JSON.stringify(c)} at ${i}`);
    else field += c;
  }
  if (field || row.length) throw new Error("last record has no CRLF");
  return rows;
}

const aurora = load(auroraText);

describe("buildRopa", () => {
  const records = buildRopa(aurora);

  it("makes one record per purpose of every touchpoint", () => {
    expect(records).toHaveLength(24);
    expect(records.map((r) => r.id).slice(0, 6)).toEqual([
      "navigate-site/1",
      "navigate-site/2",
      "navigate-site/3",
      "navigate-site/4",
      "site-features/1",
      "site-features/2",
    ]);
  });

  it("fills every Art. 30(1) field the map gives", () => {
    const r = records.find((x) => x.id === "purchase/1");
    expect(r).toBeDefined();
    if (!r) return;
    expect(r.controller).toMatchObject({
      name: "Aurora Fine Jewelry",
      legalName: "Aurora Fine Jewelry, Inc.",
      contact: { email: "privacy@aurora-jewelry.example", toll_free_phone: "1-800-555-0199" },
    });
    expect(r.purpose).toEqual({
      text: "To facilitate your purchase and provide the services you request",
      use: "essential.service",
      useLabel: "Providing the services you request",
    });
    expect(r.lawfulBasis).toEqual({
      id: "contract",
      title: "Performance of a contract",
      article: "Art. 6(1)(b)",
    });
    expect(r.dataSubjects).toEqual(["Customers and visitors of the site"]);
    expect(r.dataCategories.map((d) => d.key)).toEqual([
      "user.name",
      "user.contact.phone_number",
      "user.contact.email",
      "user.contact.address",
      "user.payment",
    ]);
    expect(r.dataCategories[4]).toEqual({ key: "user.payment", label: "Your payment information" });
    expect(r.recipients.map((x) => [x.title, x.roleWords])).toEqual([
      ["Payment service providers", "service provider"],
      ["Shipping providers", "service provider"],
      ["Fraud and security service providers", "service provider"],
    ]);
    expect(r.transfers).toEqual({
      destinations: ["the United States"],
      safeguards: ["European Commission Standard Contractual Clauses"],
    });
    expect(r.retention).toContainEqual({
      key: "user.payment",
      label: "Your payment information",
      rule: "7 years from the order date (tax and accounting law)",
    });
    expect(r.retention).toContainEqual({
      key: "user.name",
      label: "Your full name",
      rule: "until you ask us to delete it (lifetime warranty and upgrade benefits)",
    });
    expect(r.security).toMatch(/^We use a combination of physical and electronic security technologies/);
  });

  it("records other data subjects and third-party recipients", () => {
    const m = records.find((x) => x.id === "marketing/2");
    expect(m?.dataSubjects).toEqual(["Customers and visitors of the site", "friend"]);
    expect(m?.lawfulBasis?.article).toBe("Art. 6(1)(a)");
    const nav = records.find((x) => x.id === "navigate-site/4");
    expect(nav?.recipients.find((x) => x.id === "ad-partners")).toEqual({
      id: "ad-partners",
      title: "Interest based advertising partners",
      role: "third-party",
      roleWords: "third party",
      sells: true,
      shares: true,
    });
  });
});

describe("ropaToCsv", () => {
  it("writes a header and one RFC 4180 row per record", () => {
    const rows = parseCsv(ropaToCsv(buildRopa(aurora)));
    expect(rows[0]).toEqual([...ROPA_CSV_COLUMNS]);
    expect(rows).toHaveLength(25);
    const purchase = rows.find((r) => r[0] === "purchase/2");
    expect(purchase?.slice(1, 8)).toEqual([
      "When You Make a Purchase with Us",
      "Aurora Fine Jewelry, Inc.",
      "E-mail: privacy@aurora-jewelry.example\nPhone: 415-555-0142\nToll-free: 1-800-555-0199\nAddress: 100 Market Street, San Francisco, CA 94105, United States\nWeb form: https://aurora-jewelry.example/privacy-centre/requests",
      "To facilitate your warranty or other services such as cleanings, repairs, or resizes of your products",
      "Warranty and after-sales services (essential.service.warranty)",
      "Performance of a contract (Art. 6(1)(b))",
      "Customers and visitors of the site",
    ]);
    expect(purchase?.[9]).toBe(
      "Payment service providers (service provider)\nShipping providers (service provider)\nFraud and security service providers (service provider)",
    );
  });

  it("quotes commas, quotes and line breaks, and defuses formulas", () => {
    const r = validateDataMap({
      organization: { name: "Tiny, Inc." },
      touchpoints: [
        {
          id: "t",
          title: 'The "quoted" one',
          collects: ["user.contact.email"],
          purposes: [
            { text: "Line one\nline two, with comma" },
            { text: '=HYPERLINK("https://evil.example")' },
          ],
        },
      ],
    });
    if (!r.ok) throw new Error(String(r.errors[0]));
    const csv = ropaToCsv(buildRopa(r.value));
    expect(csv).toContain('"Tiny, Inc."');
    expect(csv).toContain('"The ""quoted"" one"');
    expect(csv).toContain('"Line one\nline two, with comma"');
    expect(csv.endsWith("\r\n")).toBe(true);
    const rows = parseCsv(csv);
    expect(rows.map((x) => x[4])).toEqual([
      "Purpose",
      "Line one\nline two, with comma",
      '\'=HYPERLINK("https://evil.example")',
    ]);
    expect(rows[1]?.[1]).toBe('The "quoted" one');
    expect(rows[1]?.[12]).toBe("Your e-mail address: not set");
    expect(rows[1]?.[13]).toBe("");
  });
});

describe("ropaToJson", () => {
  it("round-trips the records", () => {
    const records = buildRopa(aurora);
    const json = ropaToJson(records);
    expect(json.endsWith("}\n]\n")).toBe(true);
    expect(JSON.parse(json)).toEqual(records);
  });
});
