#!/usr/bin/env node
// Generates and loads the sample shop into throwaway PostgreSQL, MariaDB and Redis stores, prints rows per
// table and time per store, and drops the stores afterwards.
// Usage: npm run bench:sample-store -- --customers 1000000 [--seed 42]
import { parseArgs } from "node:util";
import { runGenerateBenchmark } from "@loupe/sample-store";

const { values } = parseArgs({
  options: { customers: { type: "string", default: "100000" }, seed: { type: "string", default: "42" } },
});
await runGenerateBenchmark({ customers: Number(values.customers), seed: Number(values.seed) });
