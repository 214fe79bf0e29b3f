import mysql from "mysql2/promise";
import { OPENCART_JSON_LINKS } from "./opencart-tables.js";
import type { OpencartDatabase } from "./recognise-opencart.js";

/** A JSON identity or reference without its generated column, with the statement that adds it. */
export interface MissingJsonLink {
  /** Prefixed table. */
  table: string;
  column: string;
  /** e.g. `data $.guest.email → email`. */
  purpose: string;
  statement: string;
}

/**
 * Lists the generated columns ({@link OPENCART_JSON_LINKS}) the shop's tables lack, each with the
 * `ALTER TABLE … ADD COLUMN … AS (JSON_VALUE(…)) VIRTUAL` statement that adds it (identifiers quoted). With them,
 * a guest's activity (by order) and sessions (by e-mail) are found; e-mails are stored lower-case. Pure.
 *
 * @example
 * missingJsonLinks(shop).map((m) => m.statement);
 * // ["ALTER TABLE `oc_session` ADD COLUMN `loupe_guest_email` varchar(96) AS (LOWER(JSON_VALUE(`data`, '$.guest.email'))) VIRTUAL", …]
 */
export function missingJsonLinks(shop: OpencartDatabase): MissingJsonLink[] {
  const out: MissingJsonLink[] = [];
  for (const link of OPENCART_JSON_LINKS) {
    const live = shop.tables.get(link.table);
    if (!live?.columns.some((c) => c.name === link.source)) continue;
    if (live.columns.some((c) => c.name === link.column)) continue;
    const value = `JSON_VALUE(${mysql.escapeId(link.source)}, ${mysql.escape(link.path)})`;
    const expression = link.identity === "email" ? `LOWER(${value})` : value;
    out.push({
      table: shop.prefix + link.table,
      column: link.column,
      purpose: `${link.source} ${link.path} → ${link.identity ?? `${shop.prefix}${link.reference}`}`,
      statement: `ALTER TABLE ${mysql.escapeId(shop.prefix + link.table)} ADD COLUMN ${mysql.escapeId(link.column)} ${link.type} AS (${expression}) VIRTUAL`,
    });
  }
  return out;
}
