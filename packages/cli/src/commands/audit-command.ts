import { LoupeError } from "@loupe/core";
import { loadConfig, openStore, verifyAudit } from "@loupe/server";
import { parseCommandArgs } from "../args.js";
import type { Io } from "../io.js";

export const auditHelp = `loupe audit verify

Checks the audit log's hash chain, entry by entry, in the store the server uses (DATABASE_URL, else the
embedded PGlite under LOUPE_DATA_DIR). Names the first broken entry and exits 1 if the log was altered.
`;

/**
 * `loupe audit verify`: the audit log's chain, checked; exit code 0 when intact, 1 when broken.
 *
 * @example
 * const code = await auditCommand(["verify"], processIo()); // prints "audit log intact: 1234 entries"
 */
export async function auditCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs("audit", argv, {});
  if (values.help) {
    io.out(auditHelp);
    return 0;
  }
  if (positionals[0] !== "verify" || positionals.length > 1)
    throw new LoupeError("USAGE", "loupe audit: the only action is 'verify'; see 'loupe audit --help'");
  const config = loadConfig({ ...(io.env ?? process.env), LOUPE_MAP: undefined });
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const r = await verifyAudit(store.db);
    if (r.ok) {
      io.out(`audit log intact: ${r.count} entries\n`);
      return 0;
    }
    io.out(`audit log broken at entry ${r.brokenAt}: ${r.reason}\n`);
    return 1;
  } finally {
    await store.close();
  }
}
