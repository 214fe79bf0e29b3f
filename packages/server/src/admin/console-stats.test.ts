import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LedgerWriter, type PendingReceipt } from "../consent/ledger-writer.js";
import { rightsDb } from "../requests/rights-tables.js";
import type { Store } from "../store/open-store.js";
import { TEST_STORES } from "../testing/test-stores.js";
import { consentFigures, requestsPerWeek } from "./console-stats.js";

const NOW = new Date("2026-11-22T08:00:00.000Z"); // a Sunday: its week began on Monday 2026-11-16

function receipt(visitor: string, granted: string[], denied: string[], gpc = false): PendingReceipt {
  return {
    visitor_id: visitor,
    customer_id: null,
    granted,
    denied,
    action: "save",
    source: "banner",
    gpc,
    dnt: false,
    regime: "opt-in",
    region: "FR",
    notice_version: "sha256:test",
    config_hash: "c0ffee",
    language: "en",
    ip_truncated: null,
    user_agent: null,
  };
}

describe.each(TEST_STORES)("dashboard figures on $name", (kind) => {
  let store: Store;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ store, dispose } = await kind.open());
    const writer = new LedgerWriter(store.db, { delayMs: 1, now: () => NOW });
    await writer.append(
      [
        receipt("v_a", ["essential"], ["analytics", "advertising"]),
        // v_a changes its mind: only its latest choice counts.
        receipt("v_a", ["essential", "analytics"], ["advertising"]),
        receipt("v_b", ["essential"], ["analytics", "advertising"], true),
        receipt("v_c", ["essential", "analytics", "advertising"], []),
      ],
      { requestHash: "seed" },
    );
    await writer.close();
    const at = (day: string) => new Date(`${day}T10:00:00.000Z`);
    const base = {
      status: "received",
      jurisdictions: ["us-ca"],
      channel: "web",
      requester_role: "self",
      email_hash: "h",
      contact_email: "someone@example.com",
      subject: JSON.stringify({ email: "someone@example.com" }),
      language: "en",
      verification_level: "none",
      due_on: "2027-01-01",
      status_token_hash: "t",
      details: "{}",
      requires_approval: false,
    };
    await rightsDb(store.db)
      .insertInto("rights_requests")
      .values([
        { ...base, id: "r1", kind: "delete", received_at: at("2026-11-16") },
        { ...base, id: "r2", kind: "delete", received_at: at("2026-11-21") },
        { ...base, id: "r3", kind: "access", received_at: at("2026-11-20") },
        { ...base, id: "r4", kind: "access", received_at: at("2026-11-09") },
        // Before the window of 3 weeks: not counted.
        { ...base, id: "r5", kind: "access", received_at: at("2026-10-26") },
      ])
      .execute();
  }, 60_000);
  afterAll(async () => dispose());

  it("counts each visitor's latest choice per purpose, and who sent GPC", async () => {
    expect(await consentFigures(store.db, new Date(NOW.getTime() - 86_400_000))).toEqual({
      purposes: [
        { purpose: "advertising", granted: 1, denied: 2 },
        { purpose: "analytics", granted: 2, denied: 1 },
        { purpose: "essential", granted: 3, denied: 0 },
      ],
      visitors: 3,
      withGpc: 1,
    });
    expect(await consentFigures(store.db, new Date(NOW.getTime() + 1))).toEqual({
      purposes: [],
      visitors: 0,
      withGpc: 0,
    });
  });

  it("counts requests per week and kind, empty weeks included", async () => {
    expect(await requestsPerWeek(store.db, NOW, 3)).toEqual([
      { week: "2026-11-02", counts: {} },
      { week: "2026-11-09", counts: { access: 1 } },
      { week: "2026-11-16", counts: { delete: 2, access: 1 } },
    ]);
  });
});
