import { describe, expect, it } from "vitest";
import {
  addSpan,
  checkExtension,
  computeDeadlines,
  type Deadlines,
  deadlineState,
  isBusinessDay,
} from "./deadlines.js";

function deadlines(input: Parameters<typeof computeDeadlines>[0]): Deadlines {
  const r = computeDeadlines(input);
  if (!r.ok) throw new Error(r.errors.map(String).join("; "));
  return r.value;
}

describe("computeDeadlines", () => {
  // C15 #3: a CA request to know received on day 0 is acknowledged by business day 10, due on day 45,
  // extendable to day 90 only with a notice before day 45.
  it("times a California request to know: 10 business days, 45 days, 90 with notice", () => {
    const d = deadlines({
      kind: "know_specific",
      jurisdictions: ["us-ca"],
      receivedAt: "2026-03-02T15:30:00Z",
    });
    expect(d.receivedOn).toBe("2026-03-02"); // a Monday
    expect(d.acknowledgeBy).toBe("2026-03-16"); // ten business days later (two weekends skipped)
    expect(d.dueOn).toBe("2026-04-16"); // day 45
    expect(d.maxExtendedDueOn).toBe("2026-05-31"); // day 90
    expect(d.extensionNoticeBy).toBe("2026-04-16");
    expect(d.governedBy).toEqual({ acknowledge: "us-ca", due: "us-ca", extension: "us-ca" });
    expect(d.appealDays).toBeUndefined(); // no appeal under CCPA

    expect(
      checkExtension(d, { noticeAt: "2026-04-15T10:00:00Z", reason: "twelve systems to search" }),
    ).toEqual({
      ok: true,
      value: "2026-05-31",
    });
    const late = checkExtension(d, { noticeAt: "2026-04-17T00:00:01Z", reason: "twelve systems to search" });
    expect(late.ok).toBe(false);
    if (!late.ok) expect(late.errors[0]?.message).toMatch(/must be sent by 2026-04-16/);
    expect(checkExtension(d, { noticeAt: "2026-04-01", reason: "  " }).ok).toBe(false);
    expect(checkExtension(d, { noticeAt: "2026-04-01", reason: "complex", until: "2026-06-01" }).ok).toBe(
      false,
    );
    expect(checkExtension(d, { noticeAt: "2026-04-01", reason: "complex", until: "2026-05-01" })).toEqual({
      ok: true,
      value: "2026-05-01",
    });
  });

  it("counts business days around a configured holiday calendar", () => {
    const plain = deadlines({ kind: "delete", jurisdictions: ["us-ca"], receivedAt: "2026-11-20T12:00:00Z" });
    const withHolidays = deadlines({
      kind: "delete",
      jurisdictions: ["us-ca"],
      receivedAt: "2026-11-20T12:00:00Z",
      holidays: { "us-ca": ["2026-11-26", "2026-11-27"], default: ["2026-12-01"] },
    });
    expect(plain.acknowledgeBy).toBe("2026-12-04");
    expect(withHolidays.acknowledgeBy).toBe("2026-12-09"); // three holidays push it three business days
    expect(withHolidays.dueOn).toBe(plain.dueOn); // calendar days ignore holidays
  });

  // C15 #4: a GDPR request extended after one month is rejected; the notice must precede received + 1 month.
  it("times a GDPR request: one month, +2 months only with a notice within the first month", () => {
    const d = deadlines({ kind: "access", jurisdictions: ["eea"], receivedAt: "2026-01-31T23:00:00Z" });
    expect(d.acknowledgeBy).toBeUndefined();
    expect(d.dueOn).toBe("2026-02-28"); // no 31 February: the month's last day
    expect(d.maxExtendedDueOn).toBe("2026-04-30");
    expect(checkExtension(d, { noticeAt: "2026-02-28T18:00:00Z", reason: "complex request" }).ok).toBe(true);
    const after = checkExtension(d, { noticeAt: "2026-03-01T08:00:00Z", reason: "complex request" });
    expect(after.ok).toBe(false);
    if (!after.ok) expect(after.errors[0]?.code).toBe("CONFLICT");
  });

  it("lets the most protective regime win for a subject under several laws", () => {
    // A California resident living in the EU: one month (GDPR) beats 45 days, the CA acknowledgement stays,
    // and the extension may not pass GDPR's three months nor CCPA's 90 days.
    const d = deadlines({
      kind: "delete",
      jurisdictions: ["us-ca", "eea"],
      receivedAt: "2026-03-02T10:00:00Z",
    });
    expect(d.dueOn).toBe("2026-04-02");
    expect(d.governedBy.due).toBe("eea");
    expect(d.acknowledgeBy).toBe("2026-03-16");
    expect(d.governedBy.acknowledge).toBe("us-ca");
    expect(d.maxExtendedDueOn).toBe("2026-05-31"); // 90 days (31 May) is earlier than 3 months (2 June)
    expect(d.governedBy.extension).toBe("us-ca");
    expect(d.extensionNoticeBy).toBe("2026-04-02");

    // A multi-state customer: the shortest appeal period applies.
    const s = deadlines({
      kind: "delete",
      jurisdictions: ["us-co", "us-va", "us-ut"],
      receivedAt: "2026-03-02",
    });
    expect(s.dueOn).toBe("2026-04-16");
    expect(s.appealDays).toBe(45);
    expect(s.governedBy.appeal).toBe("us-co");
  });

  it("gives opt-out and limit requests 15 business days and no extension (CCPA)", () => {
    const d = deadlines({ kind: "opt_out_sale_share", jurisdictions: ["us-ca"], receivedAt: "2026-03-02" });
    expect(d.dueOn).toBe("2026-03-23");
    expect(d.acknowledgeBy).toBeUndefined();
    expect(d.maxExtendedDueOn).toBeUndefined();
    const ext = checkExtension(d, { noticeAt: "2026-03-03", reason: "busy" });
    expect(ext.ok).toBe(false);
    // Mixed with a state that allows extensions, the stricter rule (none) wins.
    const mixed = deadlines({
      kind: "opt_out_sale_share",
      jurisdictions: ["us-ca", "us-va"],
      receivedAt: "2026-03-02",
    });
    expect(mixed.maxExtendedDueOn).toBeUndefined();
  });

  // C15 #11: Shine the Light is due in 30 days.
  it("gives Shine the Light 30 days", () => {
    expect(
      deadlines({ kind: "shine_the_light", jurisdictions: ["us-ca"], receivedAt: "2026-05-10" }).dueOn,
    ).toBe("2026-06-09");
  });

  // C15 #12: a VA denial carries appeal instructions; the appeal is decided within 60 days.
  it("grants appeals in Virginia (60 days) but not in California or Utah", () => {
    const va = deadlines({ kind: "delete", jurisdictions: ["us-va"], receivedAt: "2026-03-02" });
    expect(va.appealDays).toBe(60);
    expect(va.maxExtendedDueOn).toBe("2026-05-31");
    const appeal = deadlines({ kind: "appeal", jurisdictions: ["us-va"], receivedAt: "2026-04-20" });
    expect(appeal.dueOn).toBe("2026-06-19");
    expect(
      computeDeadlines({ kind: "appeal", jurisdictions: ["us-ca", "us-ut"], receivedAt: "2026-04-20" }).ok,
    ).toBe(false);
  });

  it("accepts per-regime overrides, e.g. a verified appeal period", () => {
    const d = deadlines({
      kind: "delete",
      jurisdictions: ["us-co"],
      receivedAt: "2026-03-02",
      overrides: { "us-co": { delete: { respond: { days: 30 }, appealDays: 30, source: "tenant policy" } } },
    });
    expect(d.dueOn).toBe("2026-04-01");
    expect(d.appealDays).toBe(30);
    expect(d.maxExtendedDueOn).toBeUndefined();
  });

  it("refuses unknown regimes, bad dates and rights no applicable law grants", () => {
    const unknown = computeDeadlines({ kind: "delete", jurisdictions: ["mars"], receivedAt: "2026-03-02" });
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.errors[0]?.message).toMatch(/unknown jurisdiction 'mars'/);
    expect(computeDeadlines({ kind: "delete", jurisdictions: ["us-ca"], receivedAt: "yesterday" }).ok).toBe(
      false,
    );
    expect(computeDeadlines({ kind: "limit_spi", jurisdictions: ["eea"], receivedAt: "2026-03-02" }).ok).toBe(
      false,
    );
  });
});

describe("deadline arithmetic", () => {
  it("adds business days across weekends and holidays", () => {
    expect(addSpan("2026-11-20", { businessDays: 1 }, new Set())).toBe("2026-11-23");
    expect(addSpan("2026-11-21", { businessDays: 1 }, new Set(["2026-11-23"]))).toBe("2026-11-24");
    expect(isBusinessDay("2026-11-22", new Set())).toBe(false);
    expect(addSpan("2024-01-31", { months: 1 }, new Set())).toBe("2024-02-29");
    expect(addSpan("2026-12-15", { days: 45 }, new Set())).toBe("2027-01-29");
  });

  it("tells where a request stands", () => {
    const d = { dueOn: "2026-04-16" };
    expect(deadlineState(d, "2026-03-20")).toBe("on-time");
    expect(deadlineState(d, "2026-04-10")).toBe("due-soon");
    expect(deadlineState(d, "2026-04-17")).toBe("overdue");
    expect(deadlineState(d, "2026-05-01", { respondedAt: "2026-04-16T23:00:00Z" })).toBe("answered-on-time");
    expect(deadlineState(d, "2026-05-01", { respondedAt: "2026-04-17T00:00:00Z" })).toBe("answered-late");
  });
});
