import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { validateDataMap } from "../map/load-data-map.js";
import { canonicalJson, noticeVersion } from "./notice-version.js";

function map(value: unknown) {
  const r = validateDataMap(value);
  if (!r.ok) throw new Error(String(r.errors[0]));
  return r.value.map;
}

describe("noticeVersion", () => {
  it("sorts keys at every depth and keeps array order", () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }, null], e: undefined })).toBe(
      '{"a":[{"c":3,"d":2},null],"b":1}',
    );
    expect(canonicalJson(["b", "a"])).toBe('["b","a"]');
  });

  it("is the first 12 hex digits of the SHA-256 of the canonical JSON without last_updated", () => {
    const m = map({ organization: { name: "Tiny" }, notice: { last_updated: "2026-01-01" } });
    const { last_updated: _, ...notice } = m.notice;
    // Node's own SHA-256 as an independent check of the browser-safe implementation.
    const expected = createHash("sha256")
      .update(canonicalJson({ ...m, notice }), "utf8")
      .digest("hex")
      .slice(0, 12);
    expect(noticeVersion(m)).toBe(`sha256:${expected}`);
    expect(canonicalJson({ ...m, notice })).not.toContain("last_updated");
    expect(canonicalJson(m)).toContain('"last_updated":"2026-01-01"');
  });

  it("ignores key order and last_updated, but not content", () => {
    const a = map({
      organization: { name: "Tiny", website: "https://tiny.example" },
      notice: { title: "Privacy" },
    });
    const b = map({
      notice: { title: "Privacy", last_updated: "2026-01-01" },
      organization: { website: "https://tiny.example", name: "Tiny" },
    });
    const c = map({
      organization: { name: "Tiny!", website: "https://tiny.example" },
      notice: { title: "Privacy" },
    });
    expect(noticeVersion(a)).toBe(noticeVersion(b));
    expect(noticeVersion(a)).not.toBe(noticeVersion(c));
  });
});
