import { type LintSubject, type PolicyDocument, parseDataMap } from "@loupe/core";

/**
 * A lint subject for a policy text written in a test: the map from `yaml`, and a document whose blocks are
 * one paragraph per non-empty line (text rules read `source`, so line numbers are exact).
 */
export function textSubject(
  source: string,
  yaml = "organization:\n  name: Lumen Gems\n",
  file = "policy.txt",
): LintSubject {
  const r = parseDataMap(yaml);
  if (!r.ok) throw new Error(r.errors.map(String).join("\n"));
  const blocks = source
    .split("\n")
    .flatMap((t, i) =>
      t.trim() ? [{ kind: "paragraph" as const, text: t.trim(), line: i + 1, endLine: i + 1 }] : [],
    );
  const document: PolicyDocument = { file, format: "txt", source, blocks };
  return { ...r.value, document };
}
