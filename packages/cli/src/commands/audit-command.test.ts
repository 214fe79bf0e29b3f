import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { appendAudit, openStore } from "@loupe/server";
import { afterAll, describe, expect, it } from "vitest";
import type { Io } from "../io.js";
import { main } from "../main.js";

const dir = mkdtempSync(join(tmpdir(), "loupe-cli-audit-"));
const env = { LOUPE_DATA_DIR: join(dir, "pglite") };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]) {
  let out = "";
  let err = "";
  const io: Io = {
    cwd: dir,
    env,
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
  };
  return { code: await main(argv, { io }), out, err };
}

describe("loupe audit verify", () => {
  it("passes on an intact log, then names the entry changed directly in the database", async () => {
    const store = await openStore({ dataDir: env.LOUPE_DATA_DIR });
    try {
      for (let i = 0; i < 5; i++)
        await appendAudit(store.db, {
          actor: "staff:u1",
          action: "request.approve",
          target: `request:r${i}`,
        });
    } finally {
      await store.close();
    }
    expect(await run("audit", "verify")).toEqual({ code: 0, out: "audit log intact: 5 entries\n", err: "" });

    // Someone with direct access to the database goes around the append-only trigger.
    const pglite = await PGlite.create(env.LOUPE_DATA_DIR);
    try {
      await pglite.exec(
        "alter table audit_log disable trigger audit_log_no_change; update audit_log set actor = 'staff:u2' where id = 3",
      );
    } finally {
      await pglite.close();
    }
    expect(await run("audit", "verify")).toEqual({
      code: 1,
      out: "audit log broken at entry 3: hash does not match the entry's content: the entry was changed\n",
      err: "",
    });
  });

  it("explains its usage", async () => {
    expect((await run("audit", "--help")).out).toContain("loupe audit verify");
    const wrong = await run("audit", "list");
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain("the only action is 'verify'");
  });
});
