import { randomBytes } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { executeRequest, type JournalDb, type RequestKind, type RequestResult } from "@loupe/connectors";
import { LoupeError } from "@loupe/core";
import pg from "pg";
import { oneOf, parseCommandArgs } from "../args.js";
import { displayPath, type Io } from "../io.js";
import { loadInput } from "../load-input.js";

export const dsrHelp = `loupe dsr plan|access|erase|correct|restrict|object --email ADDRESS [--phone NUMBER] [--customer-id ID] [options]

Executes a privacy request across the stores the data map's systems name (connection URLs come from the
environment variables they name).

  plan       dry run: which systems and tables, how many rows would be read, erased or kept, and why
  access     writes a zip: data.json, one CSV per table, report.html by data category
  erase      deletes and masks (children first, one transaction per store), keeps held fields, verifies
  correct    writes new values: --set user.contact.phone_number=+14155550100 (repeatable)
  restrict   marks the subject so marketing and export jobs skip them (object: the same, as an objection)

  --map FILE          the data map (default loupe.yaml)
  --email ADDRESS     the subject's e-mail address
  --phone NUMBER      the subject's phone number
  --customer-id ID    the subject's customer id
  --out FILE          access: where to write the zip (default access-<request id>.zip)
  --set CATEGORY=VAL  correct: a data category and its new value
  --request-id ID     resume or repeat a request (default: a new id)
  --journal URL|DIR   where steps are recorded: a postgres:// URL or a PGlite directory (default .loupe/dsr-journal
                      next to the map)
  --format text|json  output format (default text)
`;

const KINDS = ["plan", "access", "erase", "correct", "restrict", "object"] as const;

/** Takes every `--set a=b` out of the arguments (it may repeat). */
function takeSets(argv: string[]): { rest: string[]; sets: Record<string, string> } {
  const rest: string[] = [];
  const sets: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    let v: string | undefined;
    if (a === "--set") v = argv[++i];
    else if (a.startsWith("--set=")) v = a.slice(6);
    else {
      rest.push(a);
      continue;
    }
    const eq = v?.indexOf("=") ?? -1;
    if (!v || eq <= 0) throw new LoupeError("USAGE", `--set needs CATEGORY=VALUE (got '${v ?? ""}')`);
    sets[v.slice(0, eq)] = v.slice(eq + 1);
  }
  return { rest, sets };
}

async function openJournal(where: string): Promise<{ db: JournalDb; close(): Promise<void> }> {
  if (/^postgres(ql)?:\/\//.test(where)) {
    const pool = new pg.Pool({ connectionString: where, max: 2 });
    return { db: pool, close: () => pool.end() };
  }
  await mkdir(where, { recursive: true });
  const db = await PGlite.create(where);
  return { db, close: () => db.close() };
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + " ".repeat(n - s.length);
}

/**
 * A request's result as text a person reads: per table what was found and done, kept fields with their reasons,
 * verification, suppression and who to tell.
 *
 * @example
 * io.out(formatRequestResult(result));
 */
export function formatRequestResult(r: RequestResult): string {
  const lines = [`${r.kind} · request ${r.requestId} · ${r.status}${r.resumed ? " (resumed)" : ""}`];
  if (r.tables.length === 0) lines.push("  no record of this person was found");
  const width = Math.max(...r.tables.map((t) => `${t.system}.${t.table}`.length), 10) + 2;
  for (const t of r.tables) {
    const did = [
      t.deleted && `${r.kind === "plan" ? "delete" : "deleted"} ${t.deleted}`,
      t.masked && `${r.kind === "plan" ? "mask" : "masked"} ${t.masked}`,
      t.updated && `updated ${t.updated}`,
    ].filter(Boolean);
    lines.push(
      `  ${pad(`${t.system}.${t.table}`, width)}${pad(`${t.rows} row${t.rows === 1 ? "" : "s"}`, 10)}${did.join(", ")}`,
    );
    for (const k of t.keptRows)
      lines.push(`      keeps ${k.rows} row${k.rows === 1 ? "" : "s"}: ${k.reason}`);
    const byReason = new Map<string, string[]>();
    for (const k of t.keptFields) byReason.set(k.reason, [...(byReason.get(k.reason) ?? []), k.field]);
    for (const [reason, fields] of byReason) lines.push(`      keeps ${fields.join(", ")}: ${reason}`);
  }
  if (r.package)
    lines.push(
      `package: ${r.package.path ?? "(in memory)"} — ${r.package.files.length} files, ${r.package.size} bytes`,
    );
  if (r.verification)
    lines.push(
      r.verification.ok
        ? "verification: nothing erasable remains"
        : `verification FAILED: ${Object.entries(r.verification.systems)
            .flatMap(([s, v]) => v.remaining.map((x) => `${s}.${x.table}.${x.column} (${x.rows} rows)`))
            .join(", ")}`,
    );
  if (r.suppression)
    lines.push(
      `suppression: ${r.suppression.recorded} hashed identities kept so marketing never adds them back`,
    );
  if (r.recipients.length)
    lines.push(
      `recipients: ${r.recipients.map((x) => `${x.title} (${x.status === "to-notify" ? "to notify" : x.status})`).join(", ")}`,
    );
  for (const e of r.errors) lines.push(`error: ${e.system}: ${e.message}`);
  return `${lines.join("\n")}\n`;
}

/** `loupe dsr`: a privacy request from the command line. */
export async function dsrCommand(argv: string[], io: Io): Promise<number> {
  const { rest, sets } = takeSets(argv);
  const { values, positionals } = parseCommandArgs("dsr", rest, {
    map: { type: "string" },
    email: { type: "string" },
    phone: { type: "string" },
    "customer-id": { type: "string" },
    out: { type: "string", short: "o" },
    "request-id": { type: "string" },
    journal: { type: "string" },
    format: { type: "string", short: "f" },
  });
  if (values.help) {
    io.out(dsrHelp);
    return 0;
  }
  const [action, extra] = positionals;
  if (!action)
    throw new LoupeError(
      "USAGE",
      "loupe dsr: missing the request kind (plan, access, erase, correct, restrict or object)",
    );
  if (extra) throw new LoupeError("USAGE", `loupe dsr: unexpected argument '${extra}'`);
  if (!(KINDS as readonly string[]).includes(action))
    throw new LoupeError("USAGE", `loupe dsr: unknown request kind '${action}'; use ${KINDS.join(", ")}`);
  const kind = action as RequestKind;
  const format = oneOf("format", values.format, ["text", "json"] as const, "text");
  if (!values.email && !values.phone && !values["customer-id"])
    throw new LoupeError("USAGE", "loupe dsr: name the person with --email, --phone or --customer-id");
  if (kind === "correct" && Object.keys(sets).length === 0)
    throw new LoupeError("USAGE", "loupe dsr correct: give at least one --set CATEGORY=VALUE");
  if (kind !== "correct" && Object.keys(sets).length > 0)
    throw new LoupeError("USAGE", "--set is only for 'loupe dsr correct'");
  const mapPath = resolve(io.cwd, values.map ?? "loupe.yaml");
  const { subject } = await loadInput(io, mapPath);
  if (subject.map.systems.length === 0)
    throw new LoupeError(
      "MAP_INVALID",
      "the data map declares no systems; run 'loupe discover' to draft them",
      { file: subject.file, path: "systems" },
    );
  const requestId =
    values["request-id"] ??
    `cli-${new Date().toISOString().replace(/[-:.]/g, "").slice(0, 15)}-${randomBytes(3).toString("hex")}`;
  const journal = await openJournal(values.journal ?? resolve(dirname(mapPath), ".loupe/dsr-journal"));
  try {
    const packagePath =
      kind === "access" ? resolve(io.cwd, values.out ?? `access-${requestId}.zip`) : undefined;
    const result = await executeRequest({
      requestId,
      kind,
      subject: { email: values.email, phone: values.phone, customerId: values["customer-id"] },
      corrections: kind === "correct" ? sets : undefined,
      map: subject.map,
      env: io.env ?? process.env,
      journal: journal.db,
      packagePath,
      baseDir: dirname(mapPath),
    });
    if (result.package?.path) result.package.path = displayPath(io, result.package.path);
    io.out(format === "json" ? `${JSON.stringify(result, null, 2)}\n` : formatRequestResult(result));
    return result.status === "failed" ? 1 : 0;
  } finally {
    await journal.close();
  }
}
