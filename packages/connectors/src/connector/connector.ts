import type { ConnectorKind, IdentityKind, System } from "@loupe/core";

/**
 * The one shape every connector has. A connector serves one annotated system of the data map.
 *
 * Two roles share it:
 * - a **store** connector (PostgreSQL, PGlite, MySQL/MariaDB, Redis) holds records itself: the engine asks it to
 *   locate rows by column values (identities and references), streams them for access, and hands it erase,
 *   update and restrict plans that it applies in one transaction per store;
 * - a **provider** connector (an HTTP service provider, a manual task for a person) receives the whole request
 *   and answers `done` (with evidence and, for access, records), `pending` (it will call back or a person has to
 *   confirm) or `failed`.
 *
 * Every operation that changes something is idempotent: the engine may hand the same plan again after a crash.
 */

/** A column (or Redis hash field) value as connectors pass it around: no dates or buffers, only scalars. */
export type Scalar = string | number | boolean | null;

/** A row as read: column → value. Dates come as ISO 8601 strings, big integers as numbers or strings. */
export type Row = Record<string, Scalar>;

/** A row's key: its primary key values in the order of the table's primary key (Redis: the full key name). */
export type RowKey = Scalar[];

/** Rows of one table (or one Redis key pattern) where any of `where` matches. */
export interface LocateQuery {
  /** Table name (Redis: the key pattern as annotated, e.g. `session:{session_id}`). */
  table: string;
  /**
   * Alternatives, OR-ed: the column (Redis: the identity placeholder name, or a hash field) equals one of the
   * values. `match: "email"` compares case-insensitively.
   */
  where: { column: string; values: readonly Scalar[]; match?: "exact" | "email" }[];
  /** Columns to return besides the key (identity and reference columns). */
  select: readonly string[];
}

/** One located row: its key and the selected columns. */
export interface LocatedRow {
  key: RowKey;
  values: Row;
}

/** A table or key pattern as the store describes it, for plans and checks of annotated names. */
export interface TableDescription {
  name: string;
  /** Column names in the store's order (Redis: the annotated fields). */
  columns: string[];
  /** Primary key columns (Redis: `["$key"]`). */
  primaryKey: string[];
  /** Character length limit of string columns, when the store has one. */
  maxLength: Record<string, number>;
  /** Columns that accept NULL. */
  nullable: string[];
  /** Column → the store's type name (lower-case, e.g. `character varying`, `bigint`, `inet`, `varchar`). */
  types: Record<string, string>;
  /** Foreign keys read from the live schema: column → `table.column`. */
  foreignKeys: { columns: string[]; table: string; refColumns: string[] }[];
  /** Estimated rows (or keys) in the whole table, from the store's statistics. */
  estimatedRows: number;
}

export interface StoreDescription {
  system: string;
  kind: ConnectorKind;
  tables: TableDescription[];
}

/** One statement group of a plan: the same change for many rows of one table. */
export type Change =
  | { table: string; op: "delete"; keys: RowKey[] }
  | {
      table: string;
      op: "update";
      /** Column → new value, the same for every row. */
      set: Record<string, Scalar>;
      /** Column → new value per row (e.g. a keyed hash of that row's value), in the order of `keys`. */
      perRow?: Record<string, Scalar[]>;
      keys: RowKey[];
    };

/** Changes to apply in order (children before parents), in one transaction where the store has them. */
export interface ChangePlan {
  changes: Change[];
  /** Rows changed per statement. Default 500. */
  batchSize?: number;
}

export interface ChangeReport {
  /** Rows deleted per table. */
  deleted: Record<string, number>;
  /** Rows updated per table. */
  updated: Record<string, number>;
}

/** A column whose value must be gone (or equal the expected masked value) after erasure. */
export interface VerifyCheck {
  table: string;
  keys: RowKey[];
  /** Row must be gone. */
  gone?: boolean;
  /** Column → the value it must now hold (erased columns), per row in the order of `keys`, or one value for all. */
  expect?: Record<string, Scalar | Scalar[]>;
}

export interface VerifyReport {
  ok: boolean;
  /** What still holds erasable data: table, column and how many rows (never the values). */
  remaining: { table: string; column: string; rows: number }[];
}

/** The subject of a request, with identity values already normalised (e-mail lower-case, phone E.164). */
export interface SubjectIdentities {
  email?: string[];
  phone?: string[];
  customer_id?: string[];
  [kind: string]: string[] | undefined;
}

/** What a provider connector receives. */
export interface ProviderRequest {
  requestId: string;
  /** Same for every retry of this request at this system: the provider deduplicates on it. */
  idempotencyKey: string;
  kind: "access" | "erase" | "correct" | "restrict" | "object";
  subject: SubjectIdentities;
  /** Data category → new value (correct). */
  corrections?: Record<string, string>;
  /** The data categories this system holds according to the map. */
  categories: string[];
}

/**
 * What a connector answers for a step. `pending` means the connector has sent what it had to and the result will
 * arrive later (a callback, a person confirming); the engine records it and the step is finished by the callback.
 */
export type ConnectorOutcome<T> =
  | { status: "done"; value: T; evidence?: string }
  | { status: "pending"; reference: string; message: string; retryAfterMs?: number }
  | { status: "failed"; message: string; retryable: boolean };

/** Operations shared by every connector. */
export interface ConnectorBase {
  readonly kind: ConnectorKind;
  /** The system id in the data map. */
  readonly systemId: string;
  open(): Promise<void>;
  close(): Promise<void>;
  /** Tables (or key patterns) with columns, keys and row estimates. Providers describe what the map declares. */
  describe(): Promise<StoreDescription>;
}

/** A store the engine reads and changes record by record. */
export interface StoreConnector extends ConnectorBase {
  readonly role: "store";
  /** Streams located rows in batches; memory stays bounded by the batch size. */
  locate(query: LocateQuery): AsyncIterable<LocatedRow[]>;
  /** Streams whole rows (all columns) of the given keys, in batches. */
  stream(table: string, keys: readonly RowKey[]): AsyncIterable<Row[]>;
  /** Applies an erasure plan in one transaction (Redis: MULTI/EXEC). Idempotent. */
  erase(plan: ChangePlan): Promise<ConnectorOutcome<ChangeReport>>;
  /** Applies corrections (updates only). Idempotent. */
  update(plan: ChangePlan): Promise<ConnectorOutcome<ChangeReport>>;
  /** Applies the annotated restriction markers (updates only). Idempotent. */
  restrict(plan: ChangePlan): Promise<ConnectorOutcome<ChangeReport>>;
  /** Checks directly in the store that nothing erasable remains. */
  verify(checks: readonly VerifyCheck[]): Promise<VerifyReport>;
}

/** A service provider or a person, reached with the whole request. */
export interface ProviderConnector extends ConnectorBase {
  readonly role: "provider";
  /** Sends (or re-sends: same idempotency key) the request. */
  send(request: ProviderRequest): Promise<ConnectorOutcome<ProviderResult>>;
}

export interface ProviderResult {
  /** Access: records the provider returned, per table or file name. */
  records?: Record<string, Row[]>;
  /** Erase/correct: how many records the provider reports as changed. */
  changed?: number;
}

export type Connector = StoreConnector | ProviderConnector;

/** What a factory gets to build a connector. */
export interface ConnectorContext {
  system: System;
  /** Connection URLs by variable name; a connector reads only `system.connection.env`. */
  env: Record<string, string | undefined>;
  /** Embedded databases by system id (PGlite), for the zero-setup default and tests. */
  embedded?: Record<string, unknown>;
  /** Directory that relative paths in the map (PGlite `connection.path`) are resolved against. */
  baseDir?: string;
  now: () => Date;
}

export type ConnectorFactory = (context: ConnectorContext) => Connector;

/** Identity kinds, re-exported for connector authors. */
export type { IdentityKind };
