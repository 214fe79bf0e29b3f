import {
  type FieldAnnotation,
  fail,
  type Hold,
  type IdentityKind,
  LoupeError,
  ok,
  type Result,
  type System,
  SystemSchema,
  type TableAnnotation,
} from "@loupe/core";
import { OPENCART_JSON_LINKS, OPENCART_TABLES } from "./opencart-tables.js";
import type { OpencartDatabase } from "./recognise-opencart.js";

export interface OpencartSystemOptions {
  /** The system id in the data map. Default `opencart`. */
  id?: string;
  /** The environment variable holding the database URL. Default `OPENCART_DATABASE_URL`. */
  connectionEnv?: string;
  /** OpenCart's `DIR_UPLOAD` (from its `config.php`), where uploaded files live. */
  uploadDir?: string;
}

/**
 * What the OpenCart profile knows beyond today's annotation schema, kept on the system under `opencart:`
 * (systems accept extra keys). The rights engine can read it; each entry is a proposed schema addition.
 */
export interface OpencartProfileInfo {
  version: 3 | 4;
  prefix: string;
  /** Unprefixed table → engine. */
  engines: Record<string, string>;
  /** `transactions` on InnoDB; on MyISAM each step must be idempotent and verified afterwards. */
  erasure: "transactions" | "idempotent-verified";
  /** Prefixed table → e-mail column → whether its collation compares case-insensitively. */
  email_case_insensitive: Record<string, boolean>;
  /** Prefixed table → columns where `0` means "none" (a guest's `customer_id`): never follow or match 0. */
  zero_means_none: Record<string, string[]>;
  /** Prefixed table → JSON column → JSON path → identity kind or data category found there. */
  json: Record<string, Record<string, Record<string, string>>>;
  /** Files on disk named by a column: erasing the row must also delete the file. */
  files: { table: string; column: string; dir?: string }[];
}

/** The built-in annotation of one OpenCart shop. */
export interface OpencartSystem {
  /** Validated by core's `SystemSchema`. */
  system: System;
  /** The profile's extra knowledge (also at `system.opencart`). */
  profile: OpencartProfileInfo;
  /** Unprefixed names of the annotated tables. */
  tables: string[];
}

/**
 * Produces the built-in annotations of a recognised OpenCart database: every table with personal data that the
 * live database has, with identities, implicit references (OpenCart declares none), JSON paths, uploaded files
 * and the erasure plan (delete account, activity, login, online, search, wishlist, cart, session and token
 * rows; mask order, return and review fields under tax and warranty holds). Columns a customised shop lacks are
 * left out; the generated JSON columns of `missingJsonLinks()`, where added, become identities and references. The result is validated by core's `SystemSchema`.
 *
 * @example
 * const found = await recogniseOpencart(conn);
 * if (found.ok) {
 *   const built = opencartSystem(found.value, { connectionEnv: "FDJ_DATABASE_URL" });
 *   if (built.ok) map.systems.push(built.value.system);
 * }
 */
export function opencartSystem(
  db: OpencartDatabase,
  options: OpencartSystemOptions = {},
): Result<OpencartSystem> {
  const p = (name: string) => db.prefix + name;
  const tables: Record<string, TableAnnotation> = {};
  const profile: OpencartProfileInfo = {
    version: db.version,
    prefix: db.prefix,
    engines: db.engines,
    erasure: db.transactional ? "transactions" : "idempotent-verified",
    email_case_insensitive: {},
    zero_means_none: {},
    json: {},
    files: [],
  };
  const covered: string[] = [];
  for (const spec of OPENCART_TABLES) {
    const live = db.tables.get(spec.name);
    if (!live) continue;
    const has = new Set(live.columns.map((c) => c.name));
    const identity: Partial<Record<IdentityKind, string>> = {};
    const zero = new Set(spec.zeroMeansNone ?? []);
    for (const [kind, column] of Object.entries(spec.identity) as [IdentityKind, string][]) {
      // A column where 0 means "no account" is followed as a reference only: as an identity, a guest's 0 would be
      // learned from their rows and match every other guest.
      if (has.has(column) && !zero.has(column)) identity[kind] = column;
    }
    const fields: Record<string, FieldAnnotation> = {};
    for (const [column, field] of Object.entries(spec.fields)) if (has.has(column)) fields[column] = field;
    const references: Record<string, string> = {};
    for (const [column, target] of Object.entries(spec.references)) {
      const [table] = target.split(".") as [string];
      if (has.has(column) && db.tables.has(table)) references[column] = p(target);
    }
    for (const link of OPENCART_JSON_LINKS) {
      if (link.table !== spec.name || !has.has(link.column)) continue;
      if (link.identity) identity[link.identity] = link.column;
      if (link.reference && db.tables.has(link.reference.split(".")[0] as string)) {
        references[link.column] = p(link.reference);
      }
    }
    const holds: Hold[] = [];
    for (const hold of spec.holds) {
      const kept = hold.fields.filter((f) => has.has(f));
      // A hold whose listed columns are all missing would otherwise read as "the whole row".
      if (hold.fields.length > 0 && kept.length === 0) continue;
      holds.push({
        fields: kept,
        for: hold.for,
        reason: hold.reason,
        ...(hold.from && has.has(hold.from) ? { from: hold.from } : {}),
      });
    }
    const annotation: TableAnnotation = {
      title: spec.title,
      identity,
      fields,
      references,
      erase: spec.erase,
      holds,
      not_personal: [],
    };
    if (live.primaryKey.length > 0) annotation.primary_key = [...live.primaryKey];
    tables[p(spec.name)] = annotation;
    covered.push(spec.name);

    if (identity.email) {
      const collation = live.columns.find((c) => c.name === identity.email)?.collation ?? "";
      profile.email_case_insensitive[p(spec.name)] = /_ci$/i.test(collation);
    }
    const zeroColumns = [...zero].filter((c) => has.has(c));
    if (zeroColumns.length > 0) profile.zero_means_none[p(spec.name)] = zeroColumns;
    for (const [column, paths] of Object.entries(spec.json ?? {})) {
      if (!has.has(column)) continue;
      profile.json[p(spec.name)] ??= {};
      (profile.json[p(spec.name)] as Record<string, Record<string, string>>)[column] = paths;
    }
    if (spec.file && has.has(spec.file)) {
      profile.files.push({
        table: p(spec.name),
        column: spec.file,
        ...(options.uploadDir ? { dir: options.uploadDir } : {}),
      });
    }
  }
  const candidate = {
    id: options.id ?? "opencart",
    title: `OpenCart ${db.version} shop (database ${db.database}, prefix ${db.prefix || "none"})`,
    connector: "mysql",
    connection: { env: options.connectionEnv ?? "OPENCART_DATABASE_URL" },
    tables,
    keys: [],
    opencart: profile,
  };
  const parsed = SystemSchema.safeParse(candidate);
  if (!parsed.success) {
    return fail(
      ...parsed.error.issues.map(
        (i) =>
          new LoupeError("MAP_INVALID", `OpenCart profile: ${i.message}`, {
            path: `systems[${candidate.id}].${i.path.join(".")}`,
          }),
      ),
    );
  }
  return ok({ system: parsed.data, profile, tables: covered });
}
