import { describe, expect, it } from "vitest";
import { tableSpec } from "../schema/shop-schema.js";
import { copyLineFormatter, isoTimestamp, mysqlString, mysqlTupleFormatter } from "./format-values.js";

describe("value formatting for bulk loads", () => {
  it("formats timestamps exactly like toISOString", () => {
    for (const ms of [0, 1, 999, 86_399_999, 1_700_000_000_123, 1_767_225_599_999, 951_782_400_000])
      expect(isoTimestamp(ms)).toBe(new Date(ms).toISOString());
  });

  it("escapes COPY text and MariaDB literals", () => {
    const chat = tableSpec("chat_messages");
    if (!chat) throw new Error("chat_messages");
    expect(copyLineFormatter(chat)([1, 2, "visitor", "tab\there\nnew \\ line", 0])).toBe(
      "1\t2\tvisitor\ttab\\there\\nnew \\\\ line\t1970-01-01T00:00:00.000Z",
    );
    expect(mysqlTupleFormatter(chat)([1, 2, "visitor", "it's\n\\", 1500])).toBe(
      "(1,2,'visitor','it\\'s\\n\\\\','1970-01-01 00:00:01.500')",
    );
    expect(mysqlString("a\0b\x1a")).toBe("'a\\0b\\Z'");
  });

  it("writes nulls, booleans and decimals", () => {
    const sub = tableSpec("newsletter_subscriptions");
    if (!sub) throw new Error("newsletter_subscriptions");
    const row = [1, "a@example.com", null, null, "footer", "subscribed", 0, null, null, "192.0.2.1"];
    expect(copyLineFormatter(sub)(row)).toBe(
      "1\ta@example.com\t\\N\t\\N\tfooter\tsubscribed\t1970-01-01T00:00:00.000Z\t\\N\t\\N\t192.0.2.1",
    );
    const sweep = tableSpec("sweepstakes_entries");
    if (!sweep) throw new Error("sweepstakes_entries");
    const entry = [1, "a@example.com", "A B", null, "10001", null, 0, "192.0.2.1", true];
    expect(mysqlTupleFormatter(sweep)(entry)).toMatch(/,1\)$/);
    expect(copyLineFormatter(sweep)(entry)).toMatch(/\tt$/);
  });
});
