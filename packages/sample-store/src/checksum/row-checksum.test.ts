import { describe, expect, it } from "vitest";
import {
  ChecksumAccumulator,
  canonicalLine,
  canonicalValue,
  copyEscape,
  formatCents,
  redisCanonical,
  redisKind,
} from "./row-checksum.js";

describe("row checksums", () => {
  it("does not depend on row order", () => {
    const a = new ChecksumAccumulator();
    const b = new ChecksumAccumulator();
    for (const l of ["1\tx", "2\ty", "3\tz"]) a.add("t", l);
    for (const l of ["3\tz", "1\tx", "2\ty"]) b.add("t", l);
    expect(a.result()).toEqual(b.result());
    expect(a.result().t?.rows).toBe(3);
    const c = new ChecksumAccumulator();
    for (const l of ["1\tx", "2\ty", "3\tZ"]) c.add("t", l);
    expect(c.result().t?.checksum).not.toBe(a.result().t?.checksum);
  });

  it("reports declared empty tables", () => {
    const acc = new ChecksumAccumulator();
    acc.touch("empty");
    expect(acc.result()).toEqual({ empty: { rows: 0, checksum: "0000000000000000" } });
  });

  it("writes canonical values and COPY-escaped lines", () => {
    expect(canonicalValue("decimal2", 5)).toBe("0.05");
    expect(canonicalValue("decimal2", 123456)).toBe("1234.56");
    expect(canonicalValue("bool", false)).toBe("0");
    expect(canonicalValue("timestamp", 1_700_000_000_123)).toBe("1700000000123");
    expect(canonicalValue("text", null)).toBeNull();
    expect(formatCents(-250)).toBe("-2.50");
    expect(copyEscape("a\\b\tc\nd")).toBe("a\\\\b\\tc\\nd");
    expect(canonicalLine(["1", null, "x\ny"])).toBe("1\t\\N\tx\\ny");
  });

  it("sorts Redis content so that the read order does not matter", () => {
    const a = redisCanonical({ key: "cart:1", type: "hash", fields: { b: "2", a: "1" } });
    const b = redisCanonical({ key: "cart:1", type: "hash", fields: { a: "1", b: "2" } });
    expect(a).toBe(b);
    expect(a).toBe("cart:1\thash\ta=1\tb=2");
    expect(
      redisCanonical({
        key: "rv:1",
        type: "zset",
        members: [
          [2, "y"],
          [1, "x"],
        ],
      }),
    ).toBe("rv:1\tzset\tx=1\ty=2");
    expect(redisKind("recently-viewed:12")).toBe("recently-viewed");
  });
});
