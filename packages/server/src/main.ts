#!/usr/bin/env node
/**
 * Runs Loupe's server from environment variables (see `config/load-config.ts`):
 * `node packages/server/dist/main.js`.
 */
import { serveFromEnv } from "./app/start-server.js";

await serveFromEnv(process.env);
