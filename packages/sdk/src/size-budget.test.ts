import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSdk, LANGS, uiFile } from "../build/build-sdk.mjs";
import { BUDGETS, checkBudgets, compressedSizes } from "../build/check-size.mjs";

let outdir: string;

beforeAll(async () => {
  outdir = await mkdtemp(join(tmpdir(), "loupe-sdk-size-"));
});
afterAll(async () => {
  await rm(outdir, { recursive: true, force: true });
});

describe("size budgets", () => {
  it("the built SDK fits: returning visit and first visit in every language", async () => {
    const { files } = await buildSdk({ outdir });
    expect(files).toEqual(["snippet.js", "ui.js", "ui.es.js", "ui.fr.js"]);
    const { rows, failures } = await checkBudgets(outdir, LANGS.map(uiFile));
    expect(failures).toEqual([]);
    const returning = rows.find((r) => r.name.startsWith("returning"));
    expect(returning?.gzip).toBeLessThanOrEqual(BUDGETS.returning);
    expect(rows.filter((r) => r.name.startsWith("first visit"))).toHaveLength(LANGS.length);
  });

  it("reports a bundle over budget", async () => {
    const dir = await mkdtemp(join(tmpdir(), "loupe-sdk-fat-"));
    // Random bytes do not compress: 2 KB of them is over the 1.5 KB returning-visit budget.
    const noise = Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 7919 + ((i * i) % 251)) % 256));
    await writeFile(join(dir, "snippet.js"), noise);
    await writeFile(join(dir, "ui.js"), "");
    const { failures } = await checkBudgets(dir, ["ui.js"]);
    expect(failures).toEqual([
      expect.stringMatching(/^returning visit \(snippet\.js\): \d+ B gzip > 1536 B$/),
    ]);
    await rm(dir, { recursive: true, force: true });
  });

  it("measures gzip and brotli", () => {
    const s = compressedSizes(Buffer.from("a".repeat(1000)));
    expect(s.raw).toBe(1000);
    expect(s.gzip).toBeLessThan(40);
    expect(s.brotli).toBeLessThan(s.gzip);
  });
});
