import { fail, LoupeError, ok, type Result } from "@loupe/core";
import mysql from "mysql2/promise";
import type { MysqlQueryable } from "./read-mysql-catalog.js";
import type { OpencartDatabase } from "./recognise-opencart.js";

/** The e-mail comparison for `customer.email`: the column's own when its collation ignores case, else `LOWER()`. */
function emailMatch(shop: OpencartDatabase): string {
  const collation = shop.tables.get("customer")?.columns.find((c) => c.name === "email")?.collation ?? "";
  return /_ci$/i.test(collation) ? "`email` = ?" : "LOWER(`email`) = ?";
}

/**
 * Keeps OpenCart's only marketing-consent record, `customer.newsletter` (0/1, read by OpenCart's own mailing
 * tool), in step with the preference centre's e-mail choice. Matches the account by e-mail, ignoring case.
 * Answers how many accounts changed (0 when it already held the choice or no account has the address).
 *
 * @example
 * await setOpencartNewsletter(conn, shop, "anna@example.com", false); // ok({ accounts: 1, changed: 1 })
 */
export async function setOpencartNewsletter(
  db: MysqlQueryable,
  shop: OpencartDatabase,
  email: string,
  subscribed: boolean,
): Promise<Result<{ accounts: number; changed: number }>> {
  const address = email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(address))
    return fail(new LoupeError("INVALID_REQUEST", "not an e-mail address"));
  const table = mysql.escapeId(`${shop.prefix}customer`);
  const [result] = await db.query(`UPDATE ${table} SET \`newsletter\` = ? WHERE ${emailMatch(shop)}`, [
    subscribed ? 1 : 0,
    address,
  ]);
  const r = result as { affectedRows: number; changedRows?: number };
  return ok({ accounts: r.affectedRows, changed: r.changedRows ?? r.affectedRows });
}

/**
 * Reads `customer.newsletter` for an e-mail address: `undefined` when no account has it.
 *
 * @example
 * await readOpencartNewsletter(conn, shop, "Anna@Example.com"); // true
 */
export async function readOpencartNewsletter(
  db: MysqlQueryable,
  shop: OpencartDatabase,
  email: string,
): Promise<boolean | undefined> {
  const table = mysql.escapeId(`${shop.prefix}customer`);
  const [rows] = await db.query(`SELECT \`newsletter\` FROM ${table} WHERE ${emailMatch(shop)} LIMIT 1`, [
    email.trim().toLowerCase(),
  ]);
  const row = (rows as { newsletter: number }[])[0];
  return row ? row.newsletter === 1 : undefined;
}
