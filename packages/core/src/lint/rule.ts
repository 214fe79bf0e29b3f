import type { PolicyDocument } from "../document/policy-document.js";
import type { Location } from "../errors/loupe-error.js";
import type { DataMap } from "../map/data-map-schema.js";
import type { MapPath } from "../map/load-data-map.js";
import type { Taxonomy } from "../taxonomy/taxonomy.js";

export type FindingSeverity = "error" | "warning" | "info";

/** One problem found: stable rule id, severity, message and where. */
export interface Finding {
  rule: string;
  severity: FindingSeverity;
  message: string;
  location: Location;
}

/**
 * What a rule looks at. A map rule reads `map` and points with `locate(path)`; when the input was a policy
 * text, `document` is set and `locate` maps a map path back to the line of the text it was imported from.
 */
export interface LintSubject {
  map: DataMap;
  /** What the live stores look like, keyed by system id; reality rules run only when it is set. */
  live?: Record<string, LiveSystem>;
  taxonomy: Taxonomy;
  file: string;
  locate(path: MapPath): Location;
  document?: PolicyDocument;
}

/**
 * One store as it is now: its tables and columns, what discovery proposes to annotate, and what it noticed
 * (e.g. identity columns without an index). Filled by the CLI from the live schema; core only compares.
 */
export interface LiveSystem {
  /** Table → column names. */
  tables: Record<string, string[]>;
  /** Discovery's proposed annotation: table → column → data category, for columns that look personal. */
  personal: Record<string, Record<string, string>>;
  notes: { code: string; table: string; column?: string; message: string; fix?: string }[];
}

/** A rule's raw output; the engine adds rule id and severity. */
export interface RuleHit {
  message: string;
  location: Location;
}

/**
 * A lint rule: one file each under `lint/rules/`, with its test beside it.
 *
 * @example
 * export const unusedRecipient: Rule = {
 *   id: "unused-recipient", kind: "map", severity: "warning",
 *   description: "A recipient that no touchpoint shares with.",
 *   check: (s) => s.map.recipients.filter(...).map((r, i) => ({ message: "...", location: s.locate(["recipients", i]) })),
 * };
 */
export interface Rule {
  id: string;
  /** `text`: defects of the wording; `law`: what current law requires; `map`: consistency of the data map; `reality`: what stores and site show. */
  kind: "text" | "law" | "map" | "reality";
  severity: FindingSeverity;
  description: string;
  /** Runs only when the subject carries a live snapshot of the stores (`subject.live`). */
  requiresLive?: boolean;
  check(subject: LintSubject): RuleHit[];
}
