import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { LoupeError } from "@loupe/core";
import { loadConfig } from "../config/load-config.js";
import { type AppOptions, createApp, type LoupeApp } from "./create-app.js";

export interface RunningServer {
  /** e.g. `http://127.0.0.1:8787` */
  url: string;
  app: LoupeApp;
  /** Stops accepting connections, waits for pending ledger writes, closes the store. */
  close(): Promise<void>;
}

/**
 * Starts the server on `config.host`/`config.port` (port 0 picks a free one).
 *
 * @example
 * const server = await startServer({ config: loadConfig(process.env) });
 * console.log(`listening on ${server.url}`);
 * await server.close();
 */
export async function startServer(options: AppOptions = {}): Promise<RunningServer> {
  const app = await createApp(options);
  const { host, port } = app.config;
  let server: ReturnType<typeof serve>;
  try {
    server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, hostname: host, port }, () => resolve(s));
      s.once("error", reject);
    });
  } catch (err) {
    await app.close();
    throw err;
  }
  const address = server.address() as AddressInfo;
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${shownHost}:${address.port}`,
    app,
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          if ("closeIdleConnections" in server) server.closeIdleConnections();
        });
        await app.close();
      })();
      return closing;
    },
  };
}

/**
 * Runs the server from environment variables until SIGINT or SIGTERM, then shuts down cleanly. A bad
 * variable or data map stops it at once with a one-line message on standard error and exit code 2.
 *
 * @example
 * // loupe serve
 * await serveFromEnv(process.env);
 */
export async function serveFromEnv(
  env: Record<string, string | undefined> = process.env,
): Promise<RunningServer | undefined> {
  let server: RunningServer;
  try {
    server = await startServer({ config: loadConfig(env) });
  } catch (err) {
    if (err instanceof LoupeError) {
      process.stderr.write(`loupe: ${err.toString()}\n`);
      process.exitCode = err.code === "INTERNAL" ? 70 : 2;
      return undefined;
    }
    throw err;
  }
  server.app.logger.info({ url: server.url, store: server.app.store.kind }, "listening");
  const stop = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(70),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  return server;
}
