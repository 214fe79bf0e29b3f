import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "../store/open-store.js";
import { TEST_STORES } from "../testing/test-stores.js";
import { issueLinkToken, readLinkToken, revokeLinkToken } from "./link-tokens.js";
import { emailHash, normaliseEmail } from "./normalise-email.js";
import { signStoreToken, verifyStoreToken } from "./store-token.js";
import { createUnsubscribeToken, readUnsubscribeToken } from "./unsubscribe-token.js";

const SECRET = "store-secret-0123456789-0123456789-abcd";
const LINK_SECRET = "link-secret-0123456789-0123456789-abcdef";
const NOW = new Date("2026-11-22T08:00:00Z");
const later = (ms: number) => new Date(NOW.getTime() + ms);
const DAY = 86_400_000;

/** Flips one character in the middle of a base64url segment. */
function tamper(token: string, segment: number): string {
  const parts = token.split(".");
  const s = parts[segment] as string;
  const i = Math.floor(s.length / 2);
  parts[segment] = s.slice(0, i) + (s[i] === "A" ? "B" : "A") + s.slice(i + 1);
  return parts.join(".");
}

describe("store login token", () => {
  it("round-trips the customer id and address", async () => {
    const token = await signStoreToken({ customerId: "cus_1", email: "Ada@Example.com" }, SECRET, {
      now: NOW,
    });
    const r = await verifyStoreToken(token, SECRET, later(60_000));
    expect(r).toEqual({
      ok: true,
      value: { customerId: "cus_1", email: "ada@example.com", expiresAt: later(600_000) },
    });
  });

  it("refuses an expired, tampered, foreign, unsigned or over-long token", async () => {
    const token = await signStoreToken({ customerId: "cus_1", email: "ada@example.com" }, SECRET, {
      now: NOW,
    });
    const message = async (t: string, secret = SECRET, at = later(1000)) => {
      const r = await verifyStoreToken(t, secret, at);
      expect(r.ok).toBe(false);
      return r.ok ? "" : `${r.errors[0]?.code} ${r.errors[0]?.message}`;
    };
    expect(await message(token, SECRET, later(11 * 60_000))).toBe("UNAUTHORIZED the login token has expired");
    expect(await message(tamper(token, 1))).toMatch(/^UNAUTHORIZED the login token/);
    expect(await message(tamper(token, 2))).toMatch(/signature or claims/);
    expect(await message(token, `${SECRET}x`)).toMatch(/signature or claims/);
    expect(await message("not a token")).toMatch(/not a signed token/);
    const none = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from('{"sub":"x","email":"a@b.co","exp":9999999999}').toString("base64url")}.`;
    expect(await message(none)).toMatch(/not a signed token/);
    const key = new TextEncoder().encode(SECRET);
    const noEmail = await new SignJWT({})
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("c")
      .setIssuedAt(NOW)
      .setExpirationTime(later(60_000))
      .sign(key);
    expect(await message(noEmail)).toMatch(/must carry a customer id \(sub\) and an e-mail/);
    const long = await new SignJWT({ email: "a@b.co" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("c")
      .setIssuedAt(NOW)
      .setExpirationTime(later(DAY))
      .sign(key);
    expect(await message(long)).toMatch(/lives longer than 3600 seconds/);
    const hs512 = await new SignJWT({ email: "a@b.co" })
      .setProtectedHeader({ alg: "HS512" })
      .setSubject("c")
      .setIssuedAt(NOW)
      .setExpirationTime(later(60_000))
      .sign(key);
    expect(await message(hs512)).toMatch(/signature or claims/);
  });
});

describe("unsubscribe token", () => {
  it("is opaque, per recipient and list, and works for at least 30 days", async () => {
    const token = await createUnsubscribeToken(
      { email: "Ada@example.com", list: "promotions" },
      LINK_SECRET,
      { now: NOW, days: 1 },
    );
    expect(token).not.toContain("ada");
    expect(Buffer.from(token.split(".")[3] as string, "base64url").toString("latin1")).not.toContain("ada");
    const r = await readUnsubscribeToken(token, LINK_SECRET, later(30 * DAY - 1000));
    expect(r.ok && r.value).toMatchObject({ email: "ada@example.com", list: "promotions" });
    const other = await createUnsubscribeToken(
      { email: "bob@example.com", list: "promotions" },
      LINK_SECRET,
      { now: NOW },
    );
    expect(other).not.toBe(token);
  });

  it("refuses an altered, foreign or expired token and says so", async () => {
    const token = await createUnsubscribeToken({ email: "ada@example.com", list: "all" }, LINK_SECRET, {
      now: NOW,
    });
    const why = async (t: string, secret = LINK_SECRET, at = later(1000)) => {
      const r = await readUnsubscribeToken(t, secret, at);
      return r.ok ? "accepted" : (r.errors[0]?.message ?? "");
    };
    expect(await why(tamper(token, 3))).toMatch(/altered or is not ours\); nothing was changed/);
    expect(await why(tamper(token, 4))).toMatch(/altered/);
    expect(await why(token, `${LINK_SECRET}!`)).toMatch(/altered/);
    expect(await why(token, LINK_SECRET, later(366 * DAY))).toBe(
      "this unsubscribe link has expired; nothing was changed",
    );
    expect(await why("abc")).toMatch(/not valid/);
    await expect(
      createUnsubscribeToken({ email: "a@b.co", list: "Bad List" }, LINK_SECRET),
    ).rejects.toThrow();
  });
});

describe("normalised addresses", () => {
  it("compare without case or surrounding space", () => {
    expect(normaliseEmail("  Ada@Example.COM ")).toBe("ada@example.com");
    expect(emailHash("ADA@example.com")).toBe(emailHash("ada@example.com"));
    expect(emailHash("ada@example.com")).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe.each(TEST_STORES)("link tokens on $name", (kind) => {
  let store: Store;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ store, dispose } = await kind.open());
  }, 60_000);
  afterAll(async () => dispose?.());

  it("stores only the token's hash and reads it back for its purpose until it expires", async () => {
    const { token, expiresAt } = await issueLinkToken(
      store.db,
      { purpose: "preferences", email: "Ada@Example.com", customerId: "cus_1" },
      { now: NOW, ttlMs: DAY },
    );
    expect(expiresAt).toEqual(later(DAY));
    const rows = await store.db
      .withTables<{ identity_link_tokens: { token_hash: string; email: string } }>()
      .selectFrom("identity_link_tokens")
      .selectAll()
      .execute();
    expect(JSON.stringify(rows)).not.toContain(token);
    const r = await readLinkToken(store.db, token, "preferences", later(DAY - 1));
    expect(r).toEqual({
      ok: true,
      value: { purpose: "preferences", email: "ada@example.com", customerId: "cus_1", expiresAt: later(DAY) },
    });
    const msg = async (t: string, purpose: string, at: Date) => {
      const x = await readLinkToken(store.db, t, purpose, at);
      return x.ok ? "accepted" : x.errors[0]?.message;
    };
    expect(await msg(token, "preferences", later(DAY))).toBe("the link has expired: request a new one");
    expect(await msg(token, "verify-request", NOW)).toBe("the link is not valid: request a new one");
    expect(await msg(`${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`, "preferences", NOW)).toBe(
      "the link is not valid: request a new one",
    );
    expect(await msg("short", "preferences", NOW)).toBe("the link is not valid: request a new one");
    expect(await revokeLinkToken(store.db, token)).toBe(true);
    expect(await msg(token, "preferences", NOW)).toBe("the link is not valid: request a new one");
  });
});
