/**
 * Compiles a name pattern where `*` stands for any run of characters (`_ga_*`, `_pk_id.*`) into a matcher.
 * Every other character is literal; matching is case-sensitive, as cookie names are.
 *
 * @example
 * globMatcher("_ga_*")("_ga_XYZ123"); // true
 * globMatcher("_ga")("_gat"); // false
 */
export function globMatcher(pattern: string): (name: string) => boolean {
  if (!pattern.includes("*")) return (name) => name === pattern;
  const source = pattern
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  const re = new RegExp(`^${source}$`);
  return (name) => re.test(name);
}
