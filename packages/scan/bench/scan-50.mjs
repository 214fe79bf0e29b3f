#!/usr/bin/env node
// Benchmark of the site scanner: serves the test shop with N generated product pages on 127.0.0.1 and
// scans them in every default scenario, then prints the time taken and the peak memory of this process
// and of the browser it started. Run after `npx tsc -b`:
//
//   node packages/scan/bench/scan-50.mjs [--pages 50] [--concurrency 2] [--json] [--out scan.json] [--html scan.html]
//
// Progress goes to stderr on a terminal; --json prints only the figures, as JSON, on stdout.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { parseDataMap } from "@loupe/core";
import {
  DEFAULT_SCENARIOS,
  launchChromium,
  scanReportToHtml,
  scanReportToJson,
  scanSite,
  terminalProgress,
} from "../dist/index.js";
import { serveTestShop, TEST_SHOP_HOST_RULES } from "../dist/test-shop/serve-test-shop.js";
import { TEST_SHOP_MAP } from "../dist/test-shop/test-shop-map.js";

const { values } = parseArgs({
  options: {
    pages: { type: "string", default: "50" },
    concurrency: { type: "string", default: "2" },
    json: { type: "boolean", default: false },
    out: { type: "string" },
    html: { type: "string" },
  },
});
const pages = Number(values.pages);
const concurrency = Number(values.concurrency);

/**
 * Memory of this process (resident) and of it with all its descendants (the browser's processes), from
 * /proc; descendants count their proportional share (PSS), so pages shared between Chromium's processes
 * are not counted several times.
 */
function treeRss() {
  let entries;
  try {
    entries = readdirSync("/proc").filter((d) => /^\d+$/.test(d));
  } catch {
    return { self: process.memoryUsage().rss, total: process.memoryUsage().rss };
  }
  const parent = new Map();
  const rss = new Map();
  for (const pid of entries) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      parent.set(Number(pid), Number(fields[1]));
      rss.set(Number(pid), Number(fields[21]) * 4096);
    } catch {
      // The process ended meanwhile.
    }
  }
  const mine = new Set([process.pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of parent) {
      if (!mine.has(pid) && mine.has(ppid)) {
        mine.add(pid);
        grew = true;
      }
    }
  }
  let total = 0;
  for (const pid of mine) total += pss(pid) ?? rss.get(pid) ?? 0;
  return { self: process.memoryUsage().rss, total };
}

function pss(pid) {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

const loaded = parseDataMap(TEST_SHOP_MAP, "loupe.yaml");
if (!loaded.ok) throw new Error(loaded.errors.map(String).join("\n"));
const { map, taxonomy, locate } = loaded.value;

const shop = await serveTestShop({ generatedPages: pages });
let peakSelf = 0;
let peakTotal = 0;
const sample = () => {
  const m = treeRss();
  peakSelf = Math.max(peakSelf, m.self);
  peakTotal = Math.max(peakTotal, m.total);
};
const timer = setInterval(sample, 200);
const t0 = performance.now();
const browser = await launchChromium({ args: [TEST_SHOP_HOST_RULES] });
const launchMs = performance.now() - t0;
let report;
try {
  report = await scanSite({
    url: `${shop.url}p/1`,
    pages,
    map,
    taxonomy,
    locate,
    mapFile: "loupe.yaml",
    browser,
    concurrency,
    onProgress: terminalProgress(process.stderr, { quiet: values.json }),
  });
} finally {
  sample();
  clearInterval(timer);
  await browser.close();
  await shop.close();
}
const totalMs = performance.now() - t0;
const runs = report.pages.reduce((n, p) => n + p.scenarios.length, 0);
const byRule = {};
for (const f of report.findings) byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
const figures = {
  pages: report.pages.length,
  scenarios: DEFAULT_SCENARIOS.length,
  scenarioRuns: runs,
  concurrency,
  failedRuns: report.pages.flatMap((p) => p.scenarios).filter((s) => s.error).length,
  launchMs: Math.round(launchMs),
  scanMs: report.durationMs,
  totalMs: Math.round(totalMs),
  msPerPage: Math.round(report.durationMs / report.pages.length),
  msPerScenarioRun: Math.round(report.durationMs / runs),
  peakRssNodeMiB: Math.round(peakSelf / 2 ** 20),
  peakWithBrowserMiB: Math.round(peakTotal / 2 ** 20),
  findings: byRule,
};
if (values.out) writeFileSync(values.out, scanReportToJson(report));
if (values.html) writeFileSync(values.html, scanReportToHtml(report));
if (values.json) {
  process.stdout.write(`${JSON.stringify(figures)}\n`);
} else {
  const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
  process.stdout.write(
    [
      `scanned ${figures.pages} pages × ${figures.scenarios} scenarios = ${runs} scenario runs (concurrency ${concurrency}, ${figures.failedRuns} failed)`,
      `time: ${s(figures.totalMs)} in all (browser launch ${s(figures.launchMs)}, scan ${s(figures.scanMs)}); ${s(figures.msPerPage)} per page, ${figures.msPerScenarioRun} ms per scenario run`,
      `peak memory: ${figures.peakRssNodeMiB} MiB this process, ${figures.peakWithBrowserMiB} MiB with the browser (PSS)`,
      `findings: ${Object.entries(byRule)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ")}`,
      "",
    ].join("\n"),
  );
}
