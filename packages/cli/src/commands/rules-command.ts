import { RULES } from "@loupe/core";
import { SCAN_RULES } from "@loupe/scan";
import { oneOf, parseCommandArgs } from "../args.js";
import type { Io } from "../io.js";

export const rulesHelp = `loupe rules [--format text|json]

Lists every lint rule with its id, kind, default severity and description: the rules 'loupe lint'
runs on a map or a policy, then those a site scan reports ('loupe scan', 'loupe lint --scan FILE').
Switch a rule off or change its severity in loupe.yaml:  lint: { rules: { unused-recipient: off } }
`;

/** `loupe rules`: the rule catalogue. */
export async function rulesCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs("rules", argv, { format: { type: "string", short: "f" } });
  if (values.help) {
    io.out(rulesHelp);
    return 0;
  }
  const format = oneOf("format", values.format, ["text", "json"] as const, "text");
  const rules = [...RULES, ...SCAN_RULES];
  if (format === "json") {
    io.out(
      `${JSON.stringify({ rules: rules.map(({ id, kind, severity, description }) => ({ id, kind, severity, description })) }, null, 2)}\n`,
    );
    return 0;
  }
  const width = Math.max(...rules.map((r) => r.id.length), 4);
  for (const r of rules)
    io.out(`${r.id.padEnd(width)}  ${r.kind.padEnd(7)} ${r.severity.padEnd(7)} ${r.description}\n`);
  return 0;
}
