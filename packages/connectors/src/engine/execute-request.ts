import { type DataMap, LoupeError, type System } from "@loupe/core";
import type {
  Change,
  Connector,
  ProviderConnector,
  StoreConnector,
  TableDescription,
  VerifyReport,
} from "../connector/connector.js";
import { connectorFactory } from "../connector/connector-registry.js";
import "../connector/store-connectors.js";
import {
  addRestriction,
  addSuppression,
  type JournalDb,
  normaliseEmail,
  normalisePhone,
  readSteps,
  writeStep,
} from "../journal/journal.js";
import { type AccessPackage, writeAccessPackage } from "../package/write-access-package.js";
import { buildDataGraph, type DataGraph } from "./data-graph.js";
import { locateSubject, type SubjectRows } from "./locate-subject.js";
import {
  type ErasurePlan,
  planCorrection,
  planErasure,
  planRestriction,
  type SystemPlan,
  type TableOutcome,
} from "./plan-changes.js";

export type RequestKind = "plan" | "access" | "erase" | "correct" | "restrict" | "object";

/** A logger in pino's shape; the engine logs step names and counts, never identity values or row contents. */
export interface EngineLogger {
  info(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
}

export interface ExecuteRequestOptions {
  /** Journal and idempotency key: the same id resumes the same request. */
  requestId: string;
  kind: RequestKind;
  subject: { email?: string; phone?: string; customerId?: string };
  /** Data category key → new value (correct). */
  corrections?: Record<string, string>;
  /** The validated data map; its `systems` say where the data lives. */
  map: DataMap;
  /** Connection URLs by variable name (never from the map). */
  env: Record<string, string | undefined>;
  /** Where steps, suppressions and restrictions are recorded (a `pg.Pool`, `pg.Client` or `PGlite`). */
  journal?: JournalDb;
  now?: () => Date;
  /** Access: write the zip to this file instead of returning its bytes. */
  packagePath?: string;
  /** Connectors opened by {@link openEngineSession}, reused across requests; otherwise opened and closed here. */
  session?: EngineSession;
  /** Embedded PGlite databases by system id. */
  embedded?: Record<string, unknown>;
  /** Directory that relative paths in the map are resolved against. */
  baseDir?: string;
  /** Key of the `hash` erasure strategy. Default: `env.LOUPE_ERASURE_KEY`, else a fixed key. */
  hashKey?: string;
  logger?: EngineLogger;
  /**
   * Called after each recorded step (`recorded`), and for store steps also once the store has committed but before
   * the journal knows (`applied`): progress reporting; tests use it to stop a worker at a chosen point.
   */
  onStep?: (step: string, phase: "applied" | "recorded") => void | Promise<void>;
}

/** Per system and table: what the request read and did. */
export interface TableResult extends TableOutcome {
  /** Rows updated by a correction or restriction. */
  updated: number;
}

export interface RecipientNotice {
  /** Recipient id (or the provider system id). */
  id: string;
  title: string;
  status: "sent" | "pending" | "failed" | "to-notify";
  message?: string;
}

export interface RequestResult {
  requestId: string;
  kind: RequestKind;
  status: "done" | "pending" | "failed";
  /** How many values of each identity kind were followed (never the values). */
  identities: Record<string, number>;
  tables: TableResult[];
  recipients: RecipientNotice[];
  /** Erase: the verification pass, per system. */
  verification?: { ok: boolean; systems: Record<string, VerifyReport> };
  /** Erase: suppression records kept (hashed e-mail and phone). */
  suppression?: { recorded: number };
  /** Access: the zip (JSON, CSV per table, HTML report). */
  package?: AccessPackage;
  /** Systems that failed, with the reason. */
  errors: { system: string; message: string }[];
  /** True when earlier steps were found in the journal and skipped. */
  resumed: boolean;
}

/** Open connectors and the graph of a data map, reused across requests. */
export interface EngineSession {
  map: DataMap;
  graph: DataGraph;
  stores: Map<string, StoreConnector>;
  providers: Map<string, ProviderConnector>;
  close(): Promise<void>;
}

const DEFAULT_HASH_KEY = "loupe-erasure";

/**
 * Opens a connector for every system of the map (store systems are described and their annotated names checked) and
 * builds the graph the engine walks. A system whose connector kind has no registered factory is skipped.
 *
 * @example
 * const session = await openEngineSession({ map, env: process.env });
 * try { await executeRequest({ ..., session }); } finally { await session.close(); }
 */
export async function openEngineSession(options: {
  map: DataMap;
  env: Record<string, string | undefined>;
  embedded?: Record<string, unknown>;
  baseDir?: string;
  now?: () => Date;
}): Promise<EngineSession> {
  const stores = new Map<string, StoreConnector>();
  const providers = new Map<string, ProviderConnector>();
  const opened: Connector[] = [];
  const close = async () => {
    await Promise.all(opened.map((c) => c.close().catch(() => {})));
  };
  try {
    const descriptions = new Map<string, Map<string, TableDescription>>();
    for (const system of options.map.systems as System[]) {
      const factory = connectorFactory(system.connector);
      if (!factory) continue;
      const c = factory({
        system,
        env: options.env,
        embedded: options.embedded,
        baseDir: options.baseDir,
        now: options.now ?? (() => new Date()),
      });
      try {
        await c.open();
      } catch (e) {
        if (e instanceof LoupeError) throw e;
        throw new LoupeError(
          "UNAVAILABLE",
          `system '${system.id}' (${system.connector}) cannot be reached: ${describeError(e)}`,
        );
      }
      opened.push(c);
      if (c.role === "store") {
        stores.set(system.id, c);
        descriptions.set(system.id, new Map((await c.describe()).tables.map((t) => [t.name, t])));
      } else providers.set(system.id, c);
    }
    const graph = buildDataGraph(options.map.systems, descriptions, stores);
    return { map: options.map, graph, stores, providers, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/**
 * A driver error's message fit for results, journals and logs: connection strings and quoted values (a driver may
 * quote the row it choked on, e.g. "Duplicate entry 'ann@example.com'") are left out.
 */
function describeError(e: unknown): string {
  const msg = (e as Error)?.message ?? String(e);
  return msg
    .split("\n")[0]
    ?.replace(/[a-z]+:\/\/[^\s'"]+/gi, "<url>")
    .replace(/'[^']*'|"[^"]*"|`[^`]*`/g, "…") as string;
}

function startIdentities(subject: ExecuteRequestOptions["subject"]): Map<string, Set<string>> {
  const ids = new Map<string, Set<string>>();
  if (subject.email?.trim()) ids.set("email", new Set([normaliseEmail(subject.email)]));
  if (subject.phone?.trim()) {
    const p = normalisePhone(subject.phone);
    if (!p) throw new LoupeError("INVALID_REQUEST", "subject.phone is not a phone number");
    ids.set("phone", new Set([p]));
  }
  if (subject.customerId?.trim()) ids.set("customer_id", new Set([subject.customerId.trim()]));
  if (ids.size === 0)
    throw new LoupeError(
      "INVALID_REQUEST",
      "the subject needs an e-mail address, a phone number or a customer id",
    );
  return ids;
}

function emptyTable(system: string, table: string, rows: number): TableResult {
  return { system, table, rows, deleted: 0, masked: 0, keptRows: [], keptFields: [], updated: 0 };
}

function foundTables(graph: DataGraph, found: SubjectRows): TableResult[] {
  return graph.nodes
    .map((n) => emptyTable(n.system.id, n.table, found.rows.get(n)?.size ?? 0))
    .filter((t) => t.rows > 0);
}

/** The recipients to tell: those the map shares the subject's categories with, and the provider systems. */
function recipientsFor(map: DataMap, categories: Set<string>): RecipientNotice[] {
  const related = (a: string, b: string) => a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
  const ids = new Set<string>();
  for (const t of map.touchpoints)
    if (
      t.collects.some((c) => [...categories].some((k) => related(typeof c === "string" ? c : c.category, k)))
    )
      for (const r of t.shares_with) ids.add(r);
  const notices: RecipientNotice[] = [];
  for (const r of map.recipients)
    if (ids.has(r.id)) notices.push({ id: r.id, title: r.title, status: "to-notify" });
  return notices;
}

/**
 * Executes one privacy request across every store and service provider of the data map. `plan` is a dry run of
 * an erasure; `access` writes a zip package; `erase` deletes and masks children before parents, one transaction per
 * store, keeps held fields, verifies, records the suppression hashes and notifies providers; `correct` updates the
 * fields of the given categories; `restrict` and `object` write the annotated markers and record the restriction.
 * With a journal, every step is recorded and a request run again with the same id resumes where it stopped: every
 * effect happens exactly once.
 *
 * @example
 * const result = await executeRequest({
 *   requestId: "req-42", kind: "erase", subject: { email: "ann@example.com" },
 *   map, env: process.env, journal: pool,
 * });
 * result.verification?.ok; // true
 */
export async function executeRequest(options: ExecuteRequestOptions): Promise<RequestResult> {
  const now = options.now ?? (() => new Date());
  const { requestId, kind, journal, logger } = options;
  if (!/^[\w.:-]{1,200}$/.test(requestId))
    throw new LoupeError("INVALID_REQUEST", "requestId must be 1–200 letters, digits, '.', ':', '_' or '-'");
  const start = startIdentities(options.subject);
  if (kind === "correct" && Object.keys(options.corrections ?? {}).length === 0)
    throw new LoupeError("INVALID_REQUEST", "a correction needs at least one category=value");
  const steps = journal ? await readSteps(journal, requestId) : new Map();
  const finished = steps.get("result");
  if (finished?.status === "done" && kind !== "access")
    return { ...(finished.detail as RequestResult), resumed: true };
  const resumed = steps.size > 0;
  const record = async (step: string, status: "done" | "pending" | "failed", detail: unknown) => {
    if (journal) await writeStep(journal, requestId, { step, status, detail });
    logger?.info({ requestId, kind, step, status }, "privacy request step");
    await options.onStep?.(step, "recorded");
  };

  const session =
    options.session ??
    (await openEngineSession({
      map: options.map,
      env: options.env,
      embedded: options.embedded,
      baseDir: options.baseDir,
      now,
    }));
  try {
    const { graph, stores, providers } = session;
    const result: RequestResult = {
      requestId,
      kind,
      status: "done",
      identities: {},
      tables: [],
      recipients: [],
      errors: [],
      resumed,
    };
    const recordedPlan = steps.get("erase-plan")?.detail as
      | { plan?: ErasurePlan; identities?: Record<string, number>; categories?: string[] }
      | undefined;
    let found: SubjectRows | undefined;
    if (!(kind === "erase" && recordedPlan?.plan)) {
      found = await locateSubject(graph, stores, start);
      for (const [k, v] of found.identities) result.identities[k] = v.size;
      result.tables = foundTables(graph, found);
    } else result.identities = recordedPlan.identities ?? {};
    const categoriesFound = new Set<string>();
    if (found)
      for (const n of graph.nodes)
        if ((found.rows.get(n)?.size ?? 0) > 0)
          for (const f of n.fields.values()) categoriesFound.add(f.category);

    const sendProviders = async (k: "access" | "erase" | "correct" | "restrict" | "object") => {
      for (const [id, p] of providers) {
        const step = `notify:${id}`;
        const prior = steps.get(step);
        if (prior?.status === "done") {
          result.recipients.push(prior.detail as RecipientNotice);
          continue;
        }
        const subject: Record<string, string[]> = {};
        for (const [kk, v] of start) subject[kk] = [...v];
        const system = options.map.systems.find((s) => s.id === id);
        const categories = [
          ...new Set(
            Object.values(system?.tables ?? {}).flatMap((t) =>
              Object.values(t.fields).map((f) => (typeof f === "string" ? f : f.category)),
            ),
          ),
        ];
        let notice: RecipientNotice;
        try {
          const out = await p.send({
            requestId,
            idempotencyKey: `${requestId}:${id}`,
            kind: k,
            subject,
            corrections: options.corrections,
            categories,
          });
          notice = {
            id,
            title: system?.title ?? id,
            status: out.status === "done" ? "sent" : out.status,
            message: out.status === "done" ? undefined : out.message,
          };
        } catch (e) {
          notice = { id, title: id, status: "failed", message: describeError(e) };
        }
        if (notice.status === "pending" && result.status === "done") result.status = "pending";
        result.recipients.push(notice);
        await record(
          step,
          notice.status === "sent" ? "done" : notice.status === "pending" ? "pending" : "failed",
          notice,
        );
      }
      for (const r of recipientsFor(options.map, categoriesFound))
        if (!result.recipients.some((x) => x.id === r.id)) result.recipients.push(r);
    };

    if (kind === "plan") {
      const plan = await planErasure(graph, found as SubjectRows, stores, { now: now(), hashKey: "plan" });
      mergeOutcomes(result, plan.tables);
      result.recipients = recipientsFor(options.map, categoriesFound);
    } else if (kind === "access") {
      result.package = await writeAccessPackage({
        graph,
        found: found as SubjectRows,
        connectors: stores,
        map: options.map,
        requestId,
        out: options.packagePath,
        now: now(),
      });
      await record("access", "done", { files: result.package.files.length, size: result.package.size });
      await sendProviders("access");
    } else if (kind === "erase") {
      let plan = recordedPlan?.plan;
      if (!plan) {
        const hashKey = options.hashKey ?? options.env.LOUPE_ERASURE_KEY ?? DEFAULT_HASH_KEY;
        plan = await planErasure(graph, found as SubjectRows, stores, { now: now(), hashKey });
        await record("erase-plan", "done", {
          plan,
          identities: result.identities,
          categories: [...categoriesFound],
          suppress: subjectLists(start),
        });
      }
      mergeOutcomes(result, plan.tables);
      for (const sp of plan.systems)
        await runStoreStep(`erase:${sp.system}`, sp.changes, (c, ch) => c.erase({ changes: ch }));
      const verified = steps.get("verify");
      if (verified?.status === "done") result.verification = verified.detail as RequestResult["verification"];
      else {
        const systems: Record<string, VerifyReport> = {};
        for (const sp of plan.systems) systems[sp.system] = await verifySystem(sp);
        const ok = Object.values(systems).every((v) => v.ok);
        result.verification = { ok, systems };
        await record("verify", ok ? "done" : "failed", result.verification);
        if (!ok) result.status = "failed";
      }
      const suppress =
        (steps.get("erase-plan")?.detail as { suppress?: Record<string, string[]> } | undefined)?.suppress ??
        subjectLists(start);
      if (journal) {
        const n = (suppress.email?.length ?? 0) + (suppress.phone?.length ?? 0);
        if (steps.get("suppress")?.status !== "done") {
          await addSuppression(journal, requestId, suppress);
          await record("suppress", "done", { recorded: n });
        }
        result.suppression = { recorded: n };
      }
      for (const c of recordedPlan?.categories ?? []) categoriesFound.add(c);
      await sendProviders("erase");
    } else if (kind === "correct") {
      const { plans, fields } = planCorrection(graph, found as SubjectRows, options.corrections ?? {});
      const unknown = Object.keys(options.corrections ?? {}).filter(
        (c) =>
          !fields.some((f) =>
            graph.nodes.some(
              (n) => n.system.id === f.system && n.table === f.table && n.fields.get(f.field)?.category === c,
            ),
          ),
      );
      for (const [sys, changes] of plans)
        await runStoreStep(`correct:${sys}`, changes, (c, ch) => c.update({ changes: ch }));
      for (const f of fields) tableOf(result, f.system, f.table).updated = f.rows;
      if (unknown.length > 0)
        result.errors.push({ system: "*", message: `no field of the subject holds ${unknown.join(", ")}` });
      const cats = new Set(Object.keys(options.corrections ?? {}));
      await sendProviders("correct");
      result.recipients = result.recipients
        .filter((r) => r.status !== "to-notify")
        .concat(recipientsFor(options.map, cats));
    } else {
      const plans = planRestriction(graph, found as SubjectRows);
      for (const [sys, changes] of plans)
        await runStoreStep(`${kind}:${sys}`, changes, (c, ch) => c.restrict({ changes: ch }));
      for (const [sys, changes] of plans)
        for (const ch of changes) tableOf(result, sys, ch.table).updated = ch.keys.length;
      if (journal) {
        await addRestriction(journal, requestId, kind, subjectLists(start));
        await record("restriction", "done", { kind });
      }
      await sendProviders(kind);
    }
    if (result.errors.length > 0 && result.status === "done" && kind !== "correct") result.status = "failed";
    if (kind !== "plan" && kind !== "access" && result.status === "done") {
      await record("result", "done", { ...result, package: undefined });
      // The erasure plan held row keys and the subject's identities; once the request is through only counts stay.
      if (kind === "erase")
        await record("erase-plan", "done", { purged: true, identities: result.identities });
    }
    logger?.info(
      { requestId, kind, status: result.status, tables: result.tables.length },
      "privacy request finished",
    );
    return result;

    async function runStoreStep(
      step: string,
      changes: Change[],
      apply: (
        c: StoreConnector,
        changes: Change[],
      ) => Promise<
        import("../connector/connector.js").ConnectorOutcome<import("../connector/connector.js").ChangeReport>
      >,
    ): Promise<void> {
      if (steps.get(step)?.status === "done") return;
      const sys = step.slice(step.indexOf(":") + 1);
      const c = stores.get(sys);
      if (!c) return;
      try {
        const out = await apply(c, changes);
        await options.onStep?.(step, "applied");
        if (out.status === "done") await record(step, "done", out.value);
        else {
          await record(step, out.status, { message: out.message });
          if (out.status === "failed") result.errors.push({ system: sys, message: out.message });
          else if (result.status === "done") result.status = "pending";
        }
      } catch (e) {
        const message = describeError(e);
        result.errors.push({ system: sys, message });
        result.status = "failed";
        await record(step, "failed", { message });
      }
    }
    async function verifySystem(sp: SystemPlan): Promise<VerifyReport> {
      const c = stores.get(sp.system);
      if (!c) return { ok: false, remaining: [{ table: "*", column: "*", rows: 0 }] };
      return c.verify(sp.checks);
    }
  } finally {
    if (!options.session) await session.close();
  }
}

function tableOf(result: RequestResult, system: string, table: string): TableResult {
  let t = result.tables.find((x) => x.system === system && x.table === table);
  if (!t) {
    t = emptyTable(system, table, 0);
    result.tables.push(t);
  }
  return t;
}

function mergeOutcomes(result: RequestResult, outcomes: TableOutcome[]): void {
  for (const o of outcomes) Object.assign(tableOf(result, o.system, o.table), o);
}

function subjectLists(start: Map<string, Set<string>>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of start) out[k] = [...v];
  return out;
}
