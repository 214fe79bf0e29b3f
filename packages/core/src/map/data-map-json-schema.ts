import { z } from "zod";
import { DataMapSchema } from "./data-map-schema.js";

/**
 * JSON Schema (draft 2020-12) of `loupe.yaml`, for editor completion (e.g. the YAML language server's
 * `# yaml-language-server: $schema=…` comment). Describes the file as written, so defaults are optional.
 *
 * @example
 * const schema = dataMapJsonSchema();
 * schema.properties.organization; // { type: "object", … }
 */
export function dataMapJsonSchema(): Record<string, unknown> & { properties: Record<string, unknown> } {
  const schema = z.toJSONSchema(DataMapSchema, { io: "input", unrepresentable: "any" }) as Record<
    string,
    unknown
  > & {
    properties: Record<string, unknown>;
  };
  return {
    ...schema,
    $id: "https://loupe.dev/schema/loupe.schema.json",
    title: "Loupe data map (loupe.yaml)",
  };
}
