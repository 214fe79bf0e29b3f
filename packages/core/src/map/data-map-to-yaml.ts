import {
  Document,
  isMap,
  isScalar,
  isSeq,
  type Node,
  type Pair,
  visit,
  type YAMLMap,
  type YAMLSeq,
} from "yaml";
import type { z } from "zod";
import { type DataMap, DataMapSchema } from "./data-map-schema.js";

/** Where `loupe schema` publishes the JSON Schema of `loupe.yaml` (its `$id`). */
export const DATA_MAP_SCHEMA_URL = "https://loupe.dev/schema/loupe.schema.json";

export interface DataMapToYamlOptions {
  /**
   * Start the file with `# yaml-language-server: $schema=…` for editor completion: `true` for
   * {@link DATA_MAP_SCHEMA_URL}, or the schema's location (URL or relative path).
   */
  header?: boolean | string;
  /** Longest line the writer aims for (default 110). */
  lineWidth?: number;
}

/** The comment written above every entry the importer could not recognise. */
export const REVIEW_COMMENT = " review: not recognised, check this entry";

type AnySchema = z.ZodType;

interface Def {
  type: string;
  innerType?: AnySchema;
  element?: AnySchema;
  options?: AnySchema[];
  shape?: Record<string, AnySchema>;
  valueType?: AnySchema;
}

function defOf(schema: AnySchema): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/** Removes the wrappers that only add defaults or optionality. */
function unwrap(schema: AnySchema): AnySchema {
  let s = schema;
  for (;;) {
    const def = defOf(s);
    if (
      (def.type === "default" ||
        def.type === "prefault" ||
        def.type === "optional" ||
        def.type === "nullable") &&
      def.innerType
    )
      s = def.innerType;
    else return s;
  }
}

function shapeOf(schema: AnySchema): Record<string, AnySchema> | undefined {
  const s = unwrap(schema) as unknown as { shape?: Record<string, AnySchema> };
  return defOf(unwrap(schema)).type === "object" ? s.shape : undefined;
}

/** The value a field takes when the file leaves it out (undefined when it has no default). */
function defaultOf(schema: AnySchema): unknown {
  const r = schema.safeParse(undefined);
  return r.success ? r.data : undefined;
}

/** The map without values the schema would fill in anyway (defaults, empty default lists). */
function prune(value: unknown, schema: AnySchema): unknown {
  const s = unwrap(schema);
  const def = defOf(s);
  if (Array.isArray(value)) {
    const element = def.type === "array" ? def.element : undefined;
    return element ? value.map((v) => prune(v, element)) : value;
  }
  if (value === null || typeof value !== "object") return value;
  if (def.type === "union") {
    const objectOption = def.options?.find((o) => shapeOf(o));
    return objectOption ? prune(value, objectOption) : value;
  }
  if (def.type === "record" && def.valueType) {
    const valueType = def.valueType;
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, prune(v, valueType)]),
    );
  }
  const shape = shapeOf(s);
  if (!shape) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === undefined) continue;
    const field = shape[key];
    if (!field) {
      out[key] = v;
      continue;
    }
    const fallback = defaultOf(field);
    if (fallback !== undefined && sameValue(v, fallback) && key !== "version") continue;
    out[key] = prune(v, field);
  }
  return out;
}

/** Structural equality of plain data (what YAML and JSON can hold). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function scalarLength(node: unknown): number | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  if (typeof v === "string")
    return v.includes("\n") ? undefined : v.length + (/[:#,[\]{}"'&*!|>%@`]|^\s|\s$/.test(v) ? 2 : 0);
  return String(v).length;
}

/** The one-line width of a collection written in flow style, or undefined when it cannot be one line. */
function flowWidth(node: unknown): number | undefined {
  if (isSeq(node)) {
    let width = 2;
    for (const item of node.items) {
      const w = scalarLength(item);
      if (w === undefined) return undefined;
      width += w + 2;
    }
    return width;
  }
  if (isMap(node)) {
    let width = 4;
    for (const pair of node.items as Pair[]) {
      const key = scalarLength(pair.key);
      const value = scalarLength(pair.value) ?? (isSeq(pair.value) ? flowWidth(pair.value) : undefined);
      if (key === undefined || value === undefined) return undefined;
      width += key + value + 4;
    }
    return width;
  }
  return undefined;
}

/**
 * Writes a data map as readable YAML for `loupe.yaml`: keys in schema order, defaults and empty lists left
 * out, short collections of plain values in flow style (`[a, b]`, `{ text: …, use: … }`), and a
 * `# review: not recognised, check this entry` comment above every entry marked `review: true`.
 * `parseDataMap(dataMapToYaml(map))` gives back `map` exactly.
 *
 * @example
 * dataMapToYaml(map, { header: true });
 * // "# yaml-language-server: $schema=https://loupe.dev/schema/loupe.schema.json\nversion: 1\norganization:\n  name: …"
 */
export function dataMapToYaml(map: DataMap, options: DataMapToYamlOptions = {}): string {
  const lineWidth = options.lineWidth ?? 110;
  const pruned = prune(map, DataMapSchema) as Record<string, unknown>;
  const doc = new Document(pruned, { version: "1.2" });
  visit(doc, {
    Seq(_key, node, path) {
      const depth = path.filter((p) => isSeq(p) || isMap(p)).length;
      markReview(node);
      setFlow(node, depth, lineWidth);
    },
    Scalar(_key, node) {
      // Paragraphs stay paragraphs: text with line breaks is written as a literal block.
      if (typeof node.value === "string" && node.value.includes("\n")) node.type = "BLOCK_LITERAL";
    },
    Map(_key, node, path) {
      const depth = path.filter((p) => isSeq(p) || isMap(p)).length;
      if (depth >= 2) setFlow(node, depth, lineWidth);
    },
  });
  if (options.header) {
    const schema = options.header === true ? DATA_MAP_SCHEMA_URL : options.header;
    doc.commentBefore = ` yaml-language-server: $schema=${schema}`;
  }
  return doc.toString({ lineWidth, minContentWidth: 40, flowCollectionPadding: true });
}

function markReview(seq: YAMLSeq): void {
  for (const item of seq.items) {
    if (isMap(item) && (item as YAMLMap).get("review") === true)
      (item as Node).commentBefore = REVIEW_COMMENT;
  }
}

function setFlow(node: YAMLMap | YAMLSeq, depth: number, lineWidth: number): void {
  const width = flowWidth(node);
  if (width === undefined || node.items.length === 0) return;
  if (width + depth * 2 + 4 <= lineWidth) node.flow = true;
}
