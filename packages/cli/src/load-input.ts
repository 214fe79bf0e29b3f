import { resolve } from "node:path";
import {
  type ImportResult,
  importPolicy,
  type LintSubject,
  LoupeError,
  parseDataMap,
  parsePolicyDocument,
} from "@loupe/core";
import { displayPath, type Io, inputKind, readText } from "./io.js";

/** A map or a policy loaded from disk, ready for lint or render. */
export interface LoadedInput {
  subject: LintSubject;
  /** Set when the input was a policy text. */
  imported?: ImportResult;
}

/** Throws the first of a result's errors; the CLI's edge turns it into one line and exit code 2. */
export function unwrap<T>(r: { ok: true; value: T } | { ok: false; errors: LoupeError[] }, io: Io): T {
  if (r.ok) return r.value;
  for (const e of r.errors.slice(1)) io.err(`${e.toString()}\n`);
  throw r.errors[0] ?? new LoupeError("INTERNAL", "unknown failure");
}

/**
 * Loads `loupe.yaml` (validated, located by YAML path) or a policy text (parsed and imported, located by line).
 *
 * @example
 * const { subject } = await loadInput(io, "loupe.yaml");
 */
export async function loadInput(io: Io, path: string): Promise<LoadedInput> {
  const abs = resolve(io.cwd, path);
  const { kind, format } = inputKind(io, abs);
  const text = await readText(io, abs);
  const file = displayPath(io, abs);
  if (kind === "map") {
    const loaded = unwrap(parseDataMap(text, file), io);
    return { subject: { map: loaded.map, taxonomy: loaded.taxonomy, file, locate: loaded.locate } };
  }
  const document = unwrap(parsePolicyDocument(text, file, format), io);
  const imported = importPolicy(document);
  return {
    subject: { map: imported.map, taxonomy: imported.taxonomy, file, locate: imported.locate, document },
    imported,
  };
}
