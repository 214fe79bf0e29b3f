import type { SqlDialect } from "../schema/render-ddl.js";

/** A column as the live catalog describes it. */
export interface CatalogColumn {
  name: string;
  /** The type as the database spells it, e.g. `character varying(254)` or `varchar(254)`. */
  type: string;
  nullable: boolean;
}

export type DeleteRule = "CASCADE" | "RESTRICT" | "SET NULL" | "SET DEFAULT" | "NO ACTION";

export interface CatalogForeignKey {
  name: string;
  columns: string[];
  /** Schema (PostgreSQL) or database (MariaDB) of the referenced table. */
  refSchema: string;
  refTable: string;
  refColumns: string[];
  onDelete: DeleteRule;
}

export interface CatalogIndex {
  name: string;
  /** Indexed columns in order; `null` for an expression. */
  columns: (string | null)[];
  unique: boolean;
  primary: boolean;
}

export interface CatalogTable {
  name: string;
  columns: CatalogColumn[];
  primaryKey: string[];
  foreignKeys: CatalogForeignKey[];
  indexes: CatalogIndex[];
  /** The planner's row estimate (PostgreSQL `reltuples`, MariaDB `TABLE_ROWS`); -1 when unknown. */
  estimatedRows: number;
}

/** The live schema of one PostgreSQL schema or one MariaDB database. */
export interface Catalog {
  dialect: SqlDialect;
  /** The PostgreSQL schema or the MariaDB database. */
  schema: string;
  tables: CatalogTable[];
}

/** Sampled non-null values per table and column, as text. */
export type ColumnSamples = Map<string, Map<string, string[]>>;

const PG_DELETE: Record<string, DeleteRule> = {
  a: "NO ACTION",
  r: "RESTRICT",
  c: "CASCADE",
  n: "SET NULL",
  d: "SET DEFAULT",
};

/**
 * Maps PostgreSQL's one-letter `confdeltype` to the rule's SQL name.
 *
 * @example
 * pgDeleteRule("c"); // "CASCADE"
 */
export function pgDeleteRule(code: string): DeleteRule {
  return PG_DELETE[code] ?? "NO ACTION";
}

/**
 * Column types whose values are worth sampling for hints (text-like ones).
 *
 * @example
 * isSampledType("character varying(254)"); // true
 * isSampledType("bigint"); // false
 */
export function isSampledType(type: string): boolean {
  return /char|text|inet|cidr|json|enum|uuid|citext/i.test(type);
}
