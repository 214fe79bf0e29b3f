#!/usr/bin/env node
// Loads OpenCart 3's real install script into a throwaway MariaDB database, fills it with generated customers
// and guests, times recognition, the built-in annotations and the missing-index report, then access requests
// through the rights engine (median of 5, a customer and a guest) before and after adding the reported indexes.
// Drops the database.
// Needs the packages built (`npm run build`) and ../shared/reference/opencart/opencart-3.0.5.1.sql.
// Usage: node packages/platforms/bench/bench-opencart.mjs [--customers 20000] [--guests 5000]
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { executeRequest, openEngineSession } from "@loupe/connectors";
import { DataMapSchema } from "@loupe/core";
import {
  generateOpencartData,
  installOpencart3,
  loadOpencartData,
  missingIndexes,
  missingJsonLinks,
  opencartSystem,
  recogniseOpencart,
} from "@loupe/platforms";
import { createScratchStores } from "@loupe/sample-store";
import mysql from "mysql2/promise";

const { values } = parseArgs({
  options: { customers: { type: "string", default: "20000" }, guests: { type: "string", default: "5000" } },
});
const sqlPath = resolve(
  dirname(fileURLToPath(import.meta.url)),
  "../../../../shared/reference/opencart/opencart-3.0.5.1.sql",
);
const stores = await createScratchStores({ mysql: true, label: "loupe_ocbench" });
const conn = await mysql.createConnection({ uri: stores.mysql, multipleStatements: true });
const time = async (label, fn) => {
  const t = performance.now();
  const r = await fn();
  console.log(`${label.padEnd(34)} ${(performance.now() - t).toFixed(1).padStart(9)} ms`);
  return r;
};
try {
  await time("install OpenCart 3 (134 tables)", async () =>
    installOpencart3(conn, await readFile(sqlPath, "utf8"), "oc_"),
  );
  const empty = await recogniseOpencart(conn);
  if (!empty.ok) throw empty.errors[0];
  const data = await time("generate", async () =>
    generateOpencartData({
      seed: 42,
      customers: Number(values.customers),
      guests: Number(values.guests),
      version: 3,
    }),
  );
  const rows = Object.values(data.rows).reduce((n, list) => n + list.length, 0);
  await time(`load ${rows} rows`, () => loadOpencartData(conn, "oc_", data.rows, empty.value.tables));
  await conn.query("ANALYZE TABLE ??", [[...empty.value.tables.values()].map((t) => t.name)]);
  const found = await time("recogniseOpencart", () => recogniseOpencart(conn));
  if (!found.ok) throw found.errors[0];
  const built = await time("opencartSystem (annotations)", async () => opencartSystem(found.value));
  if (!built.ok) throw built.errors[0];
  const report = await time("missingIndexes", async () => missingIndexes(found.value, built.value.system));
  console.log(`customers ${values.customers}, guests ${values.guests}, rows ${rows}`);
  console.log(`annotated tables ${built.value.tables.length}, missing indexes ${report.length}`);

  for (const link of missingJsonLinks(found.value)) await conn.query(link.statement);
  const withLinks = await recogniseOpencart(conn);
  if (!withLinks.ok) throw withLinks.errors[0];
  const system = opencartSystem(withLinks.value, { connectionEnv: "OPENCART_DATABASE_URL" });
  if (!system.ok) throw system.errors[0];
  const map = DataMapSchema.parse({ organization: { name: "Bench" }, systems: [system.value.system] });
  const env = { OPENCART_DATABASE_URL: stores.mysql };
  const customer = data.people.find((p) => p.kind === "customer" && p.customerId > data.people.length / 2);
  const guest = data.people.findLast((p) => p.kind === "guest");
  const median = async (label, subject) => {
    const session = await openEngineSession({ map, env });
    try {
      const times = [];
      let result;
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        result = await executeRequest({
          requestId: `bench-${label.replace(/\W+/g, "-")}-${i}`,
          kind: "access",
          subject,
          map,
          env,
          session,
        });
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      const found = result.tables.reduce((n, t) => n + t.rows, 0);
      console.log(
        `${`access ${label}`.padEnd(34)} ${times[2].toFixed(1).padStart(9)} ms  (${found} rows in ${result.tables.length} tables)`,
      );
    } finally {
      await session.close();
    }
  };
  await median("customer, no added index", { email: customer.email });
  await median("guest, no added index", { email: guest.email });
  const again = await recogniseOpencart(conn);
  if (!again.ok) throw again.errors[0];
  const statements = missingIndexes(again.value, system.value.system).map((m) => m.statement);
  await time(`add ${statements.length} reported indexes`, async () => {
    for (const sql of statements) await conn.query(sql);
  });
  await median("customer, indexes added", { email: customer.email });
  await median("guest, indexes added", { email: guest.email });
} finally {
  await conn.end();
  await stores.drop();
}
