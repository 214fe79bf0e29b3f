import { resolve } from "node:path";
import { dataMapJsonSchema } from "@loupe/core";
import { parseCommandArgs } from "../args.js";
import { displayPath, type Io, writeTextAtomic } from "../io.js";

export const schemaHelp = `loupe schema [--out FILE]

Prints the JSON Schema of loupe.yaml, for editor completion.
`;

/** `loupe schema`: JSON Schema of the data map. */
export async function schemaCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs("schema", argv, { out: { type: "string", short: "o" } });
  if (values.help) {
    io.out(schemaHelp);
    return 0;
  }
  const content = `${JSON.stringify(dataMapJsonSchema(), null, 2)}\n`;
  if (values.out) {
    const out = resolve(io.cwd, values.out);
    await writeTextAtomic(io, out, content);
    io.err(`wrote ${displayPath(io, out)}\n`);
  } else io.out(content);
  return 0;
}
