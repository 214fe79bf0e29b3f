import type { ConnectorKind } from "@loupe/core";
import type {
  ChangePlan,
  ChangeReport,
  ConnectorOutcome,
  LocatedRow,
  LocateQuery,
  Row,
  RowKey,
  Scalar,
  StoreConnector,
  StoreDescription,
  TableDescription,
  VerifyCheck,
  VerifyReport,
} from "../connector/connector.js";
import { type SqlDriver, type SqlQuery, toScalar } from "./sql-driver.js";

const KEY_BATCH = 500;

/**
 * Thrown for an annotated table or column the live store does not have (so no name reaches SQL unchecked).
 *
 * @example
 * new UnknownNameError("orders", "emial").message; // "column 'emial' does not exist in table 'orders'"
 */
export class UnknownNameError extends Error {
  constructor(
    readonly table: string,
    readonly column?: string,
  ) {
    super(
      column === undefined
        ? `table '${table}' does not exist in the store`
        : `column '${column}' does not exist in table '${table}'`,
    );
    this.name = "UnknownNameError";
  }
}

/**
 * The connector of SQL stores (PostgreSQL, PGlite, MySQL/MariaDB). Every annotated name is checked against the
 * live catalogue and quoted with the driver's escaping; every value is a parameter. Changes run in one transaction,
 * batched by key; reads go by key in batches, so memory stays bounded.
 *
 * @example
 * const c = new SqlConnector("commerce", "postgres", postgresDriver(url), "public");
 * await c.open();
 * for await (const batch of c.locate({ table: "customers", where: [{ column: "email", values: ["a@b.c"], match: "email" }], select: ["id"] })) {}
 * await c.close();
 */
export class SqlConnector implements StoreConnector {
  readonly role = "store" as const;
  #tables = new Map<string, TableDescription>();
  #driver: SqlDriver | undefined;
  readonly #makeDriver: () => Promise<SqlDriver>;

  constructor(
    readonly systemId: string,
    readonly kind: ConnectorKind,
    /** The driver, or a function opening it (PGlite opens asynchronously). */
    driver: SqlDriver | (() => Promise<SqlDriver>),
    /** PostgreSQL schema (default `public`); ignored for MySQL, which uses the connection's database. */
    readonly schema = "public",
  ) {
    this.#makeDriver = typeof driver === "function" ? driver : async () => driver;
  }

  get driver(): SqlDriver {
    if (!this.#driver) throw new Error(`the connector of system '${this.systemId}' is not open`);
    return this.#driver;
  }

  async open(): Promise<void> {
    this.#driver ??= await this.#makeDriver();
    this.#tables = new Map((await this.#readCatalog()).map((t) => [t.name, t]));
  }

  async close(): Promise<void> {
    const d = this.#driver;
    this.#driver = undefined;
    await d?.close();
  }

  async describe(): Promise<StoreDescription> {
    return { system: this.systemId, kind: this.kind, tables: [...this.#tables.values()] };
  }

  /** The live description of a table; throws {@link UnknownNameError} when it is not there. */
  table(name: string): TableDescription {
    const t = this.#tables.get(name);
    if (!t) throw new UnknownNameError(name);
    return t;
  }

  #col(t: TableDescription, column: string): string {
    if (!t.columns.includes(column)) throw new UnknownNameError(t.name, column);
    return this.driver.id(column);
  }

  #from(t: TableDescription): string {
    return this.driver.dialect === "postgres"
      ? `${this.driver.id(this.schema)}.${this.driver.id(t.name)}`
      : this.driver.id(t.name);
  }

  #pk(t: TableDescription): string[] {
    if (t.primaryKey.length === 0) throw new Error(`table '${t.name}' has no primary key`);
    return t.primaryKey;
  }

  /** `(a, b) IN ((p1, p2), (p3, p4))` for a batch of keys, parameters starting after `offset`. */
  #keyIn(t: TableDescription, keys: readonly RowKey[], offset: number): { sql: string; params: Scalar[] } {
    const pk = this.#pk(t);
    const cols = pk.map((c) => this.#col(t, c));
    const params: Scalar[] = [];
    const tuples = keys.map((k) => {
      const ps = pk.map((_, i) => {
        params.push(k[i] ?? null);
        return this.driver.param(offset + params.length);
      });
      return pk.length === 1 ? ps[0] : `(${ps.join(", ")})`;
    });
    const left = pk.length === 1 ? (cols[0] as string) : `(${cols.join(", ")})`;
    return { sql: `${left} IN (${tuples.join(", ")})`, params };
  }

  async *locate(query: LocateQuery): AsyncIterable<LocatedRow[]> {
    const t = this.table(query.table);
    const pk = this.#pk(t);
    const select = [...new Set([...pk, ...query.select, ...query.where.map((w) => w.column)])];
    const cols = select.map((c) => this.#col(t, c)).join(", ");
    // Every alternative of every column goes into as few statements as possible: one scan of a table without an
    // index serves all of them.
    const parts: { column: string; email: boolean; values: Scalar[] }[] = [];
    for (const w of query.where) {
      this.#col(t, w.column);
      const email = w.match === "email";
      const type = t.types[w.column] ?? "";
      const values = [
        ...new Set(
          w.values.filter((v) => fitsType(type, v)).map((v) => (email ? String(v).toLowerCase() : v)),
        ),
      ];
      for (let i = 0; i < values.length; i += KEY_BATCH)
        parts.push({ column: w.column, email, values: values.slice(i, i + KEY_BATCH) });
    }
    while (parts.length > 0) {
      const batch: typeof parts = [];
      let n = 0;
      while (
        parts.length > 0 &&
        (batch.length === 0 || n + (parts[0]?.values.length ?? 0) <= KEY_BATCH * 2)
      ) {
        const p = parts.shift() as (typeof parts)[number];
        batch.push(p);
        n += p.values.length;
      }
      const params: Scalar[] = [];
      const conditions = batch.map((p) => {
        const column = this.driver.id(p.column);
        // MySQL's case-insensitive collations compare e-mails without LOWER(), which keeps the index usable.
        const left = p.email && this.driver.dialect === "postgres" ? `lower(${column})` : column;
        const ps = p.values.map((v) => {
          params.push(v);
          return this.driver.param(params.length);
        });
        return `${left} IN (${ps.join(", ")})`;
      });
      const rows = await this.driver.query(
        `SELECT ${cols} FROM ${this.#from(t)} WHERE ${conditions.join(" OR ")}`,
        params,
      );
      const sets = batch.map((p) => ({
        column: p.column,
        email: p.email,
        wanted: new Set(p.values.map(String)),
      }));
      const out: LocatedRow[] = [];
      for (const r of rows) {
        const values: Row = {};
        for (const c of select) values[c] = toScalar(r[c]);
        // Collations may fold case and accents; keep only rows that match exactly (e-mails case-folded).
        const hit = sets.some((x) => {
          const v = values[x.column];
          return v !== null && v !== undefined && x.wanted.has(x.email ? String(v).toLowerCase() : String(v));
        });
        if (hit) out.push({ key: pk.map((c) => values[c] ?? null), values });
      }
      if (out.length > 0) yield out;
    }
  }

  async *stream(table: string, keys: readonly RowKey[]): AsyncIterable<Row[]> {
    const t = this.table(table);
    const cols = t.columns.map((c) => this.driver.id(c)).join(", ");
    const order = this.#pk(t)
      .map((c) => this.driver.id(c))
      .join(", ");
    for (let i = 0; i < keys.length; i += KEY_BATCH) {
      const w = this.#keyIn(t, keys.slice(i, i + KEY_BATCH), 0);
      const rows = await this.driver.query(
        `SELECT ${cols} FROM ${this.#from(t)} WHERE ${w.sql} ORDER BY ${order}`,
        w.params,
      );
      yield rows.map((r) => {
        const out: Row = {};
        for (const c of t.columns) out[c] = toScalar(r[c]);
        return out;
      });
    }
  }

  async #apply(plan: ChangePlan, onlyUpdates: boolean): Promise<ConnectorOutcome<ChangeReport>> {
    const report: ChangeReport = { deleted: {}, updated: {} };
    const batch = plan.batchSize ?? KEY_BATCH;
    // Check every name before the transaction starts.
    for (const ch of plan.changes) {
      const t = this.table(ch.table);
      if (ch.op === "update")
        for (const c of [...Object.keys(ch.set), ...Object.keys(ch.perRow ?? {})]) this.#col(t, c);
      else if (onlyUpdates) throw new Error("this plan may only update rows");
    }
    await this.driver.transaction(async (q: SqlQuery) => {
      for (const ch of plan.changes) {
        const t = this.table(ch.table);
        if (ch.op === "delete") {
          for (let i = 0; i < ch.keys.length; i += batch) {
            const w = this.#keyIn(t, ch.keys.slice(i, i + batch), 0);
            await q(`DELETE FROM ${this.#from(t)} WHERE ${w.sql}`, w.params);
          }
          report.deleted[ch.table] = (report.deleted[ch.table] ?? 0) + ch.keys.length;
          continue;
        }
        // Rows that get the same values share one statement (e.g. every row hashed from the same e-mail).
        const groups = new Map<string, { set: Record<string, Scalar>; keys: RowKey[] }>();
        ch.keys.forEach((k, i) => {
          const set: Record<string, Scalar> = { ...ch.set };
          for (const [c, vs] of Object.entries(ch.perRow ?? {})) set[c] = vs[i] ?? null;
          const sig = JSON.stringify(set);
          const g = groups.get(sig) ?? { set, keys: [] };
          g.keys.push(k);
          groups.set(sig, g);
        });
        for (const g of groups.values()) {
          const entries = Object.entries(g.set);
          if (entries.length === 0) continue;
          const assign = entries
            .map(([c], j) => `${this.#col(t, c)} = ${this.driver.param(j + 1)}`)
            .join(", ");
          for (let i = 0; i < g.keys.length; i += batch) {
            const w = this.#keyIn(t, g.keys.slice(i, i + batch), entries.length);
            await q(`UPDATE ${this.#from(t)} SET ${assign} WHERE ${w.sql}`, [
              ...entries.map(([, v]) => v),
              ...w.params,
            ]);
          }
        }
        report.updated[ch.table] = (report.updated[ch.table] ?? 0) + ch.keys.length;
      }
    });
    return { status: "done", value: report };
  }

  erase(plan: ChangePlan): Promise<ConnectorOutcome<ChangeReport>> {
    return this.#apply(plan, false);
  }

  update(plan: ChangePlan): Promise<ConnectorOutcome<ChangeReport>> {
    return this.#apply(plan, true);
  }

  restrict(plan: ChangePlan): Promise<ConnectorOutcome<ChangeReport>> {
    return this.#apply(plan, true);
  }

  async verify(checks: readonly VerifyCheck[]): Promise<VerifyReport> {
    const remaining: VerifyReport["remaining"] = [];
    for (const check of checks) {
      const t = this.table(check.table);
      const pk = this.#pk(t);
      const expectCols = Object.keys(check.expect ?? {});
      const cols = [...new Set([...pk, ...expectCols])];
      const counts = new Map<string, number>();
      const index = new Map(check.keys.map((k, i) => [JSON.stringify(k.map((v) => String(v))), i]));
      for (let i = 0; i < check.keys.length; i += KEY_BATCH) {
        const w = this.#keyIn(t, check.keys.slice(i, i + KEY_BATCH), 0);
        const rows = await this.driver.query(
          `SELECT ${cols.map((c) => this.#col(t, c)).join(", ")} FROM ${this.#from(t)} WHERE ${w.sql}`,
          w.params,
        );
        for (const r of rows) {
          if (check.gone) {
            counts.set("*", (counts.get("*") ?? 0) + 1);
            continue;
          }
          const at = index.get(JSON.stringify(pk.map((c) => String(toScalar(r[c])))));
          for (const c of expectCols) {
            const e = check.expect?.[c];
            const want = Array.isArray(e) ? (e[at ?? -1] ?? null) : (e ?? null);
            if (!sameValue(toScalar(r[c]), want)) counts.set(c, (counts.get(c) ?? 0) + 1);
          }
        }
      }
      for (const [column, rows] of counts) remaining.push({ table: check.table, column, rows });
    }
    return { ok: remaining.length === 0, remaining };
  }

  async #readCatalog(): Promise<TableDescription[]> {
    const d = this.driver;
    const pgsql = d.dialect === "postgres";
    const schemaFilter = pgsql ? "c.table_schema = $1" : "c.table_schema = DATABASE()";
    const params = pgsql ? [this.schema] : [];
    const cols = await d.query(
      `SELECT c.table_name AS t, c.column_name AS c, c.is_nullable AS n, c.data_type AS dt,
              c.character_maximum_length AS len
         FROM information_schema.columns c
        WHERE ${schemaFilter}
        ORDER BY c.table_name, c.ordinal_position`,
      params,
    );
    const keys = await d.query(
      `SELECT k.table_name AS t, k.column_name AS c, tc.constraint_type AS kind, k.constraint_name AS name,
              ${pgsql ? "ccu.table_name" : "k.referenced_table_name"} AS rt,
              ${pgsql ? "ccu.column_name" : "k.referenced_column_name"} AS rc
         FROM information_schema.table_constraints tc
         JOIN information_schema.key_column_usage k
           ON k.constraint_name = tc.constraint_name AND k.table_schema = tc.table_schema
              AND k.table_name = tc.table_name
         ${
           pgsql
             ? `LEFT JOIN information_schema.constraint_column_usage ccu
                  ON tc.constraint_type = 'FOREIGN KEY' AND ccu.constraint_name = tc.constraint_name
                     AND ccu.constraint_schema = tc.constraint_schema`
             : ""
         }
        WHERE ${schemaFilter.replace("c.", "tc.")} AND tc.constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY')
        ORDER BY k.table_name, k.constraint_name, k.ordinal_position`,
      params,
    );
    const estimates = pgsql
      ? await d.query(
          `SELECT c.relname AS t, greatest(c.reltuples, 0)::bigint AS n FROM pg_class c
             JOIN pg_namespace ns ON ns.oid = c.relnamespace WHERE ns.nspname = $1 AND c.relkind = 'r'`,
          params,
        )
      : await d.query(
          "SELECT table_name AS t, table_rows AS n FROM information_schema.tables WHERE table_schema = DATABASE()",
        );
    const byName = new Map<string, TableDescription>();
    for (const r of cols) {
      const name = String(r.t ?? r.T ?? r.TABLE_NAME);
      let t = byName.get(name);
      if (!t) {
        t = {
          name,
          columns: [],
          primaryKey: [],
          maxLength: {},
          nullable: [],
          types: {},
          foreignKeys: [],
          estimatedRows: 0,
        };
        byName.set(name, t);
      }
      const c = String(r.c);
      t.columns.push(c);
      t.types[c] = String(r.dt).toLowerCase();
      if (r.len !== null && r.len !== undefined) t.maxLength[c] = Number(r.len);
      if (String(r.n).toUpperCase() === "YES") t.nullable.push(c);
    }
    const fks = new Map<string, { columns: string[]; table: string; refColumns: string[] }>();
    for (const r of keys) {
      const t = byName.get(String(r.t));
      if (!t) continue;
      if (r.kind === "PRIMARY KEY") {
        if (!t.primaryKey.includes(String(r.c))) t.primaryKey.push(String(r.c));
        continue;
      }
      const id = `${t.name}\u0000${String(r.name)}`;
      let fk = fks.get(id);
      if (!fk) {
        fk = { columns: [], table: String(r.rt), refColumns: [] };
        fks.set(id, fk);
        t.foreignKeys.push(fk);
      }
      if (!fk.columns.includes(String(r.c))) fk.columns.push(String(r.c));
      if (!fk.refColumns.includes(String(r.rc))) fk.refColumns.push(String(r.rc));
    }
    for (const r of estimates) {
      const t = byName.get(String(r.t));
      if (t) t.estimatedRows = Number(r.n ?? 0);
    }
    return [...byName.values()];
  }
}

const INTEGER = /^(bigint|integer|int|smallint|tinyint|mediumint)$/;
const NUMERIC = /^(numeric|decimal|real|double precision|double|float)$/;

/** Whether a value can be compared with a column of this type at all (a customer id "abc" never matches a bigint). */
function fitsType(type: string, v: Scalar): boolean {
  if (v === null) return false;
  const s = String(v);
  if (INTEGER.test(type)) return /^-?\d{1,19}$/.test(s);
  if (NUMERIC.test(type)) return /^-?\d+(\.\d+)?$/.test(s);
  if (type === "uuid") return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
  if (type === "inet") return /^[0-9a-f:.]+(\/\d+)?$/i.test(s);
  return true;
}

function sameValue(a: Scalar, b: Scalar): boolean {
  if (a === null || b === null) return a === b;
  if (typeof a === "boolean" || typeof b === "boolean")
    return String(a) === String(b) || Number(a) === Number(b);
  return String(a) === String(b);
}
