import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, rmdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const SERVER_MAIN = fileURLToPath(new URL("../../dist/main.js", import.meta.url));
const REPO = fileURLToPath(new URL("../../../../", import.meta.url));

/**
 * Builds the server (and core) with `tsc -b` so that a child process can run `dist/main.js`.
 *
 * @example
 * buildServer();
 */
export function buildServer(): void {
  const tsc = `${REPO}node_modules/typescript/bin/tsc`;
  // Test files run in parallel: one build at a time (the second one finds nothing to do).
  const lock = join(tmpdir(), "loupe-server-build.lock");
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock left by a killed run is older than any build.
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 300_000) rmdirSync(lock);
      if (Date.now() > deadline) throw new Error(`${lock} is held: remove it if no build is running`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    }
  }
  try {
    execFileSync(process.execPath, [tsc, "-b", "packages/server"], { cwd: REPO, stdio: "pipe" });
  } catch (err) {
    const out = String((err as { stdout?: Buffer }).stdout ?? "");
    if (!existsSync(SERVER_MAIN)) throw new Error(`building packages/server failed:\n${out}`);
  } finally {
    rmdirSync(lock);
  }
}

/** A server running as a child process. */
export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Resolves with the exit code or signal once the process has ended. */
  exited: Promise<number | NodeJS.Signals | null>;
  output(): string;
}

/**
 * Starts `dist/main.js` with `env` added to this process's environment and waits for its "listening" log line.
 *
 * @example
 * const server = await startServerProcess({ DATABASE_URL: url, LOUPE_MAP: AURORA_MAP });
 * server.child.kill("SIGKILL");
 */
export function startServerProcess(env: Record<string, string>, timeoutMs = 20_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, [SERVER_MAIN], {
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
    child.once("exit", (code, signal) => resolve(signal ?? code)),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the server did not start within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      for (const line of out.split("\n")) {
        if (!line.includes('"msg":"listening"')) continue;
        const url = (JSON.parse(line) as { url: string }).url;
        clearTimeout(timer);
        resolve({ url, child, exited, output: () => out });
        return;
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (c: Buffer) => {
      out += c.toString();
    });
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before listening:\n${out}`));
    });
  });
}
