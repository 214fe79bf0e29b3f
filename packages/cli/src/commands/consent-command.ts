import { LoupeError } from "@loupe/core";
import { loadConfig, openStore, verifyLedger } from "@loupe/server";
import { parseCommandArgs } from "../args.js";
import type { Io } from "../io.js";

export const consentHelp = `loupe consent verify

Checks the consent ledger's hash chain, receipt by receipt, in the store the server uses (DATABASE_URL,
else the embedded PGlite under LOUPE_DATA_DIR). Names the first broken link and exits 1 if the chain
was altered.
`;

/** `loupe consent verify`: the ledger's chain, checked. */
export async function consentCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs("consent", argv, {});
  if (values.help) {
    io.out(consentHelp);
    return 0;
  }
  if (positionals[0] !== "verify" || positionals.length > 1)
    throw new LoupeError("USAGE", "loupe consent: the only action is 'verify'; see 'loupe consent --help'");
  const config = loadConfig({ ...(io.env ?? process.env), LOUPE_MAP: undefined });
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const r = await verifyLedger(store.db);
    if (r.ok) {
      io.out(`consent ledger intact: ${r.count} receipts\n`);
      return 0;
    }
    io.out(`consent ledger broken at receipt ${r.brokenAt}: ${r.reason}\n`);
    return 1;
  } finally {
    await store.close();
  }
}
