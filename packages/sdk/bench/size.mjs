/**
 * Bytes a visitor downloads for the consent banner, Loupe side by side with three open-source banners
 * installed as dev dependencies, each measured the same way: the JS and CSS files their docs tell a shop
 * to include, as shipped in their `dist`, each file compressed on its own (gzip level 9, brotli 11).
 *
 * - first visit: what loads before the banner can show (Loupe: snippet + the language's UI bundle, CSS
 *   and texts inlined; the configuration JSON is listed on its own line);
 * - returning visit: what loads on a page of a visitor whose choice is stored (Loupe: the snippet and the
 *   API bundle, cold cache; the others load their whole bundle on every page, cold cache).
 *
 * Loupe's snippet is also listed on its own: a shop may inline it, so every page view carries it.
 *
 * Run: `npm run bench -w @loupe/sdk` (builds the SDK first). Not a test; CI does not run it.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildSdk } from "../build/build-sdk.mjs";
import { compressedSizes, sumSizes } from "../build/check-size.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);

/** @param {string} pkg */
const pkgDir = (pkg) => dirname(require.resolve(`${pkg}/package.json`));
/** @param {string} pkg */
const version = async (pkg) => JSON.parse(await readFile(join(pkgDir(pkg), "package.json"), "utf8")).version;

const { outdir, files } = await buildSdk();
const sdk = (/** @type {string} */ f) => join(outdir, f);
const snippet = sdk(files.snippet);
const returning = [snippet, sdk(files.api)];

/** @type {{ name: string, first: string[], returning: string[] }[]} */
const subjects = [
  { name: "Loupe (en)", first: [snippet, sdk(files.ui.en ?? "")], returning },
  { name: "Loupe (fr)", first: [snippet, sdk(files.ui.fr ?? "")], returning },
  { name: "Loupe head snippet alone (inlined)", first: [snippet], returning: [snippet] },
];
const vcc = pkgDir("vanilla-cookieconsent");
const vccFiles = [join(vcc, "dist/cookieconsent.umd.js"), join(vcc, "dist/cookieconsent.css")];
subjects.push({
  name: `vanilla-cookieconsent ${await version("vanilla-cookieconsent")}`,
  first: vccFiles,
  returning: vccFiles,
});
const klaro = pkgDir("klaro");
const klaroFull = [join(klaro, "dist/klaro.js")];
const klaroLean = [
  join(klaro, "dist/klaro-no-translations-no-css.js"),
  join(klaro, "dist/klaro-no-translations.min.css"),
];
const klaroVersion = await version("klaro");
subjects.push({ name: `klaro ${klaroVersion} (klaro.js)`, first: klaroFull, returning: klaroFull });
subjects.push({ name: `klaro ${klaroVersion} (no translations)`, first: klaroLean, returning: klaroLean });
const osano = pkgDir("cookieconsent");
const osanoFiles = [join(osano, "build/cookieconsent.min.js"), join(osano, "build/cookieconsent.min.css")];
subjects.push({
  name: `Osano cookieconsent ${await version("cookieconsent")}`,
  first: osanoFiles,
  returning: osanoFiles,
});

/** @type {string[][]} */
const rows = [];
for (const s of subjects) {
  const first = await sumSizes(s.first);
  const returning = await sumSizes(s.returning);
  rows.push(
    [s.name, first.raw, first.gzip, first.brotli, returning.raw, returning.gzip, returning.brotli].map(
      String,
    ),
  );
}
const purposes = await readFile(join(ROOT, "test/aurora-purposes.json"), "utf8");
const config = JSON.stringify({
  noticeVersion: "2025-06-01",
  configHash: "9b1f0c3e",
  regime: "opt-in",
  region: "eea",
  gpcHonoured: true,
  purposes: JSON.parse(purposes),
});
const c = compressedSizes(Buffer.from(config));
rows.push(["+ Loupe config JSON (Aurora, 5 purposes)", c.raw, c.gzip, c.brotli, 0, 0, 0].map(String));

const head = ["banner", "first raw", "first gzip", "first br", "return raw", "return gzip", "return br"];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
const line = (/** @type {string[]} */ cells) =>
  cells.map((x, i) => (i === 0 ? x.padEnd(widths[i] ?? 0) : x.padStart(widths[i] ?? 0))).join("  ");
console.log("Bytes downloaded for the consent banner (each file compressed on its own)\n");
console.log(line(head));
console.log(widths.map((w) => "-".repeat(w)).join("  "));
for (const r of rows) console.log(line(r));
