import type { ColumnSpec, TableSpec } from "./shop-schema.js";

export type SqlDialect = "postgres" | "mysql";

/**
 * Quotes an identifier for a dialect, doubling any quote character inside it.
 *
 * @example
 * quoteIdent("postgres", 'odd"name'); // "\"odd\"\"name\""
 * quoteIdent("mysql", "orders"); // "`orders`"
 */
export function quoteIdent(dialect: SqlDialect, name: string): string {
  return dialect === "postgres" ? `"${name.replaceAll('"', '""')}"` : `\`${name.replaceAll("`", "``")}\``;
}

/**
 * A table name, schema-qualified when a schema is given.
 *
 * @example
 * qualifiedName("postgres", "marketing", "chats"); // "\"marketing\".\"chats\""
 */
export function qualifiedName(dialect: SqlDialect, schema: string | undefined, table: string): string {
  return schema ? `${quoteIdent(dialect, schema)}.${quoteIdent(dialect, table)}` : quoteIdent(dialect, table);
}

function columnType(dialect: SqlDialect, col: ColumnSpec): string {
  const pg = dialect === "postgres";
  switch (col.type) {
    case "id":
      return pg ? "bigint" : "BIGINT";
    case "int":
      return pg ? "integer" : "INT";
    case "varchar":
      return pg ? `varchar(${col.length})` : `VARCHAR(${col.length})`;
    case "char":
      return pg ? `char(${col.length})` : `CHAR(${col.length})`;
    case "text":
      return pg ? "text" : "TEXT";
    case "bool":
      return pg ? "boolean" : "BOOLEAN";
    case "timestamp":
      return pg ? "timestamptz" : "DATETIME(3)";
    case "date":
      return pg ? "date" : "DATE";
    case "decimal2":
      return pg ? "numeric(12,2)" : "DECIMAL(12,2)";
    case "inet":
      return pg ? "inet" : "VARCHAR(45)";
  }
}

/** DDL for a set of tables, split so that bulk loading can run between table creation and constraints. */
export interface TableDdl {
  /** Statements that create the tables (MariaDB: with keys, indexes and foreign keys inline). */
  create: string[];
  /** Statements to run after loading (PostgreSQL: primary keys, indexes, then foreign keys). */
  afterLoad: string[];
  /** Statements that drop the tables, children first. */
  drop: string[];
}

/**
 * Renders the DDL of the given tables. For PostgreSQL, keys and indexes are added after loading, which is how bulk
 * loads are done; MariaDB (InnoDB) clusters rows by primary key, so its tables are created complete.
 *
 * @example
 * const ddl = renderDdl("postgres", COMMERCE_TABLES, "public");
 * ddl.create[0]; // 'CREATE TABLE "public"."products" (...)'
 */
export function renderDdl(dialect: SqlDialect, tables: readonly TableSpec[], schema?: string): TableDdl {
  const q = (s: string) => quoteIdent(dialect, s);
  const name = (t: string) => qualifiedName(dialect, schema, t);
  const cols = (cs: string[]) => cs.map(q).join(", ");
  const create: string[] = [];
  const afterLoad: string[] = [];
  const indexes: string[] = [];
  const fks: string[] = [];
  for (const t of tables) {
    const lines = t.columns.map(
      (col) => `  ${q(col.name)} ${columnType(dialect, col)}${col.nullable ? "" : " NOT NULL"}`,
    );
    if (dialect === "postgres") {
      create.push(`CREATE TABLE ${name(t.name)} (\n${lines.join(",\n")}\n)`);
      afterLoad.push(
        `ALTER TABLE ${name(t.name)} ADD CONSTRAINT ${q(`${t.name}_pkey`)} PRIMARY KEY (${cols(t.primaryKey)})`,
      );
      for (const ix of t.indexes) {
        const ixName = `${t.name}_${ix.columns.join("_")}_${ix.unique ? "key" : "idx"}`;
        indexes.push(
          `CREATE ${ix.unique ? "UNIQUE " : ""}INDEX ${q(ixName)} ON ${name(t.name)} (${cols(ix.columns)})`,
        );
      }
      for (const f of t.foreignKeys) {
        fks.push(
          `ALTER TABLE ${name(t.name)} ADD CONSTRAINT ${q(`${t.name}_${f.columns.join("_")}_fkey`)} FOREIGN KEY (${cols(f.columns)}) REFERENCES ${name(f.table)} (${cols(f.refColumns)}) ON DELETE ${f.onDelete}`,
        );
      }
    } else {
      lines.push(`  PRIMARY KEY (${cols(t.primaryKey)})`);
      for (const ix of t.indexes) {
        const ixName = `${t.name}_${ix.columns.join("_")}_${ix.unique ? "key" : "idx"}`;
        lines.push(`  ${ix.unique ? "UNIQUE " : ""}KEY ${q(ixName)} (${cols(ix.columns)})`);
      }
      for (const f of t.foreignKeys) {
        lines.push(
          `  CONSTRAINT ${q(`${t.name}_${f.columns.join("_")}_fkey`)} FOREIGN KEY (${cols(f.columns)}) REFERENCES ${name(f.table)} (${cols(f.refColumns)}) ON DELETE ${f.onDelete}`,
        );
      }
      create.push(
        `CREATE TABLE ${name(t.name)} (\n${lines.join(",\n")}\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
      );
    }
  }
  afterLoad.push(...indexes, ...fks);
  const drop = [...tables]
    .reverse()
    .map((t) => `DROP TABLE IF EXISTS ${name(t.name)}${dialect === "postgres" ? " CASCADE" : ""}`);
  return { create, afterLoad, drop };
}
