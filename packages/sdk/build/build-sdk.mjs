/**
 * Builds the browser SDK with esbuild into `dist/`: `snippet.js` (the head snippet) and one UI bundle per
 * language, `ui.js` (English), `ui.es.js`, `ui.fr.js`, with the style sheet and the language's texts inlined.
 * Minified, private names (ending in `_`) mangled to the same short names in every bundle, compile-time
 * flags (`__DEBUG__`, `__LANGS__`, `__STRINGS__`, …) replaced.
 *
 * Run as a script (`npm run build -w @loupe/sdk`) it also checks the size budgets and exits non-zero when
 * one is exceeded.
 */
import { mkdir, readFile, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as esbuild from "esbuild";
import { checkBudgets, formatTable } from "./check-size.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Languages with a UI bundle; the first is the default (`ui.js`). */
export const LANGS = ["en", "es", "fr"];

/**
 * The UI bundle's file name for a language.
 *
 * @example
 * uiFile("en"); // "ui.js"
 * uiFile("fr"); // "ui.fr.js"
 * @param {string} lang
 */
export const uiFile = (lang) => (lang === LANGS[0] ? "ui.js" : `ui.${lang}.js`);

/**
 * Builds every bundle into `outdir` (emptied first) and returns the files written.
 *
 * @example
 * const { files } = await buildSdk({ outdir: "/tmp/loupe-sdk" }); // ["snippet.js", "ui.js", "ui.es.js", "ui.fr.js"]
 * @param {{ outdir?: string, debug?: boolean }} [options]
 * @returns {Promise<{ outdir: string, files: string[] }>}
 */
export async function buildSdk({ outdir = join(ROOT, "dist"), debug = false } = {}) {
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
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
    // The bundles are classic scripts of their own: no top-level "use strict" prologue.
    tsconfigRaw: { compilerOptions: { alwaysStrict: false } },
  };
  const flags = { __DEBUG__: String(debug), __VERSION__: JSON.stringify(pkg.version) };
  const snippet = await esbuild.build({
    ...common,
    entryPoints: [join(ROOT, "src/snippet/snippet.ts")],
    outfile: join(outdir, "snippet.js"),
    mangleCache: {},
    define: {
      ...flags,
      __LANGS__: JSON.stringify(LANGS.slice(1)),
    },
  });
  // The UI bundles reuse the snippet's mangled names: they share the `Core` object.
  let mangleCache = snippet.mangleCache;
  const files = ["snippet.js"];
  for (const lang of LANGS) {
    const ui = await esbuild.build({
      ...common,
      entryPoints: [join(ROOT, "src/ui/ui.ts")],
      outfile: join(outdir, uiFile(lang)),
      mangleCache,
      define: {
        ...flags,
        __LANG__: JSON.stringify(lang),
        __STRINGS__: JSON.stringify(strings[lang]),
        __CSS__: JSON.stringify(css.code.trim()),
      },
    });
    mangleCache = ui.mangleCache;
    files.push(uiFile(lang));
  }
  return { outdir, files };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { outdir } = await buildSdk({ debug: process.argv.includes("--debug") });
  const report = await checkBudgets(outdir, LANGS.map(uiFile));
  console.log(formatTable(report.rows));
  for (const f of report.failures) console.error(`over budget: ${f}`);
  if (report.failures.length > 0) process.exit(1);
}
