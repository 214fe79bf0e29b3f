import { readFile } from "node:fs/promises";
import { parseDataMap } from "@loupe/core";
import { describe, expect, it } from "vitest";
import { buildConsentModel } from "../consent/consent-model.js";
import { AURORA_MAP } from "../testing/test-stores.js";
import { buildPreferenceModel, marketingKeys } from "./preference-model.js";

async function modelOf(yaml: string) {
  const parsed = parseDataMap(yaml, "loupe.yaml");
  if (!parsed.ok) throw parsed.errors[0];
  const { map, taxonomy } = parsed.value;
  return buildPreferenceModel(map, taxonomy, buildConsentModel(map, taxonomy));
}

describe("the preference model from the data map", () => {
  it("derives channels, topics, opt-outs and cookie choices from the Aurora map", async () => {
    const model = await modelOf(await readFile(AURORA_MAP, "utf8"));
    expect(model.channels.map((c) => c.key)).toEqual([
      "channel:email",
      "channel:sms",
      "channel:phone",
      "channel:post",
    ]);
    // E-mail marketing is a purpose of the map's marketing touchpoint: its consequences are the map's words.
    expect(model.channels[0]?.consequences).toContain(
      "You will not receive updates from Aurora Fine Jewelry",
    );
    // SMS is not in the map: the consequence says what stops, nothing more.
    expect(model.channels[1]?.consequences).toEqual([
      "You will not receive marketing text messages from Aurora Fine Jewelry.",
    ]);
    expect(model.topics.map((t) => [t.key, t.title])).toEqual([
      ["topic:communications", "Marketing communications"],
      ["topic:referral", "Sharing products with a friend"],
      ["topic:promotions", "Contests, sweepstakes and promotions"],
    ]);
    expect(model.saleShare.description).toContain("Interest based advertising partners");
    expect(model.saleShare.consequences[0]).toBe("These cookies are turned off: Targeting/advertising.");
    expect(model.sensitive.description).toContain("declares no sensitive personal information");
    expect(model.cookies.find((c) => c.id === "functional")?.consequences).toContain(
      "Some features on our site will not be able to run",
    );
    expect(model.marketingCookiePurposes).toEqual(["advertising", "social"]);
    expect(marketingKeys(model)).toEqual([
      "channel:email",
      "channel:sms",
      "channel:phone",
      "channel:post",
      "topic:communications",
      "topic:referral",
      "topic:promotions",
      "profiling",
    ]);
  });

  it("names the sensitive categories a map collects and has no topics when it markets nothing", async () => {
    const model = await modelOf(`
organization: { name: Tiny Shop }
touchpoints:
  - id: account
    title: Your account
    collects: [user.contact.email, user.location.precise]
    purposes: [{ text: To run your account, use: essential.service }]
`);
    expect(model.topics).toEqual([]);
    expect(model.sensitive.description).toContain("Precise location");
    expect(model.saleShare.description).toContain("declares no recipient that buys or shares");
  });
});
