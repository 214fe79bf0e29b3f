/**
 * Loupe's one error type. Every failure a user can cause carries a stable `code`;
 * the HTTP status for each code lives in {@link httpStatusOf}, the CLI exit code in {@link exitCodeOf}.
 *
 * @example
 * const err = new LoupeError("MAP_INVALID", "unknown taxonomy key 'user.foo'", { file: "loupe.yaml", line: 4, column: 7, path: "touchpoints[0].collects[1]" });
 * err.toString(); // "loupe.yaml:4:7 (touchpoints[0].collects[1]): unknown taxonomy key 'user.foo'"
 */

/** Where in a file something is. Text files give `line`; YAML maps also give `path` (e.g. `touchpoints[2].purposes[0].basis`). */
export interface Location {
  file?: string;
  line?: number;
  column?: number;
  path?: string;
}

export const ERROR_CODES = {
  USAGE: { http: 400, exit: 2 },
  FILE_NOT_FOUND: { http: 404, exit: 2 },
  FILE_UNREADABLE: { http: 400, exit: 2 },
  UNSUPPORTED_FORMAT: { http: 415, exit: 2 },
  YAML_SYNTAX: { http: 400, exit: 2 },
  MAP_INVALID: { http: 422, exit: 2 },
  UNKNOWN_TAXONOMY_KEY: { http: 422, exit: 2 },
  UNKNOWN_RULE: { http: 422, exit: 2 },
  UNKNOWN_TOUCHPOINT: { http: 404, exit: 2 },
  NOT_FOUND: { http: 404, exit: 2 },
  CONFLICT: { http: 409, exit: 2 },
  INVALID_REQUEST: { http: 400, exit: 2 },
  UNAUTHORIZED: { http: 401, exit: 2 },
  FORBIDDEN: { http: 403, exit: 2 },
  PAYLOAD_TOO_LARGE: { http: 413, exit: 2 },
  RATE_LIMITED: { http: 429, exit: 2 },
  UNAVAILABLE: { http: 503, exit: 69 },
  INTERNAL: { http: 500, exit: 70 },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Formats a location as `file:line:column (path)`, leaving out the parts that are unknown. */
export function formatLocation(loc: Location | undefined): string {
  if (!loc) return "";
  let s = loc.file ?? "";
  if (loc.line !== undefined) s += `${s ? ":" : "line "}${loc.line}`;
  if (loc.line !== undefined && loc.column !== undefined) s += `:${loc.column}`;
  if (loc.path) s += s ? ` (${loc.path})` : loc.path;
  return s;
}

export class LoupeError extends Error {
  readonly code: ErrorCode;
  readonly location: Location | undefined;

  constructor(code: ErrorCode, message: string, location?: Location) {
    super(message);
    this.name = "LoupeError";
    this.code = code;
    this.location = location;
  }

  /** One line for a person: `where: what`. */
  override toString(): string {
    const where = formatLocation(this.location);
    return where ? `${where}: ${this.message}` : this.message;
  }

  toJSON(): { code: ErrorCode; message: string; location?: Location } {
    return this.location
      ? { code: this.code, message: this.message, location: this.location }
      : { code: this.code, message: this.message };
  }
}

/** HTTP status for an error code (the one place codes meet HTTP). */
export function httpStatusOf(code: ErrorCode): number {
  return ERROR_CODES[code].http;
}

/** Process exit code for an error code: 2 for anything the user can fix, 70 for a fault of Loupe's. */
export function exitCodeOf(code: ErrorCode): number {
  return ERROR_CODES[code].exit;
}

/** A result of a pure core function: either a value or a list of located problems. Core never throws on user input. */
export type Result<T> = { ok: true; value: T } | { ok: false; errors: LoupeError[] };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(...errors: LoupeError[]): Result<T> => ({ ok: false, errors });
