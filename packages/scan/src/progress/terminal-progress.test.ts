import { describe, expect, it } from "vitest";
import type { ScanProgress } from "../scan-site.js";
import { terminalProgress } from "./terminal-progress.js";

const events: ScanProgress[] = [
  { type: "start", url: "https://shop.example/", limit: 2, scenarios: 6 },
  { type: "sitemap", url: "https://shop.example/sitemap.xml", found: 40 },
  {
    type: "page-done",
    url: "https://shop.example/",
    index: 0,
    done: 1,
    known: 41,
    limit: 2,
    durationMs: 4200,
  },
  { type: "done", pages: 2, findings: 1, durationMs: 9000 },
];

function collect(isTTY: boolean, quiet = false): string {
  let out = "";
  const p = terminalProgress({ isTTY, write: (s: string) => (out += s) }, { quiet });
  for (const e of events) p(e);
  return out;
}

describe("terminalProgress", () => {
  it("writes one line per step when not on a terminal", () => {
    expect(collect(false)).toBe(
      [
        "scanning https://shop.example/ (up to 2 pages × 6 scenarios)",
        "sitemap: 40 pages",
        "page 1/2 · https://shop.example/ · 4.2 s",
        "scanned 2 pages in 9.0 s: 1 finding",
        "",
      ].join("\n"),
    );
  });

  it("rewrites one line on a terminal and says nothing when quiet", () => {
    expect(collect(true)).toContain("\r\x1b[2Kpage 1/2");
    expect(collect(true).endsWith("\r\x1b[2Kscanned 2 pages in 9.0 s: 1 finding\n")).toBe(true);
    expect(collect(true, true)).toBe("");
  });
});
