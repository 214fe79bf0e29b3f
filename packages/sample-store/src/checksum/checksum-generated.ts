import { generateSampleStore, type SampleStoreOptions } from "../generate/generate-sample-store.js";
import { SHOP_TABLES } from "../schema/shop-schema.js";
import {
  ChecksumAccumulator,
  canonicalLine,
  canonicalValue,
  redisCanonical,
  redisKind,
  type StoreChecksums,
} from "./row-checksum.js";

/**
 * Rows and checksums per table (and per kind of Redis key) of the shop the generator produces for these options,
 * without any database. A store loaded with the same options must give back the same figures.
 *
 * @example
 * const a = sampleStoreChecksums({ customers: 100, seed: 42 });
 * const b = sampleStoreChecksums({ customers: 100, seed: 42, chunkSize: 7 });
 * a.orders?.checksum === b.orders?.checksum; // true
 */
export function sampleStoreChecksums(options: SampleStoreOptions): StoreChecksums {
  const acc = new ChecksumAccumulator();
  for (const t of SHOP_TABLES) acc.touch(t.name);
  for (const chunk of generateSampleStore(options)) {
    for (const t of SHOP_TABLES) {
      const rows = chunk.tables[t.name] ?? [];
      for (const row of rows)
        acc.add(t.name, canonicalLine(t.columns.map((c, k) => canonicalValue(c.type, row[k] ?? null))));
    }
    for (const e of chunk.redis) acc.add(`redis:${redisKind(e.key)}`, redisCanonical(e));
  }
  return acc.result();
}
