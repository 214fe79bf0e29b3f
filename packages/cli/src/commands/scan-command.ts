import { resolve } from "node:path";
import { formatFindings, LoupeError, lint, RULES } from "@loupe/core";
import { SCAN_RULES, scanReportToHtml, scanRules, scanSite, terminalProgress } from "@loupe/scan";
import { oneOf, onePositional, parseCommandArgs } from "../args.js";
import { displayPath, type Io, writeTextAtomic } from "../io.js";
import { loadInput, unwrap } from "../load-input.js";

export const scanHelp = `loupe scan <url> [--pages N] [--map loupe.yaml] [--format text|json|html] [--out FILE]

Crawls the site in headless Chromium (Debian's /usr/bin/chromium) and, for each page, records cookies,
storage, third-party requests and gated scripts on the first visit, after Reject all, after Accept all,
with Global Privacy Control, in the opt-in and the opt-out regime; then holds them against the data map.
Exit code 1 when an error-level finding is reported. Progress goes to stderr (quiet with json).
Save --format json and pass it to 'loupe lint --scan FILE' to merge the findings with the map's.

  --pages N        most pages to scan (default 10)
  --map FILE       the data map (default loupe.yaml)
  --format         text (findings), json (the whole report) or html (a page for the privacy lead)
  --out FILE       write to FILE instead of standard output
`;

/** `loupe scan`: the live site against the data map. */
export async function scanCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs("scan", argv, {
    pages: { type: "string" },
    map: { type: "string", short: "m" },
    format: { type: "string", short: "f" },
    out: { type: "string", short: "o" },
  });
  if (values.help) {
    io.out(scanHelp);
    return 0;
  }
  const url = onePositional("scan", positionals, "the site's URL");
  const format = oneOf("format", values.format, ["text", "json", "html"] as const, "text");
  const pages = values.pages === undefined ? 10 : Number(values.pages);
  if (!Number.isInteger(pages) || pages <= 0)
    throw new LoupeError("USAGE", `--pages must be a positive whole number (got '${values.pages}')`);
  const { subject } = await loadInput(io, values.map ?? "loupe.yaml");
  const report = await scanSite({
    url,
    pages,
    map: subject.map,
    taxonomy: subject.taxonomy,
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
