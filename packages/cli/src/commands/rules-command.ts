import { RULES } from "@loupe/core";
import { oneOf, parseCommandArgs } from "../args.js";
import type { Io } from "../io.js";

export const rulesHelp = `loupe rules [--format text|json]

Lists every lint rule with its id, kind, default severity and description. Switch a rule off or
change its severity in loupe.yaml:  lint: { rules: { unused-recipient: off } }
`;

/** `loupe rules`: the rule catalogue. */
export async function rulesCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs("rules", argv, { format: { type: "string", short: "f" } });
  if (values.help) {
    io.out(rulesHelp);
    return 0;
  }
  const format = oneOf("format", values.format, ["text", "json"] as const, "text");
  if (format === "json") {
    io.out(
      `${JSON.stringify({ rules: RULES.map(({ id, kind, severity, description }) => ({ id, kind, severity, description })) }, null, 2)}\n`,
    );
    return 0;
  }
  const width = Math.max(...RULES.map((r) => r.id.length), 4);
  for (const r of RULES)
    io.out(`${r.id.padEnd(width)}  ${r.kind.padEnd(7)} ${r.severity.padEnd(7)} ${r.description}\n`);
  return 0;
}
