import { describe, expect, it } from "vitest";
import { diffLines, noticeLines } from "./notice-diff.js";

describe("notice diff", () => {
  it("reads a notice's text one block per line", () => {
    expect(
      noticeLines(
        "<html><head><style>p{}</style></head><body><h2>Your rights</h2><p>You may ask &amp; we\n answer &#8212; free.</p><ul><li>Know</li><li>Delete</li></ul><table><tr><td>a</td><td>b</td></tr></table></body></html>",
      ),
    ).toEqual(["Your rights", "You may ask & we answer — free.", "Know", "Delete", "a | b"]);
  });

  it("finds added, removed and unchanged lines in order", () => {
    expect(diffLines(["a", "b", "c"], ["a", "c", "d"])).toEqual([
      { op: "same", lines: ["a"] },
      { op: "removed", lines: ["b"] },
      { op: "same", lines: ["c"] },
      { op: "added", lines: ["d"] },
    ]);
    expect(diffLines(["x"], ["x"])).toEqual([{ op: "same", lines: ["x"] }]);
    expect(diffLines([], ["n"])).toEqual([{ op: "added", lines: ["n"] }]);
    const older = Array.from({ length: 400 }, (_, k) => `line ${k}`);
    const newer = [...older.slice(0, 200), "inserted", ...older.slice(201)];
    const runs = diffLines(older, newer);
    expect(runs.filter((r) => r.op !== "same")).toEqual([
      { op: "added", lines: ["inserted"] },
      { op: "removed", lines: ["line 200"] },
    ]);
  });
});
