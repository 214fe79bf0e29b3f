#!/usr/bin/env node
// Times import + lint + render of each seed policy (and the example map) in one process and prints a table.
// Usage: npm run bench:policy [-- --runs 200]
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { importPolicy, lint, parseDataMap, parsePolicyDocument, renderNotice } from "@loupe/core";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({ options: { runs: { type: "string", default: "200" } } });
const runs = Number(values.runs);

const seeds = resolve(root, "..", "shared", "seeds");
const inputs = [];
for (const name of ["000_c2bd3a18dce2bdcb.txt", "001_708813e1019f8ba2.txt"]) {
  const path = join(seeds, name);
  if (existsSync(path)) inputs.push({ name, kind: "policy", text: readFileSync(path, "utf8") });
}
inputs.push({
  name: "examples/aurora/old-policy.txt",
  kind: "policy",
  text: readFileSync(join(root, "examples/aurora/old-policy.txt"), "utf8"),
});
inputs.push({
  name: "examples/aurora/loupe.yaml",
  kind: "map",
  text: readFileSync(join(root, "examples/aurora/loupe.yaml"), "utf8"),
});

function once(input) {
  const t0 = performance.now();
  let subject;
  if (input.kind === "policy") {
    const doc = parsePolicyDocument(input.text, input.name, "txt");
    if (!doc.ok) throw new Error(String(doc.errors[0]));
    const imported = importPolicy(doc.value);
    subject = {
      map: imported.map,
      taxonomy: imported.taxonomy,
      file: input.name,
      locate: imported.locate,
      document: doc.value,
    };
  } else {
    const loaded = parseDataMap(input.text, input.name);
    if (!loaded.ok) throw new Error(String(loaded.errors[0]));
    subject = {
      map: loaded.value.map,
      taxonomy: loaded.value.taxonomy,
      file: input.name,
      locate: loaded.value.locate,
    };
  }
  const t1 = performance.now();
  const findings = lint(subject);
  const t2 = performance.now();
  const html = renderNotice(
    { map: subject.map, taxonomy: subject.taxonomy },
    { format: "html", date: "2026-01-01" },
  );
  const t3 = performance.now();
  return {
    read: t1 - t0,
    lint: t2 - t1,
    render: t3 - t2,
    total: t3 - t0,
    findings: findings.ok ? findings.value.length : -1,
    bytes: html.content.length,
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)];

const first = inputs.map((i) => ({ name: i.name, cold: once(i) }));
const rows = inputs.map((input, k) => {
  for (let i = 0; i < 20; i++) once(input);
  const samples = Array.from({ length: runs }, () => once(input));
  const col = (key) => samples.map((s) => s[key]);
  return {
    input: input.name,
    "cold ms": first[k].cold.total.toFixed(2),
    "read ms": median(col("read")).toFixed(3),
    "lint ms": median(col("lint")).toFixed(3),
    "render ms": median(col("render")).toFixed(3),
    "total ms (median)": median(col("total")).toFixed(3),
    "total ms (p95)": p95(col("total")).toFixed(3),
    findings: samples[0].findings,
    "html bytes": samples[0].bytes,
  };
});
console.log(`import + lint + render, ${runs} runs each after 20 warm-up runs (node ${process.version})`);
console.table(rows);
