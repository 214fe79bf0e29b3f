import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type Document, parseDocument } from "yaml";
import { parseDataMap } from "../../../map/load-data-map.js";
import type { LintSubject } from "../../rule.js";
import { consequenceWithoutPurpose } from "./consequence-without-purpose.js";

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

function subjectOf(yaml: string): LintSubject {
  lastText = yaml;
  const r = parseDataMap(yaml, "loupe.yaml");
  if (!r.ok) throw new Error(r.errors.map(String).join("\n"));
  return r.value;
}

/** 1-based line of the first line of the last parsed text that contains `needle`. */
const lineWith = (needle: string) => lastText.split("\n").findIndex((l) => l.includes(needle)) + 1;

describe("consequence-without-purpose", () => {
  it("is silent on the Aurora example", () => {
    expect(consequenceWithoutPurpose.check(aurora())).toEqual([]);
  });

  it("reports a consequence whose programme no purpose of the touchpoint mentions, at the consequence", () => {
    // Namdar's purchase touchpoint: the Diamond Upgrade purpose is missing, the consequence is not.
    const s = aurora((d) => d.deleteIn(["touchpoints", 2, "purposes", 4]));
    const hits = consequenceWithoutPurpose.check(s);
    expect(hits).toEqual([
      {
        message:
          "touchpoint 'purchase' says “You will not be eligible for our Diamond Upgrade program” but none of its purposes mentions the Diamond Upgrade Program: add a purpose for it (e.g. “To facilitate our Diamond Upgrade Program”), or remove the consequence",
        location: {
          file: "loupe.yaml",
          path: "touchpoints[2].consequences[3]",
          // The edited YAML writes this entry as a multi-line flow map: "- {" one line above its text.
          line: lineWith("You will not be eligible for our Diamond Upgrade program") - 1,
          column: 9,
        },
      },
    ]);
  });

  it("recognises a programme by name when the map declares no programmes", () => {
    const s = subjectOf(`organization: { name: Lumen Gems }
touchpoints:
  - id: purchase
    title: When You Make a Purchase with Us
    purposes:
      - { text: To confirm and track your order }
    consequences:
      - { text: You will not be eligible for our Gem Upgrade program }
      - { text: You will not be able to make a purchase }
  - id: consultants
    title: When You Contact Our Gem Consultants
    purposes:
      - { text: To facilitate our Gem Upgrade Programme }
    consequences:
      - { text: You will not be eligible for our Gem Upgrade program }
`);
    const hits = consequenceWithoutPurpose.check(s);
    expect(hits.map((h) => [h.location.path, h.location.line])).toEqual([
      ["touchpoints[0].consequences[0]", 8],
    ]);
    expect(hits[0]?.message).toContain("the Gem Upgrade Program");
  });
});
