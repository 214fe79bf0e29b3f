import { readFile } from "node:fs/promises";
import { parseDataMap } from "@loupe/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../log/create-logger.js";
import { AURORA_MAP, TEST_STORES } from "../testing/test-stores.js";
import { verifyCode } from "../verification/verify-request.js";
import { approveRequest } from "./approve-request.js";
import { completeTask } from "./complete-task.js";
import { createRequest, type NewRequest } from "./create-request.js";
import { createRightsContext, type RightsRuntime } from "./create-rights-context.js";
import { denyRequest } from "./deny-request.js";
import { downloadPackage } from "./download-package.js";
import { extendRequest } from "./extend-request.js";
import { getRequest } from "./get-request.js";
import { listRequests } from "./list-requests.js";
import { purgeRequests } from "./purge-requests.js";
import type { ExecuteInput, RightsMail, ShopRecord } from "./rights-context.js";

const SHOP: Record<string, ShopRecord> = {
  "ada@example.com": {
    customerId: "cus_1",
    phones: ["+1 415-555-0100"],
    orderNumbers: ["AUR-10001"],
    postcodes: ["94105"],
  },
  "bo@example.com": {
    customerId: "cus_2",
    phones: ["+1 212-555-0199"],
    orderNumbers: ["AUR-20002"],
    postcodes: ["10001"],
  },
};
const ZIP = new TextEncoder().encode("PK\u0003\u0004 customer cus_1 data: ada@example.com");

describe.each(TEST_STORES)("rights workflow on $name", (kind) => {
  let dispose: () => Promise<void>;
  let rights: RightsRuntime;
  let clock = new Date("2026-03-02T15:00:00Z");
  const mails: RightsMail[] = [];
  const executed: ExecuteInput[] = [];
  let engine = true;

  beforeAll(async () => {
    const opened = await kind.open();
    dispose = opened.dispose;
    const parsed = parseDataMap(await readFile(AURORA_MAP, "utf8"), AURORA_MAP);
    if (!parsed.ok) throw parsed.errors[0];
    rights = await createRightsContext({
      db: opened.store.db,
      map: parsed.value,
      logger: createLogger({ level: "silent" }),
      publicUrl: "https://privacy.aurora.example",
      sendMail: async (m) => void mails.push(m),
      now: () => clock,
      lookup: async (email) => SHOP[email],
      approvalKinds: ["restrict"],
      execute: async (input) => {
        if (!engine) throw new Error("engine down");
        executed.push(input);
        if (input.kind === "access")
          return {
            items: [{ system: "commerce", table: "customers", action: "read", rows: 1 }],
            package: ZIP,
          };
        return {
          items: [
            { system: "commerce", table: "customers", action: "erased", rows: 1 },
            {
              system: "commerce",
              table: "orders",
              action: "kept",
              rows: 2,
              reason: "tax and accounting records are kept 7 years",
            },
          ],
        };
      },
    });
    await rights.start();
  }, 60_000);
  afterAll(async () => {
    await rights?.idle();
    await dispose?.();
  });

  const submit = async (p: Partial<NewRequest> & Pick<NewRequest, "kind">) => {
    const before = mails.length;
    const r = await createRequest(rights.ctx, {
      residence: "us-ca",
      language: "en",
      channel: "webform",
      email: "ada@example.com",
      ...p,
    });
    const sent = mails.slice(before);
    const code = /code: (\d{8})/.exec(sent.map((m) => m.text).join("\n"))?.[1];
    return { ...r, code, sent };
  };
  const view = async (id: string) => {
    await rights.idle();
    const v = await getRequest(rights.ctx.db, id, clock);
    if (!v) throw new Error(`no request ${id}`);
    return v;
  };

  it("acknowledges, verifies with two data points, executes a deletion and answers what was kept", async () => {
    const r = await submit({ kind: "delete", dataPoints: { postcode: "94105" } });
    expect(r.verification).toBe("code-sent");
    expect(r.sent.map((m) => m.kind).sort()).toEqual(["rights.acknowledgement", "rights.code"]);
    expect(r.sent.find((m) => m.kind === "rights.acknowledgement")?.text).toMatch(/answer by 2026-04-16/);
    let v = await view(r.id);
    expect(v).toMatchObject({
      status: "awaiting_verification",
      dueOn: "2026-04-16",
      acknowledgeBy: "2026-03-16",
      verificationLevel: "reasonable",
    });
    expect(v.acknowledgedAt).toBeDefined();

    expect((await verifyCode(rights.ctx, r.id, "00000000")).ok).toBe(false);
    const ok = await verifyCode(rights.ctx, r.id, r.code as string);
    expect(ok).toEqual({ ok: true, value: "verified" });
    v = await view(r.id);
    expect(v.status).toBe("partially_completed");
    expect(v.result?.items.find((i) => i.action === "kept")?.reason).toMatch(/tax/);
    expect(executed.at(-1)).toMatchObject({
      requestId: r.id,
      kind: "erase",
      subject: { email: "ada@example.com", customerId: "cus_1" },
    });
    expect(v.events.map((e) => e.type)).toEqual(
      expect.arrayContaining([
        "received",
        "acknowledged",
        "verified",
        "verification_data_purged",
        "queued",
        "executed",
        "partially_completed",
      ]),
    );
    const answer = mails.at(-1) as RightsMail;
    expect(answer.kind).toBe("rights.answer");
    expect(answer.text).toMatch(/commerce\.customers: 1 records deleted/);
    expect(answer.text).toMatch(/commerce\.orders: 2 records kept — tax/);
    // The data points given for verification are gone; only which matched is kept.
    const stored = await rights.ctx.db
      .selectFrom("rights_verifications")
      .selectAll()
      .where("request_id", "=", r.id)
      .executeTakeFirst();
    expect(stored?.evidence).toBeNull();
    const row = await rights.ctx.db
      .selectFrom("rights_requests")
      .select("details")
      .where("id", "=", r.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row.details)).not.toContain("94105");
    // The code cannot be used twice.
    expect((await verifyCode(rights.ctx, r.id, r.code as string)).ok).toBe(false);
  });

  it("locks a code after five wrong tries and refuses an expired one", async () => {
    const r = await submit({
      kind: "delete",
      email: "bo@example.com",
      dataPoints: { phone: "212 555 0199" },
    });
    for (let i = 0; i < 5; i++) expect((await verifyCode(rights.ctx, r.id, `1234567${i}`)).ok).toBe(false);
    expect((await verifyCode(rights.ctx, r.id, r.code as string)).ok).toBe(false);
    expect((await view(r.id)).events.map((e) => e.type)).toContain("verification_locked");

    const late = await submit({
      kind: "correct",
      email: "bo@example.com",
      dataPoints: { phone: "212 555 0199" },
      corrections: { postcode: "10002" },
    });
    clock = new Date(clock.getTime() + 31 * 60 * 1000);
    expect((await verifyCode(rights.ctx, late.id, late.code as string)).ok).toBe(false);
  });

  it("falls back to categories when specific pieces cannot be verified, and denies an unverifiable deletion", async () => {
    const specific = await submit({
      kind: "know_specific",
      email: "bo@example.com",
      dataPoints: { phone: "212 555 0199" },
    });
    expect(await verifyCode(rights.ctx, specific.id, specific.code as string)).toEqual({
      ok: true,
      value: "fell-back-to-categories",
    });
    const v = await view(specific.id);
    expect(v.kind).toBe("know_categories");
    expect(v.status).toBe("completed");
    expect(
      (v.result as { categories?: { categories: string[] } }).categories?.categories.length,
    ).toBeGreaterThan(3);

    const stranger = await submit({
      kind: "delete",
      email: "nobody@example.com",
      dataPoints: { postcode: "94105" },
    });
    expect(await verifyCode(rights.ctx, stranger.id, stranger.code as string)).toEqual({
      ok: true,
      value: "denied",
    });
    expect((await view(stranger.id)).denialBasis).toBe("unverifiable");
    expect(mails.at(-1)?.text).toMatch(/could not verify your identity/);
    expect(mails.at(-1)?.text).not.toMatch(/appeal/i); // California grants no appeal
  });

  it("releases specific pieces with three points and a declaration, once, through an expiring link", async () => {
    const r = await submit({
      kind: "access",
      dataPoints: { phone: "4155550100", orderNumber: "aur-10001" },
      declarationName: "Ada Lovelace",
    });
    expect(await verifyCode(rights.ctx, r.id, r.code as string)).toEqual({ ok: true, value: "verified" });
    expect((await view(r.id)).status).toBe("completed");
    const link = /\/privacy-centre\/download\/([\w-]+)/.exec(mails.at(-1)?.text ?? "")?.[1] as string;
    expect(link).toBeDefined();
    const file = await rights.ctx.db
      .selectFrom("rights_files")
      .selectAll()
      .where("request_id", "=", r.id)
      .executeTakeFirstOrThrow();
    expect(Buffer.from(file.sealed).includes(Buffer.from("ada@example.com"))).toBe(false); // encrypted at rest
    const got = await downloadPackage(rights.ctx, link);
    expect(got?.bytes.equals(Buffer.from(ZIP))).toBe(true);
    expect(await downloadPackage(rights.ctx, link)).toBeUndefined(); // single use
  });

  it("extends only before the due day, once, with a notice", async () => {
    clock = new Date("2026-05-04T10:00:00Z");
    const r = await submit({
      kind: "delete",
      email: "bo@example.com",
      dataPoints: { postcode: "10001" },
      residence: "us-va",
    });
    clock = new Date("2026-06-10T10:00:00Z");
    expect(
      await extendRequest(rights.ctx, r.id, { reason: "Several systems to search.", actor: "staff" }),
    ).toBe("2026-08-02");
    expect(mails.at(-1)).toMatchObject({ kind: "rights.extension-notice" });
    expect(mails.at(-1)?.text).toMatch(/Several systems to search/);
    await expect(extendRequest(rights.ctx, r.id, { reason: "again", actor: "staff" })).rejects.toThrow(
      /already extended/,
    );

    const late = await submit({ kind: "delete", email: "bo@example.com", residence: "eea" });
    clock = new Date("2026-07-11T10:00:00Z"); // one month after 2026-06-10 has passed
    await expect(extendRequest(rights.ctx, late.id, { reason: "complex", actor: "staff" })).rejects.toThrow(
      /must be sent by 2026-07-10/,
    );
  });

  it("denies with appeal instructions in Virginia, and lists open requests by due day", async () => {
    clock = new Date("2026-08-01T10:00:00Z");
    const r = await submit({ kind: "restrict", residence: "us-va", dataPoints: { postcode: "94105" } });
    expect(await verifyCode(rights.ctx, r.id, r.code as string)).toEqual({
      ok: true,
      value: "awaiting-approval",
    });
    const list = await listRequests(rights.ctx, { open: true });
    const dues = list.requests.map((x) => x.effectiveDueOn);
    expect([...dues].sort()).toEqual(dues);
    expect(list.requests.some((x) => x.id === r.id && x.status === "awaiting_approval")).toBe(true);
    await denyRequest(rights.ctx, r.id, {
      basis: "exempt",
      note: "Needed for an open warranty claim.",
      actor: "staff",
    });
    expect(mails.at(-1)?.text).toMatch(/appeal this decision.*within 60 days/s);
    expect(mails.at(-1)?.text).toMatch(/Needed for an open warranty claim/);
    await expect(denyRequest(rights.ctx, r.id, { basis: "exempt", actor: "staff" })).rejects.toThrow(
      /already denied/,
    );
  });

  it("runs an approved request, and waits for manual tasks without an engine", async () => {
    const r = await submit({ kind: "restrict", dataPoints: { postcode: "94105" } });
    await verifyCode(rights.ctx, r.id, r.code as string);
    await approveRequest(rights.ctx, r.id, { actor: "staff" });
    expect((await view(r.id)).status).toBe("completed");

    const saved = rights.ctx.execute;
    rights.ctx.execute = undefined;
    try {
      const m = await submit({ kind: "object", email: "bo@example.com", residence: "eea" });
      await verifyCode(rights.ctx, m.id, m.code as string);
      let v = await view(m.id);
      expect(v.status).toBe("in_progress");
      expect(v.tasks).toEqual([expect.objectContaining({ id: "all-systems" })]);
      expect(
        await completeTask(rights.ctx, m.id, "all-systems", { note: "done by hand", actor: "staff" }),
      ).toBe("done");
      v = await view(m.id);
      expect(v.status).toBe("completed");
    } finally {
      rights.ctx.execute = saved;
    }
  });

  it("flags a second Shine the Light request in a calendar year and duplicates of open requests", async () => {
    clock = new Date("2026-09-01T10:00:00Z");
    const first = await submit({ kind: "shine_the_light", email: "cy@example.com" });
    await verifyCode(rights.ctx, first.id, first.code as string);
    expect((await view(first.id)).dueOn).toBe("2026-10-01");
    const second = await submit({ kind: "shine_the_light", email: "cy@example.com" });
    await verifyCode(rights.ctx, second.id, second.code as string);
    const v = await view(second.id);
    expect(v.flags).toContain("frequencyExceeded");
    expect(v.denialBasis).toBe("frequency_limit");

    const a = await submit({ kind: "restrict", email: "ada@example.com", dataPoints: { postcode: "94105" } });
    const b = await submit({
      kind: "restrict",
      email: "ADA@example.com ",
      dataPoints: { postcode: "94105" },
    });
    await verifyCode(rights.ctx, a.id, a.code as string);
    await verifyCode(rights.ctx, b.id, b.code as string);
    expect((await view(b.id)).denialBasis).toBe("duplicate");
  });

  it("takes an appeal of a Virginia denial and answers it with the attorney general's contact", async () => {
    const denied = await submit({
      kind: "restrict",
      email: "bo@example.com",
      residence: "us-va",
      dataPoints: { postcode: "10001" },
    });
    expect(await verifyCode(rights.ctx, denied.id, denied.code as string)).toEqual({
      ok: true,
      value: "awaiting-approval",
    });
    await denyRequest(rights.ctx, denied.id, { basis: "exempt", actor: "staff" });
    await expect(
      submit({ kind: "appeal", email: "ada@example.com", parentId: denied.id, note: "please" }),
    ).rejects.toThrow(/can be appealed/);
    const appeal = await submit({
      kind: "appeal",
      email: "bo@example.com",
      parentId: denied.id,
      note: "The number is mine.",
    });
    expect(await verifyCode(rights.ctx, appeal.id, appeal.code as string)).toEqual({
      ok: true,
      value: "awaiting-approval",
    });
    const a = await view(appeal.id);
    expect(a.jurisdictions).toEqual(["us-va"]);
    expect(a.dueOn > a.receivedAt.slice(0, 10)).toBe(true);
    expect((await view(denied.id)).status).toBe("appealed");
    await denyRequest(rights.ctx, appeal.id, {
      basis: "exempt",
      note: "The record is needed for an open warranty claim.",
      actor: "staff",
    });
    expect(mails.at(-1)).toMatchObject({ kind: "rights.appeal-decision", to: "bo@example.com" });
    expect(mails.at(-1)?.text).toMatch(/Attorney General of Virginia/);
    expect((await view(denied.id)).status).toBe("denied");
  });

  it("accepts a fresh store login token instead of data points, as the account holder's re-authentication", async () => {
    const saved = rights.ctx.verifyLogin;
    rights.ctx.verifyLogin = async (token) =>
      token === "header.payload.signature" ? { customerId: "cus_9", email: "dee@example.com" } : undefined;
    try {
      const r = await submit({
        kind: "delete",
        email: "dee@example.com",
        loginToken: "header.payload.signature",
      });
      expect(await verifyCode(rights.ctx, r.id, r.code as string)).toEqual({ ok: true, value: "verified" });
      const v = await view(r.id);
      expect(executed.at(-1)).toMatchObject({
        requestId: r.id,
        subject: { email: "dee@example.com", customerId: "cus_9" },
      });
      expect(["completed", "partially_completed"]).toContain(v.status);
      const bad = await submit({
        kind: "delete",
        email: "eve@example.com",
        loginToken: "header.payload.signature",
      });
      expect(await verifyCode(rights.ctx, bad.id, bad.code as string)).toEqual({ ok: true, value: "denied" });
    } finally {
      rights.ctx.verifyLogin = saved;
    }
  });

  it("opens a deletion when a request concerns a child under 13", async () => {
    const r = await submit({ kind: "know_categories", under13: true, dataPoints: { postcode: "94105" } });
    await verifyCode(rights.ctx, r.id, r.code as string);
    const child = await rights.ctx.db
      .selectFrom("rights_requests")
      .selectAll()
      .where("parent_id", "=", r.id)
      .executeTakeFirstOrThrow();
    expect(child.kind).toBe("delete");
    const v = await view(child.id);
    expect(v.flags).toContain("under13");
    expect(["completed", "partially_completed"]).toContain(v.status);
  });

  it("applies opt-outs without verification and sends an agent's code to the consumer", async () => {
    const o = await submit({ kind: "opt_out_sale_share", email: undefined });
    expect(o.verification).toBe("none");
    expect(o.sent).toEqual([]);
    expect((await view(o.id)).status).toBe("completed");

    const a = await submit({
      kind: "delete",
      dataPoints: { postcode: "94105" },
      agent: {
        name: "Privacy Helpers LLC",
        email: "agent@helpers.example",
        permission: {
          name: "permission.pdf",
          mediaType: "application/pdf",
          bytes: new TextEncoder().encode("%PDF-1.4 signed"),
        },
      },
    });
    expect(a.sent.find((m) => m.kind === "rights.agent-confirmation")?.to).toBe("ada@example.com");
    expect(a.sent.find((m) => m.kind === "rights.acknowledgement")?.to).toBe("agent@helpers.example");
    expect(a.sent.some((m) => m.to === "agent@helpers.example" && /\d{8}/.test(m.text))).toBe(false);
    expect((await view(a.id)).status).toBe("awaiting_verification");
  });

  it("resumes a request whose execution failed, and purges records 24 months after the answer", async () => {
    const r = await submit({
      kind: "delete",
      email: "bo@example.com",
      dataPoints: { postcode: "10001" },
      residence: "us-co",
    });
    engine = false;
    await verifyCode(rights.ctx, r.id, r.code as string);
    expect((await view(r.id)).status).toBe("in_progress");
    engine = true;
    await rights.start(); // what a restarted process does
    expect((await view(r.id)).status).toBe("partially_completed");

    clock = new Date(clock.getTime() + 24 * 31 * 24 * 3600 * 1000);
    const purged = await purgeRequests(rights.ctx);
    expect(purged.requests).toBeGreaterThan(5);
    expect(await getRequest(rights.ctx.db, r.id, clock)).toBeUndefined();
  });
});
