import { createHash } from "node:crypto";

/**
 * Where the engine records the steps of each request, the suppression list and restrictions: any PostgreSQL-family
 * handle with `query(text, params)` answering `{ rows }` — a `pg.Pool`, a `pg.Client`, or a `PGlite` database. The
 * server passes its own store; the tables are created on first use (`loupe_dsr_steps`, `loupe_dsr_suppressions`,
 * `loupe_dsr_restrictions`).
 */
export interface JournalDb {
  query(text: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

/** One recorded step of a request. */
export interface JournalStep {
  step: string;
  status: "done" | "pending" | "failed";
  /** What the step produced (counts, plans); never identity values except inside a plan that is purged at the end. */
  detail: unknown;
}

const ready = new WeakSet<object>();

/**
 * Creates the journal tables if they are missing. Safe to call concurrently and repeatedly.
 *
 * @example
 * await ensureJournal(pool);
 */
export async function ensureJournal(db: JournalDb): Promise<void> {
  if (ready.has(db)) return;
  const statements = [
    `CREATE TABLE IF NOT EXISTS loupe_dsr_steps (
       request_id text NOT NULL, step text NOT NULL, status text NOT NULL, detail jsonb,
       updated_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (request_id, step))`,
    `CREATE TABLE IF NOT EXISTS loupe_dsr_suppressions (
       hash text PRIMARY KEY, kind text NOT NULL, request_id text NOT NULL,
       created_at timestamptz NOT NULL DEFAULT now())`,
    `CREATE TABLE IF NOT EXISTS loupe_dsr_restrictions (
       hash text NOT NULL, kind text NOT NULL, request_id text NOT NULL,
       created_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (hash, kind))`,
  ];
  for (const sql of statements) {
    try {
      await db.query(sql);
    } catch (e) {
      // Two processes creating the same table at once: the loser sees a duplicate; the table is there.
      if (!/already exists|duplicate key/i.test((e as Error).message)) throw e;
    }
  }
  ready.add(db);
}

/**
 * The recorded steps of a request, by step name.
 *
 * @example
 * const steps = await readSteps(pool, "req-1");
 * steps.get("erase:commerce")?.status; // "done"
 */
export async function readSteps(db: JournalDb, requestId: string): Promise<Map<string, JournalStep>> {
  await ensureJournal(db);
  const { rows } = await db.query(
    "SELECT step, status, detail FROM loupe_dsr_steps WHERE request_id = $1 ORDER BY updated_at, step",
    [requestId],
  );
  return new Map(
    rows.map((r) => [
      String(r.step),
      {
        step: String(r.step),
        status: r.status as JournalStep["status"],
        detail: typeof r.detail === "string" ? JSON.parse(r.detail) : r.detail,
      },
    ]),
  );
}

/**
 * Records (or replaces) one step of a request.
 *
 * @example
 * await writeStep(pool, "req-1", { step: "verify", status: "done", detail: { ok: true } });
 */
export async function writeStep(db: JournalDb, requestId: string, step: JournalStep): Promise<void> {
  await ensureJournal(db);
  await db.query(
    `INSERT INTO loupe_dsr_steps (request_id, step, status, detail) VALUES ($1, $2, $3, $4)
     ON CONFLICT (request_id, step) DO UPDATE SET status = EXCLUDED.status, detail = EXCLUDED.detail,
       updated_at = now()`,
    [requestId, step.step, step.status, JSON.stringify(step.detail ?? null)],
  );
}

/**
 * Normalises an e-mail address for matching and suppression: trimmed and lower-case.
 *
 * @example
 * normaliseEmail("  Ann.Lee@Example.COM "); // "ann.lee@example.com"
 */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Normalises a phone number to E.164: digits with a leading `+`; ten digits without a country code are read as a
 * North American number (+1). Returns null when it cannot be a phone number.
 *
 * @example
 * normalisePhone("(415) 555-0100"); // "+14155550100"
 * normalisePhone("+44 20 7946 0000"); // "+442079460000"
 */
export function normalisePhone(phone: string): string | null {
  const trimmed = phone.trim();
  const digits = trimmed.replace(/\D/g, "");
  if (digits.length < 7 || digits.length > 15) return null;
  if (trimmed.startsWith("+")) return `+${digits}`;
  if (trimmed.startsWith("00")) return `+${digits.slice(2)}`;
  if (digits.length === 10) return `+1${digits}`;
  if (digits.length === 11 && digits.startsWith("1")) return `+${digits}`;
  return `+${digits}`;
}

/**
 * The suppression hash of an identity: SHA-256 (hex) of `kind:normalised value`. Marketing tools compute the same
 * hash to check an address without Loupe keeping the address itself.
 *
 * @example
 * suppressionHash("email", "Ann@Example.com") === suppressionHash("email", "ann@example.com"); // true
 */
export function suppressionHash(kind: "email" | "phone" | "customer_id", value: string): string {
  const v =
    kind === "email"
      ? normaliseEmail(value)
      : kind === "phone"
        ? (normalisePhone(value) ?? value.trim())
        : value.trim();
  return createHash("sha256").update(`${kind}:${v}`).digest("hex");
}

/**
 * Adds the subject's hashed e-mail and phone to the suppression list (idempotent).
 *
 * @example
 * await addSuppression(pool, "req-1", { email: "ann@example.com", phone: "+14155550100" });
 */
export async function addSuppression(
  db: JournalDb,
  requestId: string,
  subject: { email?: string[]; phone?: string[] },
): Promise<number> {
  await ensureJournal(db);
  let added = 0;
  for (const kind of ["email", "phone"] as const) {
    for (const v of subject[kind] ?? []) {
      const { rows } = await db.query(
        `INSERT INTO loupe_dsr_suppressions (hash, kind, request_id) VALUES ($1, $2, $3)
         ON CONFLICT (hash) DO NOTHING RETURNING hash`,
        [suppressionHash(kind, v), kind, requestId],
      );
      added += rows.length;
    }
  }
  return added;
}

/**
 * True when the e-mail address or phone number was erased and must never be added back to marketing.
 *
 * @example
 * await isSuppressed(pool, { email: "Ann@Example.com" }); // true after Ann's erasure
 */
export async function isSuppressed(
  db: JournalDb,
  identity: { email?: string; phone?: string },
): Promise<boolean> {
  await ensureJournal(db);
  const hashes: string[] = [];
  if (identity.email) hashes.push(suppressionHash("email", identity.email));
  if (identity.phone) hashes.push(suppressionHash("phone", identity.phone));
  if (hashes.length === 0) return false;
  const { rows } = await db.query("SELECT 1 FROM loupe_dsr_suppressions WHERE hash = ANY($1) LIMIT 1", [
    hashes,
  ]);
  return rows.length > 0;
}

/** Why a subject's data is held back from processing. */
export type RestrictionKind = "restrict" | "object";

/**
 * Records that processing of the subject is restricted, or that they object to it (idempotent).
 *
 * @example
 * await addRestriction(pool, "req-2", "object", { email: ["ann@example.com"] });
 */
export async function addRestriction(
  db: JournalDb,
  requestId: string,
  kind: RestrictionKind,
  subject: { email?: string[]; phone?: string[]; customer_id?: string[] },
): Promise<void> {
  await ensureJournal(db);
  for (const k of ["email", "phone", "customer_id"] as const)
    for (const v of subject[k] ?? [])
      await db.query(
        `INSERT INTO loupe_dsr_restrictions (hash, kind, request_id) VALUES ($1, $2, $3)
         ON CONFLICT (hash, kind) DO NOTHING`,
        [suppressionHash(k, v), kind, requestId],
      );
}

/**
 * The restrictions recorded for an identity: marketing and export jobs skip a subject with any.
 *
 * @example
 * await restrictionsOf(pool, { email: "ann@example.com" }); // ["object"]
 */
export async function restrictionsOf(
  db: JournalDb,
  identity: { email?: string; phone?: string; customerId?: string },
): Promise<RestrictionKind[]> {
  await ensureJournal(db);
  const hashes: string[] = [];
  if (identity.email) hashes.push(suppressionHash("email", identity.email));
  if (identity.phone) hashes.push(suppressionHash("phone", identity.phone));
  if (identity.customerId) hashes.push(suppressionHash("customer_id", identity.customerId));
  if (hashes.length === 0) return [];
  const { rows } = await db.query(
    "SELECT DISTINCT kind FROM loupe_dsr_restrictions WHERE hash = ANY($1) ORDER BY kind",
    [hashes],
  );
  return rows.map((r) => r.kind as RestrictionKind);
}
