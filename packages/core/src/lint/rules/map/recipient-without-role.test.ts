import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type Document, parseDocument } from "yaml";
import { parseDataMap } from "../../../map/load-data-map.js";
import type { LintSubject } from "../../rule.js";
import { recipientWithoutRole } from "./recipient-without-role.js";

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

describe("recipient-without-role", () => {
  it("is silent on the Aurora example", () => {
    expect(recipientWithoutRole.check(aurora())).toEqual([]);
  });

  it("reports a recipient without role", () => {
    const hits = recipientWithoutRole.check(aurora((d) => d.deleteIn(["recipients", 5, "role"])));
    expect(hits.map((h) => [h.location.path, h.location.line])).toEqual([
      ["recipients[5].role", lineWith("id: shipping-providers")],
    ]);
    expect(hits[0]?.message).toBe(
      "recipient 'shipping-providers' (“Shipping providers”) has no role: set role to service-provider, contractor, third-party, affiliate or public-authority, so the notice can say whether disclosing to it is a sale or sharing",
    );
  });
});
