/**
 * @loupe/sample-store — a deterministic fictional jewellery shop spread over PostgreSQL (commerce), MariaDB
 * (marketing and customer service) and Redis (sessions, carts, recently viewed), its annotated `systems:` section,
 * and discovery that reads live schemas and proposes annotations.
 */

export * from "./annotations/sample-store-annotations.js";
export * from "./bench/run-generate-benchmark.js";
export * from "./checksum/checksum-generated.js";
export * from "./checksum/row-checksum.js";
export * from "./discover/catalog.js";
export * from "./discover/compare-annotations.js";
export * from "./discover/discover-redis.js";
export * from "./discover/discover-sql.js";
export * from "./discover/draft-to-yaml.js";
export * from "./discover/propose-category.js";
export * from "./discover/propose-system.js";
export * from "./discover/read-catalog.js";
export * from "./generate/generate-sample-store.js";
export * from "./generate/people.js";
export * from "./load/drop-sample-store.js";
export * from "./load/load-sample-store.js";
export * from "./load/read-store-checksums.js";
export * from "./load/scratch-stores.js";
export * from "./load/sql-session.js";
export * from "./random/seeded-random.js";
export * from "./schema/render-ddl.js";
export * from "./schema/shop-schema.js";
