import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { loupeError } from "../errors/http-errors.js";
import type { LoupeDb } from "../store/database.js";
import type { ReceiptRef, RecordConsentResponse } from "./consent-schemas.js";
import { type ChainedReceipt, canonicalReceipt, GENESIS_HASH, hashCanonical } from "./receipt-hash.js";

/** A receipt ready to be chained: everything but its position, time and hashes. */
export type PendingReceipt = Omit<ChainedReceipt, "id" | "server_time" | "prev_hash">;

/** How long an idempotency key is kept: a request repeated within a day is answered from its first result. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60 * 1000;

/** The advisory lock that serialises appends to the chain across processes. */
export const LEDGER_LOCK_ID = 0x4c6f7570; // "Loup"

export interface AppendResult {
  response: RecordConsentResponse;
  /** True when an earlier request with the same idempotency key produced the response. */
  replayed: boolean;
}

interface Job {
  key: string | undefined;
  requestHash: string;
  receipts: PendingReceipt[];
  resolve(result: AppendResult): void;
  reject(err: unknown): void;
}

/**
 * The single writer of the consent ledger in this process. Appends wait a few milliseconds (or for the
 * transaction in flight) and are then written together: one transaction, one multi-row INSERT, one commit
 * (group commit). Each transaction takes a PostgreSQL advisory transaction lock, so several processes
 * still build one valid chain. A promise resolves only after its transaction has committed.
 *
 * Idempotency keys older than {@link IDEMPOTENCY_KEY_TTL_MS} are deleted on a timer (every ten minutes by
 * default), in small batches, oldest first; they hold no personal data, only the key, a hash of the request
 * and the receipt ids of the answer.
 *
 * @example
 * const writer = new LedgerWriter(db, { delayMs: 2 });
 * const { response } = await writer.append(receipts, { key: "b7c1…", requestHash: "…" });
 * await writer.close();
 */
export class LedgerWriter {
  readonly #db: LoupeDb;
  readonly #delayMs: number;
  readonly #maxBatch: number;
  readonly #concurrency: number;
  readonly #now: () => Date;
  #queue: Job[] = [];
  #queuedReceipts = 0;
  #timer: NodeJS.Timeout | undefined;
  #active = 0;
  /** Where this process expects the chain to end after the transactions it has started; undefined: unknown. */
  #tip: Tip | undefined;
  /** Whether the latest append sent in one round trip committed. */
  #lastFast: Promise<boolean> = Promise.resolve(true);
  readonly #stats = { transactions: 0, receipts: 0, fast: 0, retried: 0 };
  #idle: (() => void)[] = [];
  #closed = false;
  readonly #inFlight = new Map<string, { requestHash: string; promise: Promise<AppendResult> }>();
  readonly #keyTtlMs: number;
  readonly #pruneTimer: NodeJS.Timeout | undefined;
  #pruning: Promise<number> | undefined;

  /**
   * @param options.delayMs how long an append waits for others when no transaction is running (default 2)
   * @param options.maxBatch most receipts per transaction (default 2000)
   * @param options.concurrency transactions in flight at once (default 2): the next one begins and queues on
   *   the advisory lock while the previous one commits, so that round trips overlap the commit's flush
   * @param options.keyTtlMs how long idempotency keys are kept (default {@link IDEMPOTENCY_KEY_TTL_MS})
   * @param options.pruneEveryMs how often older keys are deleted (default ten minutes; 0: never, call
   *   {@link pruneKeys} yourself)
   */
  constructor(
    db: LoupeDb,
    options: {
      delayMs?: number;
      maxBatch?: number;
      concurrency?: number;
      now?: () => Date;
      keyTtlMs?: number;
      pruneEveryMs?: number;
    } = {},
  ) {
    this.#db = db;
    this.#delayMs = options.delayMs ?? 2;
    this.#maxBatch = options.maxBatch ?? 2000;
    this.#concurrency = Math.max(1, options.concurrency ?? 2);
    this.#now = options.now ?? (() => new Date());
    this.#keyTtlMs = options.keyTtlMs ?? IDEMPOTENCY_KEY_TTL_MS;
    const every = options.pruneEveryMs ?? 10 * 60 * 1000;
    if (every > 0) {
      this.#pruneTimer = setInterval(() => {
        // A failed prune (e.g. the database briefly away) is tried again on the next tick.
        this.pruneKeys().catch(() => {});
      }, every);
      this.#pruneTimer.unref();
    }
  }

  /**
   * Deletes the idempotency keys stored more than `keyTtlMs` ago (by the database's clock), in batches of
   * `batch` so that no statement holds many row locks for long; returns how many were deleted. A call while
   * another runs joins it.
   *
   * @example
   * const deleted = await writer.pruneKeys();
   */
  pruneKeys(batch = 1000): Promise<number> {
    this.#pruning ??= (async () => {
      let total = 0;
      try {
        for (;;) {
          const { rows } = await sql<{ n: string | number }>`
            with old as (
              select key from consent_idempotency
              where created_at < now() - make_interval(secs => ${this.#keyTtlMs / 1000})
              order by created_at limit ${batch}
            ), gone as (
              delete from consent_idempotency k using old where k.key = old.key returning 1
            )
            select count(*) as n from gone`.execute(this.#db);
          const n = Number(rows[0]?.n ?? 0);
          total += n;
          if (n < batch || this.#closed) return total;
        }
      } finally {
        this.#pruning = undefined;
      }
    })();
    return this.#pruning;
  }

  /**
   * Appends receipts durably. With an idempotency key, a key seen before returns its first result and
   * writes nothing; the same key with a different request is a CONFLICT.
   */
  append(
    receipts: PendingReceipt[],
    options: { key?: string | undefined; requestHash: string },
  ): Promise<AppendResult> {
    if (this.#closed) return Promise.reject(loupeError("UNAVAILABLE", "the server is shutting down"));
    const { key, requestHash } = options;
    if (key) {
      const running = this.#inFlight.get(key);
      if (running) {
        if (running.requestHash !== requestHash) return Promise.reject(conflict());
        return running.promise.then((r) => ({ response: r.response, replayed: true }));
      }
    }
    const promise = new Promise<AppendResult>((resolve, reject) => {
      this.#queue.push({ key, requestHash, receipts, resolve, reject });
      this.#queuedReceipts += receipts.length;
      this.#schedule();
    });
    if (key) {
      this.#inFlight.set(key, { requestHash, promise });
      const forget = () => this.#inFlight.delete(key);
      promise.then(forget, forget);
    }
    return promise;
  }

  /** Writes what is queued, refuses new appends, stops pruning and waits for the last transaction. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#pruneTimer) clearInterval(this.#pruneTimer);
    await this.#pruning?.catch(() => {});
    while (this.#queue.length || this.#active) {
      if (this.#queue.length && this.#active < this.#concurrency) this.#start();
      else await new Promise<void>((resolve) => this.#idle.push(resolve));
    }
  }

  /** Starts a transaction now (`now`: the queue already waited, or a batch is full) or after `delayMs`. */
  #schedule(now = false): void {
    if (this.#active >= this.#concurrency) return; // a transaction ending picks the queue up
    if (now || this.#queuedReceipts >= this.#maxBatch) {
      if (this.#timer) clearTimeout(this.#timer);
      this.#timer = undefined;
      this.#start();
      return;
    }
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      if (this.#queue.length && this.#active < this.#concurrency) this.#start();
    }, this.#delayMs);
  }

  #start(): void {
    const jobs: Job[] = [];
    let count = 0;
    while (
      this.#queue.length &&
      (count === 0 || count + (this.#queue[0]?.receipts.length ?? 0) <= this.#maxBatch)
    ) {
      const job = this.#queue.shift() as Job;
      count += job.receipts.length;
      jobs.push(job);
    }
    if (!jobs.length) return;
    this.#queuedReceipts -= count;
    this.#active += 1;
    this.#write(jobs)
      .then(
        (results) =>
          jobs.forEach((job, i) => {
            const r = results[i];
            if (r instanceof Error) job.reject(r);
            else if (r) job.resolve(r);
          }),
        (err) => {
          for (const job of jobs) job.reject(err);
        },
      )
      .finally(() => {
        this.#active -= 1;
        for (const wake of this.#idle.splice(0)) wake();
        // What queued while this transaction ran has waited long enough.
        if (this.#queue.length && !this.#closed) this.#schedule(true);
      });
  }

  /**
   * Counters since start: transactions committed, receipts written, appends sent in one round trip (`fast`)
   * and fast appends retried after their guard failed (`retried`).
   */
  get stats(): Readonly<{ transactions: number; receipts: number; fast: number; retried: number }> {
    return { ...this.#stats };
  }

  async #write(jobs: Job[]): Promise<(AppendResult | Error)[]> {
    const results = await this.#writeOnce(jobs);
    this.#stats.transactions += 1;
    for (const r of results)
      if (!(r instanceof Error) && !r.replayed) this.#stats.receipts += r.response.receipts.length;
    return results;
  }

  async #writeOnce(jobs: Job[]): Promise<(AppendResult | Error)[]> {
    const tip = this.#tip;
    if (tip !== undefined) {
      // Fast path: chain onto the end this process expects and send the whole transaction at once.
      const plan = this.#plan(jobs, tip, new Map());
      this.#tip = plan.tip;
      const before = this.#lastFast;
      let settle: (ok: boolean) => void = () => {};
      this.#lastFast = new Promise((resolve) => {
        settle = resolve;
      });
      const text = fastAppendSql(plan, tip);
      const send = () => this.#db.connection().execute((conn) => sql.raw(text).execute(conn));
      try {
        try {
          await send();
        } catch (err) {
          // Overtaken by the transaction started just before this one (they run on different connections)?
          // Once it has committed, the chain ends where this one expects: send it again.
          if (!isChainMoved(err) || !(await before)) throw err;
          await send();
        }
        settle(true);
        this.#stats.fast += 1;
        return plan.results;
      } catch (err) {
        settle(false);
        this.#tip = undefined;
        if (!isGuardFailure(err)) throw err;
        this.#stats.retried += 1;
        // Another process appended, an earlier transaction failed, or a key was used before: read and retry.
      }
    }
    const { results, tip: end } = await this.#slowAppend(jobs);
    this.#tip = end;
    return results;
  }

  /** Reads the chain's end and the keys already used under the lock, then appends; four round trips. */
  #slowAppend(jobs: Job[]): Promise<{ results: (AppendResult | Error)[]; tip: Tip }> {
    return this.#db.connection().execute(async (conn) => {
      await sql.raw(`begin; select pg_advisory_xact_lock(${LEDGER_LOCK_ID})`).execute(conn);
      try {
        const keys = [...new Set(jobs.flatMap((j) => (j.key ? [j.key] : [])))];
        const { rows: found } = await sql<{
          last: { id: string | number; hash: string } | null;
          seen: { key: string; request_hash: string; response: unknown }[];
        }>`
          select
            (select json_build_object('id', id, 'hash', hash) from consent_receipts order by id desc limit 1) as last,
            (select coalesce(json_agg(json_build_object('key', key, 'request_hash', request_hash, 'response', response)), '[]')
               from consent_idempotency where key = any(${keys}::text[])) as seen`.execute(conn);
        const last = found[0]?.last;
        const seen = new Map<string, { request_hash: string; response: unknown }>();
        for (const r of found[0]?.seen ?? [])
          seen.set(r.key, { request_hash: r.request_hash, response: r.response });
        const plan = this.#plan(jobs, last ? { id: Number(last.id), hash: last.hash } : null, seen);
        if (plan.rows.length) {
          await sql`
            with receipts as (
              insert into consent_receipts (${sql.raw(RECEIPT_COLUMNS)})
              select ${sql.raw(RECEIPT_VALUES)} from jsonb_array_elements(${rowsJson(plan)}::jsonb) as r
              returning 1
            )
            insert into consent_idempotency (key, request_hash, response)
            select key, request_hash, response from jsonb_to_recordset(${JSON.stringify(plan.stored)}::jsonb) as x(${sql.raw(KEY_RECORD)})`.execute(
            conn,
          );
        }
        await sql`commit`.execute(conn);
        return { results: plan.results, tip: plan.tip };
      } catch (err) {
        await sql`rollback`.execute(conn).catch(() => {});
        throw err;
      }
    });
  }

  /** Chains the receipts of `jobs` after `tip` (null: an empty ledger); replays keys found in `seen`. */
  #plan(jobs: Job[], tip: Tip, seen: Map<string, { request_hash: string; response: unknown }>): Plan {
    let id = tip ? tip.id : 0;
    let prev = tip ? tip.hash : GENESIS_HASH;
    const serverTime = this.#now().toISOString();
    const rows: string[] = [];
    const stored: Plan["stored"] = [];
    const results = jobs.map((job): AppendResult | Error => {
      const earlier = job.key ? seen.get(job.key) : undefined;
      if (earlier) {
        if (earlier.request_hash !== job.requestHash) return conflict();
        return { response: earlier.response as RecordConsentResponse, replayed: true };
      }
      const refs: ReceiptRef[] = job.receipts.map((r) => {
        id += 1;
        // The canonical text is hashed and, with the hash appended, is also the row sent to the database.
        const canonical = canonicalReceipt({ ...r, id, server_time: serverTime, prev_hash: prev });
        const hash = hashCanonical(canonical);
        rows.push(`${canonical.slice(0, -1)},"${hash}"]`);
        prev = hash;
        return { id, hash, serverTime };
      });
      const response = { receipts: refs };
      if (job.key) {
        stored.push({ key: job.key, request_hash: job.requestHash, response });
        seen.set(job.key, { request_hash: job.requestHash, response });
      }
      return { response, replayed: false };
    });
    return { rows, stored, results, keys: stored.map((s) => s.key), tip: id > 0 ? { id, hash: prev } : null };
  }
}

/** The end of the chain: the last receipt's id and hash, or null for an empty ledger. */
type Tip = { id: number; hash: string } | null;

interface Plan {
  /** Each receipt as a JSON array: its canonical fields (see `canonicalReceipt`) followed by its hash. */
  rows: string[];
  stored: { key: string; request_hash: string; response: RecordConsentResponse }[];
  keys: string[];
  results: (AppendResult | Error)[];
  tip: Tip;
}

const RECEIPT_COLUMNS =
  "id, visitor_id, customer_id, granted, denied, action, source, gpc, dnt, regime, region, notice_version, config_hash, language, ip_truncated, user_agent, server_time, prev_hash, hash";
/**
 * The columns from one row as sent: a JSON array in the order of `canonicalReceipt`, then the hash. Arrays
 * without key names are a third smaller than objects and PostgreSQL takes them apart about twice as fast.
 */
const RECEIPT_VALUES = [
  "(r->>0)::bigint",
  "r->>1",
  "r->>2",
  "array(select jsonb_array_elements_text(r->3))",
  "array(select jsonb_array_elements_text(r->4))",
  "r->>5",
  "r->>6",
  "(r->>7)::boolean",
  "(r->>8)::boolean",
  "r->>9",
  "r->>10",
  "r->>11",
  "r->>12",
  "r->>13",
  "r->>14",
  "r->>15",
  "(r->>16)::timestamptz",
  "r->>17",
  "r->>18",
].join(", ");

/** The receipts of a plan as one JSON array of rows. */
const rowsJson = (plan: Plan): string => `[${plan.rows.join(",")}]`;
const KEY_RECORD = "key text, request_hash text, response jsonb";

/**
 * The whole append as one simple-protocol query, i.e. one implicit transaction and one round trip: take the
 * lock, check that the chain still ends at `expected` and that no key was used before (`consent_chain_guard`
 * raises otherwise, which rolls everything back), insert receipts and keys. The data travel as dollar-quoted
 * JSON literals under a random tag that does not occur in them.
 */
function fastAppendSql(plan: Plan, expected: Tip): string {
  const rows = rowsJson(plan);
  const stored = JSON.stringify(plan.stored);
  const keys = plan.keys.join("\n");
  let tag: string;
  do tag = `$l${randomBytes(6).toString("hex")}$`;
  while (rows.includes(tag) || stored.includes(tag) || keys.includes(tag));
  const quote = (text: string) => `${tag}${text}${tag}`;
  // The expected end is digits and hex only.
  const end = expected ? `'${expected.id}:${expected.hash.replace(/[^0-9a-f]/g, "")}'` : "null";
  const writes = plan.rows.length
    ? `with receipts as (
        insert into consent_receipts (${RECEIPT_COLUMNS})
        select ${RECEIPT_VALUES} from jsonb_array_elements(${quote(rows)}::jsonb) as r
        returning 1
      )
      insert into consent_idempotency (key, request_hash, response)
      select key, request_hash, response from jsonb_to_recordset(${quote(stored)}::jsonb) as x(${KEY_RECORD})`
    : "select 1";
  // The keys as literals (each dollar-quoted), so that the lookup is planned for them and uses the index.
  const used = plan.keys.length
    ? `exists (select 1 from consent_idempotency where key = any(array[${plan.keys.map(quote).join(", ")}]::text[]))`
    : "false";
  return `select pg_advisory_xact_lock(${LEDGER_LOCK_ID});
    select consent_chain_guard(${end}, ${used});
    ${writes}`;
}

/** SQLSTATEs raised by `consent_chain_guard`. */
const GUARD_CODES = new Set(["LP001", "LP002"]);

function isChainMoved(err: unknown): boolean {
  return (err as { code?: unknown } | undefined)?.code === "LP001";
}

function isGuardFailure(err: unknown): boolean {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === "string" && GUARD_CODES.has(code);
}

function conflict() {
  return loupeError("CONFLICT", "this Idempotency-Key was already used for a different request");
}
