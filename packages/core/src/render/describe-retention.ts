import type { DataMap, Retention } from "../map/data-map-schema.js";
import { Taxonomy } from "../taxonomy/taxonomy.js";
import { categoryLabel } from "./describe-collected.js";

const UNITS: Record<string, [string, string]> = {
  d: ["day", "days"],
  w: ["week", "weeks"],
  mo: ["month", "months"],
  y: ["year", "years"],
};

/** The words for "until the customer asks", as the notice writes them. */
export const UNTIL_REQUEST_WORDS = "until you ask us to delete it";

/**
 * A retention period in words: `7y` → `7 years`, `1mo` → `1 month`, `until-request` → `until you ask us to
 * delete it`. An unrecognised value comes back unchanged.
 *
 * @example
 * periodWords("13mo"); // "13 months"
 * periodWords("until-request"); // "until you ask us to delete it"
 */
export function periodWords(period: string): string {
  if (period === "until-request") return UNTIL_REQUEST_WORDS;
  const m = /^(\d+)(d|w|mo|y)$/.exec(period);
  const unit = m?.[2] ? UNITS[m[2]] : undefined;
  if (!m || !unit) return period;
  return `${m[1]} ${m[1] === "1" ? unit[0] : unit[1]}`;
}

/**
 * How long a retention rule keeps data, in the words of the notice:
 * `{period words}{ from {from}}{ ({reason})}`, or `{criteria}{ ({reason})}` when no period is set.
 * When both a period and criteria are given, the criteria follow after a full stop.
 *
 * @example
 * describeRetention({ categories: ["user.payment"], period: "7y", from: "the order date", reason: "tax law" });
 * // "7 years from the order date (tax law)"
 */
export function describeRetention(r: Retention): string {
  const reason = r.reason ? ` (${r.reason})` : "";
  if (r.period) {
    const from = r.from ? ` from ${r.from}` : "";
    const criteria = r.criteria ? `. ${r.criteria}` : "";
    return `${periodWords(r.period)}${from}${reason}${criteria}`;
  }
  return `${r.criteria ?? "no period stated"}${reason}`;
}

/**
 * One retention bullet of the notice: the labels of its categories joined by `; `, a colon, and
 * {@link describeRetention}.
 *
 * @example
 * retentionLine({ categories: ["user.content.call_recording"], period: "90d", from: "the call" }, new Taxonomy());
 * // "Recordings of your calls: 90 days from the call"
 */
export function retentionLine(r: Retention, taxonomy: Taxonomy): string {
  return `${r.categories.map((k) => categoryLabel(k, taxonomy)).join("; ")}: ${describeRetention(r)}`;
}

/**
 * The retention rule that applies to a data category: the rule naming the category itself, else the rule
 * naming its nearest ancestor (`user.contact` covers `user.contact.email`). Undefined when none applies.
 *
 * @example
 * retentionFor(map, "user.contact.email")?.period; // e.g. "until-request"
 */
export function retentionFor(map: DataMap, key: string): Retention | undefined {
  let best: Retention | undefined;
  let depth = -1;
  for (const r of map.retention) {
    for (const c of r.categories) {
      const d = c.split(".").length;
      if (Taxonomy.isUnder(key, c) && d > depth) {
        best = r;
        depth = d;
      }
    }
  }
  return best;
}
