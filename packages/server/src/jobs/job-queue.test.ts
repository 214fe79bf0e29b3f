import { sql } from "kysely";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "../store/open-store.js";
import { TEST_STORES } from "../testing/test-stores.js";
import { type JobQueue, startJobQueue } from "./job-queue.js";

const logger = pino({ level: "silent" });

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each(TEST_STORES)("job queue on $name", (kind) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let queue: JobQueue;

  beforeAll(async () => {
    ({ store, dispose } = await kind.open());
    queue = await startJobQueue({ store, logger, pollingIntervalSeconds: 0.5 });
  }, 60_000);
  afterAll(async () => {
    await queue?.stop();
    await dispose?.();
  });

  it("runs a job, and retries a failed run with backoff", async () => {
    const runs: { id: string; data: unknown; at: number }[] = [];
    await queue.work("test.flaky", async (job) => {
      runs.push({ ...job, at: Date.now() });
      if (runs.length === 1) throw new Error("first run fails");
    });
    const id = await queue.send("test.flaky", { n: 1 }, { retryDelaySeconds: 1 });
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await until(() => runs.length === 2);
    expect(runs.map((r) => r.id)).toEqual([id, id]);
    expect(runs[1]?.data).toEqual({ n: 1 });
    expect((runs[1]?.at ?? 0) - (runs[0]?.at ?? 0)).toBeGreaterThanOrEqual(900);
  }, 20_000);

  it("keeps one unfinished job per singleton key and honours startAfter", async () => {
    const first = await queue.send(
      "test.single",
      { n: 1 },
      { singletonKey: "k1", startAfter: new Date(Date.now() + 1500) },
    );
    const second = await queue.send("test.single", { n: 2 }, { singletonKey: "k1" });
    const other = await queue.send("test.single", { n: 3 }, { singletonKey: "k2" });
    expect(first).not.toBeNull();
    expect(second).toBeNull();
    expect(other).not.toBeNull();
    const seen: { data: unknown; at: number }[] = [];
    const start = Date.now();
    await queue.work("test.single", async (job) => {
      seen.push({ data: job.data, at: Date.now() - start });
    });
    await until(() => seen.length === 2);
    expect(seen[0]?.data).toEqual({ n: 3 });
    expect(seen[1]?.data).toEqual({ n: 1 });
    expect(seen[1]?.at).toBeGreaterThanOrEqual(1000);
    // Finished: the key is free again.
    expect(await queue.send("test.single", { n: 4 }, { singletonKey: "k1" })).not.toBeNull();
  }, 20_000);

  it("stores a job inside the caller's transaction: kept on commit, gone on rollback", async () => {
    const ran: unknown[] = [];
    await queue.work("test.trx", async (job) => {
      ran.push(job.data);
    });
    await store.db.transaction().execute(async (trx) => {
      await sql`select 1`.execute(trx);
      await queue.send("test.trx", { committed: true }, { db: trx });
    });
    await expect(
      store.db.transaction().execute(async (trx) => {
        await queue.send("test.trx", { committed: false }, { db: trx });
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    // A queue first used inside a transaction is created through it.
    await store.db.transaction().execute(async (trx) => {
      await queue.send("test.trx-new", { fresh: true }, { db: trx, singletonKey: "x" });
    });
    await until(() => ran.length >= 1);
    await new Promise((r) => setTimeout(r, 1200));
    expect(ran).toEqual([{ committed: true }]);
    const fresh: unknown[] = [];
    await queue.work("test.trx-new", async (job) => {
      fresh.push(job.data);
    });
    await until(() => fresh.length === 1);
    expect(fresh).toEqual([{ fresh: true }]);
  }, 20_000);

  it("refuses an invalid job name", async () => {
    await expect(queue.send("Bad Name", {})).rejects.toThrow(/job name 'Bad Name'/);
  });
});
