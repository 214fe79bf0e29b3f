// c15t's consent API (`@c15t/backend`) as a standalone server, for the side-by-side benchmark
// (`c15t-writes.js`): Kysely over `pg` against DATABASE_URL, tables created with c15t's own migrator,
// mounted on `@hono/node-server` at PORT (0: any free port). Prints one JSON line
// `{"msg":"listening","url":…}` on standard output when ready.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/c15t_x PORT=0 node packages/server/bench/c15t-server.js

import { c15tInstance } from "@c15t/backend";
import { kyselyAdapter } from "@c15t/backend/db/adapters/kysely";
import { migrator } from "@c15t/backend/db/migrator";
import { DB } from "@c15t/backend/db/schema";
import { serve } from "@hono/node-server";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";

const url = process.env.DATABASE_URL;
if (!url) {
  process.stderr.write("c15t-server: DATABASE_URL is required\n");
  process.exit(2);
}
const pool = new pg.Pool({ connectionString: url, max: Number(process.env.C15T_DB_POOL ?? 10) });
const db = new Kysely({ dialect: new PostgresDialect({ pool }) });
const adapter = kyselyAdapter({ db, provider: "postgresql" });

const migration = await migrator({ db: DB.client(adapter), schema: "latest" });
if ("execute" in migration) await migration.execute();

const c15t = c15tInstance({
  appName: "c15t-bench",
  basePath: "/api/c15t",
  trustedOrigins: ["http://127.0.0.1"],
  adapter,
  logger: { level: process.env.C15T_LOG_LEVEL ?? "info" },
});

const server = serve(
  { fetch: c15t.handler, hostname: "127.0.0.1", port: Number(process.env.PORT ?? 0) },
  (info) => {
    process.stdout.write(`${JSON.stringify({ msg: "listening", url: `http://127.0.0.1:${info.port}` })}\n`);
  },
);
const stop = () => {
  server.close(() => {
    db.destroy().then(
      () => process.exit(0),
      () => process.exit(70),
    );
  });
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
