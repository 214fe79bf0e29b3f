import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DataMap } from "@loupe/core";
import { stringify } from "csv-stringify/sync";
import { Zip, ZipDeflate } from "fflate";
import type { Row, StoreConnector } from "../connector/connector.js";
import type { DataGraph } from "../engine/data-graph.js";
import type { SubjectRows } from "../engine/locate-subject.js";

/** What the access package holds. */
export interface AccessPackage {
  /** The zip, when no file was asked for. */
  bytes?: Uint8Array;
  /** The zip file written, when one was asked for. */
  path?: string;
  /** Size of the zip in bytes. */
  size: number;
  /** Files inside the zip. */
  files: string[];
}

const SAMPLE_VALUES = 25;
const esc = (s: unknown) =>
  String(s ?? "").replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );
const fileName = (s: string) => s.replace(/[^A-Za-z0-9_.-]+/g, "_");
const related = (a: string, b: string) => a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);

/** A byte sink for the zip: a file (with back-pressure) or memory. */
class Sink {
  chunks: Uint8Array[] = [];
  size = 0;
  #file: WriteStream | undefined;
  #waiting: Promise<void> | undefined;
  constructor(path?: string) {
    if (path) this.#file = createWriteStream(path);
  }
  push(chunk: Uint8Array): void {
    this.size += chunk.length;
    if (!this.#file) {
      this.chunks.push(chunk);
      return;
    }
    if (!this.#file.write(chunk) && !this.#waiting)
      this.#waiting = new Promise((r) =>
        this.#file?.once("drain", () => {
          this.#waiting = undefined;
          r();
        }),
      );
  }
  async drained(): Promise<void> {
    await this.#waiting;
  }
  async end(): Promise<void> {
    const f = this.#file;
    if (f) await new Promise<void>((res, rej) => f.end((e?: Error | null) => (e ? rej(e) : res())));
  }
}

/**
 * Streams the subject's rows into a zip: `data.json` (every row, machine-readable, for portability), one CSV per
 * table, and `report.html`, a readable report grouped by data category that states, from the map, the purposes,
 * sources, recipients and retention of each category. Rows are read in key batches and written straight out
 * (JSON goes through a temporary file), so memory stays bounded however many rows the subject has.
 *
 * @example
 * const pkg = await writeAccessPackage({ graph, found, connectors, map, out: "/tmp/access.zip", now: new Date() });
 * pkg.files; // ["csv/commerce.orders.csv", …, "data.json", "report.html"]
 */
export async function writeAccessPackage(options: {
  graph: DataGraph;
  found: SubjectRows;
  connectors: ReadonlyMap<string, StoreConnector>;
  map: DataMap;
  requestId: string;
  out?: string;
  now: Date;
}): Promise<AccessPackage & { rows: Record<string, number> }> {
  const { graph, found, connectors, map } = options;
  const sink = new Sink(options.out);
  let failure: Error | undefined;
  const zip = new Zip((err, chunk) => {
    if (err) failure = err;
    else sink.push(chunk);
  });
  const files: string[] = [];
  const tmp = await mkdtemp(join(tmpdir(), "loupe-access-"));
  const jsonPath = join(tmp, "data.json");
  const json = createWriteStream(jsonPath);
  const jsonWrite = (s: string) =>
    json.write(s) ? undefined : new Promise<void>((r) => json.once("drain", () => r()));
  const rowCounts: Record<string, number> = {};
  const samples = new Map<string, Map<string, string[]>>();
  try {
    await jsonWrite(
      `{"request":${JSON.stringify(options.requestId)},"generated_at":${JSON.stringify(options.now.toISOString())},"organization":${JSON.stringify(map.organization.name)},"tables":{`,
    );
    let firstTable = true;
    for (const node of graph.nodes) {
      const keys = [...(found.rows.get(node)?.values() ?? [])].map((r) => r.key);
      if (keys.length === 0) continue;
      const c = connectors.get(node.system.id) as StoreConnector;
      const name = `csv/${fileName(`${node.system.id}.${node.table}`)}.csv`;
      const entry = new ZipDeflate(name, { level: 1 });
      zip.add(entry);
      files.push(name);
      await jsonWrite(`${firstTable ? "" : ","}${JSON.stringify(node.id)}:[`);
      firstTable = false;
      let header: string[] | undefined;
      let n = 0;
      const sample = new Map<string, string[]>();
      samples.set(node.id, sample);
      for await (const batch of c.stream(node.table, keys)) {
        if (batch.length === 0) continue;
        header ??= Object.keys(batch[0] as Row);
        const cols = header;
        const csv = stringify(
          batch.map((r) => cols.map((h) => r[h] ?? "")),
          n === 0 ? { header: true, columns: cols } : {},
        );
        entry.push(new TextEncoder().encode(csv));
        await jsonWrite(batch.map((r, i) => `${n + i === 0 ? "" : ","}${JSON.stringify(r)}`).join(""));
        for (const r of batch)
          for (const [col, v] of Object.entries(r)) {
            if (v === null || v === "") continue;
            const list = sample.get(col) ?? [];
            if (list.length < SAMPLE_VALUES && !list.includes(String(v))) list.push(String(v));
            sample.set(col, list);
          }
        n += batch.length;
        await sink.drained();
      }
      entry.push(new Uint8Array(0), true);
      await jsonWrite("]");
      rowCounts[node.id] = n;
    }
    await jsonWrite("}}");
    await new Promise<void>((res, rej) => json.end((e?: Error | null) => (e ? rej(e) : res())));
    const dataEntry = new ZipDeflate("data.json", { level: 1 });
    zip.add(dataEntry);
    files.push("data.json");
    for await (const chunk of createReadStream(jsonPath)) {
      dataEntry.push(new Uint8Array(chunk as Buffer));
      await sink.drained();
    }
    dataEntry.push(new Uint8Array(0), true);
    const report = new ZipDeflate("report.html", { level: 1 });
    zip.add(report);
    files.push("report.html");
    report.push(new TextEncoder().encode(renderReport(options, rowCounts, samples)), true);
    zip.end();
    if (failure) throw failure;
    await sink.end();
  } finally {
    json.destroy();
    await rm(tmp, { recursive: true, force: true });
  }
  const out: AccessPackage & { rows: Record<string, number> } = { size: sink.size, files, rows: rowCounts };
  if (options.out) out.path = options.out;
  else {
    const bytes = new Uint8Array(sink.size);
    let at = 0;
    for (const c of sink.chunks) {
      bytes.set(c, at);
      at += c.length;
    }
    out.bytes = bytes;
  }
  return out;
}

function renderReport(
  o: { graph: DataGraph; map: DataMap; now: Date; requestId: string },
  rowCounts: Record<string, number>,
  samples: Map<string, Map<string, string[]>>,
): string {
  const { map } = o;
  const byCategory = new Map<string, { node: string; field: string; values: string[]; rows: number }[]>();
  for (const node of o.graph.nodes) {
    const rows = rowCounts[node.id];
    if (!rows) continue;
    const sample = samples.get(node.id) ?? new Map();
    for (const [field, f] of node.fields) {
      const list = byCategory.get(f.category) ?? [];
      const values =
        field === "*" ? (sample.get("members") ?? sample.get("value") ?? []) : (sample.get(field) ?? []);
      list.push({ node: node.id, field, values, rows });
      byCategory.set(f.category, list);
    }
  }
  const recipients = new Map(map.recipients.map((r) => [r.id, r]));
  const section = (category: string) => {
    const tps = map.touchpoints.filter((t) =>
      t.collects.some((c) => related(typeof c === "string" ? c : c.category, category)),
    );
    const purposes = [...new Set(tps.flatMap((t) => t.purposes.map((p) => p.text)))];
    const sources = [...new Set(tps.flatMap((t) => t.sources))];
    const shared = [...new Set(tps.flatMap((t) => t.shares_with))].map(
      (id) => recipients.get(id)?.title ?? id,
    );
    const retention = map.retention.filter((r) => r.categories.some((c) => related(c, category)));
    const li = (xs: string[], none: string) =>
      xs.length ? `<ul>${xs.map((x) => `<li>${esc(x)}</li>`).join("")}</ul>` : `<p>${esc(none)}</p>`;
    const where = (byCategory.get(category) ?? [])
      .map(
        (w) =>
          `<tr><td>${esc(w.node)}</td><td>${esc(w.field)}</td><td>${w.rows}</td><td>${w.values.map(esc).join("<br>")}${
            w.values.length >= SAMPLE_VALUES ? "<br>… (all values are in the CSV files and data.json)" : ""
          }</td></tr>`,
      )
      .join("");
    return `<section><h2>${esc(category)}</h2>
<h3>Where we hold it</h3><table><thead><tr><th>Source</th><th>Field</th><th>Records</th><th>Values</th></tr></thead><tbody>${where}</tbody></table>
<h3>Why we use it</h3>${li(purposes, "No purpose is declared for this category in our data map.")}
<h3>Where it came from</h3>${li(sources, "From you, when you used our services.")}
<h3>Who receives it</h3>${li(shared, "We do not share it.")}
<h3>How long we keep it</h3>${li(
      retention.map((r) =>
        [r.period, r.from && `from ${r.from}`, r.criteria, r.reason].filter(Boolean).join(", "),
      ),
      "Until you ask us to remove it, or as long as needed for the purposes above.",
    )}</section>`;
  };
  const categories = [...byCategory.keys()].sort();
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Your personal data — ${esc(map.organization.name)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.3rem;text-align:left;vertical-align:top}</style></head>
<body><h1>Your personal data held by ${esc(map.organization.name)}</h1>
<p>Request ${esc(o.requestId)}, prepared ${esc(o.now.toISOString().slice(0, 10))}. Every record is in <code>data.json</code> (machine-readable) and in one CSV file per table.</p>
<h2>Categories</h2><ul>${categories.map((c) => `<li><a href="#${esc(c)}">${esc(c)}</a></li>`).join("")}</ul>
${categories.map((c) => section(c).replace("<section>", `<section id="${esc(c)}">`)).join("\n")}
</body></html>`;
}
