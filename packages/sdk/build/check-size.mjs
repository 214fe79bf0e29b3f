/**
 * Size budgets of the browser SDK, measured with node:zlib (gzip level 9, brotli quality 11).
 * Each file is compressed on its own, as it travels: a visit's size is the sum of its files.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

/** Budgets in gzip bytes: exceeding one fails the build. */
export const BUDGETS = {
  /** The head snippet, which a page may inline (so every page view carries it). */
  snippet: 1024,
  /** What a returning visitor with a valid choice downloads: the snippet and the API bundle. */
  returning: 1536,
  /** What a first-time visitor downloads before the banner shows: snippet + UI (CSS and texts inlined). */
  firstVisit: 6144,
};

/**
 * Raw, gzip and brotli sizes of some bytes.
 *
 * @example
 * compressedSizes(Buffer.from("aaaa")); // { raw: 4, gzip: 24, brotli: 8 }
 * @param {Uint8Array} buf
 * @returns {{ raw: number, gzip: number, brotli: number }}
 */
export function compressedSizes(buf) {
  return {
    raw: buf.length,
    gzip: gzipSync(buf, { level: 9 }).length,
    brotli: brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

/**
 * @typedef {{ name: string, raw: number, gzip: number, brotli: number, budget?: number }} SizeRow
 */

/**
 * Sums the sizes of several files, each compressed on its own.
 *
 * @example
 * await sumSizes(["dist/snippet.js", "dist/ui.js"]); // { raw: 16234, gzip: 5012, brotli: 4420 }
 * @param {string[]} paths
 */
export async function sumSizes(paths) {
  const total = { raw: 0, gzip: 0, brotli: 0 };
  for (const p of paths) {
    const s = compressedSizes(await readFile(p));
    total.raw += s.raw;
    total.gzip += s.gzip;
    total.brotli += s.brotli;
  }
  return total;
}

/**
 * Measures the built files and the two visits against {@link BUDGETS}.
 *
 * @example
 * const { rows, failures } = await checkBudgets("dist", "snippet.js", "api.3fa8c21b0d.js", ["ui.en.3fa8c21b0d.js"]);
 * @param {string} dir
 * @param {string} snippet the head snippet's file
 * @param {string} api the API bundle's file
 * @param {string[]} uiFiles the UI bundles' files
 * @returns {Promise<{ rows: SizeRow[], failures: string[] }>}
 */
export async function checkBudgets(dir, snippet, api, uiFiles) {
  /** @type {SizeRow[]} */
  const rows = [{ name: snippet, ...(await sumSizes([join(dir, snippet)])), budget: BUDGETS.snippet }];
  for (const f of [api, ...uiFiles]) rows.push({ name: f, ...(await sumSizes([join(dir, f)])) });
  rows.push({
    name: `returning visit (${snippet} + ${api})`,
    ...(await sumSizes([join(dir, snippet), join(dir, api)])),
    budget: BUDGETS.returning,
  });
  for (const f of uiFiles) {
    rows.push({
      name: `first visit (${snippet} + ${f})`,
      ...(await sumSizes([join(dir, snippet), join(dir, f)])),
      budget: BUDGETS.firstVisit,
    });
  }
  const failures = rows
    .filter((r) => r.budget !== undefined && r.gzip > r.budget)
    .map((r) => `${r.name}: ${r.gzip} B gzip > ${r.budget} B`);
  return { rows, failures };
}

/**
 * A plain-text table of sizes.
 *
 * @example
 * console.log(formatTable(rows));
 * @param {SizeRow[]} rows
 */
export function formatTable(rows) {
  const head = ["file / visit", "raw B", "gzip B", "brotli B", "gzip budget"];
  const limit = (/** @type {SizeRow} */ r) => {
    if (r.budget !== undefined) return `${r.budget} ${r.gzip <= r.budget ? "ok" : "OVER"}`;
    return "";
  };
  const body = rows.map((r) => [r.name, String(r.raw), String(r.gzip), String(r.brotli), limit(r)]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? "").length)));
  const line = (/** @type {string[]} */ cells) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join("\n");
}
