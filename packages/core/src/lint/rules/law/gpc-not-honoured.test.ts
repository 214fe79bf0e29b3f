import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type Document, parseDocument } from "yaml";
import { parseDataMap } from "../../../map/load-data-map.js";
import type { LintSubject } from "../../rule.js";
import { gpcNotHonoured } from "./gpc-not-honoured.js";

const AURORA = readFileSync(new URL("../../../../../../examples/aurora/loupe.yaml", import.meta.url), "utf8");

/** The Aurora example, edited; returns the subject and the YAML text it was read from. */
function aurora(edit?: (d: Document) => void): { subject: LintSubject; text: string } {
  const d = parseDocument(AURORA);
  edit?.(d);
  const text = String(d);
  const r = parseDataMap(text, "loupe.yaml");
  if (!r.ok) throw new Error(r.errors.map(String).join("\n"));
  return { subject: r.value, text };
}

const lineOf = (text: string, re: RegExp) => text.split("\n").findIndex((l) => re.test(l)) + 1;

describe("gpc-not-honoured", () => {
  it("is silent on the Aurora example, which honours GPC", () => {
    expect(gpcNotHonoured.check(aurora().subject)).toEqual([]);
  });

  it("reports selling and sharing without GPC where California and Colorado apply, at signals", () => {
    const { subject, text } = aurora((d) => d.setIn(["signals", "gpc"], false));
    const hits = gpcNotHonoured.check(subject);
    expect(hits).toHaveLength(1);
    expect(hits[0]?.location).toEqual({
      file: "loupe.yaml",
      path: "signals",
      line: lineOf(text, /^signals:/) + 1,
      column: 3,
    });
    expect(hits[0]?.message).toBe(
      "personal information is sold and shared (recipient 'ad-partners'); cookie purpose 'advertising' serves 'marketing.advertising.third_party.targeted', and California, Colorado, Connecticut and Texas require honouring Global Privacy Control as an opt-out of sale and sharing, but signals.gpc is not true: set signals.gpc: true and stop selling and sharing for browsers that send the signal",
    );
  });

  it("counts a cookie purpose that serves a sale or share use even without a selling recipient", () => {
    const r = parseDataMap(`organization: { name: Lumen Gems }
jurisdictions: [us-co]
cookies:
  purposes: [{ id: ads, title: Advertising, uses: [marketing.advertising.third_party.targeted] }]
`);
    if (!r.ok) throw new Error(r.errors.map(String).join("\n"));
    const hits = gpcNotHonoured.check(r.value);
    expect(hits).toHaveLength(1);
    expect(
      hits[0]?.message.startsWith(
        "cookie purpose 'ads' serves 'marketing.advertising.third_party.targeted', and Colorado require",
      ),
    ).toBe(true);
  });

  it("is silent where no jurisdiction makes GPC an opt-out, or nothing is sold or shared", () => {
    const { subject } = aurora((d) => {
      d.setIn(["signals", "gpc"], false);
      d.set("jurisdictions", ["us-va", "eea"]);
    });
    expect(gpcNotHonoured.check(subject)).toEqual([]);
    const r = parseDataMap("organization: { name: Lumen Gems }\njurisdictions: [us-ca]\n");
    if (!r.ok) throw new Error("invalid");
    expect(gpcNotHonoured.check(r.value)).toEqual([]);
  });
});
