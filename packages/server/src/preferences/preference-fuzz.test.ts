import { Writable } from "node:stream";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp, type LoupeApp } from "../app/create-app.js";
import { issueLinkToken } from "../identity/link-tokens.js";
import { createUnsubscribeToken } from "../identity/unsubscribe-token.js";
import { createLogger } from "../log/create-logger.js";
import { openStore, type Store } from "../store/open-store.js";
import { AURORA_MAP } from "../testing/test-stores.js";

// Seeded random requests to every public preference route: never a 5xx or a stack trace, nothing stored by
// a request that was refused, and nothing of what was sent in the logs.

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LINK_SECRET = "fuzz-link-secret-0123456789-0123456789-ab";
const SCALARS = [
  "",
  "yes",
  "no",
  "One-Click",
  "fuzz.person@example.com",
  "FUZZ.PERSON@EXAMPLE.COM ",
  "not-an-address",
  "a@b",
  "x".repeat(3000),
  "'; DROP TABLE preference_receipts; --",
  "<script>alert(1)</script>",
  "\u0000\uffff",
  "../../etc/passwd",
  "A".repeat(43),
  "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..a.b.c",
];
const NAMES = [
  "email",
  "t",
  "List-Unsubscribe",
  "channel:email",
  "channel:sms",
  "topic:promotions",
  "topic:nope",
  "sale-share",
  "cookie:analytics",
  "cookie:essential",
  "cookie:nope",
  "__proto__",
];
const TABLES = [
  "preference_receipts",
  "identity_link_tokens",
  "suppressions",
  "webhook_events",
  "consent_receipts",
  "mail_outbox",
] as const;

describe("public preference routes under random input", () => {
  let store: Store;
  let app: LoupeApp;
  let logs = "";
  let goodLink = "";
  let goodUnsubscribe = "";

  const counts = async () => {
    const out: Record<string, number> = {};
    for (const t of TABLES)
      out[t] = Number(
        (await sql<{ n: string }>`select count(*) as n from ${sql.table(t)}`.execute(store.db)).rows[0]?.n,
      );
    return out;
  };

  beforeAll(async () => {
    store = await openStore({ pglite: await PGlite.create("memory://") });
    const destination = new Writable({
      write(chunk, _enc, done) {
        logs += chunk.toString();
        done();
      },
    });
    app = await createApp({
      store,
      logger: createLogger({ level: "debug", destination }),
      config: {
        mapPath: AURORA_MAP,
        linkSecret: LINK_SECRET,
        rateLimit: { perSecond: 100_000, burst: 100_000 },
      },
    });
    goodLink = (await issueLinkToken(store.db, { purpose: "preferences", email: "fuzz.person@example.com" }))
      .token;
    goodUnsubscribe = await createUnsubscribeToken(
      { email: "fuzz.person@example.com", list: "all" },
      LINK_SECRET,
    );
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  it("answers 300 random form posts without 5xx, and stores nothing for a refused one", async () => {
    const next = rng(20261122);
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] as T;
    const statuses = new Map<number, number>();
    for (let i = 0; i < 300; i++) {
      const fields = new URLSearchParams();
      for (let n = Math.floor(next() * 5); n > 0; n--) fields.append(pick(NAMES), pick(SCALARS));
      if (next() < 0.4) fields.set("t", goodLink);
      if (next() < 0.3) fields.set("List-Unsubscribe", "One-Click");
      const token = next() < 0.4 ? goodUnsubscribe : encodeURIComponent(pick(SCALARS).slice(0, 200)) || "x";
      const path = pick([
        "/preferences/link",
        "/preferences/manage",
        "/preferences/object",
        "/privacy-choices/do-not-sell-or-share",
        "/privacy-choices/limit-sensitive-information",
        `/unsubscribe/${token}`,
      ]);
      const kind = next();
      const init: RequestInit =
        kind < 0.6
          ? { headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: fields.toString() }
          : kind < 0.8
            ? {
                body: (() => {
                  const f = new FormData();
                  for (const [k, v] of fields) f.append(k, v);
                  return f;
                })(),
              }
            : kind < 0.9
              ? {
                  headers: { "Content-Type": "application/json" },
                  body: JSON.stringify(Object.fromEntries(fields)),
                }
              : { body: "%%%&&&=" };
      const before = await counts();
      const res = await app.request(path, {
        method: "POST",
        ...init,
        headers: { ...(init.headers as Record<string, string> | undefined), Origin: "http://localhost" },
      });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      expect(res.status, `${path} ${fields.toString().slice(0, 200)}`).toBeLessThan(500);
      const text = await res.text();
      expect(text).not.toMatch(/\n\s+at |node_modules|\.tsx?:\d+/);
      if (res.status >= 400) expect(await counts(), `${res.status} ${path}`).toEqual(before);
    }
    expect([...statuses.keys()].some((s) => s >= 400)).toBe(true);
    expect([...statuses.keys()].some((s) => s < 400)).toBe(true);
    expect(logs).not.toContain("fuzz.person");
    expect(logs).not.toContain(goodLink);
  });

  it("answers random tokens and queries of the pages without 5xx", async () => {
    const next = rng(8);
    for (let i = 0; i < 120; i++) {
      const s = encodeURIComponent(
        String(SCALARS[Math.floor(next() * SCALARS.length)])
          .slice(0, 300)
          .replace(/[\ud800-\udfff]/g, "\ufffd"),
      );
      const path = [
        `/preferences/manage?t=${s}`,
        `/preferences/manage?t=${goodLink}&saved=${s}`,
        `/preferences/login?token=${s}`,
        `/unsubscribe/${s || "x"}`,
      ][i % 4] as string;
      const before = await counts();
      const res = await app.request(path, { headers: next() < 0.5 ? { "Sec-GPC": "1" } : {} });
      expect(res.status, path).toBeLessThan(500);
      if (res.status >= 400) expect(await counts()).toEqual(before);
    }
  });
});
