import type { Connection } from "mysql2/promise";
import { opencart4Ddl } from "./opencart-4-ddl.js";

/** The session SQL mode OpenCart's own database driver sets (not strict: implicit defaults apply). */
export const OPENCART_SQL_MODE = "NO_ZERO_IN_DATE,NO_ENGINE_SUBSTITUTION";

/**
 * Splits OpenCart 3's `install/opencart.sql` into statements the way its installer does
 * (`install/model/install/install.php`): lines starting with `--` or `#` are skipped, a statement ends at a
 * line ending in `;`, and the `oc_` prefix of `DROP TABLE IF EXISTS`, `CREATE TABLE` and `INSERT INTO` is
 * replaced by the shop's prefix.
 *
 * @example
 * opencart3Statements("CREATE TABLE `oc_a` (\n  `x` int\n);\n", "shop_"); // ["CREATE TABLE `shop_a` (\n  `x` int\n);\n"]
 */
export function opencart3Statements(sql: string, prefix: string): string[] {
  if (!/^[A-Za-z0-9_]*$/.test(prefix))
    throw new Error(`table prefix must be letters, digits and _: '${prefix}'`);
  const out: string[] = [];
  let current = "";
  for (const line of sql.split(/(?<=\n)/)) {
    if (line.trim() === "" || line.startsWith("--") || line.startsWith("#")) continue;
    current += line;
    if (/;\s*$/.test(line)) {
      out.push(
        current
          .replace("DROP TABLE IF EXISTS `oc_", `DROP TABLE IF EXISTS \`${prefix}`)
          .replace("CREATE TABLE `oc_", `CREATE TABLE \`${prefix}`)
          .replace("INSERT INTO `oc_", `INSERT INTO \`${prefix}`),
      );
      current = "";
    }
  }
  return out;
}

/**
 * Installs OpenCart 3's schema and seed rows from the text of its `install/opencart.sql` into the connection's
 * current database, with a table prefix, in batches of statements (the connection needs
 * `multipleStatements: true`).
 *
 * @example
 * const conn = await mysql.createConnection({ uri, multipleStatements: true });
 * await installOpencart3(conn, await readFile(sqlPath, "utf8"), "oc_");
 */
export async function installOpencart3(conn: Connection, sql: string, prefix: string): Promise<void> {
  await conn.query(`SET SESSION sql_mode = '${OPENCART_SQL_MODE}'`);
  const statements = opencart3Statements(sql, prefix);
  for (let i = 0; i < statements.length; i += 40) {
    await conn.query(statements.slice(i, i + 40).join("\n"));
  }
}

/**
 * Installs Loupe's OpenCart 4.1 DDL ({@link opencart4Ddl}) into the connection's current database, with a
 * table prefix, and the few settings rows a shop has.
 *
 * @example
 * await installOpencart4(conn, "oc_");
 */
export async function installOpencart4(conn: Connection, prefix: string): Promise<void> {
  await conn.query(`SET SESSION sql_mode = '${OPENCART_SQL_MODE}'`);
  for (const statement of opencart4Ddl(prefix)) await conn.query(statement);
  await conn.query(
    `INSERT INTO \`${prefix}setting\` (\`store_id\`, \`code\`, \`key\`, \`value\`, \`serialized\`) VALUES ?`,
    [
      [
        [0, "config", "config_gdpr_id", "3", 0],
        [0, "config", "config_gdpr_limit", "180", 0],
        [0, "config", "config_customer_activity", "1", 0],
      ],
    ],
  );
}
