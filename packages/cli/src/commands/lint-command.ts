import { dirname, resolve } from "node:path";
import { formatFindings, lint, RULES } from "@loupe/core";
import { readScanReport, SCAN_RULES, scanRules } from "@loupe/scan";
import { oneOf, onePositional, parseCommandArgs } from "../args.js";
import { displayPath, type Io, readText } from "../io.js";
import { liveSystems } from "../live-systems.js";
import { loadInput, unwrap } from "../load-input.js";

export const lintHelp = `loupe lint <loupe.yaml | policy.txt|.md|.html> [--format text|json]

Checks a data map or a policy text against the law, the map's own consistency and, for texts, the
defects of copy-paste. Exit code 1 when any error-level finding is reported, 2 on bad input.

  --format text|json   output format (default text)
  --scan FILE          merge the findings of a saved 'loupe scan --format json' report
  --live               also compare the map's systems with their live stores (connections from the
                       environment variables the map names)
`;

/** `loupe lint`: findings with rule ids, severities and locations. */
export async function lintCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs("lint", argv, {
    format: { type: "string", short: "f" },
    live: { type: "boolean" },
    scan: { type: "string" },
  });
  if (values.help) {
    io.out(lintHelp);
    return 0;
  }
  const format = oneOf("format", values.format, ["text", "json"] as const, "text");
  const path = onePositional("lint", positionals, "the file to lint");
  const { subject } = await loadInput(io, path);
  if (values.live)
    subject.live = await liveSystems(
      subject.map.systems,
      io.env ?? process.env,
      dirname(resolve(io.cwd, path)),
    );
  // Without a report the scan rules find nothing, but a map may still set their severities.
  let rules = [...RULES, ...SCAN_RULES];
  if (values.scan) {
    const file = resolve(io.cwd, values.scan);
    const report = unwrap(readScanReport(await readText(io, file), displayPath(io, file)), io);
    rules = [...RULES, ...scanRules(report)];
  }
  const findings = unwrap(lint(subject, rules), io);
  io.out(formatFindings(findings, format));
  return findings.some((f) => f.severity === "error") ? 1 : 0;
}
