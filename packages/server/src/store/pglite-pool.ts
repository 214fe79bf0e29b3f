import type { PGlite } from "@electric-sql/pglite";
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from "kysely";

type Command = PostgresQueryResult<unknown>["command"];
const COMMANDS = new Set<string>(["UPDATE", "DELETE", "INSERT", "SELECT", "MERGE"]);

/**
 * A pool for Kysely's own `PostgresDialect` over one embedded PGlite database. PGlite has a single session,
 * so the pool hands out one client at a time: a transaction holds the client until it is released, and
 * other queries wait for it, which keeps transactions from interleaving.
 *
 * @example
 * const pglite = await PGlite.create(".loupe-data/pglite");
 * const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new PGlitePool(pglite) }) });
 */
export class PGlitePool implements PostgresPool {
  readonly #pglite: PGlite;
  readonly #closeOnEnd: boolean;
  #busy = false;
  readonly #waiting: ((client: PostgresPoolClient) => void)[] = [];

  constructor(pglite: PGlite, options: { closeOnEnd?: boolean } = {}) {
    this.#pglite = pglite;
    this.#closeOnEnd = options.closeOnEnd ?? true;
  }

  connect(): Promise<PostgresPoolClient> {
    if (!this.#busy) {
      this.#busy = true;
      return Promise.resolve(this.#client());
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  async end(): Promise<void> {
    if (this.#closeOnEnd && !this.#pglite.closed) await this.#pglite.close();
  }

  #client(): PostgresPoolClient {
    let released = false;
    const pglite = this.#pglite;
    const client = {
      async query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> {
        // Several statements without parameters go through the simple protocol, as `pg` does.
        const result =
          parameters.length === 0 && /;\s*\S/.test(sql)
            ? ((await pglite.exec(sql)).at(-1) ?? { rows: [] })
            : await pglite.query<R>(sql, [...parameters]);
        const command = (
          (result as { command?: string }).command ??
          sql.trimStart().split(/\s/, 1)[0] ??
          ""
        ).toUpperCase();
        return {
          command: (COMMANDS.has(command) ? command : "SELECT") as Command,
          rowCount: (result as { affectedRows?: number }).affectedRows ?? result.rows.length,
          rows: result.rows as R[],
        };
      },
      release: () => {
        if (released) return;
        released = true;
        const next = this.#waiting.shift();
        if (next) next(this.#client());
        else this.#busy = false;
      },
    };
    return client as PostgresPoolClient;
  }
}
