import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LANGS } from "../../build/build-sdk.mjs";

const dir = import.meta.dirname;
const read = (lang: string) =>
  JSON.parse(readFileSync(join(dir, `${lang}.json`), "utf8")) as Record<string, string>;

describe("UI texts", () => {
  it("has a file for every language the build knows, and no other", () => {
    const files = readdirSync(dir)
      .filter((f) => f.endsWith(".json"))
      .map((f) => f.slice(0, -5))
      .sort();
    expect(files).toEqual([...LANGS].sort());
    expect(LANGS).toEqual(expect.arrayContaining(["en", "es", "fr"]));
  });

  it.each(LANGS.filter((l) => l !== "en"))("%s has exactly the English keys, each translated", (lang) => {
    const en = read("en");
    const other = read(lang);
    expect(Object.keys(other).sort()).toEqual(Object.keys(en).sort());
    for (const [k, v] of Object.entries(other)) {
      expect(v.trim(), `${lang}.${k}`).not.toBe("");
      if (!["cookies", "ok"].includes(k)) expect(v, `${lang}.${k}`).not.toBe(en[k]);
    }
  });
});
