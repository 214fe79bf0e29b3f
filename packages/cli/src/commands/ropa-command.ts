import { resolve } from "node:path";
import { buildRopa, ropaToCsv } from "@loupe/core";
import { oneOf, onePositional, parseCommandArgs } from "../args.js";
import { displayPath, type Io, writeTextAtomic } from "../io.js";
import { loadInput } from "../load-input.js";

export const ropaHelp = `loupe ropa <loupe.yaml> [--format csv|json] [--out FILE]

Exports the GDPR Art. 30 record of processing activities from the data map.

  --format csv|json   output format (default csv)
  --out FILE          write to FILE instead of standard output
`;

/** `loupe ropa`: record of processing as CSV or JSON. */
export async function ropaCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs("ropa", argv, {
    format: { type: "string", short: "f" },
    out: { type: "string", short: "o" },
  });
  if (values.help) {
    io.out(ropaHelp);
    return 0;
  }
  const format = oneOf("format", values.format, ["csv", "json"] as const, "csv");
  const path = onePositional("ropa", positionals, "the data map");
  const { subject } = await loadInput(io, path);
  const records = buildRopa({ map: subject.map, taxonomy: subject.taxonomy });
  const content = format === "csv" ? ropaToCsv(records) : `${JSON.stringify(records, null, 2)}\n`;
  if (values.out) {
    const out = resolve(io.cwd, values.out);
    await writeTextAtomic(io, out, content);
    io.err(`wrote ${displayPath(io, out)}: ${records.length} records\n`);
  } else io.out(content);
  return 0;
}
