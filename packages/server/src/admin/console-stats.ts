import { sql } from "kysely";
import { rightsDb } from "../requests/rights-tables.js";
import type { LoupeDb } from "../store/database.js";

/** Latest consent choice per purpose: how many visitors granted and denied it. */
export interface PurposeChoices {
  purpose: string;
  granted: number;
  denied: number;
}

/** The dashboard's consent figures over one window. */
export interface ConsentFigures {
  /** Each visitor's (or customer's) latest choice, counted per purpose. */
  purposes: PurposeChoices[];
  /** Visitors (or customers) with receipts in the window. */
  visitors: number;
  /** Of those, how many sent Global Privacy Control at least once. */
  withGpc: number;
}

/**
 * Consent choices by purpose and the share of visitors with GPC, over the visitors (or customers) whose
 * receipts fall in the window, in one pass over those receipts: each one's latest receipt counts once, as
 * granted or denied for every purpose it names.
 *
 * @example
 * const { purposes, visitors, withGpc } = await consentFigures(db, new Date(Date.now() - 90 * 86_400_000));
 * purposes; // [{ purpose: "analytics", granted: 12, denied: 30 }, …]
 */
export async function consentFigures(db: LoupeDb, since: Date): Promise<ConsentFigures> {
  const { rows } = await sql<{ purpose: string; choice: string; n: string | number }>`
    with subjects as (
      select max(id) as last_id, bool_or(gpc) as gpc_ever
      from consent_receipts
      where server_time >= ${since}
      group by coalesce(visitor_id, 'customer:' || customer_id)
    ),
    latest as (
      select r.granted, r.denied, s.gpc_ever from subjects s join consent_receipts r on r.id = s.last_id
    )
    select p as purpose, 'granted' as choice, count(*) as n from latest, unnest(granted) as p group by p
    union all
    select p as purpose, 'denied' as choice, count(*) as n from latest, unnest(denied) as p group by p
    union all
    select '' as purpose, 'visitors' as choice, count(*) as n from latest
    union all
    select '' as purpose, 'gpc' as choice, count(*) filter (where gpc_ever) as n from latest`.execute(db);
  const byPurpose = new Map<string, PurposeChoices>();
  let visitors = 0;
  let withGpc = 0;
  for (const r of rows) {
    if (r.choice === "visitors") visitors = Number(r.n);
    else if (r.choice === "gpc") withGpc = Number(r.n);
    else {
      const entry = byPurpose.get(r.purpose) ?? { purpose: r.purpose, granted: 0, denied: 0 };
      entry[r.choice as "granted" | "denied"] = Number(r.n);
      byPurpose.set(r.purpose, entry);
    }
  }
  const purposes = [...byPurpose.values()].sort((a, b) => a.purpose.localeCompare(b.purpose));
  return { purposes, visitors, withGpc };
}

/** Requests received in one week (starting Monday, UTC) per request kind. */
export interface WeekCounts {
  week: string;
  counts: Record<string, number>;
}

/**
 * Rights requests received per week and kind, for the `weeks` weeks up to `now` (empty weeks included).
 *
 * @example
 * await requestsPerWeek(db, new Date(), 12); // [{ week: "2026-09-07", counts: { delete: 3, access: 1 } }, …]
 */
export async function requestsPerWeek(db: LoupeDb, now: Date, weeks: number): Promise<WeekCounts[]> {
  const monday = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
  const first = new Date(monday.getTime() - (weeks - 1) * 7 * 86_400_000);
  const rows = await rightsDb(db)
    .selectFrom("rights_requests")
    .select((eb) => [
      sql<string>`to_char(date_trunc('week', received_at at time zone 'UTC'), 'YYYY-MM-DD')`.as("week"),
      "kind",
      eb.fn.countAll<string>().as("n"),
    ])
    .where("received_at", ">=", first)
    .groupBy(["week", "kind"])
    .execute();
  const out: WeekCounts[] = [];
  for (let i = 0; i < weeks; i++) {
    const week = new Date(first.getTime() + i * 7 * 86_400_000).toISOString().slice(0, 10);
    out.push({ week, counts: {} });
  }
  const index = new Map(out.map((w) => [w.week, w]));
  for (const r of rows) {
    const w = index.get(r.week);
    if (w) w.counts[r.kind] = Number(r.n);
  }
  return out;
}
