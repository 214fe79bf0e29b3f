// Preloads Loupe's consent ledger with chained receipts, for the write benchmarks.
import pg from "pg";
import { GENESIS_HASH, LEDGER_LOCK_ID, receiptHash } from "../dist/index.js";

/**
 * Appends `total` hash-chained receipts to `consent_receipts` of the database at `databaseUrl`, with
 * INSERT … SELECT from JSON in chunks of 25,000, each under the ledger lock, then VACUUM ANALYZE. The chain
 * stays valid (`verifyLedger` passes). Resolves to the number of receipts written.
 *
 * @example
 * await preloadLoupe("postgres://postgres@127.0.0.1:5432/loupe_bench_1a2b", 1_000_000); // 1000000
 * @param {string} databaseUrl
 * @param {number} total
 * @returns {Promise<number>}
 */
export async function preloadLoupe(databaseUrl, total) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const chunk = 25_000;
  let done = 0;
  const serverTime = new Date().toISOString();
  try {
    while (done < total) {
      const n = Math.min(chunk, total - done);
      await client.query("begin");
      await client.query(`select pg_advisory_xact_lock(${LEDGER_LOCK_ID})`);
      const last = (
        await client.query("select id::int as id, hash from consent_receipts order by id desc limit 1")
      ).rows[0];
      let id = last?.id ?? 0;
      let prev = last?.hash ?? GENESIS_HASH;
      const rows = [];
      for (let i = 0; i < n; i++) {
        id += 1;
        const row = {
          id,
          visitor_id: `v_preload_${id}`,
          customer_id: id % 5 === 0 ? `cus_${id % 100_000}` : null,
          granted: ["essential", "analytics"],
          denied: ["functional", "advertising", "social"],
          action: "save",
          source: "dialog",
          gpc: false,
          dnt: false,
          regime: "opt-in",
          region: "FR",
          notice_version: "sha256:000000000000",
          config_hash: "0".repeat(64),
          language: "fr",
          ip_truncated: "203.0.113.0/24",
          user_agent: "loupe-bench",
          server_time: serverTime,
          prev_hash: prev,
        };
        row.hash = receiptHash(row);
        prev = row.hash;
        rows.push(row);
      }
      await client.query(
        `insert into consent_receipts (id, visitor_id, customer_id, granted, denied, action, source, gpc, dnt, regime, region,
           notice_version, config_hash, language, ip_truncated, user_agent, server_time, prev_hash, hash)
         select * from jsonb_to_recordset($1::jsonb) as x(id bigint, visitor_id text, customer_id text, granted text[],
           denied text[], action text, source text, gpc boolean, dnt boolean, regime text, region text, notice_version text,
           config_hash text, language text, ip_truncated text, user_agent text, server_time timestamptz, prev_hash text, hash text)`,
        [JSON.stringify(rows)],
      );
      await client.query("commit");
      done += n;
    }
    await client.query("vacuum analyze consent_receipts");
  } finally {
    await client.end();
  }
  return done;
}
