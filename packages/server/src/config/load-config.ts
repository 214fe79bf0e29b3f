import { createHash } from "node:crypto";
import {
  DEADLINE_REGIMES,
  type HolidayCalendar,
  LoupeError,
  REQUEST_KINDS,
  type RequestKind,
} from "@loupe/core";
import { z } from "zod";

/** The server's settings, read from the environment by {@link loadConfig}. */
export interface ServerConfig {
  /** Path of the data map (`LOUPE_MAP`, default `loupe.yaml`). */
  mapPath: string;
  /** PostgreSQL connection string (`DATABASE_URL`); the embedded PGlite is used when absent. */
  databaseUrl: string | undefined;
  /** Folder of the embedded PGlite database (`LOUPE_DATA_DIR`, default `.loupe-data/pglite`). */
  dataDir: string;
  host: string;
  port: number;
  /** SHA-256 of the admin API key (`LOUPE_API_KEY`); the key itself is not kept. */
  apiKeyHash: Buffer | undefined;
  /** Origins allowed to call the public API from a browser (`LOUPE_CORS_ORIGINS`, comma-separated). */
  corsOrigins: string[];
  /** Request headers that carry the visitor's country, first present wins (`LOUPE_COUNTRY_HEADERS`). */
  countryHeaders: string[];
  /** Header that carries the client IP when behind a proxy (`LOUPE_CLIENT_IP_HEADER`, e.g. `x-forwarded-for`). */
  clientIpHeader: string | undefined;
  /** Public write requests per second and burst per IP (`LOUPE_RATE_LIMIT`, `LOUPE_RATE_BURST`); 0 turns it off. */
  rateLimit: { perSecond: number; burst: number };
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /** How long the consent writer waits to gather a batch when idle (`LOUPE_GROUP_COMMIT_MS`). */
  groupCommitMs: number;
  /** Most connections to PostgreSQL (`LOUPE_DB_POOL`). */
  poolSize: number;
  /** Public base URL of this server for links in e-mails (`LOUPE_PUBLIC_URL`, default `http://HOST:PORT`). */
  publicUrl: string;
  /** Secret (≥32 characters) keying unsubscribe tokens (`LOUPE_LINK_SECRET`); a random one per process when unset. */
  linkSecret: string | undefined;
  /** The shop's HS256 secret for signed login tokens (`LOUPE_STORE_TOKEN_SECRET`); store logins are off when unset. */
  storeTokenSecret: string | undefined;
  /** SMTP server for outgoing mail (`LOUPE_SMTP_URL`, smtp:// or smtps://); mail stays in the outbox when unset. */
  smtpUrl: string | undefined;
  /** Sender of outgoing mail (`LOUPE_MAIL_FROM`, default `privacy@localhost`). */
  mailFrom: string;
  /** Secret (≥32 characters) keying the suppression list's hashes (`LOUPE_SUPPRESSION_KEY`); a generated key kept in the store when unset. */
  suppressionKey: string | undefined;
  /** Console: first admin created at start when none exists (`LOUPE_ADMIN_EMAIL`, `LOUPE_ADMIN_PASSWORD`), session idle and absolute limits (`LOUPE_ADMIN_IDLE_MINUTES` 30, `LOUPE_ADMIN_SESSION_HOURS` 12). */
  admin: {
    email: string | undefined;
    password: string | undefined;
    idleMinutes: number;
    sessionHours: number;
  };
  /** Rights workflow: secret (`LOUPE_RIGHTS_SECRET`, ≥32 characters; a generated one kept in the store when unset), kinds that wait for staff approval (`LOUPE_RIGHTS_APPROVAL`, e.g. `delete,correct`), holidays that are not business days (`LOUPE_HOLIDAYS`: `2026-12-25` or `us-ca:2026-11-26`, comma-separated), form submissions per minute and client (`LOUPE_RIGHTS_FORMS_PER_MINUTE`, default 10; 0 turns it off). */
  rights: {
    secret: string | undefined;
    approvalKinds: RequestKind[];
    holidays: HolidayCalendar;
    formsPerMinute: number;
  };
}

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v?.trim() ? v.trim() : undefined));
const list = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  );
const wholeNumber = (fallback: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? v.trim() : String(fallback)))
    .pipe(z.string().regex(/^\d+$/, `must be a whole number from 0 to ${max}`))
    .transform(Number)
    .pipe(z.number().max(max, `must be a whole number from 0 to ${max}`));

const EnvSchema = z.object({
  LOUPE_MAP: optionalText.transform((v) => v ?? "loupe.yaml"),
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
      .optional(),
  ),
  LOUPE_DATA_DIR: optionalText.transform((v) => v ?? ".loupe-data/pglite"),
  HOST: optionalText.transform((v) => v ?? "127.0.0.1"),
  PORT: wholeNumber(8787, 65535),
  LOUPE_API_KEY: optionalText.pipe(z.string().min(16, "must be at least 16 characters long").optional()),
  LOUPE_CORS_ORIGINS: list.pipe(
    z.array(
      z
        .string()
        .regex(/^https?:\/\/[^/\s]+$/, "must list origins such as https://shop.example, without paths"),
    ),
  ),
  LOUPE_COUNTRY_HEADERS: list.transform((v) =>
    (v.length ? v : ["cf-ipcountry", "x-country"]).map((h) => h.toLowerCase()),
  ),
  LOUPE_CLIENT_IP_HEADER: optionalText.transform((v) => v?.toLowerCase()),
  LOUPE_RATE_LIMIT: wholeNumber(20, 1_000_000),
  LOUPE_RATE_BURST: wholeNumber(60, 1_000_000),
  LOUPE_LOG_LEVEL: optionalText.pipe(
    z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  ),
  LOUPE_GROUP_COMMIT_MS: wholeNumber(2, 1000),
  LOUPE_DB_POOL: wholeNumber(10, 1000).pipe(z.number().min(2, "must be a whole number from 2 to 1000")),
  LOUPE_PUBLIC_URL: optionalText.pipe(
    z
      .string()
      .regex(/^https?:\/\/[^/\s]+$/, "must be an origin such as https://privacy.shop.example")
      .optional(),
  ),
  LOUPE_LINK_SECRET: optionalText.pipe(z.string().min(32, "must be at least 32 characters long").optional()),
  LOUPE_STORE_TOKEN_SECRET: optionalText.pipe(
    z.string().min(32, "must be at least 32 characters long").optional(),
  ),
  LOUPE_SMTP_URL: optionalText.pipe(
    z
      .string()
      .regex(/^smtps?:\/\/\S+$/, "must be an smtp:// or smtps:// URL")
      .optional(),
  ),
  LOUPE_MAIL_FROM: optionalText.transform((v) => v ?? "privacy@localhost"),
  LOUPE_SUPPRESSION_KEY: optionalText.pipe(
    z.string().min(32, "must be at least 32 characters long").optional(),
  ),
  LOUPE_ADMIN_EMAIL: optionalText.pipe(z.email("must be an e-mail address").optional()),
  LOUPE_ADMIN_PASSWORD: optionalText.pipe(
    z.string().min(12, "must be at least 12 characters long").optional(),
  ),
  LOUPE_ADMIN_IDLE_MINUTES: wholeNumber(30, 1440).pipe(
    z.number().min(1, "must be a whole number from 1 to 1440"),
  ),
  LOUPE_ADMIN_SESSION_HOURS: wholeNumber(12, 720).pipe(
    z.number().min(1, "must be a whole number from 1 to 720"),
  ),
  LOUPE_RIGHTS_SECRET: optionalText.pipe(
    z.string().min(32, "must be at least 32 characters long").optional(),
  ),
  LOUPE_RIGHTS_APPROVAL: list.pipe(
    z.array(z.enum(REQUEST_KINDS, `must list request kinds (${REQUEST_KINDS.join(", ")})`)),
  ),
  LOUPE_HOLIDAYS: list.pipe(
    z.array(
      z
        .string()
        .regex(
          new RegExp(`^((${DEADLINE_REGIMES.join("|")}):)?\\d{4}-\\d{2}-\\d{2}$`),
          "must list days such as 2026-12-25 or us-ca:2026-11-26",
        ),
    ),
  ),
  LOUPE_RIGHTS_FORMS_PER_MINUTE: wholeNumber(10, 100_000),
});

/**
 * Reads and validates the server's settings from the environment. Fails fast: the first bad variable
 * throws a `LoupeError` (USAGE) whose one-line message names it (never its value).
 *
 * @example
 * const config = loadConfig({ LOUPE_MAP: "examples/aurora/loupe.yaml", PORT: "0" });
 * config.port; // 0
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): ServerConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? "environment");
    throw new LoupeError("USAGE", `invalid environment variable ${name}: ${issue?.message ?? "invalid"}`);
  }
  const e = parsed.data;
  return {
    mapPath: e.LOUPE_MAP,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.LOUPE_DATA_DIR,
    host: e.HOST,
    port: e.PORT,
    apiKeyHash: e.LOUPE_API_KEY ? sha256(e.LOUPE_API_KEY) : undefined,
    corsOrigins: e.LOUPE_CORS_ORIGINS,
    countryHeaders: e.LOUPE_COUNTRY_HEADERS,
    clientIpHeader: e.LOUPE_CLIENT_IP_HEADER,
    rateLimit: { perSecond: e.LOUPE_RATE_LIMIT, burst: Math.max(e.LOUPE_RATE_BURST, e.LOUPE_RATE_LIMIT) },
    logLevel: e.LOUPE_LOG_LEVEL,
    groupCommitMs: e.LOUPE_GROUP_COMMIT_MS,
    poolSize: e.LOUPE_DB_POOL,
    publicUrl: e.LOUPE_PUBLIC_URL ?? `http://${e.HOST.includes(":") ? `[${e.HOST}]` : e.HOST}:${e.PORT}`,
    linkSecret: e.LOUPE_LINK_SECRET,
    storeTokenSecret: e.LOUPE_STORE_TOKEN_SECRET,
    smtpUrl: e.LOUPE_SMTP_URL,
    mailFrom: e.LOUPE_MAIL_FROM,
    suppressionKey: e.LOUPE_SUPPRESSION_KEY,
    rights: {
      secret: e.LOUPE_RIGHTS_SECRET,
      approvalKinds: e.LOUPE_RIGHTS_APPROVAL,
      holidays: e.LOUPE_HOLIDAYS.reduce<Record<string, string[]>>((cal, h) => {
        const [regime, day] = h.includes(":") ? (h.split(":") as [string, string]) : ["default", h];
        cal[regime] = [...(cal[regime] ?? []), day];
        return cal;
      }, {}) as HolidayCalendar,
      formsPerMinute: e.LOUPE_RIGHTS_FORMS_PER_MINUTE,
    },
    admin: {
      email: e.LOUPE_ADMIN_EMAIL,
      password: e.LOUPE_ADMIN_PASSWORD,
      idleMinutes: e.LOUPE_ADMIN_IDLE_MINUTES,
      sessionHours: e.LOUPE_ADMIN_SESSION_HOURS,
    },
  };
}

/**
 * SHA-256 of a secret, for keeping only its hash in memory.
 *
 * @example
 * sha256("k3y-for-admin-routes").length; // 32
 */
export function sha256(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}
