#!/usr/bin/env node
// One command to see Loupe work on a fresh clone: import a fictional shop's old policy, lint it,
// and write the draft map and the corrected notice (from the shop's finished map) to .loupe-data/demo/.
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { main } from "@loupe/cli";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, ".loupe-data", "demo");
mkdirSync(out, { recursive: true });
process.chdir(root);

const step = async (title, argv) => {
  process.stdout.write(`\n\u001b[1m$ loupe ${argv.join(" ")}\u001b[0m  # ${title}\n`);
  return main(argv);
};

await step("read the old policy into a draft data map", [
  "import",
  "examples/aurora/old-policy.txt",
  "--out",
  ".loupe-data/demo/draft.yaml",
  "--force",
]);
await step("what is wrong with the old policy", ["lint", "examples/aurora/old-policy.txt"]);
await step("the shop's finished map passes", ["lint", "examples/aurora/loupe.yaml"]);
await step("write the corrected notice", [
  "render",
  "examples/aurora/loupe.yaml",
  "--format",
  "html",
  "--out",
  ".loupe-data/demo/privacy.html",
]);
await step("and a notice at collection for the checkout form", [
  "render",
  "examples/aurora/loupe.yaml",
  "--format",
  "txt",
  "--notice-at-collection",
  "purchase",
]);
await step("the GDPR Art. 30 record of processing", [
  "ropa",
  "examples/aurora/loupe.yaml",
  "--format",
  "csv",
  "--out",
  ".loupe-data/demo/ropa.csv",
]);
process.stdout.write(`\nOpen ${join(out, "privacy.html")} in a browser to read the notice.\n`);
