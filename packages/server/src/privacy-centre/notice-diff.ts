/** One run of a line diff: lines only in the newer text, only in the older, or in both. */
export interface DiffRun {
  op: "added" | "removed" | "same";
  lines: string[];
}

const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  "#39": "'",
};

/**
 * The readable text of a rendered notice, one line per block (headings, paragraphs, list items, table rows):
 * scripts and styles dropped, tags removed, entities decoded, whitespace collapsed.
 *
 * @example
 * noticeLines("<h2>Your rights</h2><p>You may ask &amp; we answer.</p>"); // ["Your rights", "You may ask & we answer."]
 */
export function noticeLines(html: string): string[] {
  const text = html
    .replace(/<(script|style|head)\b[\s\S]*?<\/\1>/gi, "")
    .replace(/\s+/g, " ")
    .replace(
      /<\/?(h[1-6]|p|li|tr|div|section|article|header|footer|ul|ol|table|br|dt|dd|caption)\b[^>]*>/gi,
      "\n",
    )
    .replace(/<\/t[dh]>/gi, " | ")
    .replace(/<[^>]*>/g, "")
    .replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (m, e: string) => {
      if (e.startsWith("#x") || e.startsWith("#X"))
        return String.fromCodePoint(Number.parseInt(e.slice(2), 16));
      if (e.startsWith("#")) return String.fromCodePoint(Number(e.slice(1)));
      return ENTITIES[e.toLowerCase()] ?? m;
    });
  return text
    .split("\n")
    .map((l) =>
      l
        .replace(/\s+/g, " ")
        .replace(/\s*\|\s*$/, "")
        .trim(),
    )
    .filter(Boolean);
}

/**
 * A line diff of two texts (longest common subsequence), as runs in reading order. Common leading and
 * trailing lines are matched first so that typical notice edits stay cheap.
 *
 * @example
 * diffLines(["a", "b", "c"], ["a", "c", "d"]);
 * // [{ op: "same", lines: ["a"] }, { op: "removed", lines: ["b"] }, { op: "same", lines: ["c"] }, { op: "added", lines: ["d"] }]
 */
export function diffLines(older: readonly string[], newer: readonly string[]): DiffRun[] {
  let head = 0;
  while (head < older.length && head < newer.length && older[head] === newer[head]) head++;
  let tail = 0;
  while (
    tail < older.length - head &&
    tail < newer.length - head &&
    older[older.length - 1 - tail] === newer[newer.length - 1 - tail]
  )
    tail++;
  const a = older.slice(head, older.length - tail);
  const b = newer.slice(head, newer.length - tail);
  const ops: { op: DiffRun["op"]; line: string }[] = older
    .slice(0, head)
    .map((line) => ({ op: "same", line }));
  // LCS lengths, row by row from the end.
  const m = a.length;
  const n = b.length;
  const lcs = Array.from({ length: m + 1 }, () => new Uint32Array(n + 1));
  for (let i = m - 1; i >= 0; i--)
    for (let j = n - 1; j >= 0; j--)
      (lcs[i] as Uint32Array)[j] =
        a[i] === b[j]
          ? ((lcs[i + 1] as Uint32Array)[j + 1] as number) + 1
          : Math.max((lcs[i + 1] as Uint32Array)[j] as number, (lcs[i] as Uint32Array)[j + 1] as number);
  let i = 0;
  let j = 0;
  while (i < m || j < n) {
    if (i < m && j < n && a[i] === b[j]) {
      ops.push({ op: "same", line: a[i] as string });
      i++;
      j++;
    } else if (
      j < n &&
      (i >= m || ((lcs[i] as Uint32Array)[j + 1] as number) >= ((lcs[i + 1] as Uint32Array)[j] as number))
    ) {
      ops.push({ op: "added", line: b[j] as string });
      j++;
    } else {
      ops.push({ op: "removed", line: a[i] as string });
      i++;
    }
  }
  for (const line of older.slice(older.length - tail)) ops.push({ op: "same", line });
  const runs: DiffRun[] = [];
  for (const o of ops) {
    const last = runs.at(-1);
    if (last && last.op === o.op) last.lines.push(o.line);
    else runs.push({ op: o.op, lines: [o.line] });
  }
  return runs;
}
