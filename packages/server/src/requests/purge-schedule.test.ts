import { readFile } from "node:fs/promises";
import { parseDataMap } from "@loupe/core";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { JOB_SCHEMA, startJobQueue } from "../jobs/job-queue.js";
import { createLogger } from "../log/create-logger.js";
import { AURORA_MAP, TEST_STORES } from "../testing/test-stores.js";
import { createRightsContext, PURGE_JOB } from "./create-rights-context.js";

describe.each(TEST_STORES)("the workflow's daily purge on $name", (kind) => {
  it("runs at start through the job queue and books the next day's run", async () => {
    const { store, dispose } = await kind.open();
    const logger = createLogger({ level: "silent" });
    const queue = await startJobQueue({ store, logger, pollingIntervalSeconds: 0.5 });
    try {
      const parsed = parseDataMap(await readFile(AURORA_MAP, "utf8"), AURORA_MAP);
      if (!parsed.ok) throw parsed.errors[0];
      const now = new Date("2026-03-02T15:00:00Z");
      const rights = await createRightsContext({
        db: store.db,
        map: parsed.value,
        logger,
        publicUrl: "https://privacy.aurora.example",
        sendMail: async () => {},
        queue,
        now: () => now,
      });
      await rights.start();
      const jobs = async () =>
        (
          await sql<{ key: string; state: string }>`
            select singleton_key as key, state from ${sql.table(`${JOB_SCHEMA}.job`)}
            where name = ${PURGE_JOB} order by singleton_key`.execute(store.db)
        ).rows;
      for (let i = 0; i < 100 && !(await jobs()).some((j) => j.state === "completed"); i++)
        await new Promise((r) => setTimeout(r, 100));
      expect(await jobs()).toEqual([
        { key: "purge:2026-03-02", state: "completed" },
        { key: "purge:2026-03-03", state: "created" },
      ]);
    } finally {
      await queue.stop();
      await dispose();
    }
  }, 60_000);
});
