import { describe, expect, it } from "vitest";
import { parseDataMap } from "../../../map/load-data-map.js";
import { retentionCoverage } from "./retention-coverage.js";

describe("retentionCoverage", () => {
  it("lists each collected category once with the entries covering it", () => {
    const r = parseDataMap(`organization: { name: Lumen Gems }
touchpoints:
  - { id: a, title: A, collects: [user.contact.email, user.name] }
  - { id: b, title: B, collects: [user.name, user.social] }
retention:
  - { categories: [user.contact], criteria: as long as necessary }
  - { categories: [user.contact.email, user.name], period: 2y }
`);
    if (!r.ok) throw new Error(r.errors.map(String).join("\n"));
    expect(retentionCoverage(r.value.map)).toEqual([
      {
        category: "user.contact.email",
        path: ["touchpoints", 0, "collects", 0],
        touchpoint: "a",
        entries: [0, 1],
        hasPeriod: true,
      },
      {
        category: "user.name",
        path: ["touchpoints", 0, "collects", 1],
        touchpoint: "a",
        entries: [1],
        hasPeriod: true,
      },
      {
        category: "user.social",
        path: ["touchpoints", 1, "collects", 1],
        touchpoint: "b",
        entries: [],
        hasPeriod: false,
      },
    ]);
  });
});
