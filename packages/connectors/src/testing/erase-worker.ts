/**
 * A worker process for the kill-and-resume test: runs one erasure with a PostgreSQL journal and, when it reaches
 * the step named by LOUPE_KILL_AT (`step`, or `step@applied` for the moment a store has committed but the journal does not know yet), prints "AT <step>" and waits to be killed. Everything comes from the
 * environment: SHOP_* connection URLs, LOUPE_JOURNAL_URL, LOUPE_PREFIX, LOUPE_REQUEST, LOUPE_EMAIL, LOUPE_PHONE.
 */
import pg from "pg";
import { executeRequest } from "../engine/execute-request.js";
import { sampleMap } from "./sample-shop.js";

const env = process.env;
const journal = new pg.Pool({ connectionString: env.LOUPE_JOURNAL_URL, max: 2 });
const result = await executeRequest({
  requestId: env.LOUPE_REQUEST as string,
  kind: "erase",
  subject: { email: env.LOUPE_EMAIL, phone: env.LOUPE_PHONE },
  map: sampleMap(undefined, env.LOUPE_PREFIX),
  env,
  journal,
  now: () => new Date("2026-01-01T00:00:00Z"),
  onStep: async (step, phase) => {
    if (phase === "recorded") process.stdout.write(`STEP ${step}\n`);
    const at = phase === "recorded" ? step : `${step}@${phase}`;
    if (at === env.LOUPE_KILL_AT) {
      process.stdout.write(`AT ${at}\n`);
      await new Promise(() => {});
    }
  },
});
process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
await journal.end();
