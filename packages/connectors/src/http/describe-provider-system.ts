import type { System } from "@loupe/core";
import type { StoreDescription } from "../connector/connector.js";

/**
 * What the map declares for a provider system (`http` or `manual`): its annotated tables and their fields. A
 * provider has no schema to read, so there are no keys, types or row estimates.
 *
 * @example
 * describeProviderSystem(system).tables[0]; // { name: "contacts", columns: ["email", "name"], … }
 */
export function describeProviderSystem(system: System): StoreDescription {
  return {
    system: system.id,
    kind: system.connector,
    tables: Object.entries(system.tables).map(([name, t]) => ({
      name,
      columns: Object.keys(t.fields),
      primaryKey: [],
      maxLength: {},
      nullable: [],
      types: {},
      foreignKeys: [],
      estimatedRows: 0,
    })),
  };
}
