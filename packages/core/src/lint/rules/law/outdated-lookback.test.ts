import { describe, expect, it } from "vitest";
import { parseDataMap } from "../../../map/load-data-map.js";
import type { LintSubject } from "../../rule.js";
import { outdatedLookback } from "./outdated-lookback.js";

function subjectOf(yaml: string): LintSubject {
  const r = parseDataMap(yaml, "loupe.yaml");
  if (!r.ok) throw new Error(r.errors.map(String).join("\n"));
  return r.value;
}

const MAP = `organization: { name: Lumen Gems }
jurisdictions: [us-ca]
rights:
  methods: [email]
  lookback_extended: false
`;

describe("outdated-lookback", () => {
  it("reports a 12-month look-back under California law, at rights.lookback_extended", () => {
    const hits = outdatedLookback.check(subjectOf(MAP));
    expect(hits).toEqual([
      {
        message:
          'rights.lookback_extended is false, so right-to-know answers stop at 12 months; California lets consumers ask for personal information collected since 1 January 2022: set rights.lookback_extended: true and offer a date range or "all my data" in the request form',
        location: { file: "loupe.yaml", path: "rights.lookback_extended", line: 5, column: 22 },
      },
    ]);
  });

  it("is silent when the look-back is extended (the default) or California does not apply", () => {
    expect(outdatedLookback.check(subjectOf(MAP.replace("  lookback_extended: false\n", "")))).toEqual([]);
    expect(outdatedLookback.check(subjectOf(MAP.replace("[us-ca]", "[us-co, eea]")))).toEqual([]);
  });
});
