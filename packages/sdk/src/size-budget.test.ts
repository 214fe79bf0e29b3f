import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSdk, LANGS } from "../build/build-sdk.mjs";
import { BUDGETS, checkBudgets, compressedSizes } from "../build/check-size.mjs";

let outdir: string;

beforeAll(async () => {
  outdir = await mkdtemp(join(tmpdir(), "loupe-sdk-size-"));
});
afterAll(async () => {
  await rm(outdir, { recursive: true, force: true });
});

describe("size budgets", () => {
  it("the built SDK fits: snippet, returning visit and first visit in every language", async () => {
    const { files, hash } = await buildSdk({ outdir });
    expect(hash).toMatch(/^[0-9a-f]{10}$/);
    expect(files.api).toBe(`api.${hash}.js`);
    expect(Object.keys(files.ui)).toEqual(LANGS);
    const { rows, failures } = await checkBudgets(outdir, files.snippet, files.api, Object.values(files.ui));
    expect(failures).toEqual([]);
    expect(rows[0]?.gzip).toBeLessThanOrEqual(BUDGETS.snippet);
    expect(BUDGETS.snippet).toBe(1024);
    const returning = rows.find((r) => r.name.startsWith("returning"));
    expect(returning?.gzip).toBeLessThanOrEqual(BUDGETS.returning);
    expect(rows.filter((r) => r.name.startsWith("first visit"))).toHaveLength(LANGS.length);
  });

  it("names the bundles by their content and the snippet loads them by that name", async () => {
    const { files, hash } = await buildSdk({ outdir });
    const snippet = await readFile(join(outdir, files.snippet), "utf8");
    expect(snippet).toContain(`.${hash}.js`);
    // The same sources give the same hash; the hash covers every bundle.
    expect((await buildSdk({ outdir })).hash).toBe(hash);
    const debug = await buildSdk({ outdir, debug: true });
    expect(debug.hash).not.toBe(hash);
    expect(await readFile(join(outdir, debug.files.ui.fr ?? ""), "utf8")).toContain("Tout refuser");
  });

  it("reports a bundle over budget", async () => {
    const dir = await mkdtemp(join(tmpdir(), "loupe-sdk-fat-"));
    // Random bytes do not compress: 1.1 KB of them is over the 1 KB snippet budget, 2 KB over the returning one.
    const noise = (n: number) =>
      Buffer.from(Array.from({ length: n }, (_, i) => (i * 7919 + ((i * i) % 251)) % 256));
    await writeFile(join(dir, "snippet.js"), noise(1100));
    await writeFile(join(dir, "api.js"), noise(900).reverse());
    await writeFile(join(dir, "ui.js"), "");
    const { failures } = await checkBudgets(dir, "snippet.js", "api.js", ["ui.js"]);
    expect(failures).toEqual([
      expect.stringMatching(/^snippet\.js: \d+ B gzip > 1024 B$/),
      expect.stringMatching(/^returning visit \(snippet\.js \+ api\.js\): \d+ B gzip > 1536 B$/),
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
