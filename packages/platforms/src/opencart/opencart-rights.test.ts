/**
 * The OpenCart profile driven by the rights engine (`executeRequest` of @loupe/connectors) on the real OpenCart 3
 * schema and on the 4.x DDL, filled with generated customers and guests: access finds every row of a person and
 * nothing of anyone else; erasure leaves no erasable value and keeps the held order fields; an erasure whose worker
 * is killed after its plan (on MyISAM: no transaction to roll back) is resumed from the journal. The worker runs
 * the built engine (`npm run build` first, as `npm test` does).
 */

import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { type EngineSession, ensureJournal, executeRequest, openEngineSession } from "@loupe/connectors";
import { type DataMap, DataMapSchema } from "@loupe/core";
import { createScratchStores } from "@loupe/sample-store";
import { unzipSync } from "fflate";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOpencartTestShop,
  haveOpencart3Sql,
  type OpencartTestShop,
} from "../testing/opencart-test-shop.js";
import { type GeneratedPerson, OWNER } from "./generate/generate-opencart-data.js";
import { missingJsonLinks } from "./json-link-columns.js";
import { opencartSystem } from "./opencart-system.js";
import { recogniseOpencart } from "./recognise-opencart.js";

type Row = Record<string, unknown>;
const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

/** A worker process: runs the erasure with the built engine and waits, once its plan is recorded, to be killed. */
const WORKER = `
import pg from "pg";
import { executeRequest } from "@loupe/connectors";
const journal = new pg.Client({ connectionString: process.env.JOURNAL_URL });
await journal.connect();
await executeRequest({
  requestId: process.env.REQUEST_ID,
  kind: "erase",
  subject: { email: process.env.SUBJECT_EMAIL },
  map: JSON.parse(process.env.LOUPE_MAP),
  env: { OPENCART_DATABASE_URL: process.env.OPENCART_DATABASE_URL },
  journal,
  now: () => new Date(process.env.NOW),
  onStep: async (step) => {
    if (step === "erase-plan") {
      process.stdout.write("planned\\n");
      await new Promise(() => {});
    }
  },
});
`;
const NOW = () => new Date("2026-11-22T08:00:00Z");

/** Rows OpenCart keeps without any link to a guest's e-mail: a guest's review carries only the typed name. */
const unlinkable = (table: string, person: GeneratedPerson) => table === "review" && person.kind === "guest";

async function setUp(version: 3 | 4, prefix: string) {
  const t = await createOpencartTestShop({ version, prefix, customers: 6, guests: 4 });
  for (const link of missingJsonLinks(t.shop)) await t.conn.query(link.statement);
  const found = await recogniseOpencart(t.conn);
  if (!found.ok) throw found.errors[0];
  const built = opencartSystem(found.value, { connectionEnv: "OPENCART_DATABASE_URL" });
  if (!built.ok) throw built.errors[0];
  const map: DataMap = DataMapSchema.parse({
    organization: { name: "Test Jewellers" },
    systems: [built.value.system],
  });
  const env = { OPENCART_DATABASE_URL: t.url };
  // One engine session (connectors opened, catalogue read once) serves every request of the file.
  const session: EngineSession = await openEngineSession({ map, env, now: NOW });
  return { t, map, env, session };
}

/** The generated rows of a person that live in annotated tables, by unprefixed table. */
function expectedRows(t: OpencartTestShop, map: DataMap, index: number): Map<string, Row[]> {
  const person = t.data.people[index] as GeneratedPerson;
  const annotated = new Set(
    Object.keys(map.systems[0]?.tables ?? {}).map((n) => n.slice(t.shop.prefix.length)),
  );
  const out = new Map<string, Row[]>();
  for (const [table, rows] of Object.entries(t.data.rows)) {
    if (!annotated.has(table) || unlinkable(table, person)) continue;
    const mine = rows.filter((r) => r[OWNER] === index);
    if (mine.length > 0) out.set(table, mine);
  }
  return out;
}

/** Whether a row read back belongs to the person: its link columns name them. */
function owns(person: GeneratedPerson, row: Row): boolean {
  const n = (v: unknown) => Number(v);
  if ("customer_id" in row && n(row.customer_id) !== person.customerId) return false;
  if ("order_id" in row && n(row.order_id) !== 0 && !person.orderIds.includes(n(row.order_id))) return false;
  if ("return_id" in row && !person.returnIds.includes(n(row.return_id))) return false;
  if ("session_id" in row && row.session_id !== person.sessionId) return false;
  if ("email" in row && String(row.email).toLowerCase() !== person.email) return false;
  if ("code" in row && "filename" in row && !person.uploadCodes.includes(String(row.code))) return false;
  return true;
}

async function access(
  setup: Awaited<ReturnType<typeof setUp>>,
  id: string,
  subject: { email?: string; customerId?: string },
) {
  const result = await executeRequest({
    requestId: id,
    kind: "access",
    subject,
    map: setup.map,
    session: setup.session,
    env: setup.env,
    now: NOW,
  });
  expect(result.status).toBe("done");
  const bytes = result.package?.bytes;
  if (!bytes) throw new Error("no access package");
  const data = JSON.parse(new TextDecoder().decode(unzipSync(bytes)["data.json"])) as {
    tables: Record<string, Row[]>;
  };
  const byTable = new Map<string, Row[]>();
  for (const [node, rows] of Object.entries(data.tables)) {
    const table = node.slice(node.indexOf(".") + 1).slice(setup.t.shop.prefix.length);
    if (rows.length > 0) byTable.set(table, rows);
  }
  return byTable;
}

function checkAccess(setup: Awaited<ReturnType<typeof setUp>>, index: number, found: Map<string, Row[]>) {
  const person = setup.t.data.people[index] as GeneratedPerson;
  const expected = expectedRows(setup.t, setup.map, index);
  const counts = (m: Map<string, Row[]>) => Object.fromEntries([...m].map(([k, v]) => [k, v.length]).sort());
  expect(counts(found), `${person.kind} ${index}`).toEqual(counts(expected));
  for (const [table, rows] of found)
    for (const row of rows) expect(owns(person, row), `${table} row of ${person.kind} ${index}`).toBe(true);
}

for (const [version, prefix] of [
  [3, "fdj_"],
  [4, "oc_"],
] as const) {
  describe.runIf(version === 4 || haveOpencart3Sql())(
    `OpenCart ${version}: rights through the engine`,
    () => {
      let setup: Awaited<ReturnType<typeof setUp>>;
      beforeAll(async () => {
        setup = await setUp(version, prefix);
      }, 60_000);
      afterAll(async () => {
        await setup?.t.drop();
      });

      it("access finds every row of a customer (by e-mail or customer id) and nothing of anyone else", async () => {
        const index = setup.t.data.people.findIndex(
          (p) => p.kind === "customer" && p.returnIds.length > 0 && p.uploadCodes.length === 0,
        );
        const person = setup.t.data.people[index] as GeneratedPerson;
        checkAccess(setup, index, await access(setup, `a-${version}-c`, { email: person.typedEmail }));
        checkAccess(
          setup,
          index,
          await access(setup, `a-${version}-c-id`, { customerId: String(person.customerId) }),
        );
        const withUpload = setup.t.data.people.findIndex(
          (p) => p.kind === "customer" && p.uploadCodes.length > 0,
        );
        checkAccess(
          setup,
          withUpload,
          await access(setup, `a-${version}-u`, { email: setup.t.data.people[withUpload]?.email }),
        );
      });

      it("access finds every row of a guest by e-mail and nothing of anyone else", async () => {
        for (const [index, person] of setup.t.data.people.entries()) {
          if (person.kind !== "guest") continue;
          checkAccess(
            setup,
            index,
            await access(setup, `a-${version}-g${index}`, { email: person.email.toUpperCase() }),
          );
        }
      });

      it("erasure leaves no erasable value, keeps the held order fields and nobody else's rows change", async () => {
        const { t } = setup;
        const p = t.shop.prefix;
        const customerIndex = t.data.people.findIndex((x) => x.kind === "customer" && x.returnIds.length > 0);
        const guestIndex = t.data.people.findIndex((x) => x.kind === "guest" && x.returnIds.length > 0);
        const others = t.data.people.map((_, i) => i).filter((i) => i !== customerIndex && i !== guestIndex);
        const before = new Map(
          await Promise.all(
            others.map(
              async (i) =>
                [i, await access(setup, `b-${version}-${i}`, { email: t.data.people[i]?.email })] as const,
            ),
          ),
        );
        for (const index of [customerIndex, guestIndex]) {
          const person = t.data.people[index] as GeneratedPerson;
          const result = await executeRequest({
            requestId: `e-${version}-${index}`,
            kind: "erase",
            subject: { email: person.email },
            map: setup.map,
            session: setup.session,
            env: setup.env,
            now: NOW,
          });
          expect(result.status).toBe("done");
          expect(result.verification?.ok).toBe(true);

          const q = async (sql: string, values: unknown[]) => (await t.conn.query(sql, values))[0] as Row[];
          // Deleted: account-side rows, sessions, carts, activity, logins.
          if (person.kind === "customer") {
            for (const table of [
              "customer",
              "address",
              "customer_activity",
              "customer_wishlist",
              "customer_search",
              "customer_online",
              "customer_ip",
              "cart",
            ]) {
              expect(
                await q(`SELECT * FROM ?? WHERE customer_id = ?`, [p + table, person.customerId]),
                table,
              ).toEqual([]);
            }
          }
          expect(await q("SELECT * FROM ?? WHERE email = ?", [`${p}customer_login`, person.email])).toEqual(
            [],
          );
          expect(await q("SELECT * FROM ?? WHERE session_id = ?", [`${p}session`, person.sessionId])).toEqual(
            [],
          );
          expect(await q("SELECT * FROM ?? WHERE session_id = ?", [`${p}cart`, person.sessionId])).toEqual(
            [],
          );
          expect(
            await q("SELECT * FROM ?? WHERE loupe_order_id IN (?)", [
              `${p}customer_activity`,
              person.orderIds,
            ]),
          ).toEqual([]);
          // Masked orders: no personal value left; invoice, totals, currency and the tax country kept.
          const orders = await q("SELECT * FROM ?? WHERE order_id IN (?) ORDER BY order_id", [
            `${p}order`,
            person.orderIds,
          ]);
          expect(orders).toHaveLength(person.orderIds.length);
          for (const o of orders) {
            for (const c of [
              "firstname",
              "lastname",
              "email",
              "telephone",
              "payment_firstname",
              "payment_address_1",
              "payment_city",
              "payment_postcode",
              "shipping_firstname",
              "shipping_address_1",
              "shipping_city",
              "comment",
              "ip",
              "user_agent",
              "custom_field",
            ]) {
              expect(o[c], `order.${c}`).toBe("");
            }
            const generated = t.data.rows.order?.find((r) => r.order_id === o.order_id) as Row;
            expect(Number(o.total)).toBe(Number(generated.total));
            expect(o.invoice_no).toBe(generated.invoice_no);
            expect(o.payment_country).toBe("France");
            expect(o.currency_code).toBe("EUR");
          }
          // Products and totals kept; typed option text masked.
          const products = await q("SELECT name FROM ?? WHERE order_id IN (?)", [
            `${p}order_product`,
            person.orderIds,
          ]);
          expect(products.length).toBe(t.data.rows.order_product?.filter((r) => r[OWNER] === index).length);
          const totals = await q("SELECT value FROM ?? WHERE order_id IN (?)", [
            `${p}order_total`,
            person.orderIds,
          ]);
          expect(totals.length).toBe(2 * person.orderIds.length);
          for (const r of await q("SELECT value FROM ?? WHERE order_id IN (?)", [
            `${p}order_option`,
            person.orderIds,
          ]))
            expect(r.value).toBe("");
          for (const r of await q("SELECT comment FROM ?? WHERE order_id IN (?)", [
            `${p}order_history`,
            person.orderIds,
          ]))
            expect(r.comment).toBe("");
          // Returns masked, product kept for the warranty.
          for (const r of await q("SELECT * FROM ?? WHERE return_id IN (?)", [
            `${p}return`,
            person.returnIds,
          ])) {
            expect([r.firstname, r.lastname, r.email, r.telephone, r.comment]).toEqual(["", "", "", "", ""]);
            expect(r.product).not.toBe("");
          }
          if (person.reviewIds.length > 0 && person.kind === "customer") {
            for (const r of await q("SELECT author, text, rating FROM ?? WHERE review_id IN (?)", [
              `${p}review`,
              person.reviewIds,
            ])) {
              expect([r.author, r.text, r.rating]).toEqual(["", "", 5]);
            }
          }
          if (person.uploadCodes.length > 0)
            expect(await q("SELECT * FROM ?? WHERE code IN (?)", [`${p}upload`, person.uploadCodes])).toEqual(
              [],
            );
          // Nothing of the person can be found any more by e-mail, except OpenCart's own request log, held as evidence.
          const again = await access(setup, `after-${version}-${index}`, { email: person.email });
          for (const [table, rows] of again) {
            if (table === "gdpr") continue;
            for (const row of rows)
              for (const v of Object.values(row))
                expect(String(v).toLowerCase(), table).not.toContain(person.email);
          }
          const held = result.tables.find((x) => x.table === `${p}gdpr`);
          if (held) expect(held.keptFields.map((f) => f.field)).toContain("email");
        }
        for (const i of others) {
          const after = await access(setup, `c-${version}-${i}`, { email: t.data.people[i]?.email });
          expect(after, `person ${i}`).toEqual(before.get(i));
        }
      });

      it("an erasure whose worker is killed (SIGKILL) after its plan is resumed from the journal and finished once", async () => {
        const { t } = setup;
        const stores = await createScratchStores({ postgres: true, label: "loupe_ocjournal" });
        const journal = new pg.Client({ connectionString: stores.postgres });
        await journal.connect();
        try {
          await ensureJournal(journal);
          const person = t.data.people.findLast((x) => x.kind === "customer") as GeneratedPerson;
          const requestId = `crash-${version}`;
          const run = () =>
            executeRequest({
              requestId,
              kind: "erase",
              subject: { email: person.email },
              map: setup.map,
              session: setup.session,
              env: setup.env,
              journal,
              now: NOW,
            });
          const count = async () =>
            (
              (
                await t.conn.query("SELECT COUNT(*) AS n FROM ?? WHERE customer_id = ?", [
                  `${t.shop.prefix}customer`,
                  person.customerId,
                ])
              )[0] as { n: number }[]
            )[0]?.n;
          // A worker process records the plan, then is killed with SIGKILL before it changes anything.
          const worker = spawn(process.execPath, ["--input-type=module", "-e", WORKER], {
            cwd: ROOT,
            env: {
              ...process.env,
              LOUPE_MAP: JSON.stringify(setup.map),
              OPENCART_DATABASE_URL: t.url,
              JOURNAL_URL: stores.postgres,
              REQUEST_ID: requestId,
              SUBJECT_EMAIL: person.email,
              NOW: NOW().toISOString(),
            },
            stdio: ["ignore", "pipe", "pipe"],
          });
          let stderr = "";
          worker.stderr.on("data", (d: Buffer) => {
            stderr += d.toString();
          });
          const exited = new Promise<NodeJS.Signals | null>((resolve) =>
            worker.on("exit", (_code, signal) => resolve(signal)),
          );
          await new Promise<void>((resolve, reject) => {
            worker.stdout.on("data", (d: Buffer) => {
              if (d.toString().includes("planned")) resolve();
            });
            worker.on("exit", () => reject(new Error(`worker ended before its plan: ${stderr}`)));
          });
          worker.kill("SIGKILL");
          expect(await exited).toBe("SIGKILL");
          expect(await count()).toBe(1);
          const result = await run();
          expect(result.resumed).toBe(true);
          expect(result.verification?.ok).toBe(true);
          expect(await count()).toBe(0);
          // Run again: the journal answers, nothing is applied twice.
          expect((await run()).resumed).toBe(true);
        } finally {
          await journal.end();
          await stores.drop();
        }
      });
    },
  );
}
