import { type Kysely, type Migration, sql } from "kysely";

/** The consent ledger's migrations after the first two (which are in `store/migrations.ts`). */
export const CONSENT_MIGRATIONS: Record<string, Migration> = {
  "0010-consent-idempotency-age": {
    async up(db: Kysely<unknown>) {
      // Idempotency keys are kept 24 hours; the writer deletes older ones oldest first through this index.
      await sql`create index consent_idempotency_created_at on consent_idempotency (created_at)`.execute(db);
    },
  },
};
