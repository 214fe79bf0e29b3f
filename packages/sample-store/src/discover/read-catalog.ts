import type { SqlSession } from "../load/sql-session.js";
import { qualifiedName, quoteIdent } from "../schema/render-ddl.js";
import {
  type Catalog,
  type CatalogTable,
  type ColumnSamples,
  type DeleteRule,
  isSampledType,
  pgDeleteRule,
} from "./catalog.js";

/**
 * Reads tables, columns, primary keys, foreign keys (with their ON DELETE rules) and indexes of one PostgreSQL
 * schema from `pg_catalog` (works on PGlite too).
 *
 * @example
 * const catalog = await readPostgresCatalog(session, "public");
 * catalog.tables.find((t) => t.name === "orders")?.foreignKeys;
 */
export async function readPostgresCatalog(s: SqlSession, schema: string): Promise<Catalog> {
  const tables = await s.query<{ name: string; rows: number }>(
    `SELECT c.relname AS name, c.reltuples::float8 AS rows
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition
      ORDER BY c.relname`,
    [schema],
  );
  const columns = await s.query<{ table: string; name: string; type: string; nullable: boolean }>(
    `SELECT c.relname AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
            NOT a.attnotnull AS nullable
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY c.relname, a.attnum`,
    [schema],
  );
  const constraints = await s.query<{
    name: string;
    kind: string;
    table: string;
    columns: string[];
    ref_schema: string | null;
    ref_table: string | null;
    ref_columns: string[] | null;
    on_delete: string;
  }>(
    `SELECT con.conname AS name, con.contype AS kind, cl.relname AS table,
            array(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns,
            fn.nspname AS ref_schema, fcl.relname AS ref_table,
            array(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS ref_columns,
            con.confdeltype::text AS on_delete
       FROM pg_constraint con
       JOIN pg_class cl ON cl.oid = con.conrelid JOIN pg_namespace n ON n.oid = cl.relnamespace
       LEFT JOIN pg_class fcl ON fcl.oid = con.confrelid LEFT JOIN pg_namespace fn ON fn.oid = fcl.relnamespace
      WHERE n.nspname = $1 AND con.contype IN ('p', 'f')
      ORDER BY cl.relname, con.conname`,
    [schema],
  );
  const indexes = await s.query<{
    table: string;
    name: string;
    unique: boolean;
    primary: boolean;
    columns: (string | null)[];
  }>(
    `SELECT t.relname AS table, i.relname AS name, ix.indisunique AS unique, ix.indisprimary AS primary,
            array(SELECT a.attname::text FROM unnest(ix.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
                    LEFT JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum AND k.attnum > 0
                   ORDER BY k.ord)::text[] AS columns
       FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_class i ON i.oid = ix.indexrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = $1
      ORDER BY t.relname, i.relname`,
    [schema],
  );
  const byName = new Map<string, CatalogTable>();
  for (const t of tables)
    byName.set(t.name, {
      name: t.name,
      columns: [],
      primaryKey: [],
      foreignKeys: [],
      indexes: [],
      estimatedRows: Number(t.rows),
    });
  for (const c of columns)
    byName.get(c.table)?.columns.push({ name: c.name, type: c.type, nullable: c.nullable });
  for (const k of constraints) {
    const t = byName.get(k.table);
    if (!t) continue;
    if (k.kind === "p") t.primaryKey = k.columns;
    else
      t.foreignKeys.push({
        name: k.name,
        columns: k.columns,
        refSchema: k.ref_schema ?? schema,
        refTable: k.ref_table ?? "",
        refColumns: k.ref_columns ?? [],
        onDelete: pgDeleteRule(k.on_delete),
      });
  }
  for (const ix of indexes)
    byName.get(ix.table)?.indexes.push({ ...ix, columns: ix.columns.map((c) => c ?? null) });
  return { dialect: "postgres", schema, tables: [...byName.values()] };
}

/**
 * Reads the same facts as {@link readPostgresCatalog} for one MariaDB/MySQL database from `information_schema`.
 *
 * @example
 * const catalog = await readMysqlCatalog(session, "shop");
 */
export async function readMysqlCatalog(s: SqlSession, database: string): Promise<Catalog> {
  const tables = await s.query<{ name: string; rows: number | null }>(
    `SELECT TABLE_NAME AS name, TABLE_ROWS AS \`rows\` FROM information_schema.TABLES
      WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME`,
    [database],
  );
  const columns = await s.query<{ table: string; name: string; type: string; nullable: string }>(
    `SELECT TABLE_NAME AS \`table\`, COLUMN_NAME AS name, COLUMN_TYPE AS type, IS_NULLABLE AS nullable
       FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION`,
    [database],
  );
  const keys = await s.query<{
    name: string;
    table: string;
    column: string;
    ref_schema: string | null;
    ref_table: string | null;
    ref_column: string | null;
    on_delete: string | null;
  }>(
    `SELECT k.CONSTRAINT_NAME AS name, k.TABLE_NAME AS \`table\`, k.COLUMN_NAME AS \`column\`,
            k.REFERENCED_TABLE_SCHEMA AS ref_schema, k.REFERENCED_TABLE_NAME AS ref_table,
            k.REFERENCED_COLUMN_NAME AS ref_column, r.DELETE_RULE AS on_delete
       FROM information_schema.KEY_COLUMN_USAGE k
       LEFT JOIN information_schema.REFERENTIAL_CONSTRAINTS r
         ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME
      WHERE k.TABLE_SCHEMA = ?
      ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`,
    [database],
  );
  const stats = await s.query<{
    table: string;
    name: string;
    non_unique: number | string;
    column: string | null;
  }>(
    `SELECT TABLE_NAME AS \`table\`, INDEX_NAME AS name, NON_UNIQUE AS non_unique, COLUMN_NAME AS \`column\`
       FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ?
      ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
    [database],
  );
  const byName = new Map<string, CatalogTable>();
  for (const t of tables)
    byName.set(t.name, {
      name: t.name,
      columns: [],
      primaryKey: [],
      foreignKeys: [],
      indexes: [],
      estimatedRows: t.rows === null ? -1 : Number(t.rows),
    });
  for (const c of columns)
    byName.get(c.table)?.columns.push({ name: c.name, type: c.type, nullable: c.nullable === "YES" });
  for (const k of keys) {
    const t = byName.get(k.table);
    if (!t) continue;
    if (k.name === "PRIMARY") t.primaryKey.push(k.column);
    else if (k.ref_table) {
      let fk = t.foreignKeys.find((f) => f.name === k.name);
      if (!fk) {
        fk = {
          name: k.name,
          columns: [],
          refSchema: k.ref_schema ?? database,
          refTable: k.ref_table,
          refColumns: [],
          onDelete: (k.on_delete ?? "RESTRICT").toUpperCase() as DeleteRule,
        };
        t.foreignKeys.push(fk);
      }
      fk.columns.push(k.column);
      fk.refColumns.push(k.ref_column ?? "");
    }
  }
  for (const st of stats) {
    const t = byName.get(st.table);
    if (!t) continue;
    let ix = t.indexes.find((i) => i.name === st.name);
    if (!ix) {
      ix = {
        name: st.name,
        columns: [],
        unique: Number(st.non_unique) === 0,
        primary: st.name === "PRIMARY",
      };
      t.indexes.push(ix);
    }
    ix.columns.push(st.column);
  }
  return { dialect: "mysql", schema: database, tables: [...byName.values()] };
}

/**
 * Samples up to `limit` rows of every table's text-like columns, returning the non-null values per column.
 *
 * @example
 * const samples = await sampleColumns(session, catalog, 200);
 * samples.get("customers")?.get("email")?.[0]; // "olivia.martin1@example.com"
 */
export async function sampleColumns(s: SqlSession, catalog: Catalog, limit: number): Promise<ColumnSamples> {
  const out: ColumnSamples = new Map();
  if (limit <= 0) return out;
  const schema = catalog.dialect === "postgres" ? catalog.schema : undefined;
  for (const t of catalog.tables) {
    const cols = t.columns.filter((c) => isSampledType(c.type));
    const perColumn = new Map<string, string[]>(cols.map((c) => [c.name, []]));
    out.set(t.name, perColumn);
    if (cols.length === 0) continue;
    const exprs = cols.map((c) =>
      catalog.dialect === "postgres"
        ? `${quoteIdent("postgres", c.name)}::text`
        : quoteIdent("mysql", c.name),
    );
    const sql = `SELECT ${exprs.join(", ")} FROM ${qualifiedName(catalog.dialect, schema ?? catalog.schema, t.name)} LIMIT ${Math.floor(limit)}`;
    const rows = await s.queryArrays(sql);
    for (const row of rows)
      cols.forEach((c, k) => {
        const v = row[k];
        if (v !== null && v !== undefined) perColumn.get(c.name)?.push(String(v));
      });
  }
  return out;
}
