import { resolve } from "node:path";
import { LoupeError } from "@loupe/core";
import { loadConfig, startServer } from "@loupe/server";
import { parseCommandArgs } from "../args.js";
import type { Io } from "../io.js";

export const serveHelp = `loupe serve [--map loupe.yaml] [--port 8787] [--host 127.0.0.1]

Runs Loupe's server: the privacy notice at /privacy (with its versions), the consent ledger API under
/api/v1/consent, /.well-known/gpc.json, /healthz and /openapi.json. Keeps its data in the embedded
PGlite under .loupe-data/pglite, or in PostgreSQL when DATABASE_URL is set; migrations run on start.
Other settings come from the environment (see packages/server/README.md). Stops on Ctrl-C.

  --map FILE    the data map (default: $LOUPE_MAP, else loupe.yaml)
  --port N      port (default: $PORT, else 8787)
  --host HOST   interface (default: $HOST, else 127.0.0.1)
`;

/** `loupe serve`: the server until SIGINT/SIGTERM. */
export async function serveCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs("serve", argv, {
    map: { type: "string", short: "m" },
    port: { type: "string", short: "p" },
    host: { type: "string" },
  });
  if (values.help) {
    io.out(serveHelp);
    return 0;
  }
  const env = { ...(io.env ?? process.env) };
  env.LOUPE_MAP = resolve(io.cwd, values.map ?? env.LOUPE_MAP ?? "loupe.yaml");
  if (values.port !== undefined) env.PORT = values.port;
  if (values.host !== undefined) env.HOST = values.host;
  const server = await startServer({ config: loadConfig(env) });
  io.err(`loupe: serving ${server.url} (store: ${server.app.store.kind}); Ctrl-C stops\n`);
  await new Promise<void>((done) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      done();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await server.close().catch((e: unknown) => {
    throw new LoupeError("INTERNAL", `could not stop cleanly: ${(e as Error).message}`);
  });
  return 0;
}
