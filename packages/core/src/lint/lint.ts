import { fail, LoupeError, ok, type Result } from "../errors/loupe-error.js";
import type { Finding, LintSubject, Rule } from "./rule.js";
import { RULES } from "./rules/index.js";

const ORDER = { error: 0, warning: 1, info: 2 } as const;

/**
 * Runs every rule over a subject, applying the map's `lint.rules` overrides (`off`, or another severity).
 * An override naming an unknown rule is an error, located at its YAML path.
 *
 * @example
 * const r = lint(subject);
 * if (r.ok) r.value.filter((f) => f.severity === "error");
 */
export function lint(subject: LintSubject, rules: readonly Rule[] = RULES): Result<Finding[]> {
  const byId = new Map(rules.map((r) => [r.id, r]));
  const overrides = subject.map.lint.rules;
  const errors = Object.keys(overrides)
    .filter((id) => !byId.has(id))
    .map(
      (id) =>
        new LoupeError(
          "UNKNOWN_RULE",
          `unknown rule id '${id}'; run 'loupe rules' to list them`,
          subject.locate(["lint", "rules", id]),
        ),
    );
  if (errors.length) return fail(...errors);

  const findings: Finding[] = [];
  for (const rule of rules) {
    const setting = overrides[rule.id];
    if (setting === "off") continue;
    if (rule.kind === "text" && !subject.document) continue;
    if (rule.requiresLive && !subject.live) continue;
    const severity = setting ?? rule.severity;
    for (const hit of rule.check(subject)) {
      findings.push({ rule: rule.id, severity, message: hit.message, location: hit.location });
    }
  }
  findings.sort(
    (a, b) =>
      ORDER[a.severity] - ORDER[b.severity] ||
      (a.location.line ?? 0) - (b.location.line ?? 0) ||
      a.rule.localeCompare(b.rule),
  );
  return ok(findings);
}
