import { fail, LoupeError, ok, type Result } from "@loupe/core";
import type { ProviderResult, Row } from "../connector/connector.js";

/** A provider's own reference for a request (a ticket or job id): a short token, never free text. */
export const PROVIDER_REFERENCE = /^[\w.:-]{1,200}$/;

/** What a provider's answer or callback carries besides the records. */
export interface ParsedProviderResult {
  result: ProviderResult;
  reference?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Validates the result part of a provider's JSON answer (`200`) or callback: `records` (name → array of flat
 * objects whose values are strings, numbers, booleans or null), `changed` (a whole number) and `reference` (a
 * short token). Errors name the path under `at` (e.g. `body.records.contacts[2].email`), never a value.
 *
 * @example
 * parseProviderResult({ records: { contacts: [{ email: "ann@example.com" }] } }, "body");
 * // { ok: true, value: { result: { records: { contacts: [ … ] } } } }
 * parseProviderResult({ changed: -1 }, "body"); // error at body.changed
 */
export function parseProviderResult(json: unknown, at: string): Result<ParsedProviderResult> {
  const problem = (path: string, message: string) =>
    fail<ParsedProviderResult>(new LoupeError("INVALID_REQUEST", `${path}: ${message}`, { path }));
  if (!isObject(json)) return problem(at, "must be a JSON object");
  const result: ProviderResult = {};
  const parsed: ParsedProviderResult = { result };
  if (json.records !== undefined) {
    if (!isObject(json.records)) return problem(`${at}.records`, "must be an object of arrays of records");
    const records: Record<string, Row[]> = {};
    for (const [name, rows] of Object.entries(json.records)) {
      const path = `${at}.records.${name}`;
      if (!/^[\w.-]{1,128}$/.test(name))
        return problem(`${at}.records`, "record set names must be short tokens");
      if (!Array.isArray(rows)) return problem(path, "must be an array of records");
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i];
        if (!isObject(row)) return problem(`${path}[${i}]`, "must be an object");
        for (const [column, value] of Object.entries(row))
          if (value !== null && !["string", "number", "boolean"].includes(typeof value))
            return problem(`${path}[${i}].${column}`, "must be a string, number, boolean or null");
      }
      records[name] = rows as Row[];
    }
    result.records = records;
  }
  if (json.changed !== undefined) {
    if (typeof json.changed !== "number" || !Number.isSafeInteger(json.changed) || json.changed < 0)
      return problem(`${at}.changed`, "must be a whole number of records, 0 or more");
    result.changed = json.changed;
  }
  if (json.reference !== undefined) {
    if (typeof json.reference !== "string" || !PROVIDER_REFERENCE.test(json.reference))
      return problem(`${at}.reference`, "must be 1–200 letters, digits, '.', ':', '_' or '-'");
    parsed.reference = json.reference;
  }
  return ok(parsed);
}
