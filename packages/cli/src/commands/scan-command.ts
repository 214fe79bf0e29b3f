import { resolve } from "node:path";
import { formatFindings, LoupeError, lint, RULES } from "@loupe/core";
import { SCAN_RULES, scanReportToHtml, scanRules, scanSite, terminalProgress } from "@loupe/scan";
import { oneOf, onePositional, parseCommandArgs } from "../args.js";
import { displayPath, type Io, writeTextAtomic } from "../io.js";
import { loadInput, unwrap } from "../load-input.js";

export const scanHelp = `loupe scan <url> [--pages N] [--map loupe.yaml] [--format text|json|html] [--out FILE]
           [--concurrency N] [--country-header NAME] [--chromium PATH]

Crawls the site in headless Chromium (Debian's /usr/bin/chromium) and, for each page, records cookies,
storage, third-party requests and gated scripts on the first visit, after Reject all, after Accept all,
with Global Privacy Control, in the opt-in and the opt-out regime; then holds them against the data map.
Exit code 1 when an error-level finding is reported. Progress goes to stderr (quiet with json).
Save --format json and pass it to 'loupe lint --scan FILE' to merge the findings with the map's.

  --pages N        most pages to scan (default 10)
  --map FILE       the data map (default loupe.yaml)
  --format         text (findings), json (the whole report) or html (a page for the privacy lead)
  --out FILE       write to FILE instead of standard output
  --concurrency N  pages scanned at the same time (default 2; each page runs its scenarios in fresh contexts)
  --country-header NAME
                   request header that tells the site the visitor's country, sent as FR for the opt-in
                   regime and US for the opt-out regime (default X-Country)
  --chromium PATH  the Chromium binary (default /usr/bin/chromium)
`;

function positiveWholeNumber(option: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new LoupeError("USAGE", `--${option} must be a positive whole number (got '${value}')`);
  return n;
}

/** `loupe scan`: the live site against the data map. */
export async function scanCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs("scan", argv, {
    pages: { type: "string" },
    map: { type: "string", short: "m" },
    format: { type: "string", short: "f" },
    out: { type: "string", short: "o" },
    concurrency: { type: "string" },
    "country-header": { type: "string" },
    chromium: { type: "string" },
  });
  if (values.help) {
    io.out(scanHelp);
    return 0;
  }
  const url = onePositional("scan", positionals, "the site's URL");
  const format = oneOf("format", values.format, ["text", "json", "html"] as const, "text");
  const pages = positiveWholeNumber("pages", values.pages, 10);
  const concurrency = positiveWholeNumber("concurrency", values.concurrency, 2);
  const countryHeader = values["country-header"] ?? "X-Country";
  if (!/^[A-Za-z0-9-]+$/.test(countryHeader))
    throw new LoupeError("USAGE", `--country-header must be a header name (got '${countryHeader}')`);
  const { subject } = await loadInput(io, values.map ?? "loupe.yaml");
  const report = await scanSite({
    url,
    pages,
    concurrency,
    map: subject.map,
    taxonomy: subject.taxonomy,
    locate: subject.locate,
    mapFile: subject.file,
    regimeHeaders: { "opt-in": { [countryHeader]: "FR" }, "opt-out": { [countryHeader]: "US" } },
    ...(values.chromium ? { chromiumPath: resolve(io.cwd, values.chromium) } : {}),
    onProgress: terminalProgress(process.stderr, { quiet: format === "json" }),
  });
  const scanIds = new Set(SCAN_RULES.map((r) => r.id));
  const findings = unwrap(
    lint(subject, [...RULES.filter((r) => r.kind !== "text"), ...scanRules(report)]),
    io,
  ).filter((f) => scanIds.has(f.rule));
  const content =
    format === "json"
      ? `${JSON.stringify(report, null, 2)}\n`
      : format === "html"
        ? scanReportToHtml(report)
        : formatFindings(findings, "text");
  if (values.out) {
    const out = resolve(io.cwd, values.out);
    await writeTextAtomic(io, out, content);
    io.err(`wrote ${displayPath(io, out)}\n`);
  } else io.out(content);
  return findings.some((f) => f.severity === "error") ? 1 : 0;
}
