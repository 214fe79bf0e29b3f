import type { ConsentContext } from "./consent-context.js";
import type { ConsentState } from "./consent-schemas.js";
import { forSubject, type Subject } from "./subject-receipts.js";

/** Receipts read at most to settle every purpose (older decisions are overridden by then). */
const SCAN_LIMIT = 500;

/**
 * The current consent of a visitor or customer, per cookie purpose of the map: the latest receipt that
 * granted or denied it wins; strictly necessary purposes are always granted; a purpose nobody decided is
 * `unset`.
 *
 * @example
 * const state = await getConsentState(ctx, { kind: "visitor", id: "v_3f9a2c71d4e84b06" });
 * state.purposes.find((p) => p.id === "analytics")?.state; // "denied"
 */
export async function getConsentState(ctx: ConsentContext, subject: Subject): Promise<ConsentState> {
  const rows = await forSubject(ctx.db.selectFrom("consent_receipts").selectAll(), subject)
    .orderBy("id", "desc")
    .limit(SCAN_LIMIT)
    .execute();
  const decided = new Map<string, { state: "granted" | "denied"; row: (typeof rows)[number] }>();
  for (const row of rows) {
    for (const p of row.granted) if (!decided.has(p)) decided.set(p, { state: "granted", row });
    for (const p of row.denied) if (!decided.has(p)) decided.set(p, { state: "denied", row });
    if (decided.size >= ctx.model.purposes.length) break;
  }
  const latest = rows[0];
  return {
    subject: { kind: subject.kind, id: subject.id },
    purposes: ctx.model.purposes.map((p) => {
      const d = decided.get(p.id);
      const base = { id: p.id, title: p.title, required: p.required };
      if (p.required) return { ...base, state: "granted" as const };
      if (!d) return { ...base, state: "unset" as const };
      return {
        ...base,
        state: d.state,
        receiptId: Number(d.row.id),
        decidedAt: new Date(d.row.server_time).toISOString(),
        action: d.row.action as ConsentState["purposes"][number]["action"],
        source: d.row.source as ConsentState["purposes"][number]["source"],
      };
    }),
    gpc: latest?.gpc ?? false,
    lastReceiptId: latest ? Number(latest.id) : null,
    noticeVersion: latest?.notice_version ?? null,
    configHash: latest?.config_hash ?? null,
  };
}
