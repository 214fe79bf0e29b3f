import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { dataMapToYaml, LoupeError } from "@loupe/core";
import { onePositional, parseCommandArgs } from "../args.js";
import { displayPath, type Io, writeTextAtomic } from "../io.js";
import { loadInput } from "../load-input.js";

export const importHelp = `loupe import <policy.txt|.md|.html> [--out loupe.yaml] [--force]

Reads a privacy policy into a draft data map. Unrecognised phrases are kept as entries marked
'review: true' and listed on stderr; duplicated sections are merged and reported.

  --out FILE   write the map to FILE instead of standard output
  --force      overwrite FILE if it exists
`;

/** `loupe import`: policy text → draft `loupe.yaml`. */
export async function importCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs("import", argv, {
    out: { type: "string", short: "o" },
    force: { type: "boolean" },
  });
  if (values.help) {
    io.out(importHelp);
    return 0;
  }
  const path = onePositional("import", positionals, "the policy file to import");
  const out = values.out ? resolve(io.cwd, values.out) : undefined;
  if (out && existsSync(out) && !values.force)
    throw new LoupeError("CONFLICT", "file exists; pass --force to overwrite it", {
      file: displayPath(io, out),
    });
  const { imported, subject } = await loadInput(io, path);
  if (!imported)
    throw new LoupeError(
      "USAGE",
      "loupe import reads a policy text (.txt, .md, .html); this is already a data map",
      { file: subject.file },
    );
  for (const d of imported.duplicates)
    io.err(
      `${subject.file}:${d.line}: merged duplicate section '${d.title}' (first at line ${d.firstLine})\n`,
    );
  for (const r of imported.review)
    io.err(
      `${subject.file}:${r.line}: review: '${r.text}' was not recognised; kept at ${r.path} with review: true\n`,
    );
  const yaml = dataMapToYaml(imported.map, { header: true });
  if (out) {
    await writeTextAtomic(io, out, yaml);
    io.err(
      `wrote ${displayPath(io, out)}: ${imported.map.touchpoints.length} touchpoints, ${imported.map.recipients.length} recipients, ${imported.review.length} entries to review\n`,
    );
  } else {
    io.out(yaml);
  }
  return 0;
}
