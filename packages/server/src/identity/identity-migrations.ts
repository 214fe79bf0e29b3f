import { type Kysely, type Migration, sql } from "kysely";

/** Tables of signed links (see `link-tokens.ts`), merged into the store's `MIGRATIONS`. */
export const IDENTITY_MIGRATIONS: Record<string, Migration> = {
  "0009-identity-link-tokens": {
    async up(db: Kysely<unknown>) {
      await sql`
        create table identity_link_tokens (
          token_hash text primary key,
          purpose text not null check (purpose ~ '^[a-z][a-z0-9-]{0,39}$'),
          email text not null,
          customer_id text,
          created_at timestamptz not null,
          expires_at timestamptz not null,
          check (expires_at > created_at)
        )`.execute(db);
      await sql`create index identity_link_tokens_expiry on identity_link_tokens (expires_at)`.execute(db);
    },
  },
};
