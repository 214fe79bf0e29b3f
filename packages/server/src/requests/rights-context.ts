import type { HolidayCalendar, RequestKind } from "@loupe/core";
import type { Logger } from "../log/create-logger.js";
import type { RightsKeys } from "./rights-crypto.js";
import type { RightsDb } from "./rights-tables.js";

/** One message the workflow sends (acknowledgement, code, answer…). */
export interface RightsMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** What kind of message it is, for the outbox (e.g. `rights.code`). */
  kind: string;
}

/** The identities of the person a request is about, as the rights engine takes them. */
export interface RequestSubject {
  email?: string;
  phone?: string;
  customerId?: string;
}

/** What the rights engine is asked to do. */
export interface ExecuteInput {
  requestId: string;
  kind: "plan" | "access" | "erase" | "correct" | "restrict" | "object";
  subject: RequestSubject;
  corrections?: Record<string, string>;
}

/** One line of an execution's answer: what happened to a system's (or table's) rows, and why. */
export interface OutcomeItem {
  system: string;
  table?: string;
  action: "read" | "erased" | "corrected" | "restricted" | "objected" | "kept" | "notified" | "none";
  rows: number;
  reason?: string;
}

/** What the rights engine did for one request. */
export interface ExecutionOutcome {
  items: OutcomeItem[];
  /** The access package (a zip), for access requests. */
  package?: Uint8Array;
  /** Work left to people: providers without an API. */
  manualTasks?: { id: string; system: string; description: string }[];
}

/** Runs a request through the rights engine (`@loupe/connectors`' `executeRequest`, adapted). */
export type ExecuteFn = (input: ExecuteInput) => Promise<ExecutionOutcome>;

/** What the shop's own data says about an e-mail address, for matching data points. */
export interface ShopRecord {
  customerId?: string;
  phones: string[];
  orderNumbers: string[];
  postcodes: string[];
}

/** Looks up an e-mail address in the shop's data; undefined when nothing is held. */
export type LookupFn = (email: string) => Promise<ShopRecord | undefined>;

/** Checks a shop's signed login token; the identity, or undefined when it is not valid now. */
export type VerifyLoginFn = (token: string) => Promise<{ customerId: string; email: string } | undefined>;

/** The answer to a request to know categories, from the data map. */
export interface CategoriesAnswer {
  categories: string[];
  sources: string[];
  purposes: string[];
  recipients: string[];
}

/** What the workflow needs: its store, keys, clock, and the parts it calls. */
export interface RightsContext {
  db: RightsDb;
  keys: RightsKeys;
  now: () => Date;
  logger: Logger;
  /** Absolute base URL for links in e-mails, without a trailing slash. */
  publicUrl: string;
  organization: { name: string; email?: string | undefined };
  sendMail: (mail: RightsMail) => Promise<void>;
  /** Queues the execution of a verified request (durably when a job queue is present). */
  schedule: (requestId: string) => Promise<void>;
  execute?: ExecuteFn | undefined;
  lookup?: LookupFn | undefined;
  verifyLogin?: VerifyLoginFn | undefined;
  /** Applies an opt-out of sale/sharing or a limit of sensitive PI to a known person (preferences, suppression). */
  applyOptOut?:
    | ((who: { email?: string | undefined }, kind: "opt_out_sale_share" | "limit_spi") => Promise<void>)
    | undefined;
  holidays: HolidayCalendar;
  /** Kinds that wait for a staff approval before they run. */
  approvalKinds: ReadonlySet<RequestKind>;
  /** What deleting someone's data ends, from the map (programmes, holds). */
  deletionConsequences: string[];
  categoriesAnswer: CategoriesAnswer;
}

/** How long the answer's records are kept after a response (§7101: at least 24 months). */
export const RECORD_RETENTION_MONTHS = 24;
/** How long an e-mailed code stays valid, and how many wrong tries it takes. */
export const CODE_TTL_MS = 30 * 60 * 1000;
export const CODE_MAX_ATTEMPTS = 5;
/** How long an access package download link stays valid. */
export const DOWNLOAD_TTL_MS = 7 * 24 * 3600 * 1000;
