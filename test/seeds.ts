import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** The real source policies live beside the repository, in `../shared/seeds/`. */
export const SEEDS_DIR = resolve(ROOT, "..", "shared", "seeds");

export const SEEDS = {
  fdj: "000_c2bd3a18dce2bdcb.txt",
  namdar: "001_708813e1019f8ba2.txt",
} as const;

/**
 * True when the seed policies are present. Under `CI=true` a missing folder throws, so the suite fails
 * instead of silently skipping; elsewhere the seed tests are skipped with a message.
 */
export function haveSeeds(): boolean {
  if (existsSync(SEEDS_DIR)) return true;
  if (process.env.CI === "true")
    throw new Error(`seed policies not found at ${SEEDS_DIR} (required under CI=true)`);
  return false;
}

/** Reads a seed policy and returns its text and a short file name for locations. */
export function readSeed(name: keyof typeof SEEDS): { text: string; file: string; path: string } {
  const path = join(SEEDS_DIR, SEEDS[name]);
  return { text: readFileSync(path, "utf8"), file: SEEDS[name], path };
}
