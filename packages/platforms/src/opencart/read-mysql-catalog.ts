import type { Connection, Pool, PoolConnection } from "mysql2/promise";

/** A mysql2 connection, pool connection or pool. */
export type MysqlQueryable = Connection | Pool | PoolConnection;

/** A column as `information_schema` describes it. */
export interface LiveColumn {
  name: string;
  /** e.g. `varchar(96)`, `int(11)`, `text`. */
  type: string;
  /** e.g. `utf8mb4_unicode_ci`; `null` for numbers and dates. */
  collation: string | null;
}

/** A table of the live database. */
export interface LiveTable {
  name: string;
  /** `MyISAM`, `InnoDB`, `Aria`, … */
  engine: string;
  columns: LiveColumn[];
  primaryKey: string[];
  /** Every index, as its columns in order. */
  indexes: { name: string; columns: string[] }[];
  /** The server's row estimate. */
  estimatedRows: number;
}

type Row = Record<string, unknown>;

/**
 * Reads the tables of one MariaDB/MySQL database (engines, columns with collations, indexes) from
 * `information_schema`, in three queries. Read-only.
 *
 * @example
 * const tables = await readMysqlTables(conn, "shop");
 * tables.get("oc_customer")?.engine; // "MyISAM"
 */
export async function readMysqlTables(db: MysqlQueryable, database: string): Promise<Map<string, LiveTable>> {
  const [tableRows] = await db.query(
    "SELECT TABLE_NAME AS t, ENGINE AS e, TABLE_ROWS AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'",
    [database],
  );
  const tables = new Map<string, LiveTable>();
  for (const r of tableRows as Row[]) {
    tables.set(String(r.t), {
      name: String(r.t),
      engine: String(r.e ?? ""),
      columns: [],
      primaryKey: [],
      indexes: [],
      estimatedRows: r.n === null ? -1 : Number(r.n),
    });
  }
  const [columnRows] = await db.query(
    "SELECT TABLE_NAME AS t, COLUMN_NAME AS c, COLUMN_TYPE AS ty, COLLATION_NAME AS co FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION",
    [database],
  );
  for (const r of columnRows as Row[]) {
    tables.get(String(r.t))?.columns.push({
      name: String(r.c),
      type: String(r.ty),
      collation: r.co === null ? null : String(r.co),
    });
  }
  const [indexRows] = await db.query(
    "SELECT TABLE_NAME AS t, INDEX_NAME AS i, COLUMN_NAME AS c FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX",
    [database],
  );
  for (const r of indexRows as Row[]) {
    const table = tables.get(String(r.t));
    if (!table) continue;
    const name = String(r.i);
    let index = table.indexes.find((x) => x.name === name);
    if (!index) {
      index = { name, columns: [] };
      table.indexes.push(index);
    }
    index.columns.push(String(r.c));
    if (name === "PRIMARY") table.primaryKey.push(String(r.c));
  }
  return tables;
}
