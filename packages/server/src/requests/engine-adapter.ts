import type { DataMap } from "@loupe/core";
import { strFromU8, unzipSync } from "fflate";
import type { ExecuteFn, ExecutionOutcome, LookupFn, OutcomeItem, ShopRecord } from "./rights-context.js";

/** The part of `@loupe/connectors`' `RequestResult` the workflow reads. */
export interface EngineResult {
  status: "done" | "pending" | "failed";
  tables: {
    system: string;
    table: string;
    rows: number;
    deleted: number;
    masked: number;
    updated: number;
    keptRows: { reason: string; rows: number }[];
    keptFields: { field: string; reason: string; rows: number }[];
  }[];
  recipients: {
    id: string;
    title: string;
    status: "sent" | "pending" | "failed" | "to-notify";
    message?: string;
  }[];
  package?: { bytes?: Uint8Array };
  errors: { system: string; message: string }[];
}

/** `@loupe/connectors`' `executeRequest`, as the adapter calls it. */
export type EngineExecute = (options: {
  requestId: string;
  kind: "plan" | "access" | "erase" | "correct" | "restrict" | "object";
  subject: { email?: string; phone?: string; customerId?: string };
  corrections?: Record<string, string>;
  map: DataMap;
  env: Record<string, string | undefined>;
  baseDir?: string;
  journal?: unknown;
}) => Promise<EngineResult>;

/** What the privacy centre's correction form calls each field, as data categories. */
export const CORRECTION_CATEGORIES: Record<string, string> = {
  name: "user.name",
  phone: "user.contact.phone_number",
  address: "user.contact.address",
  email: "user.contact.email",
};

/**
 * The workflow's `execute` over the rights engine: corrections named by form field become data categories; the
 * engine's per-table result becomes outcome lines (rows read, erased, corrected or restricted, and kept with the
 * reason of each hold); recipients still to notify become manual tasks. A failed run throws, so the job is
 * retried (the engine resumes from its journal).
 *
 * @example
 * const execute = engineExecuteFn(executeRequest, { map: loaded.map, env: process.env });
 */
export function engineExecuteFn(
  engine: EngineExecute,
  base: {
    map: DataMap;
    env: Record<string, string | undefined>;
    baseDir?: string | undefined;
    journal?: unknown;
  },
): ExecuteFn {
  return async (input) => {
    const corrections = input.corrections
      ? Object.fromEntries(
          Object.entries(input.corrections).map(([k, v]) => [CORRECTION_CATEGORIES[k] ?? k, v]),
        )
      : undefined;
    const result = await engine({
      requestId: input.requestId,
      kind: input.kind,
      subject: input.subject,
      ...(corrections ? { corrections } : {}),
      map: base.map,
      env: base.env,
      ...(base.baseDir ? { baseDir: base.baseDir } : {}),
      ...(base.journal ? { journal: base.journal } : {}),
    });
    if (result.status === "failed") {
      throw new Error(
        `the rights engine failed in ${result.errors.map((e) => e.system).join(", ") || "a system"}`,
      );
    }
    return engineOutcome(input.kind, result);
  };
}

/**
 * The outcome lines of an engine result.
 *
 * @example
 * engineOutcome("erase", result).items.filter((i) => i.action === "kept");
 */
export function engineOutcome(kind: string, result: EngineResult): ExecutionOutcome {
  const items: OutcomeItem[] = [];
  for (const t of result.tables) {
    const where = { system: t.system, table: t.table };
    if (kind === "access" || kind === "plan") items.push({ ...where, action: "read", rows: t.rows });
    else if (kind === "erase") {
      if (t.deleted + t.masked > 0) items.push({ ...where, action: "erased", rows: t.deleted + t.masked });
      for (const k of t.keptRows) items.push({ ...where, action: "kept", rows: k.rows, reason: k.reason });
      for (const k of t.keptFields)
        items.push({ ...where, action: "kept", rows: k.rows, reason: `${k.field}: ${k.reason}` });
    } else if (kind === "correct") items.push({ ...where, action: "corrected", rows: t.updated });
    else if (kind === "restrict") items.push({ ...where, action: "restricted", rows: t.updated || t.rows });
    else items.push({ ...where, action: "objected", rows: t.updated || t.rows });
  }
  for (const r of result.recipients)
    if (r.status === "sent") items.push({ system: r.title, action: "notified", rows: 1 });
  // Recipients are told of erasures, corrections and restrictions (Art. 19, §7022(b)); an access needs no notice.
  const manualTasks = result.recipients
    .filter((r) => r.status !== "sent" && kind !== "access" && kind !== "plan")
    .map((r) => ({
      id: `notify-${r.id}`.slice(0, 100),
      system: r.id,
      description: `tell ${r.title} about this request${r.message ? ` (${r.message})` : ""}`,
    }));
  return {
    items,
    ...(result.package?.bytes ? { package: result.package.bytes } : {}),
    ...(manualTasks.length ? { manualTasks } : {}),
  };
}

/**
 * A lookup of an e-mail address in the shop's own data through the engine's access run: the package's
 * `data.json` is read for the map's phone and postcode fields, order numbers and customer id. Nothing is stored.
 *
 * @example
 * const lookup = engineLookupFn(executeRequest, { map: loaded.map, env: process.env });
 * (await lookup("ada@example.com"))?.postcodes; // ["94105"]
 */
export function engineLookupFn(
  engine: EngineExecute,
  base: { map: DataMap; env: Record<string, string | undefined>; baseDir?: string | undefined },
): LookupFn {
  return async (email) => {
    const result = await engine({
      requestId: `lookup-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`,
      kind: "access",
      subject: { email },
      map: base.map,
      env: base.env,
      ...(base.baseDir ? { baseDir: base.baseDir } : {}),
    });
    const bytes = result.package?.bytes;
    if (!bytes || result.tables.every((t) => t.rows === 0)) return undefined;
    const data = JSON.parse(
      strFromU8(unzipSync(bytes, { filter: (f) => f.name === "data.json" })["data.json"] ?? new Uint8Array()),
    ) as {
      tables?: Record<string, Record<string, unknown>[]>;
    };
    const record: ShopRecord = { phones: [], orderNumbers: [], postcodes: [] };
    for (const [id, rows] of Object.entries(data.tables ?? {})) {
      const [systemId, table] = [id.slice(0, id.indexOf(".")), id.slice(id.indexOf(".") + 1)];
      const spec = (
        base.map.systems as {
          id: string;
          tables?: Record<string, { identity?: Record<string, string>; fields?: Record<string, unknown> }>;
        }[]
      ).find((s) => s.id === systemId)?.tables?.[table];
      if (!spec) continue;
      const categoryOf = (col: string) => {
        const f = spec.fields?.[col];
        return typeof f === "string" ? f : ((f as { category?: string } | undefined)?.category ?? "");
      };
      const cols = Object.keys(rows[0] ?? {});
      for (const row of rows) {
        for (const col of cols) {
          const v = row[col];
          if (v === null || v === undefined || v === "") continue;
          const cat = categoryOf(col);
          if (cat.startsWith("user.contact.phone_number")) record.phones.push(String(v));
          if (cat === "user.contact.address.postal_code") record.postcodes.push(String(v));
        }
        const orderCol = spec.identity?.order_number;
        if (orderCol && row[orderCol]) record.orderNumbers.push(String(row[orderCol]));
        const idCol = spec.identity?.customer_id;
        if (!record.customerId && idCol && spec.identity?.email && row[idCol] !== undefined)
          record.customerId = String(row[idCol]);
      }
    }
    return record;
  };
}
