import { type Document, isNode, LineCounter, parseDocument } from "yaml";
import { fail, type Location, LoupeError, ok, type Result } from "../errors/loupe-error.js";
import { Taxonomy } from "../taxonomy/taxonomy.js";
import { type DataMap, DataMapSchema } from "./data-map-schema.js";

export type MapPath = readonly (string | number)[];

/** A validated data map with a way to point back into the file it came from. */
export interface LoadedMap {
  map: DataMap;
  taxonomy: Taxonomy;
  file: string;
  /** file:line:column of a YAML path; the nearest existing ancestor when the path is not in the file. */
  locate(path: MapPath): Location;
}

/** Formats a path as `touchpoints[0].collects[1]`. */
export function formatPath(path: MapPath): string {
  let s = "";
  for (const p of path) s += typeof p === "number" ? `[${p}]` : s ? `.${p}` : p;
  return s;
}

/**
 * Parses and validates `loupe.yaml` text. Never throws on bad input: every problem comes back as a
 * located {@link LoupeError} (YAML syntax, schema, unknown taxonomy key, dangling reference).
 *
 * @example
 * const r = parseDataMap("organization:\n  name: Example Jewelers\n", "loupe.yaml");
 * if (r.ok) r.value.map.organization.name; // "Example Jewelers"
 */
export function parseDataMap(text: string, file = "loupe.yaml"): Result<LoadedMap> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    return fail(
      ...doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return new LoupeError("YAML_SYNTAX", firstLine(e.message), { file, line: pos.line, column: pos.col });
      }),
    );
  }
  const locate = locator(doc, lineCounter, file);
  const raw = doc.toJS() ?? {};
  if (typeof raw !== "object" || Array.isArray(raw)) {
    return fail(
      new LoupeError("MAP_INVALID", "the data map must be a YAML mapping (key: value)", { file, line: 1 }),
    );
  }
  const parsed = DataMapSchema.safeParse(raw);
  if (!parsed.success) {
    return fail(
      ...parsed.error.issues.map(
        (i) => new LoupeError("MAP_INVALID", issueMessage(i), locate(i.path as (string | number)[])),
      ),
    );
  }
  const map = parsed.data;
  const taxonomy = new Taxonomy(map.taxonomy.categories, map.taxonomy.uses);
  const errors = checkReferences(map, taxonomy, locate);
  if (errors.length) return fail(...errors);
  return ok({ map, taxonomy, file, locate });
}

/**
 * Validates an in-memory map (e.g. one the importer built) with the same checks as {@link parseDataMap}.
 *
 * @example
 * const r = validateDataMap({ organization: { name: "Example Jewelers" } });
 */
export function validateDataMap(value: unknown, file = "<map>"): Result<LoadedMap> {
  const locate = (path: MapPath): Location => ({ file, path: formatPath(path) });
  const parsed = DataMapSchema.safeParse(value);
  if (!parsed.success) {
    return fail(
      ...parsed.error.issues.map(
        (i) => new LoupeError("MAP_INVALID", issueMessage(i), locate(i.path as (string | number)[])),
      ),
    );
  }
  const taxonomy = new Taxonomy(parsed.data.taxonomy.categories, parsed.data.taxonomy.uses);
  const errors = checkReferences(parsed.data, taxonomy, locate);
  return errors.length ? fail(...errors) : ok({ map: parsed.data, taxonomy, file, locate });
}

function issueMessage(i: { message: string; path: PropertyKey[]; code?: string }): string {
  return i.message;
}

function firstLine(s: string): string {
  return s.split("\n")[0] ?? s;
}

function locator(doc: Document, lc: LineCounter, file: string) {
  return (path: MapPath): Location => {
    const loc: Location = { file, path: formatPath(path) };
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) {
        const pos = lc.linePos(node.range[0]);
        // For a missing key, point at the mapping it belongs in.
        loc.line = pos.line;
        loc.column = pos.col;
        return loc;
      }
    }
    return loc;
  };
}

function checkReferences(map: DataMap, taxonomy: Taxonomy, locate: (p: MapPath) => Location): LoupeError[] {
  const errors: LoupeError[] = [];
  const unknownCategory = (key: string, path: MapPath) => {
    if (taxonomy.hasCategory(key)) return;
    const hint = taxonomy.suggestCategory(key);
    errors.push(
      new LoupeError(
        "UNKNOWN_TAXONOMY_KEY",
        `unknown data category '${key}'${hint ? ` (did you mean '${hint}'?)` : ""}; declare custom keys under taxonomy.categories with a parent`,
        locate(path),
      ),
    );
  };
  const unknownUse = (key: string, path: MapPath) => {
    if (!taxonomy.hasUse(key))
      errors.push(
        new LoupeError(
          "UNKNOWN_TAXONOMY_KEY",
          `unknown data use '${key}'; declare custom uses under taxonomy.uses with a parent`,
          locate(path),
        ),
      );
  };
  const dup = (ids: string[], base: MapPath, what: string) => {
    const seen = new Set<string>();
    ids.forEach((id, i) => {
      if (seen.has(id))
        errors.push(
          new LoupeError("MAP_INVALID", `duplicate ${what} id '${id}'`, locate([...base, i, "id"])),
        );
      seen.add(id);
    });
  };

  map.taxonomy.categories.forEach((c, i) => {
    if (!taxonomy.hasCategory(c.parent)) unknownCategory(c.parent, ["taxonomy", "categories", i, "parent"]);
  });
  map.taxonomy.uses.forEach((u, i) => {
    if (!taxonomy.hasUse(u.parent)) unknownUse(u.parent, ["taxonomy", "uses", i, "parent"]);
  });

  const recipientIds = new Set(map.recipients.map((r) => r.id));
  const programmeIds = new Set(map.programmes.map((p) => p.id));
  const cookiePurposeIds = new Set(map.cookies.purposes.map((p) => p.id));
  dup(
    map.touchpoints.map((t) => t.id),
    ["touchpoints"],
    "touchpoint",
  );
  dup(
    map.recipients.map((r) => r.id),
    ["recipients"],
    "recipient",
  );
  dup(
    map.programmes.map((p) => p.id),
    ["programmes"],
    "programme",
  );
  dup(
    map.cookies.purposes.map((p) => p.id),
    ["cookies", "purposes"],
    "cookie purpose",
  );

  const programmeRef = (id: string | undefined, path: MapPath) => {
    if (id && !programmeIds.has(id))
      errors.push(
        new LoupeError("MAP_INVALID", `unknown programme '${id}'; declare it under programmes`, locate(path)),
      );
  };

  map.touchpoints.forEach((t, ti) => {
    const base = ["touchpoints", ti] as const;
    t.collects.forEach((c, ci) => {
      if (typeof c === "string") unknownCategory(c, [...base, "collects", ci]);
      else unknownCategory(c.category, [...base, "collects", ci, "category"]);
    });
    t.purposes.forEach((p, pi) => {
      if (p.use) unknownUse(p.use, [...base, "purposes", pi, "use"]);
      programmeRef(p.programme, [...base, "purposes", pi, "programme"]);
    });
    t.shares_with.forEach((r, ri) => {
      if (!recipientIds.has(r))
        errors.push(
          new LoupeError(
            "MAP_INVALID",
            `unknown recipient '${r}'; declare it under recipients`,
            locate([...base, "shares_with", ri]),
          ),
        );
    });
    t.consequences.forEach((c, ci) => programmeRef(c.programme, [...base, "consequences", ci, "programme"]));
  });
  map.recipients.forEach((r, ri) => {
    r.categories?.forEach((k, ki) => unknownCategory(k, ["recipients", ri, "categories", ki]));
  });
  map.retention.forEach((r, ri) => {
    r.categories.forEach((k, ki) => unknownCategory(k, ["retention", ri, "categories", ki]));
    programmeRef(r.programme, ["retention", ri, "programme"]);
  });
  map.cookies.purposes.forEach((p, pi) => {
    p.uses.forEach((u, ui) => unknownUse(u, ["cookies", "purposes", pi, "uses", ui]));
  });
  map.cookies.items.forEach((c, ci) => {
    if (!cookiePurposeIds.has(c.purpose))
      errors.push(
        new LoupeError(
          "MAP_INVALID",
          `unknown cookie purpose '${c.purpose}'; declare it under cookies.purposes`,
          locate(["cookies", "items", ci, "purpose"]),
        ),
      );
    if (c.recipient && !recipientIds.has(c.recipient))
      errors.push(
        new LoupeError(
          "MAP_INVALID",
          `unknown recipient '${c.recipient}'`,
          locate(["cookies", "items", ci, "recipient"]),
        ),
      );
  });
  dup(
    map.systems.map((s) => s.id),
    ["systems"],
    "system",
  );
  map.systems.forEach((system, si) => {
    for (const [table, t] of Object.entries(system.tables)) {
      for (const [column, f] of Object.entries(t.fields)) {
        const path = ["systems", si, "tables", table, "fields", column];
        if (typeof f === "string") unknownCategory(f, path);
        else unknownCategory(f.category, [...path, "category"]);
      }
    }
    system.keys.forEach((k, ki) => {
      for (const [field, f] of Object.entries(k.fields)) {
        const path = ["systems", si, "keys", ki, "fields", field];
        if (typeof f === "string") unknownCategory(f, path);
        else unknownCategory(f.category, [...path, "category"]);
      }
    });
    if (system.recipient && !recipientIds.has(system.recipient))
      errors.push(
        new LoupeError(
          "MAP_INVALID",
          `unknown recipient '${system.recipient}'`,
          locate(["systems", si, "recipient"]),
        ),
      );
  });
  return errors;
}
