import { parseArgs } from "node:util";
import { LoupeError } from "@loupe/core";

type Spec = Record<string, { type: "string" | "boolean"; short?: string }>;
type Values<S extends Spec> = { [K in keyof S]?: S[K]["type"] extends "boolean" ? boolean : string } & {
  help?: boolean;
};

/**
 * Parses a command's arguments strictly: an unknown option or a missing value is a usage error naming it.
 *
 * @example
 * const { values, positionals } = parseCommandArgs("lint", argv, { format: { type: "string" } });
 */
export function parseCommandArgs<S extends Spec>(
  command: string,
  argv: string[],
  options: S,
): { values: Values<S>; positionals: string[] } {
  try {
    const parsed = parseArgs({
      args: argv,
      options: { ...options, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
    return { values: parsed.values as Values<S>, positionals: parsed.positionals };
  } catch (e) {
    throw new LoupeError(
      "USAGE",
      `loupe ${command}: ${(e as Error).message.split("\n")[0]}; see 'loupe ${command} --help'`,
    );
  }
}

/** Checks an option against its allowed values. */
export function oneOf<T extends string>(
  option: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new LoupeError("USAGE", `--${option} must be one of ${allowed.join(", ")} (got '${value}')`);
}

/** The single positional argument a command needs. */
export function onePositional(command: string, positionals: string[], what: string): string {
  const [first, ...rest] = positionals;
  if (!first)
    throw new LoupeError("USAGE", `loupe ${command}: missing ${what}; see 'loupe ${command} --help'`);
  if (rest.length) throw new LoupeError("USAGE", `loupe ${command}: unexpected argument '${rest[0]}'`);
  return first;
}
