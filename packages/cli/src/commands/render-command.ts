import { resolve } from "node:path";
import { LoupeError, renderNotice, renderNoticeAtCollection } from "@loupe/core";
import { oneOf, onePositional, parseCommandArgs } from "../args.js";
import { displayPath, type Io, writeTextAtomic } from "../io.js";
import { loadInput, unwrap } from "../load-input.js";

export const renderHelp = `loupe render <loupe.yaml | policy> --format html|md|txt [--out FILE]
                [--notice-at-collection TOUCHPOINT] [--date YYYY-MM-DD]

Writes the complete privacy notice from the data map (or the corrected notice of a policy text),
versioned by content hash, with its last-updated date.

  --format html|md|txt            output format (default html)
  --out FILE                      write to FILE instead of standard output
  --notice-at-collection ID       a short notice for the form of one touchpoint
  --date YYYY-MM-DD               last-updated date when the map has none (default: today)
`;

/** `loupe render`: the notice, or a notice at collection. */
export async function renderCommand(argv: string[], io: Io, today: () => string): Promise<number> {
  const { values, positionals } = parseCommandArgs("render", argv, {
    format: { type: "string", short: "f" },
    out: { type: "string", short: "o" },
    "notice-at-collection": { type: "string" },
    date: { type: "string" },
  });
  if (values.help) {
    io.out(renderHelp);
    return 0;
  }
  const format = oneOf("format", values.format, ["html", "md", "txt"] as const, "html");
  if (values.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.date))
    throw new LoupeError("USAGE", `--date must be an ISO date such as 2026-01-31 (got '${values.date}')`);
  const path = onePositional("render", positionals, "the data map to render");
  const { subject } = await loadInput(io, path);
  const input = { map: subject.map, taxonomy: subject.taxonomy };
  const touchpoint = values["notice-at-collection"];
  const rendered = touchpoint
    ? unwrap(renderNoticeAtCollection(input, touchpoint, { format }), io)
    : renderNotice(input, { format, date: values.date ?? today() });
  if (values.out) {
    const out = resolve(io.cwd, values.out);
    await writeTextAtomic(io, out, rendered.content);
    io.err(`wrote ${displayPath(io, out)} (${rendered.version})\n`);
  } else {
    io.out(rendered.content);
  }
  return 0;
}
