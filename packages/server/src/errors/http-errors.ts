import { ERROR_CODES, type ErrorCode, type Location, LoupeError } from "@loupe/core";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { z } from "zod";

export type ServerErrorCode = ErrorCode;

/**
 * A `LoupeError` with one of core's stable codes.
 *
 * @example
 * throw loupeError("UNAUTHORIZED", "a bearer API key is required");
 */
export function loupeError(code: ErrorCode, message: string, location?: Location): LoupeError {
  return new LoupeError(code, message, location);
}

/**
 * The HTTP status of an error code, from core's one table (`ERROR_CODES`); 500 for anything else.
 *
 * @example
 * httpStatusOf("NOT_FOUND"); // 404
 * httpStatusOf("RATE_LIMITED"); // 429
 */
export function httpStatusOf(code: string): ContentfulStatusCode {
  const known = (ERROR_CODES as Record<string, { http: number }>)[code];
  return (known?.http ?? 500) as ContentfulStatusCode;
}

/** The JSON body of every error answer. */
export interface ErrorBody {
  error: { code: string; message: string; location?: Location };
}

/**
 * The JSON error answer for a `LoupeError`: `{ error: { code, message, location? } }`, never a stack.
 *
 * @example
 * return errorResponse(c, loupeError("NOT_FOUND", "no such notice version"));
 */
export function errorResponse(c: Context, err: LoupeError, headers?: Record<string, string>): Response {
  const body: ErrorBody = { error: err.toJSON() };
  return c.json(body, httpStatusOf(err.code), headers);
}

/**
 * Turns zod issues into one `INVALID_REQUEST` error: the message lists every issue with its field path, the
 * location points at the first.
 *
 * @example
 * const r = Schema.safeParse(body);
 * if (!r.success) throw invalidRequest(r.error);
 */
export function invalidRequest(error: z.ZodError, root = ""): LoupeError {
  const issues = error.issues.slice(0, 10).map((i) => {
    const path = fieldPath(root, i.path);
    return { path, text: path ? `${path}: ${i.message}` : i.message };
  });
  const more = error.issues.length > 10 ? `; and ${error.issues.length - 10} more` : "";
  const first = issues[0];
  return loupeError(
    "INVALID_REQUEST",
    `${issues.map((i) => i.text).join("; ")}${more}`,
    first?.path ? { path: first.path } : undefined,
  );
}

/**
 * A field path as people read it.
 *
 * @example
 * fieldPath("", ["receipts", 0, "granted", 1]); // "receipts[0].granted[1]"
 */
export function fieldPath(root: string, path: readonly PropertyKey[]): string {
  let s = root;
  for (const p of path) s += typeof p === "number" ? `[${p}]` : s ? `.${String(p)}` : String(p);
  return s;
}
