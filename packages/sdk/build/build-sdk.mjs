/**
 * Builds the browser SDK with esbuild into `dist/`:
 *
 * - `snippet.js`: the head snippet, at a fixed URL (or inlined in the page);
 * - `api.<hash>.js`: the API bundle a returning visitor loads (gated scripts, persistent controls, API);
 * - `ui.<lang>.<hash>.js`: one UI bundle per language (English, Spanish, French), with the style sheet and
 *   the language's texts inlined, and the API bundle's code;
 * - `shopify.js`: the Shopify storefront adapter (Customer Privacy API), for Shopify shops only.
 *
 * `<hash>` is one content hash of all the bundles, so their URLs change whenever one of them does and they
 * can be cached for good; the snippet, rebuilt with the hash, names them. Minified, private names (ending in
 * `_`) mangled to the same short names in every bundle, compile-time flags (`__DEBUG__`, `__LANGS__`,
 * `__BUNDLE_HASH__`, `__STRINGS__`, …) replaced.
 *
 * Run as a script (`npm run build -w @loupe/sdk`) it also checks the size budgets and exits non-zero when
 * one is exceeded.
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as esbuild from "esbuild";
import { checkBudgets, formatTable } from "./check-size.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Languages with a UI bundle; the first is the fallback. */
export const LANGS = ["en", "es", "fr"];

/**
 * The file names of a build whose bundles have the content hash `hash`.
 *
 * @example
 * bundleFiles("3fa8c21b0d").ui.fr; // "ui.fr.3fa8c21b0d.js"
 * @param {string} hash
 * @returns {{ snippet: string, api: string, ui: Record<string, string> }}
 */
export function bundleFiles(hash) {
  return {
    snippet: "snippet.js",
    api: `api.${hash}.js`,
    ui: Object.fromEntries(LANGS.map((lang) => [lang, `ui.${lang}.${hash}.js`])),
  };
}

/**
 * Builds every bundle into `outdir` (emptied first) and returns the files written.
 *
 * @example
 * const { files } = await buildSdk({ outdir: "/tmp/loupe-sdk" });
 * files.ui.en; // "ui.en.3fa8c21b0d.js"
 * @param {{ outdir?: string, debug?: boolean }} [options]
 * @returns {Promise<{ outdir: string, hash: string, files: ReturnType<typeof bundleFiles> }>}
 */
export async function buildSdk({ outdir = join(ROOT, "dist"), debug = false } = {}) {
  const pkg = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8"));
  /** @type {Record<string, Record<string, string>>} */
  const strings = {};
  for (const lang of LANGS) {
    strings[lang] = JSON.parse(await readFile(join(ROOT, "src/i18n", `${lang}.json`), "utf8"));
  }
  const css = await esbuild.transform(await readFile(join(ROOT, "src/ui/styles.css"), "utf8"), {
    loader: "css",
    minify: true,
  });
  /** @type {import("esbuild").BuildOptions} */
  const common = {
    bundle: true,
    format: "iife",
    target: "es2020",
    platform: "browser",
    minify: !debug,
    mangleProps: /_$/,
    legalComments: "none",
    logLevel: "warning",
    write: false,
    // The bundles are classic scripts of their own: no top-level "use strict" prologue.
    tsconfigRaw: { compilerOptions: { alwaysStrict: false } },
  };
  const flags = { __DEBUG__: String(debug), __VERSION__: JSON.stringify(pkg.version) };
  /** @param {string} hash @param {Record<string, string | false>} mangleCache */
  const snippet = (hash, mangleCache) =>
    esbuild.build({
      ...common,
      entryPoints: [join(ROOT, "src/snippet/snippet.ts")],
      mangleCache,
      define: { ...flags, __LANGS__: JSON.stringify(LANGS.slice(1)), __BUNDLE_HASH__: JSON.stringify(hash) },
    });
  // Every bundle reuses the snippet's mangled names: they share the `Core` object.
  let mangleCache = (await snippet("", {})).mangleCache ?? {};
  const api = await esbuild.build({
    ...common,
    entryPoints: [join(ROOT, "src/api/api.ts")],
    mangleCache,
    define: flags,
  });
  mangleCache = api.mangleCache ?? {};
  /** @type {Record<string, string>} */
  const ui = {};
  for (const lang of LANGS) {
    const out = await esbuild.build({
      ...common,
      entryPoints: [join(ROOT, "src/ui/ui.ts")],
      mangleCache,
      define: {
        ...flags,
        __LANG__: JSON.stringify(lang),
        __STRINGS__: JSON.stringify(strings[lang]),
        __CSS__: JSON.stringify(css.code.trim()),
      },
    });
    mangleCache = out.mangleCache ?? {};
    ui[lang] = text(out);
  }
  const apiCode = text(api);
  const digest = createHash("sha256").update(apiCode);
  for (const lang of LANGS) digest.update(`\0${ui[lang]}`);
  const hash = digest.digest("hex").slice(0, 10);
  const files = bundleFiles(hash);

  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  await writeFile(join(outdir, files.snippet), text(await snippet(hash, mangleCache)));
  await writeFile(join(outdir, files.api), apiCode);
  for (const lang of LANGS) await writeFile(join(outdir, files.ui[lang] ?? ""), ui[lang] ?? "");
  // The Shopify storefront adapter: a script of its own, loaded after the snippet on Shopify shops only.
  const shopify = await esbuild.build({
    ...common,
    entryPoints: [join(ROOT, "src/platforms/shopify.ts")],
    define: flags,
  });
  await writeFile(join(outdir, "shopify.js"), text(shopify));
  return { outdir, hash, files };
}

/** @param {import("esbuild").BuildResult} result */
const text = (result) => result.outputFiles?.[0]?.text ?? "";

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { outdir, files } = await buildSdk({ debug: process.argv.includes("--debug") });
  const report = await checkBudgets(outdir, files.snippet, files.api, Object.values(files.ui));
  console.log(formatTable(report.rows));
  for (const f of report.failures) console.error(`over budget: ${f}`);
  if (report.failures.length > 0) process.exit(1);
}
