/**
 * The deadline engine: one rule table per jurisdiction (from `shared/reference/regulations.md`, part C1),
 * business days with a configurable holiday calendar, and "most protective wins" when several apply.
 * Pure: the caller passes the receipt time and the holidays in. Dates are calendar dates (`YYYY-MM-DD`, UTC):
 * a deadline is met when the answer is sent on or before that day.
 *
 * @example
 * const d = computeDeadlines({ kind: "delete", jurisdictions: ["us-ca"], receivedAt: "2026-03-02T15:00:00Z" });
 * if (d.ok) d.value.dueOn; // "2026-04-16" (45 calendar days)
 */
import { fail, LoupeError, ok, type Result } from "../errors/loupe-error.js";

/** The kinds of rights request the workflow knows (regulations.md C2 `request_type`, grouped). */
export const REQUEST_KINDS = [
  "know_categories",
  "know_specific",
  "access",
  "portability",
  "delete",
  "correct",
  "restrict",
  "object",
  "withdraw_consent",
  "opt_out_sale_share",
  "limit_spi",
  "shine_the_light",
  "appeal",
] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

/** The regimes with a rule table: the data map's jurisdictions plus Utah (no appeal right). */
export const DEADLINE_REGIMES = [
  "us-ca",
  "us-co",
  "us-ct",
  "us-va",
  "us-tx",
  "us-ut",
  "eea",
  "uk",
  "ch",
] as const;
export type DeadlineRegime = (typeof DEADLINE_REGIMES)[number];

/** A length of time: calendar days, business days (weekends and holidays skipped) or calendar months. */
export type Span = { days: number } | { businessDays: number } | { months: number };

/** How one regime times one kind of request. */
export interface DeadlineRule {
  /** Acknowledgement deadline, when the law asks for one. */
  acknowledge?: Span;
  /** Substantive answer, counted from receipt (verification time counts). */
  respond: Span;
  /** The longest total after one extension, counted from receipt; absent when no extension is allowed. */
  extendTo?: Span;
  /** Days to decide an appeal when the regime grants one after a denial. */
  appealDays?: number;
  /** Where the rule comes from. */
  source: string;
}

const KNOW_DELETE_CORRECT = [
  "know_categories",
  "know_specific",
  "access",
  "portability",
  "delete",
  "correct",
] as const;

const CA_CORE: DeadlineRule = {
  acknowledge: { businessDays: 10 },
  respond: { days: 45 },
  extendTo: { days: 90 },
  source: "11 CCR §7021(a)–(b)",
};
const CA_OPT_OUT: DeadlineRule = { respond: { businessDays: 15 }, source: "11 CCR §7026(f), §7027(g)" };
const GDPR: DeadlineRule = { respond: { months: 1 }, extendTo: { months: 3 }, source: "GDPR Art. 12(3)" };
const FADP: DeadlineRule = { respond: { days: 30 }, extendTo: { days: 60 }, source: "revFADP Art. 25(7)" };
const usState = (source: string, appealDays: number | undefined): DeadlineRule => ({
  respond: { days: 45 },
  extendTo: { days: 90 },
  ...(appealDays === undefined ? {} : { appealDays }),
  source,
});

function table(base: DeadlineRule, overrides: Partial<Record<RequestKind, DeadlineRule | null>> = {}) {
  const t: Partial<Record<RequestKind, DeadlineRule>> = {};
  for (const k of REQUEST_KINDS) {
    const o = overrides[k];
    if (o === null) continue;
    t[k] = o ?? base;
  }
  return t;
}

/**
 * The rule table: regime → request kind → rule. A missing kind means the regime grants no such right
 * (the request is then timed by the other regimes that apply, or refused when none does).
 */
export const DEADLINE_RULES: Record<DeadlineRegime, Partial<Record<RequestKind, DeadlineRule>>> = {
  "us-ca": {
    ...Object.fromEntries(KNOW_DELETE_CORRECT.map((k) => [k, CA_CORE])),
    opt_out_sale_share: CA_OPT_OUT,
    limit_spi: CA_OPT_OUT,
    shine_the_light: { respond: { days: 30 }, source: "Civ. Code §1798.83 (designated contact point)" },
  },
  "us-va": table(usState("Va. Code §59.1-577", 60), {
    limit_spi: null,
    shine_the_light: null,
    appeal: { respond: { days: 60 }, source: "Va. Code §59.1-577(C)" },
  }),
  "us-ct": table(usState("Conn. Gen. Stat. §42-518", 60), {
    limit_spi: null,
    shine_the_light: null,
    appeal: { respond: { days: 60 }, source: "Conn. Gen. Stat. §42-518(d)" },
  }),
  "us-co": table(usState("C.R.S. §6-1-1306", 45), {
    limit_spi: null,
    shine_the_light: null,
    appeal: { respond: { days: 45 }, source: "C.R.S. §6-1-1306(3)" },
  }),
  "us-tx": table(usState("Tex. Bus. & Com. Code §541.052", 60), {
    limit_spi: null,
    shine_the_light: null,
    appeal: { respond: { days: 60 }, source: "Tex. Bus. & Com. Code §541.053" },
  }),
  "us-ut": table(usState("Utah Code §13-61-203", undefined), {
    limit_spi: null,
    shine_the_light: null,
    appeal: null,
  }),
  eea: table(GDPR, { shine_the_light: null, appeal: null, limit_spi: null }),
  uk: table(
    { ...GDPR, source: "UK GDPR Art. 12(3)" },
    { shine_the_light: null, appeal: null, limit_spi: null },
  ),
  ch: table(FADP, { shine_the_light: null, appeal: null, limit_spi: null }),
};

/** Holidays (`YYYY-MM-DD`) that are not business days, per regime; `default` applies to every regime. */
export type HolidayCalendar = Partial<Record<DeadlineRegime | "default", readonly string[]>>;

export interface DeadlineInput {
  kind: RequestKind;
  /** Every regime the subject falls under (self-declared, address, account country…). */
  jurisdictions: readonly string[];
  /** When the request was received (ISO timestamp or Date); the clock starts that day. */
  receivedAt: string | Date;
  holidays?: HolidayCalendar;
  /** Per-regime rule changes, e.g. a statute's appeal deadline once it is verified. */
  overrides?: Partial<Record<DeadlineRegime, Partial<Record<RequestKind, DeadlineRule | null>>>>;
}

/** The deadlines of one request, each with the regime that set it. */
export interface Deadlines {
  receivedOn: string;
  /** Acknowledge by this day (absent when no applicable regime requires it). */
  acknowledgeBy?: string;
  /** Answer by this day. */
  dueOn: string;
  /** The latest day after an extension; absent when no extension is possible. */
  maxExtendedDueOn?: string;
  /** An extension notice (with its reason) must be sent on or before this day: the original due day. */
  extensionNoticeBy?: string;
  /** Days to decide an appeal after a denial, when a regime grants an appeal. */
  appealDays?: number;
  /** Which regime set each deadline (the most protective one). */
  governedBy: {
    acknowledge?: DeadlineRegime;
    due: DeadlineRegime;
    extension?: DeadlineRegime;
    appeal?: DeadlineRegime;
  };
  /** Every regime that applies to this kind of request. */
  regimes: DeadlineRegime[];
}

/**
 * Computes a request's deadlines. When several regimes apply the most protective wins: the earliest
 * acknowledgement and due day, the earliest extended day (and no extension at all if one regime forbids it),
 * the shortest appeal period. Fails (INVALID_REQUEST) for an unknown regime, a bad date, or when no
 * applicable regime grants the right.
 *
 * @example
 * const r = computeDeadlines({ kind: "access", jurisdictions: ["eea", "us-ca"], receivedAt: "2026-01-31T09:00:00Z" });
 * if (r.ok) r.value.dueOn; // "2026-02-28" — one month (GDPR) is earlier than 45 days (CCPA)
 */
export function computeDeadlines(input: DeadlineInput): Result<Deadlines> {
  const received = toDateOnly(input.receivedAt);
  if (!received)
    return fail(new LoupeError("INVALID_REQUEST", "receivedAt is not a valid date", { path: "receivedAt" }));
  const unknown = input.jurisdictions.filter((j) => !(DEADLINE_REGIMES as readonly string[]).includes(j));
  if (unknown.length)
    return fail(
      new LoupeError(
        "INVALID_REQUEST",
        `unknown jurisdiction '${unknown[0]}' (known: ${DEADLINE_REGIMES.join(", ")})`,
        {
          path: "jurisdictions",
        },
      ),
    );
  const applicable: { regime: DeadlineRegime; rule: DeadlineRule }[] = [];
  for (const regime of new Set(input.jurisdictions as DeadlineRegime[])) {
    const override = input.overrides?.[regime]?.[input.kind];
    const rule = override === null ? undefined : (override ?? DEADLINE_RULES[regime][input.kind]);
    if (rule) applicable.push({ regime, rule });
  }
  if (!applicable.length)
    return fail(
      new LoupeError(
        "INVALID_REQUEST",
        `no jurisdiction among ${input.jurisdictions.join(", ") || "(none)"} grants a '${input.kind}' request`,
        { path: "kind" },
      ),
    );
  const holidaysOf = (regime: DeadlineRegime) =>
    new Set([...(input.holidays?.default ?? []), ...(input.holidays?.[regime] ?? [])]);
  const at = (regime: DeadlineRegime, span: Span) => addSpan(received, span, holidaysOf(regime));

  const earliest = <T extends string | number>(items: { regime: DeadlineRegime; value: T }[]) =>
    items.reduce<{ regime: DeadlineRegime; value: T } | undefined>(
      (a, b) => (!a || b.value < a.value ? b : a),
      undefined,
    );

  const due = earliest(applicable.map(({ regime, rule }) => ({ regime, value: at(regime, rule.respond) })));
  const ack = earliest(
    applicable.flatMap(({ regime, rule }) =>
      rule.acknowledge ? [{ regime, value: at(regime, rule.acknowledge) }] : [],
    ),
  );
  const canExtend = applicable.every(({ rule }) => rule.extendTo);
  const ext = canExtend
    ? earliest(applicable.map(({ regime, rule }) => ({ regime, value: at(regime, rule.extendTo as Span) })))
    : undefined;
  const appeal = earliest(
    applicable.flatMap(({ regime, rule }) =>
      rule.appealDays !== undefined ? [{ regime, value: rule.appealDays }] : [],
    ),
  );
  const d = due as { regime: DeadlineRegime; value: string };
  return ok({
    receivedOn: received,
    ...(ack ? { acknowledgeBy: ack.value } : {}),
    dueOn: d.value,
    ...(ext && ext.value > d.value ? { maxExtendedDueOn: ext.value, extensionNoticeBy: d.value } : {}),
    ...(appeal ? { appealDays: appeal.value } : {}),
    governedBy: {
      ...(ack ? { acknowledge: ack.regime } : {}),
      due: d.regime,
      ...(ext && ext.value > d.value ? { extension: ext.regime } : {}),
      ...(appeal ? { appeal: appeal.regime } : {}),
    },
    regimes: applicable.map((a) => a.regime),
  });
}

/**
 * Checks an extension: allowed only when the deadlines permit one, the notice (with a non-empty reason) is
 * sent on or before the original due day, and the new day is after the current one and no later than the
 * maximum. Returns the new due day.
 *
 * @example
 * checkExtension(deadlines, { noticeAt: "2026-04-10T12:00:00Z", reason: "many systems to search" });
 * // ok("2026-05-31") for a CA request received 2026-03-02
 */
export function checkExtension(
  deadlines: Deadlines,
  request: { noticeAt: string | Date; reason: string; until?: string },
): Result<string> {
  if (!deadlines.maxExtendedDueOn || !deadlines.extensionNoticeBy)
    return fail(
      new LoupeError("CONFLICT", "this kind of request cannot be extended under the applicable law"),
    );
  if (!request.reason.trim())
    return fail(
      new LoupeError("INVALID_REQUEST", "an extension needs a reason, told to the requester", {
        path: "reason",
      }),
    );
  const notice = toDateOnly(request.noticeAt);
  if (!notice)
    return fail(new LoupeError("INVALID_REQUEST", "noticeAt is not a valid date", { path: "noticeAt" }));
  if (notice > deadlines.extensionNoticeBy)
    return fail(
      new LoupeError(
        "CONFLICT",
        `the extension notice must be sent by ${deadlines.extensionNoticeBy} (the original due day); it is ${notice}`,
      ),
    );
  const until = request.until ?? deadlines.maxExtendedDueOn;
  if (!isDateOnly(until) || until <= deadlines.dueOn || until > deadlines.maxExtendedDueOn)
    return fail(
      new LoupeError(
        "INVALID_REQUEST",
        `the extended due day must be after ${deadlines.dueOn} and no later than ${deadlines.maxExtendedDueOn}`,
        { path: "until" },
      ),
    );
  return ok(until);
}

/**
 * Where a request stands against its deadlines on a given day.
 *
 * @example
 * deadlineState({ dueOn: "2026-04-16" }, "2026-04-20"); // "overdue"
 */
export function deadlineState(
  d: { dueOn: string; acknowledgeBy?: string | undefined },
  today: string | Date,
  done?: { respondedAt?: string | Date | undefined; acknowledgedAt?: string | Date | undefined },
): "on-time" | "due-soon" | "overdue" | "answered-on-time" | "answered-late" {
  const day = toDateOnly(today) ?? "";
  if (done?.respondedAt) {
    const answered = toDateOnly(done.respondedAt) ?? "";
    return answered <= d.dueOn ? "answered-on-time" : "answered-late";
  }
  if (day > d.dueOn) return "overdue";
  return addSpan(day, { days: 7 }, new Set()) >= d.dueOn ? "due-soon" : "on-time";
}

/**
 * Adds a span to a calendar day. Business days skip Saturdays, Sundays and the given holidays; months keep
 * the day of the month, or the month's last day when it has no such day (31 Jan + 1 month = 28/29 Feb).
 *
 * @example
 * addSpan("2026-11-20", { businessDays: 1 }, new Set()); // "2026-11-23" (a Friday → the Monday)
 */
export function addSpan(day: string, span: Span, holidays: ReadonlySet<string>): string {
  const d = new Date(`${day}T00:00:00Z`);
  if ("days" in span) {
    d.setUTCDate(d.getUTCDate() + span.days);
    return iso(d);
  }
  if ("months" in span) {
    const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + span.months, 1));
    const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
    target.setUTCDate(Math.min(d.getUTCDate(), last));
    return iso(target);
  }
  let left = span.businessDays;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (isBusinessDay(iso(d), holidays)) left--;
  }
  return iso(d);
}

/**
 * Whether a day is a business day: not a Saturday or Sunday, and not in `holidays`.
 *
 * @example
 * isBusinessDay("2026-12-25", new Set(["2026-12-25"])); // false
 */
export function isBusinessDay(day: string, holidays: ReadonlySet<string>): boolean {
  const wd = new Date(`${day}T00:00:00Z`).getUTCDay();
  return wd !== 0 && wd !== 6 && !holidays.has(day);
}

function iso(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function isDateOnly(s: string): boolean {
  return (
    /^\d{4}-\d{2}-\d{2}$/.test(s) &&
    !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) &&
    iso(new Date(`${s}T00:00:00Z`)) === s
  );
}

function toDateOnly(v: string | Date): string | undefined {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : iso(v);
  if (isDateOnly(v)) return v;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : iso(new Date(t));
}
