import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type Document, parseDocument } from "yaml";
import { parseDataMap } from "../../../map/load-data-map.js";
import type { LintSubject } from "../../rule.js";
import { isTollFree, tollFreeNumberRequired } from "./toll-free-number-required.js";

const AURORA = readFileSync(new URL("../../../../../../examples/aurora/loupe.yaml", import.meta.url), "utf8");

let lastText = "";
function aurora(edit?: (d: Document) => void): LintSubject {
  const d = parseDocument(AURORA);
  edit?.(d);
  lastText = String(d);
  const r = parseDataMap(lastText, "loupe.yaml");
  if (!r.ok) throw new Error(r.errors.map(String).join("\n"));
  return r.value;
}

describe("isTollFree", () => {
  it("knows the US toll-free prefixes in any usual notation", () => {
    expect(
      ["1-800-555-0199", "(888) 555-0100", "+1 833 555 0100", "1-800-FLOWERS", "8445550100"].map(isTollFree),
    ).toEqual([true, true, true, true, true]);
    expect(
      ["626-879-5666", "212-361-1800", "+1 415 555 0142", "800-555", "1-900-555-0100"].map(isTollFree),
    ).toEqual([false, false, false, false, false]);
  });
});

describe("toll-free-number-required", () => {
  it("is silent on the Aurora example, which has a toll-free number", () => {
    expect(tollFreeNumberRequired.check(aurora())).toEqual([]);
  });

  it("reports a California shop with only an ordinary number, at that number", () => {
    const s = aurora((d) => {
      d.deleteIn(["organization", "contact", "toll_free_phone"]);
      d.setIn(["rights", "methods"], ["email", "phone", "web-form"]);
      d.setIn(["organization", "contact", "phone"], "626-879-5666");
    });
    const hits = tollFreeNumberRequired.check(s);
    expect(hits).toHaveLength(1);
    expect(hits[0]?.message).toContain(
      "('626-879-5666' is not toll-free: US toll-free prefixes are 800, 833, 844, 855, 866, 877, 888)",
    );
    expect(hits[0]?.location).toMatchObject({
      file: "loupe.yaml",
      path: "organization.contact.phone",
      line: lastText.split("\n").findIndex((l) => l.includes("phone: 626-879-5666")) + 1,
    });
  });

  it("reports a toll_free_phone that is not toll-free", () => {
    const s = aurora((d) => d.setIn(["organization", "contact", "toll_free_phone"], "212-361-1800"));
    const hits = tollFreeNumberRequired.check(s);
    expect(hits.map((h) => h.location.path)).toEqual(["organization.contact.toll_free_phone"]);
    expect(hits[0]?.message).toContain("'212-361-1800' is not a toll-free number");
  });

  it("is silent for an online-only shop, outside California, or when rights.methods lists a toll-free phone", () => {
    const noNumber = (d: Document) => d.deleteIn(["organization", "contact", "toll_free_phone"]);
    expect(tollFreeNumberRequired.check(aurora(noNumber))).toEqual([]);
    const onlyEmail = (d: Document) => {
      noNumber(d);
      d.setIn(["rights", "methods"], ["email"]);
    };
    expect(tollFreeNumberRequired.check(aurora(onlyEmail))).toHaveLength(1);
    expect(
      tollFreeNumberRequired.check(
        aurora((d) => {
          onlyEmail(d);
          d.setIn(["organization", "online_only"], true);
        }),
      ),
    ).toEqual([]);
    expect(
      tollFreeNumberRequired.check(
        aurora((d) => {
          onlyEmail(d);
          d.set("jurisdictions", ["us-co", "eea"]);
        }),
      ),
    ).toEqual([]);
  });
});
