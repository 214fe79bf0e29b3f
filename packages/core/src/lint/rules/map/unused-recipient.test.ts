import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type Document, parseDocument } from "yaml";
import { parseDataMap } from "../../../map/load-data-map.js";
import type { LintSubject } from "../../rule.js";
import { unusedRecipient } from "./unused-recipient.js";

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

const MAP = `organization: { name: Lumen Gems }
touchpoints:
  - { id: purchase, title: When You Make a Purchase with Us, shares_with: [payment-providers] }
recipients:
  - { id: payment-providers, title: Payment service providers, role: service-provider }
  - { id: analytics-partners, title: Analytics partners, role: service-provider }
  - { id: pixel-partners, title: Pixel partners, role: third-party }
  - { id: data-brokers, title: Data brokers, role: third-party, sells: true }
cookies:
  purposes: [{ id: ads, title: Advertising }]
  items: [{ name: _px, purpose: ads, recipient: pixel-partners }]
`;

describe("unused-recipient", () => {
  it("is silent on the Aurora example", () => {
    expect(unusedRecipient.check(aurora())).toEqual([]);
  });

  it("reports a recipient no touchpoint shares with, no cookie names and that does not buy data", () => {
    const hits = unusedRecipient.check(subjectOf(MAP));
    expect(hits).toEqual([
      {
        message:
          "recipient 'analytics-partners' (“Analytics partners”) is not used: add it to the shares_with of the touchpoints that disclose data to it, or remove it",
        location: { file: "loupe.yaml", path: "recipients[1]", line: 6, column: 5 },
      },
    ]);
  });
});
