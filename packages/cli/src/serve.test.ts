import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../../..");
const BIN = join(ROOT, "packages/cli/bin/loupe.js");
const dir = mkdtempSync(join(tmpdir(), "loupe-serve-"));
const env = { ...process.env, LOUPE_DATA_DIR: join(dir, "pglite"), LOUPE_LOG_LEVEL: "silent" };
let child: ChildProcess | undefined;

afterAll(() => {
  child?.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

function serve(): Promise<string> {
  child = spawn(
    process.execPath,
    [BIN, "serve", "--map", join(ROOT, "examples/aurora/loupe.yaml"), "--port", "0"],
    {
      env,
    },
  );
  return new Promise((done, fail) => {
    let err = "";
    child?.stderr?.on("data", (d: Buffer) => {
      err += d.toString();
      const url = /serving (http:\/\/[\d.:]+)/.exec(err)?.[1];
      if (url) done(url);
    });
    child?.on("exit", (code) => fail(new Error(`loupe serve exited with ${code}: ${err}`)));
  });
}

describe("loupe serve and loupe consent verify", () => {
  it("serves the notice and the ledger, stops on SIGTERM, and the chain verifies", async () => {
    const url = await serve();
    expect(await (await fetch(`${url}/healthz`)).json()).toMatchObject({ status: "ok", store: "pglite" });
    const notice = await (await fetch(`${url}/privacy`)).text();
    expect(notice).toContain("Aurora Fine Jewelry");
    const config = (await (await fetch(`${url}/api/v1/consent/config`)).json()) as {
      notice: { version: string };
      configHash: string;
    };
    const posted = await fetch(`${url}/api/v1/consent`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "idempotency-key": "6f1c2d4e-1111-4a2b-9c3d-000000000001",
      },
      body: JSON.stringify({
        receipts: [
          {
            visitorId: "v_4f8a2c9e1b7d4a6f",
            action: "reject-all",
            source: "banner",
            noticeVersion: config.notice.version,
            configHash: config.configHash,
            language: "en",
          },
        ],
      }),
    });
    expect(posted.status).toBeLessThan(300);
    const exited = new Promise((done) => child?.on("exit", done));
    child?.kill("SIGTERM");
    expect(await exited).toBe(0);
    const verify = await promisify(execFile)(process.execPath, [BIN, "consent", "verify"], { env });
    expect(verify.stdout).toBe("consent ledger intact: 1 receipts\n");
  });
});
