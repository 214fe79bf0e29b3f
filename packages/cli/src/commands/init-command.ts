import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { createInterface } from "node:readline/promises";
import { type InitAnswers, initMap, JURISDICTION_IDS, LoupeError, parseDataMap } from "@loupe/core";
import { parseCommandArgs } from "../args.js";
import { displayPath, type Io, writeTextAtomic } from "../io.js";

export const initHelp = `loupe init [--out loupe.yaml] [--force] [--yes] [answers…]

Creates a commented starter loupe.yaml for a new shop. Asks for what the flags do not give when run
in a terminal; with --yes (or without a terminal) uses the defaults.

  --name NAME                 the shop's name (required without a terminal)
  --legal-name NAME           registered legal name, e.g. "Example Jewelers, Inc."
  --website URL               the shop's website
  --email ADDRESS             privacy contact e-mail
  --phone NUMBER              privacy contact phone (a toll-free number where California applies)
  --jurisdictions LIST        comma-separated: ${JURISDICTION_IDS.join(", ")} (default us-ca)
  --sells yes|no              ad partners collect cookie ids on the site (default yes)
  --gpc yes|no                honour Global Privacy Control (default yes)
  --touchpoints LIST          comma-separated template touchpoints (default: all eight)
  --out FILE                  write to FILE (default loupe.yaml)
  --force                     overwrite FILE if it exists
  --yes                       do not ask; use defaults for what is missing
`;

const TOUCHPOINTS = [
  "navigate-site",
  "site-features",
  "purchase",
  "consultants",
  "marketing",
  "review",
  "social-media",
  "appointment",
];

/** `loupe init`: a starter data map from a few answers. */
export async function initCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs("init", argv, {
    name: { type: "string" },
    "legal-name": { type: "string" },
    website: { type: "string" },
    email: { type: "string" },
    phone: { type: "string" },
    jurisdictions: { type: "string" },
    sells: { type: "string" },
    gpc: { type: "string" },
    touchpoints: { type: "string" },
    out: { type: "string", short: "o" },
    force: { type: "boolean" },
    yes: { type: "boolean", short: "y" },
  });
  if (values.help) {
    io.out(initHelp);
    return 0;
  }
  const out = resolve(io.cwd, values.out ?? "loupe.yaml");
  if (existsSync(out) && !values.force)
    throw new LoupeError("CONFLICT", "file exists; pass --force to overwrite it", {
      file: displayPath(io, out),
    });

  const interactive =
    !values.yes && (io.ask !== undefined || (process.stdin.isTTY && io.cwd === process.cwd()));
  const rl =
    interactive && !io.ask ? createInterface({ input: process.stdin, output: process.stderr }) : undefined;
  const ask = async (question: string, given: string | undefined, fallback: string): Promise<string> => {
    if (given !== undefined || !interactive) return given ?? fallback;
    if (io.ask) return io.ask(question, fallback);
    const answer = (await rl?.question(`${question}${fallback ? ` [${fallback}]` : ""}: `))?.trim();
    return answer || fallback;
  };
  try {
    const name = await ask("Shop name", values.name, "");
    if (!name) throw new LoupeError("USAGE", "loupe init: the shop's name is required (--name)");
    const answers: InitAnswers = {
      name,
      legalName: optional(await ask("Legal name", values["legal-name"], "")),
      website: optional(await ask("Website", values.website, "")),
      email: optional(await ask("Privacy contact e-mail", values.email, "")),
      phone: optional(await ask("Privacy contact phone", values.phone, "")),
      jurisdictions: list(
        "jurisdictions",
        await ask(`Jurisdictions (${JURISDICTION_IDS.join(", ")})`, values.jurisdictions, "us-ca"),
        JURISDICTION_IDS,
      ),
      sellsToAdPartners: yesNo(
        "sells",
        await ask("Do ad partners collect cookie ids on the site? (yes/no)", values.sells, "yes"),
      ),
      honoursGpc: yesNo("gpc", await ask("Honour Global Privacy Control? (yes/no)", values.gpc, "yes")),
      touchpoints: list(
        "touchpoints",
        await ask("Touchpoints", values.touchpoints, TOUCHPOINTS.join(",")),
        TOUCHPOINTS,
      ),
    };
    const yaml = initMap(answers);
    const check = parseDataMap(yaml, displayPath(io, out));
    if (!check.ok) throw check.errors[0];
    await writeTextAtomic(io, out, yaml);
    io.err(`wrote ${displayPath(io, out)}; next: loupe lint ${displayPath(io, out)}\n`);
    return 0;
  } finally {
    rl?.close();
  }
}

function optional(s: string): string | undefined {
  return s.trim() ? s.trim() : undefined;
}

function yesNo(option: string, value: string): boolean {
  const v = value.trim().toLowerCase();
  if (["yes", "y", "true"].includes(v)) return true;
  if (["no", "n", "false"].includes(v)) return false;
  throw new LoupeError("USAGE", `--${option} must be yes or no (got '${value}')`);
}

function list<T extends string>(option: string, value: string, allowed: readonly T[]): T[] {
  const items = value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (const item of items)
    if (!(allowed as readonly string[]).includes(item))
      throw new LoupeError("USAGE", `--${option}: unknown value '${item}'; use ${allowed.join(", ")}`);
  return items as T[];
}
