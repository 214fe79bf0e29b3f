import { exitCodeOf, LoupeError } from "@loupe/core";
import { auditCommand, auditHelp } from "./commands/audit-command.js";
import { consentCommand, consentHelp } from "./commands/consent-command.js";
import { discoverCommand, discoverHelp } from "./commands/discover-command.js";
import { dsrCommand, dsrHelp } from "./commands/dsr-command.js";
import { importCommand, importHelp } from "./commands/import-command.js";
import { initCommand, initHelp } from "./commands/init-command.js";
import { lintCommand, lintHelp } from "./commands/lint-command.js";
import { renderCommand, renderHelp } from "./commands/render-command.js";
import { ropaCommand, ropaHelp } from "./commands/ropa-command.js";
import { rulesCommand, rulesHelp } from "./commands/rules-command.js";
import { sampleStoreCommand, sampleStoreHelp } from "./commands/sample-store-command.js";
import { scanCommand, scanHelp } from "./commands/scan-command.js";
import { schemaCommand, schemaHelp } from "./commands/schema-command.js";
import { serveCommand, serveHelp } from "./commands/serve-command.js";
import { type Io, processIo } from "./io.js";

export const VERSION = "0.1.0";

const USAGE = `loupe ${VERSION} — makes a retailer's privacy policy true in software

Usage: loupe <command> [options]

Commands:
  init      create a commented starter loupe.yaml from a few answers
  import    read a privacy policy (.txt, .md, .html) into a draft data map
  lint      check a data map or a policy against the law, itself and its text
  render    write the privacy notice (html, md, txt) or a notice at collection
  ropa      export the GDPR Art. 30 record of processing (csv, json)
  rules     list the lint rules
  discover  read a store's live schema into a draft annotation, or diff it with the map
  sample-store  load or drop the fictional sample shop (PostgreSQL, MariaDB, Redis or PGlite)
  schema    print the JSON Schema of loupe.yaml
  scan      crawl the live site in Chromium and hold it against the data map
  serve     run the server: notice, consent ledger API, GPC signals
  consent   verify the consent ledger's hash chain
  dsr       run a privacy request (plan, access, erase, correct, restrict) across the map's stores
  audit     verify the audit log's hash chain

Run 'loupe <command> --help' for a command's options.
`;

type Command = (argv: string[], io: Io) => Promise<number>;

export interface MainOptions {
  io?: Io;
  /** Today's date as YYYY-MM-DD (for notices without a last-updated date). */
  today?: () => string;
}

const isoToday = () => new Date().toISOString().slice(0, 10);

/**
 * Runs the command line and returns the exit code: 0 success, 1 lint errors found, 2 bad input, 70 internal fault.
 * Errors are printed as one located line; a stack trace is shown only with LOUPE_DEBUG=1.
 *
 * @example
 * const code = await main(["lint", "loupe.yaml", "--format", "json"]);
 */
export async function main(argv: string[], options: MainOptions = {}): Promise<number> {
  const io = options.io ?? processIo();
  const today = options.today ?? isoToday;
  const commands: Record<string, { run: Command; help: string }> = {
    init: { run: initCommand, help: initHelp },
    import: { run: importCommand, help: importHelp },
    lint: { run: lintCommand, help: lintHelp },
    render: { run: (a, i) => renderCommand(a, i, today), help: renderHelp },
    ropa: { run: ropaCommand, help: ropaHelp },
    rules: { run: rulesCommand, help: rulesHelp },
    "sample-store": { run: sampleStoreCommand, help: sampleStoreHelp },
    discover: { run: discoverCommand, help: discoverHelp },
    schema: { run: schemaCommand, help: schemaHelp },
    serve: { run: serveCommand, help: serveHelp },
    scan: { run: scanCommand, help: scanHelp },
    consent: { run: consentCommand, help: consentHelp },
    dsr: { run: dsrCommand, help: dsrHelp },
    audit: { run: auditCommand, help: auditHelp },
  };
  const [name, ...rest] = argv;
  try {
    if (!name || name === "help" || name === "--help" || name === "-h") {
      const topic = rest[0] && commands[rest[0]];
      io.out(topic ? topic.help : USAGE);
      return 0;
    }
    if (name === "--version" || name === "-v") {
      io.out(`${VERSION}\n`);
      return 0;
    }
    const command = commands[name];
    if (!command) throw new LoupeError("USAGE", `unknown command '${name}'; run 'loupe help' for the list`);
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof LoupeError) {
      io.err(`loupe: ${e.toString()}\n`);
      return exitCodeOf(e.code);
    }
    io.err(`loupe: internal error: ${(e as Error)?.message ?? String(e)}; set LOUPE_DEBUG=1 for details\n`);
    if (process.env.LOUPE_DEBUG === "1") io.err(`${(e as Error)?.stack ?? ""}\n`);
    return 70;
  }
}
