import { dirname, resolve } from "node:path";
import { formatFindings, LoupeError, lint, RULES, type System } from "@loupe/core";
import { discoverOpencart } from "@loupe/platforms";
import { draftToYaml } from "@loupe/sample-store";
import { oneOf, parseCommandArgs } from "../args.js";
import { displayPath, type Io, writeTextAtomic } from "../io.js";
import { discoverSystem, toLiveSystem } from "../live-systems.js";
import { loadInput, unwrap } from "../load-input.js";

export const discoverHelp = `loupe discover <system-id> [--map loupe.yaml] [--diff] [--format text|json] [--out FILE]
loupe discover --connector postgres|mysql|redis --env VARIABLE [--id ID] [--out FILE]

Reads a store's live schema (tables, keys, foreign keys, indexes, sampled values) and writes a draft
annotation for the systems: part of loupe.yaml, so nobody writes it by hand. Identity columns without an
index are listed with the statement that adds one. A MySQL/MariaDB database that is an OpenCart 3 or 4 shop
is recognised (table prefix, version, engines) and gets OpenCart's built-in annotations instead.

  --map FILE        the data map whose system to read (default loupe.yaml)
  --diff            compare the live store with the map's annotation instead (reality lint rules);
                    exit code 1 when an error is found
  --connector KIND  discover a store the map does not declare yet, connecting through --env
  --env VARIABLE    environment variable holding the connection URL
  --format          text or json (with --diff)
  --out FILE        write the draft to FILE instead of standard output
`;

/** `loupe discover`: a draft annotation from a live schema, or its differences with the map. */
export async function discoverCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs("discover", argv, {
    map: { type: "string", short: "m" },
    diff: { type: "boolean" },
    connector: { type: "string" },
    env: { type: "string" },
    id: { type: "string" },
    format: { type: "string", short: "f" },
    out: { type: "string", short: "o" },
  });
  if (values.help) {
    io.out(discoverHelp);
    return 0;
  }
  const env = io.env ?? process.env;
  const format = oneOf("format", values.format, ["text", "json"] as const, "text");
  let system: System;
  let subjectForDiff: Awaited<ReturnType<typeof loadInput>>["subject"] | undefined;
  let baseDir = io.cwd;
  if (values.connector) {
    const connector = oneOf(
      "connector",
      values.connector,
      ["postgres", "mysql", "redis"] as const,
      "postgres",
    );
    if (!values.env)
      throw new LoupeError("USAGE", "loupe discover --connector needs --env VARIABLE (the connection URL)");
    system = { id: values.id ?? connector, connector, connection: { env: values.env }, tables: {}, keys: [] };
  } else {
    const id = positionals[0];
    if (!id)
      throw new LoupeError(
        "USAGE",
        "loupe discover: name the system to read, or use --connector; see 'loupe discover --help'",
      );
    const mapPath = resolve(io.cwd, values.map ?? "loupe.yaml");
    const { subject } = await loadInput(io, mapPath);
    const found = subject.map.systems.find((s) => s.id === id);
    if (!found)
      throw new LoupeError(
        "NOT_FOUND",
        `no system '${id}' in the map; known: ${subject.map.systems.map((s) => s.id).join(", ") || "none"}`,
        subject.locate(["systems"]),
      );
    system = found;
    subjectForDiff = subject;
    baseDir = dirname(mapPath);
  }
  if (!values.diff && system.connector === "mysql" && Object.keys(system.tables).length === 0) {
    const code = await discoverOpencartShop(system, env, io, values.out);
    if (code !== undefined) return code;
  }
  const result = await discoverSystem(system, env, baseDir);

  if (values.diff) {
    if (!subjectForDiff)
      throw new LoupeError("USAGE", "loupe discover --diff compares a system of the map: name it");
    const reality = new Set(RULES.filter((r) => r.kind === "reality").map((r) => r.id));
    const findings = unwrap(
      lint({ ...subjectForDiff, live: { [system.id]: toLiveSystem(result) } }),
      io,
    ).filter((f) => reality.has(f.rule));
    io.out(formatFindings(findings, format));
    return findings.some((f) => f.severity === "error") ? 1 : 0;
  }

  for (const f of result.findings) io.err(`${system.id}: ${f.message}${f.fix ? `\n  fix: ${f.fix}` : ""}\n`);
  const yaml = draftToYaml([result.system]);
  if (values.out) {
    const out = resolve(io.cwd, values.out);
    await writeTextAtomic(io, out, yaml);
    io.err(
      `wrote ${displayPath(io, out)}: ${result.stats.tables} tables, ${result.stats.personalColumns} personal-data columns (${result.stats.reviewColumns} to review)\n`,
    );
  } else io.out(yaml);
  return 0;
}

/** OpenCart's built-in annotations when the database is an OpenCart shop; `undefined` when it is not. */
async function discoverOpencartShop(
  system: System,
  env: NodeJS.ProcessEnv,
  io: Io,
  out: string | undefined,
): Promise<number | undefined> {
  const variable = system.connection?.env;
  const url = variable ? env[variable] : undefined;
  if (!variable || !url) return undefined;
  const found = await discoverOpencart(url, { id: system.id, connectionEnv: variable });
  if (!found.ok && found.errors.every((e) => e.code === "NOT_FOUND")) return undefined;
  const shop = unwrap(found, io);
  io.err(
    `${system.id}: OpenCart ${shop.version} (table prefix '${shop.prefix}'), built-in annotations for ${shop.tables.length} tables\n`,
  );
  for (const m of shop.missingIndexes)
    io.err(`${system.id}: ${m.table}.${m.column} (${m.role}) has no index\n  fix: ${m.statement}\n`);
  for (const j of shop.missingJsonLinks)
    io.err(
      `${system.id}: ${j.table}.${j.column} would make ${j.purpose} searchable\n  fix: ${j.statement}\n`,
    );
  const yaml = draftToYaml([shop.system]);
  if (out) {
    const file = resolve(io.cwd, out);
    await writeTextAtomic(io, file, yaml);
    io.err(`wrote ${displayPath(io, file)}\n`);
  } else io.out(yaml);
  return 0;
}
