import { deadlineState, type RequestKind } from "@loupe/core";
import type { Kysely, Selectable } from "kysely";
import type { Language } from "./denial-templates.js";
import { listEvents, type RequestEvent } from "./request-events.js";
import type { RequestStatus, VerificationLevel } from "./request-model.js";
import type { OutcomeItem } from "./rights-context.js";
import type { RightsRequestTable, RightsTables } from "./rights-tables.js";

/** A request as staff and the status page see it (without the requester's address or identities). */
export interface RightsRequestView {
  id: string;
  kind: RequestKind;
  status: RequestStatus;
  jurisdictions: string[];
  channel: string;
  requesterRole: string;
  language: Language;
  verificationLevel: VerificationLevel;
  verifiedAt?: string;
  receivedAt: string;
  acknowledgeBy?: string;
  acknowledgedAt?: string;
  dueOn: string;
  /** The due day in force: the extended one after an extension. */
  effectiveDueOn: string;
  maxExtendedDueOn?: string;
  extensionNoticeBy?: string;
  extendedUntil?: string;
  extensionReason?: string;
  appealDays?: number;
  requiresApproval: boolean;
  approvedAt?: string;
  respondedAt?: string;
  denialBasis?: string;
  deadlineState: ReturnType<typeof deadlineState>;
  parentId?: string;
  flags: string[];
  result?: { items: OutcomeItem[]; note?: string; hasPackage?: boolean; categories?: unknown };
  tasks: { id: string; system: string; description: string; completedAt?: string; note?: string }[];
}

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : undefined);
const day = (d: unknown) =>
  d === null || d === undefined
    ? undefined
    : d instanceof Date
      ? d.toISOString().slice(0, 10)
      : String(d).slice(0, 10);

/**
 * The staff/status view of a stored request row.
 *
 * @example
 * const view = toView(row, tasks, new Date());
 */
export function toView(
  r: Selectable<RightsRequestTable>,
  tasks: RightsRequestView["tasks"],
  now: Date,
): RightsRequestView {
  const details = (r.details ?? {}) as Record<string, unknown>;
  const dueOn = day(r.due_on) as string;
  const effective = day(r.extended_until) ?? dueOn;
  const flags = ["under13", "frequencyExceeded", "duplicateOf", "agent", "fellBackToCategories"].filter(
    (f) => details[f] !== undefined && details[f] !== false,
  );
  const v: RightsRequestView = {
    id: r.id,
    kind: r.kind as RequestKind,
    status: r.status as RequestStatus,
    jurisdictions: r.jurisdictions,
    channel: r.channel,
    requesterRole: r.requester_role,
    language: r.language as Language,
    verificationLevel: r.verification_level as VerificationLevel,
    receivedAt: iso(r.received_at) as string,
    dueOn,
    effectiveDueOn: effective,
    requiresApproval: r.requires_approval,
    deadlineState: deadlineState({ dueOn: effective }, now, { respondedAt: r.responded_at ?? undefined }),
    flags,
    tasks,
  };
  const opt: Partial<RightsRequestView> = {
    verifiedAt: iso(r.verified_at),
    acknowledgeBy: day(r.acknowledge_by),
    acknowledgedAt: iso(r.acknowledged_at),
    maxExtendedDueOn: day(r.max_extended_due_on),
    extensionNoticeBy: day(r.extension_notice_by),
    extendedUntil: day(r.extended_until),
    extensionReason: r.extension_reason ?? undefined,
    appealDays: r.appeal_days ?? undefined,
    approvedAt: iso(r.approved_at),
    respondedAt: iso(r.responded_at),
    denialBasis: r.denial_basis ?? undefined,
    parentId: r.parent_id ?? undefined,
    result: (r.result ?? undefined) as RightsRequestView["result"],
  };
  for (const [k, val] of Object.entries(opt))
    if (val !== undefined) (v as unknown as Record<string, unknown>)[k] = val;
  return v;
}

/**
 * One request with its manual tasks and timeline, or undefined.
 *
 * @example
 * const r = await getRequest(db, "req_3f…", new Date());
 * r?.status; // "in_progress"
 */
export async function getRequest(
  db: Kysely<RightsTables>,
  id: string,
  now: Date,
): Promise<(RightsRequestView & { events: RequestEvent[] }) | undefined> {
  const row = await db.selectFrom("rights_requests").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) return undefined;
  const tasks = await listTasks(db, id);
  return { ...toView(row, tasks, now), events: await listEvents(db, id) };
}

/**
 * A request's manual tasks.
 *
 * @example
 * (await listTasks(db, "req_3f…")).filter((t) => !t.completedAt).length; // tasks left
 */
export async function listTasks(db: Kysely<RightsTables>, id: string): Promise<RightsRequestView["tasks"]> {
  const rows = await db
    .selectFrom("rights_tasks")
    .selectAll()
    .where("request_id", "=", id)
    .orderBy("task_id")
    .execute();
  return rows.map((t) => ({
    id: t.task_id,
    system: t.system,
    description: t.description,
    ...(t.completed_at ? { completedAt: new Date(t.completed_at).toISOString() } : {}),
    ...(t.note ? { note: t.note } : {}),
  }));
}
