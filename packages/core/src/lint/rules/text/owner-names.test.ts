import { describe, expect, it } from "vitest";
import { parseDataMap } from "../../../map/load-data-map.js";
import { baseName, ownerNames } from "./owner-names.js";

const mapOf = (yaml: string) => {
  const r = parseDataMap(yaml);
  if (!r.ok) throw new Error(r.errors.map(String).join("\n"));
  return r.value.map;
};

describe("baseName", () => {
  it("drops legal forms, punctuation and possessives", () => {
    expect(baseName("Lumen Gems, Inc.’s")).toBe("lumen gems");
    expect(baseName("LUMEN GEMS INC")).toBe("lumen gems");
    expect(baseName("Lumen Gems LLC")).toBe("lumen gems");
    expect(baseName("Lumen Gems")).toBe("lumen gems");
  });
});

describe("ownerNames", () => {
  it("collects name, legal name and aliases, and picks the distinctive head word", () => {
    const o = ownerNames(
      mapOf(
        "organization:\n  name: The Lumen Jewelry Shop\n  legal_name: Lumen Holdings, Inc.\n  aliases: [Lumen]\n",
      ),
      new Set(["jewelry"]),
    );
    expect(o.head).toBe("Lumen");
    expect([...o.bases].sort()).toEqual(["lumen", "lumen holdings", "the lumen jewelry shop"]);
    expect(o.known[0]).toBe("The Lumen Jewelry Shop");
  });

  it("has no head word when every word of the name is an ordinary word of the text", () => {
    const o = ownerNames(mapOf("organization:\n  name: Fine Jewelry\n"), new Set(["fine", "jewelry"]));
    expect(o.head).toBeUndefined();
  });
});
