import { Writable } from "node:stream";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../log/create-logger.js";
import { openStore, type Store } from "../store/open-store.js";
import { AURORA_MAP } from "../testing/test-stores.js";
import { createApp, type LoupeApp } from "./create-app.js";

// Seeded random inputs thrown at every public route: each answer must be a clear client error (or success),
// never a 5xx, never a stack trace, and the logs must stay free of what was sent.

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

const SCALARS = [
  null,
  true,
  0,
  -1,
  1e308,
  Number.MAX_SAFE_INTEGER,
  "",
  "x".repeat(5000),
  "fuzz.person@example.com",
  "'; DROP TABLE consent_receipts; --",
  "<script>alert(1)</script>",
  "\u0000\uffff\ud800",
  "accept-all",
  "banner",
  "essential",
  "../../etc/passwd",
];
const KEYS = [
  "visitorId",
  "customerId",
  "action",
  "source",
  "granted",
  "denied",
  "gpc",
  "noticeVersion",
  "configHash",
  "language",
  "receipts",
  "__proto__",
  "constructor",
];

function value(next: () => number, depth: number): unknown {
  const r = next();
  if (depth > 3 || r < 0.5) return SCALARS[Math.floor(next() * SCALARS.length)];
  if (r < 0.75) return Array.from({ length: Math.floor(next() * 4) }, () => value(next, depth + 1));
  const o: Record<string, unknown> = {};
  for (let i = Math.floor(next() * 6); i > 0; i--)
    o[KEYS[Math.floor(next() * KEYS.length)] as string] = value(next, depth + 1);
  return o;
}

describe("public routes under random input", () => {
  let store: Store;
  let app: LoupeApp;
  let logs = "";

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
      config: { mapPath: AURORA_MAP, rateLimit: { perSecond: 100_000, burst: 100_000 } },
    });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  it("answers 300 random consent writes with client errors, no 5xx and no stack", async () => {
    const next = rng(20261122);
    const statuses = new Map<number, number>();
    for (let i = 0; i < 300; i++) {
      const body =
        next() < 0.1
          ? "{not json"
          : JSON.stringify(next() < 0.5 ? { receipts: value(next, 1) } : value(next, 0));
      const path = ["/api/v1/consent", "/api/v1/consent/withdraw", "/api/v1/consent/link"][i % 3] as string;
      const res = await app.request(path, {
        method: "POST",
        headers: { "Content-Type": "application/json", "Idempotency-Key": `fuzz-${i}` },
        body,
      });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      expect(res.status, `${path} ${body.slice(0, 200)}`).toBeLessThan(500);
      const text = await res.text();
      expect(text).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
      if (res.status >= 400) expect(JSON.parse(text)).toMatchObject({ error: { code: expect.any(String) } });
    }
    expect([...statuses.keys()].some((s) => s >= 400)).toBe(true);
    expect(logs).not.toContain("fuzz.person@example.com");
  });

  it("answers random paths and queries of the read routes without 5xx", async () => {
    const next = rng(7);
    for (let i = 0; i < 100; i++) {
      const s = String(SCALARS[Math.floor(next() * SCALARS.length)])
        .slice(0, 300)
        .replace(/[\ud800-\udfff]/g, "\ufffd");
      const path = [
        `/api/v1/consent/visitor/${encodeURIComponent(s)}`,
        `/api/v1/consent/config?lang=${encodeURIComponent(s)}`,
        `/privacy/versions/${encodeURIComponent(s)}`,
      ][i % 3] as string;
      const res = await app.request(path);
      expect(res.status, path).toBeLessThan(500);
    }
  });
});
