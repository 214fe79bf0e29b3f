import type { ConnectorKind, FieldAnnotation, IdentityKind, System, TableAnnotation } from "@loupe/core";
import { qualifiedName, quoteIdent } from "../schema/render-ddl.js";
import type { Catalog, CatalogTable, ColumnSamples } from "./catalog.js";
import { proposeCategory, words } from "./propose-category.js";

/** Options shared by every `discover*` function. */
export interface DiscoveryOptions {
  /** Id of the proposed system. Default: the connector's name. */
  systemId?: string;
  /** Environment variable the proposed system reads its connection from. Default `<SYSTEM_ID>_URL`. */
  connectionEnv?: string;
  /** Rows (SQL) or keys (Redis) to sample for value hints. Default 200 rows, 1,000 keys. */
  sample?: number;
}

/** Something discovery noticed that a person should act on. */
export interface DiscoveryFinding {
  code: "identity-without-index" | "table-without-primary-key" | "json-column";
  severity: "warning" | "info";
  table: string;
  column?: string;
  identity?: IdentityKind;
  message: string;
  /** A statement that fixes it (identifiers quoted), when there is one. */
  fix?: string;
}

export interface DiscoveryStats {
  tables: number;
  columns: number;
  /** Columns (or Redis hash fields) given a data category. */
  personalColumns: number;
  /** Of those, the ones marked `review: true`. */
  reviewColumns: number;
  foreignKeys: number;
  identityColumns: number;
  unindexedIdentities: number;
  sampledValues: number;
  /** Tables left out of the draft because nothing in them looks personal. */
  tablesWithoutPersonalData: string[];
  /** Redis: keys scanned and patterns found. */
  keysScanned?: number;
  patterns?: number;
  ms: number;
}

/** A draft annotation for one store, what discovery noticed, and the live catalog it read. */
export interface DiscoveryResult {
  system: System;
  findings: DiscoveryFinding[];
  stats: DiscoveryStats;
  /** The live schema (SQL stores). */
  catalog?: Catalog;
}

const SOFT_DELETE = /^(deleted_at|deleted_on|deleted|is_deleted|archived_at|removed_at|erased_at)$/;
const PERSON_TABLES = /^(customers?|users?|accounts?|members?|clients?|shoppers?)$/;

function emptyTable(): TableAnnotation {
  return { identity: {}, fields: {}, references: {}, holds: [], not_personal: [] };
}

/**
 * The identity columns a table offers: where a privacy request can start or join.
 *
 * @example
 * proposeIdentity("orders", ["id", "customer_id", "email"], { email: "user.contact.email" }, ["id"]);
 * // { customer_id: "customer_id", email: "email" }
 */
export function proposeIdentity(
  table: string,
  columns: readonly string[],
  fields: Record<string, FieldAnnotation>,
  primaryKey: readonly string[],
): Partial<Record<IdentityKind, string>> {
  const id: Partial<Record<IdentityKind, string>> = {};
  const category = (c: string) => {
    const f = fields[c];
    return f === undefined ? undefined : typeof f === "string" ? f : f.category;
  };
  const first = (test: (c: string) => boolean, prefer?: string) =>
    prefer && columns.includes(prefer) && test(prefer) ? prefer : columns.find(test);
  const singlePk = primaryKey.length === 1 ? primaryKey[0] : undefined;

  const customer =
    first((c) => c === "customer_id") ??
    first((c) => c.endsWith("_customer_id")) ??
    first((c) => /^(user|account|member|client)_id$/.test(c)) ??
    (PERSON_TABLES.test(table) && singlePk ? singlePk : undefined);
  if (customer) id.customer_id = customer;
  const email = first(
    (c) =>
      category(c) === "user.contact.email" ||
      (category(c) === "user.contact.referral" && words(c).some((w) => w === "email" || w === "mail")),
    "email",
  );
  if (email) id.email = email;
  const phone = first((c) => category(c) === "user.contact.phone_number", "phone");
  if (phone) id.phone = phone;
  const order = first((c) => /(^|_)order_(number|no|ref|reference)$/.test(c), "order_number");
  if (order) id.order_number = order;
  const cookie = first((c) => category(c) === "user.device.cookie_id", "cookie_id");
  if (cookie) id.cookie_id = cookie;
  const session =
    first((c) => c === "session_id") ??
    (words(table).some((w) => w.startsWith("session")) && singlePk ? singlePk : undefined);
  if (session) id.session_id = session;
  const handle = first((c) => category(c) === "user.social");
  if (handle) id.social_handle = handle;
  return id;
}

/**
 * The statement that adds an index on one column, with identifiers quoted. PostgreSQL gets `CONCURRENTLY`
 * (it does not lock writes; run it outside a transaction); long text columns in MariaDB get a prefix length.
 *
 * @example
 * createIndexStatement("postgres", "public", "page_views", "cookie_id", "character varying(36)");
 * // 'CREATE INDEX CONCURRENTLY "page_views_cookie_id_idx" ON "public"."page_views" ("cookie_id");'
 */
export function createIndexStatement(
  dialect: "postgres" | "mysql",
  schema: string | undefined,
  table: string,
  column: string,
  type: string,
): string {
  const name = `${table}_${column}_idx`.slice(0, dialect === "postgres" ? 63 : 64);
  const target = qualifiedName(dialect, schema, table);
  if (dialect === "postgres")
    return `CREATE INDEX CONCURRENTLY ${quoteIdent(dialect, name)} ON ${target} (${quoteIdent(dialect, column)});`;
  const prefix = /text|blob/i.test(type) ? "(191)" : "";
  return `CREATE INDEX ${quoteIdent(dialect, name)} ON ${target} (${quoteIdent(dialect, column)}${prefix});`;
}

/**
 * Turns a live SQL catalog and sampled values into a draft `systems:` entry: fields with proposed categories
 * (`review: true` when uncertain), identity columns, references from foreign keys, primary keys and soft-delete
 * columns; and findings such as identity columns without an index. Pure: the readers do the I/O.
 *
 * @example
 * const { system, findings } = proposeSqlSystem(catalog, samples, { systemId: "commerce" }, "postgres");
 * system.tables.orders?.identity.email; // "email"
 */
export function proposeSqlSystem(
  catalog: Catalog,
  samples: ColumnSamples,
  options: DiscoveryOptions,
  connector: ConnectorKind,
  started = performance.now(),
): DiscoveryResult {
  const systemId = options.systemId ?? connector;
  const tables: Record<string, TableAnnotation> = {};
  const findings: DiscoveryFinding[] = [];
  const stats: DiscoveryStats = {
    tables: catalog.tables.length,
    columns: 0,
    personalColumns: 0,
    reviewColumns: 0,
    foreignKeys: 0,
    identityColumns: 0,
    unindexedIdentities: 0,
    sampledValues: 0,
    tablesWithoutPersonalData: [],
    ms: 0,
  };
  const schema = catalog.schema;
  for (const t of catalog.tables) {
    stats.columns += t.columns.length;
    stats.foreignKeys += t.foreignKeys.length;
    const annotation = proposeTable(t, samples.get(t.name), stats);
    const hasPersonal =
      Object.keys(annotation.fields).length > 0 || Object.keys(annotation.identity).length > 0;
    if (!hasPersonal) {
      stats.tablesWithoutPersonalData.push(t.name);
      continue;
    }
    for (const fk of t.foreignKeys)
      fk.columns.forEach((col, k) => {
        const ref =
          fk.refSchema === schema
            ? `${fk.refTable}.${fk.refColumns[k]}`
            : `${fk.refSchema}.${fk.refTable}.${fk.refColumns[k]}`;
        annotation.references[col] = ref;
      });
    tables[t.name] = annotation;

    // Findings.
    if (t.primaryKey.length === 0)
      findings.push({
        code: "table-without-primary-key",
        severity: "warning",
        table: t.name,
        message: `${t.name} has no primary key: erasure cannot address its rows one by one`,
      });
    for (const c of t.columns)
      if (/^jsonb?$/i.test(c.type) || looksLikeJson(samples.get(t.name)?.get(c.name) ?? []))
        findings.push({
          code: "json-column",
          severity: "info",
          table: t.name,
          column: c.name,
          message: `${t.name}.${c.name} is JSON and may hold personal data: annotate it with json_path fields`,
        });
    const leading = new Set(
      t.indexes.map((i) => i.columns[0]).filter((c): c is string => typeof c === "string"),
    );
    if (t.primaryKey[0]) leading.add(t.primaryKey[0]);
    const seen = new Set<string>();
    for (const [kind, column] of Object.entries(annotation.identity) as [IdentityKind, string][]) {
      stats.identityColumns++;
      if (leading.has(column) || seen.has(column)) continue;
      seen.add(column);
      stats.unindexedIdentities++;
      const type = t.columns.find((c) => c.name === column)?.type ?? "";
      findings.push({
        code: "identity-without-index",
        severity: "warning",
        table: t.name,
        column,
        identity: kind,
        message: `${t.name}.${column} identifies a person (${kind}) but has no index: every privacy request scans the whole table${t.estimatedRows > 0 ? ` (about ${Math.round(t.estimatedRows).toLocaleString("en-US")} rows)` : ""}`,
        fix: createIndexStatement(catalog.dialect, schema, t.name, column, type),
      });
    }
  }
  const system: System = {
    id: systemId,
    connector,
    connection: { env: options.connectionEnv ?? `${systemId.toUpperCase().replace(/[^A-Z0-9]+/g, "_")}_URL` },
    tables,
    keys: [],
  };
  if (catalog.dialect === "postgres") system.schema = schema;
  stats.ms = performance.now() - started;
  return { system, findings, stats, catalog };
}

/** True when most sampled values are JSON objects or arrays (JSON kept in a text column). */
function looksLikeJson(values: readonly string[]): boolean {
  if (values.length < 3) return false;
  let n = 0;
  for (const v of values) {
    const s = v.trim();
    if (!(s.startsWith("{") || s.startsWith("["))) continue;
    try {
      JSON.parse(s);
      n++;
    } catch {}
  }
  return n / values.length >= 0.8;
}

function proposeTable(
  t: CatalogTable,
  samples: Map<string, string[]> | undefined,
  stats: DiscoveryStats,
): TableAnnotation {
  const a = emptyTable();
  const linkedTables = t.foreignKeys.map((f) => f.refTable);
  for (const col of t.columns) {
    const values = samples?.get(col.name) ?? [];
    stats.sampledValues += values.length;
    if (t.primaryKey.length === 1 && t.primaryKey[0] === col.name && /^(id|\w+_id)$/.test(col.name)) continue;
    const p = proposeCategory({ table: t.name, column: col.name, type: col.type, values, linkedTables });
    if (!p) continue;
    stats.personalColumns++;
    if (p.review) stats.reviewColumns++;
    a.fields[col.name] = p.review ? { category: p.category, review: true } : p.category;
  }
  a.identity = proposeIdentity(
    t.name,
    t.columns.map((c) => c.name),
    a.fields,
    t.primaryKey,
  );
  if (t.primaryKey.length > 0) a.primary_key = [...t.primaryKey];
  const soft = t.columns.find((c) => SOFT_DELETE.test(c.name));
  if (soft) a.soft_delete = soft.name;
  return a;
}
