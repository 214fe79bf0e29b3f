import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type Document, parseDocument } from "yaml";
import { parseDataMap } from "../../../map/load-data-map.js";
import type { LintSubject } from "../../rule.js";
import { purposeWithoutLawfulBasis } from "./purpose-without-lawful-basis.js";

const AURORA = readFileSync(new URL("../../../../../../examples/aurora/loupe.yaml", import.meta.url), "utf8");

let lastText = "";
/** The Aurora example, edited with the `yaml` document API so that locations keep real lines. */
function aurora(edit?: (d: Document) => void): LintSubject {
  const d = parseDocument(AURORA);
  edit?.(d);
  lastText = String(d);
  const r = parseDataMap(lastText, "loupe.yaml");
  if (!r.ok) throw new Error(r.errors.map(String).join("\n"));
  return r.value;
}

/** 1-based line of the first line of the last parsed text that contains `needle`. */
const lineWith = (needle: string) => lastText.split("\n").findIndex((l) => l.includes(needle)) + 1;

describe("purpose-without-lawful-basis", () => {
  it("is silent on the Aurora example", () => {
    expect(purposeWithoutLawfulBasis.check(aurora())).toEqual([]);
  });

  it("reports a purpose without basis where the EEA applies", () => {
    const hits = purposeWithoutLawfulBasis.check(
      aurora((d) => d.deleteIn(["touchpoints", 2, "purposes", 2, "basis"])),
    );
    expect(hits).toEqual([
      {
        message:
          "purpose “To confirm and track your order” of touchpoint 'purchase' has no lawful basis, which the GDPR requires (eea applies): set basis to consent, contract, legal_obligation, vital_interests, public_interest or legitimate_interests",
        location: expect.objectContaining({
          path: "touchpoints[2].purposes[2].basis",
          line: lineWith("To confirm and track your order"),
        }),
      },
    ]);
  });

  it("is silent when neither the EEA, the UK nor Switzerland applies", () => {
    const s = aurora((d) => {
      d.deleteIn(["touchpoints", 2, "purposes", 2, "basis"]);
      d.set("jurisdictions", ["us-ca"]);
    });
    expect(purposeWithoutLawfulBasis.check(s)).toEqual([]);
  });
});
