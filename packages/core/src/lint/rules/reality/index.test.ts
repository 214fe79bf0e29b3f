import { describe, expect, it } from "vitest";
import { parseDataMap } from "../../../map/load-data-map.js";
import { lint } from "../../lint.js";
import type { LintSubject, LiveSystem } from "../../rule.js";

const yaml = `organization: { name: Lumen Gems }
systems:
  - id: shop
    connector: postgres
    connection: { env: SHOP_URL }
    tables:
      customers:
        identity: { email: email, phone: phone }
        fields: { email: user.contact.email, phone: user.contact.phone_number, fax: user.contact.fax_number }
      wishlists:
        references: { customer_id: customers.id }
`;

function subject(live: LiveSystem | undefined): LintSubject {
  const r = parseDataMap(yaml, "loupe.yaml");
  if (!r.ok) throw new Error(r.errors.map(String).join("\n"));
  return { ...r.value, ...(live ? { live: { shop: live } } : {}) };
}

const realityFindings = (s: LintSubject) => {
  const r = lint(s);
  if (!r.ok) throw new Error("lint failed");
  return r.value.filter((f) =>
    [
      "annotation-without-table",
      "annotation-without-column",
      "undeclared-personal-data",
      "identity-without-index",
    ].includes(f.rule),
  );
};

describe("reality rules", () => {
  it("stay silent without a live snapshot", () => {
    expect(realityFindings(subject(undefined))).toEqual([]);
  });

  it("report dropped tables and columns, undeclared personal columns and unindexed identities", () => {
    const live: LiveSystem = {
      tables: { customers: ["id", "email", "phone", "birthday"] },
      personal: {
        customers: {
          email: "user.contact.email",
          phone: "user.contact.phone_number",
          birthday: "user.demographic.date_of_birth",
        },
      },
      notes: [
        {
          code: "identity-without-index",
          table: "customers",
          column: "phone",
          message: "",
          fix: 'CREATE INDEX ON "customers" ("phone")',
        },
      ],
    };
    const found = realityFindings(subject(live)).map((f) => [f.rule, f.location.path, f.location.line]);
    expect(found).toEqual([
      ["annotation-without-column", "systems[0].tables.customers.fields.fax", 9],
      ["annotation-without-table", "systems[0].tables.wishlists", 11],
      ["identity-without-index", "systems[0].tables.customers.identity.phone", 8],
      ["undeclared-personal-data", "systems[0].tables.customers", 8],
    ]);
  });

  it("find nothing when the annotation matches the store", () => {
    const live: LiveSystem = {
      tables: { customers: ["id", "email", "phone", "fax"], wishlists: ["id", "customer_id"] },
      personal: { customers: { email: "user.contact.email", phone: "user.contact.phone_number" } },
      notes: [],
    };
    expect(realityFindings(subject(live))).toEqual([]);
  });
});
