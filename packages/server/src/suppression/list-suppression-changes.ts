import { type Kysely, sql } from "kysely";
import { z } from "zod";
import type {} from "../jobs/delivery-tables.js";
import type { Database } from "../store/database.js";

/** One suppression entry as exported: the keyed hash, never the identifier. */
export const SuppressionChangeSchema = z.object({
  keyKind: z.enum(["email", "phone", "address"]),
  /** Hex HMAC-SHA256 of the normalised identifier. */
  keyHash: z.string(),
  channel: z.string(),
  scope: z.string(),
  source: z.string(),
  receivedAt: z.string(),
  effectiveAt: z.string(),
  /** Set when the suppression was lifted (the person subscribed again). */
  liftedAt: z.string().nullable(),
  /** Cursor of this change: pass the last one as `after` to read what changed since. */
  change: z.string(),
});
export type SuppressionChange = z.infer<typeof SuppressionChangeSchema>;

/** The CSV export's columns, in order. */
export const CSV_COLUMNS = [
  "key_kind",
  "key_hash",
  "channel",
  "scope",
  "source",
  "received_at",
  "effective_at",
  "lifted_at",
  "change",
] as const;

/**
 * Suppression entries created, changed or lifted after the cursor `after` (a previous `change`; "0" or
 * absent for all), oldest change first, with the cursor to continue from.
 *
 * @example
 * let after = "0";
 * for (;;) {
 *   const page = await listSuppressionChanges(db, { after, limit: 1000 });
 *   apply(page.entries);
 *   if (!page.next) break;
 *   after = page.next;
 * }
 */
export async function listSuppressionChanges(
  db: Kysely<Database>,
  options: { after?: string; limit?: number } = {},
): Promise<{ entries: SuppressionChange[]; next: string | null; cursor: string }> {
  const limit = Math.min(Math.max(options.limit ?? 1000, 1), 10_000);
  const after = options.after ?? "0";
  const rows = await db
    .selectFrom("suppressions")
    .select([
      "key_kind",
      sql<string>`encode(key_hash, 'hex')`.as("hash"),
      "channel",
      "scope",
      "source",
      "received_at",
      "effective_at",
      "lifted_at",
      sql<string>`change_seq::text`.as("change"),
    ])
    .where("change_seq", ">", sql<string>`${after}::bigint`)
    .orderBy("change_seq")
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const entries = page.map((r) => ({
    keyKind: r.key_kind,
    keyHash: r.hash,
    channel: r.channel,
    scope: r.scope,
    source: r.source,
    receivedAt: new Date(r.received_at).toISOString(),
    effectiveAt: new Date(r.effective_at).toISOString(),
    liftedAt: r.lifted_at ? new Date(r.lifted_at).toISOString() : null,
    change: r.change,
  }));
  const cursor = entries.at(-1)?.change ?? after;
  return { entries, next: rows.length > limit ? cursor : null, cursor };
}

/**
 * The suppression list changed after `after` as CSV (RFC 4180, header line first), read in pages so that
 * a list of millions streams in constant memory.
 *
 * @example
 * for await (const chunk of suppressionCsv(db, { after: "0" })) out.write(chunk);
 */
export async function* suppressionCsv(
  db: Kysely<Database>,
  options: { after?: string; pageSize?: number } = {},
): AsyncGenerator<string> {
  yield `${CSV_COLUMNS.join(",")}\r\n`;
  let after = options.after ?? "0";
  for (;;) {
    const page = await listSuppressionChanges(db, { after, limit: options.pageSize ?? 5000 });
    if (page.entries.length > 0) {
      yield page.entries
        .map(
          (e) =>
            `${[
              e.keyKind,
              e.keyHash,
              e.channel,
              e.scope,
              e.source,
              e.receivedAt,
              e.effectiveAt,
              e.liftedAt ?? "",
              e.change,
            ]
              .map(csvField)
              .join(",")}\r\n`,
        )
        .join("");
    }
    if (!page.next) return;
    after = page.next;
  }
}

/** A CSV field, quoted when it holds a comma, quote or line break (the stored values never do today). */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
