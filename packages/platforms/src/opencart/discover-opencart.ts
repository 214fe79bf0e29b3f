import type { Result } from "@loupe/core";
import mysql from "mysql2/promise";
import { type MissingJsonLink, missingJsonLinks } from "./json-link-columns.js";
import { type MissingIndex, missingIndexes } from "./missing-indexes.js";
import { type OpencartSystem, type OpencartSystemOptions, opencartSystem } from "./opencart-system.js";
import { type RecogniseOptions, recogniseOpencart } from "./recognise-opencart.js";

/** What `loupe discover` reports for an OpenCart database. */
export interface OpencartDiscovery extends OpencartSystem {
  version: 3 | 4;
  prefix: string;
  database: string;
  /** Identity and reference columns without an index, with the statement adding each. */
  missingIndexes: MissingIndex[];
  /** Identities kept in JSON without a generated column, with the statement adding each. */
  missingJsonLinks: MissingJsonLink[];
}

/**
 * Discovery for an OpenCart shop in one call: connects to the URL, recognises OpenCart (prefix, version,
 * engines), builds the built-in annotations and lists the missing indexes and JSON columns. Read-only; the
 * connection is closed afterwards. Fails with `NOT_FOUND` when the database is not OpenCart, so a caller can fall
 * back to generic discovery.
 *
 * @example
 * const found = await discoverOpencart(process.env.OPENCART_DATABASE_URL!, { connectionEnv: "OPENCART_DATABASE_URL" });
 * if (found.ok) console.log(`OpenCart ${found.value.version}, prefix ${found.value.prefix}`);
 */
export async function discoverOpencart(
  url: string,
  options: OpencartSystemOptions & RecogniseOptions = {},
): Promise<Result<OpencartDiscovery>> {
  const conn = await mysql.createConnection({ uri: url, connectTimeout: 10_000 });
  try {
    const found = await recogniseOpencart(conn, options);
    if (!found.ok) return found;
    const built = opencartSystem(found.value, options);
    if (!built.ok) return built;
    const shop = found.value;
    return {
      ok: true,
      value: {
        ...built.value,
        version: shop.version,
        prefix: shop.prefix,
        database: shop.database,
        missingIndexes: missingIndexes(shop, built.value.system),
        missingJsonLinks: missingJsonLinks(shop),
      },
    };
  } finally {
    await conn.end();
  }
}
