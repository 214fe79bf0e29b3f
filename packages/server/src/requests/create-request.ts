import { computeDeadlines, type Deadlines, type RequestKind } from "@loupe/core";
import { sql } from "kysely";
import { loupeError } from "../errors/http-errors.js";
import type { Language } from "./denial-templates.js";
import { addEvent } from "./request-events.js";
import { kindName, MAIL_TEXT } from "./request-mail.js";
import { CLOSED_STATUSES, RESIDENCES, type Residence, verificationLevel } from "./request-model.js";
import { CODE_TTL_MS, type RightsContext, type RightsMail } from "./rights-context.js";
import { keyedHash, normaliseEmail, randomCode, randomToken, seal } from "./rights-crypto.js";
import type { RightsTables } from "./rights-tables.js";

/** A new request as the privacy centre (or staff, for mail and phone) hands it in. */
export interface NewRequest {
  kind: RequestKind;
  /** The consumer's e-mail address (optional only for opt-out and limit). */
  email?: string | undefined;
  residence: Residence;
  language: Language;
  channel: "webform" | "agent_portal" | "email" | "toll_free_phone" | "mail" | "in_person";
  /** Data points to match against the shop's records. */
  dataPoints?:
    | { phone?: string | undefined; orderNumber?: string | undefined; postcode?: string | undefined }
    | undefined;
  /** Name typed as a signature under the declaration under penalty of perjury (specific pieces). */
  declarationName?: string | undefined;
  /** Field → corrected value, for a correction. */
  corrections?: Record<string, string> | undefined;
  /** Free text: what the request is about (categories wanted, processing objected to…). */
  note?: string | undefined;
  /** The request concerns a child under 13 (the requester is a parent or guardian). */
  under13?: boolean | undefined;
  /** A shop login token proving an account holder (and re-authenticating them). */
  loginToken?: string | undefined;
  agent?:
    | { name: string; email: string; permission: { name: string; mediaType: string; bytes: Uint8Array } }
    | undefined;
  /** For an appeal: the request appealed. */
  parentId?: string | undefined;
}

/** What the requester is told after submitting: the same shape whether or not the shop knows them. */
export interface CreatedRequest {
  id: string;
  statusToken: string;
  status: string;
  verification: "code-sent" | "none";
}

const FREQUENCY: Partial<
  Record<RequestKind, { max: number; window: "12-months" | "calendar-year"; group: RequestKind[] }>
> = {
  know_categories: {
    max: 2,
    window: "12-months",
    group: ["know_categories", "know_specific", "access", "portability"],
  },
  know_specific: {
    max: 2,
    window: "12-months",
    group: ["know_categories", "know_specific", "access", "portability"],
  },
  access: {
    max: 2,
    window: "12-months",
    group: ["know_categories", "know_specific", "access", "portability"],
  },
  portability: {
    max: 2,
    window: "12-months",
    group: ["know_categories", "know_specific", "access", "portability"],
  },
  shine_the_light: { max: 1, window: "calendar-year", group: ["shine_the_light"] },
};

/**
 * Computes a request's deadlines for the regimes of the residence; when none of them grants the right, the
 * request is honoured anyway and timed by the most protective of the regimes that do.
 *
 * @example
 * requestDeadlines("limit_spi", ["eea"], new Date()).governedBy.due; // "us-ca"
 */
export function requestDeadlines(
  kind: RequestKind,
  jurisdictions: readonly string[],
  receivedAt: Date,
  holidays: RightsContext["holidays"],
): Deadlines {
  const first = computeDeadlines({ kind, jurisdictions, receivedAt, holidays });
  if (first.ok) return first.value;
  const fallback = computeDeadlines({ kind, jurisdictions: ["us-ca", "eea", "us-va"], receivedAt, holidays });
  if (fallback.ok) return fallback.value;
  throw fallback.errors[0] ?? loupeError("INVALID_REQUEST", `no deadline rule for '${kind}'`);
}

/**
 * Records a new request and starts it: computes its deadlines, verification level, duplicate and frequency
 * flags; opens a deletion when a child under 13 is concerned; stores the data points for matching (sealed)
 * and a hashed, expiring code; e-mails the code (to the consumer — also for an agent's request, as the
 * consumer's direct confirmation) and the acknowledgement. Opt-out and limit requests need no verification
 * and are applied at once. It never reads the shop's data, so the answer and its timing are the same whether
 * or not the person is a customer.
 *
 * @example
 * const r = await createRequest(ctx, { kind: "delete", email: "ada@example.com", residence: "us-ca", language: "en", channel: "webform" });
 * r.verification; // "code-sent"
 */
export async function createRequest(ctx: RightsContext, input: NewRequest): Promise<CreatedRequest> {
  const now = ctx.now();
  const level = verificationLevel(input.kind, RESIDENCES[input.residence]);
  if (!input.email && level !== "none")
    throw loupeError("INVALID_REQUEST", "an e-mail address is needed to verify this request", {
      path: "email",
    });
  const email = input.email ? normaliseEmail(input.email) : "";
  let jurisdictions: string[] = [...RESIDENCES[input.residence]];
  const emailHash = keyedHash(ctx.keys.hashKey, `email:${email}`);
  if (input.kind === "appeal") {
    const parent = input.parentId
      ? await ctx.db
          .selectFrom("rights_requests")
          .select(["email_hash", "status", "appeal_days", "jurisdictions"])
          .where("id", "=", input.parentId)
          .executeTakeFirst()
      : undefined;
    if (
      !parent ||
      parent.email_hash !== emailHash ||
      !["denied", "partially_completed"].includes(parent.status) ||
      parent.appeal_days === null
    )
      throw loupeError(
        "INVALID_REQUEST",
        "no decision with this reference and e-mail address can be appealed",
        { path: "request" },
      );
    jurisdictions = parent.jurisdictions;
  }
  const deadlines = requestDeadlines(input.kind, jurisdictions, now, ctx.holidays);
  const id = `req_${randomToken().slice(0, 22)}`;
  const statusToken = randomToken();
  const code = level === "none" ? undefined : randomCode();
  const details: Record<string, unknown> = {};
  if (input.under13) details.under13 = true;
  if (input.note) details.note = input.note.slice(0, 2000);
  if (input.corrections) details.correctFields = Object.keys(input.corrections);
  if (input.agent) details.agent = { name: input.agent.name };
  const evidence: Record<string, unknown> = {};
  if (input.dataPoints) evidence.dataPoints = input.dataPoints;
  if (input.declarationName)
    evidence.declaration = { name: input.declarationName, signedAt: now.toISOString() };
  if (input.corrections) evidence.corrections = input.corrections;
  if (input.loginToken) evidence.loginToken = input.loginToken;

  const mails: RightsMail[] = [];
  const t = MAIL_TEXT[input.language];
  const statusUrl = `${ctx.publicUrl}/privacy-centre/requests/${id}?token=${statusToken}`;
  const what = kindName(input.kind, input.language);

  await ctx.db.transaction().execute(async (trx) => {
    // Serialise requests of one address so that duplicate and frequency checks see each other.
    await sql`select pg_advisory_xact_lock(hashtext(${emailHash}))`.execute(trx);
    const flags = await priorRequests(trx, emailHash, input.kind, now);
    if (level !== "none" && flags.duplicateOf) details.duplicateOf = flags.duplicateOf;
    if (flags.frequencyExceeded) details.frequencyExceeded = true;
    const subject: Record<string, string> = {};
    if (email) subject.email = email;
    await trx
      .insertInto("rights_requests")
      .values({
        id,
        kind: input.kind,
        status: level === "none" ? "completed" : "awaiting_verification",
        jurisdictions,
        channel: input.channel,
        requester_role: input.agent ? "authorized_agent" : input.under13 ? "parent_guardian" : "self",
        email_hash: emailHash,
        contact_email: input.agent ? normaliseEmail(input.agent.email) : email,
        subject: JSON.stringify(subject),
        details: JSON.stringify(details),
        language: input.language,
        verification_level: level,
        received_at: now,
        acknowledge_by: deadlines.acknowledgeBy ?? null,
        acknowledged_at: null,
        due_on: deadlines.dueOn,
        max_extended_due_on: deadlines.maxExtendedDueOn ?? null,
        extension_notice_by: deadlines.extensionNoticeBy ?? null,
        appeal_days: deadlines.appealDays ?? null,
        requires_approval: ctx.approvalKinds.has(input.kind),
        parent_id: input.parentId ?? null,
        status_token_hash: keyedHash(ctx.keys.hashKey, `status:${statusToken}`),
        ...(level === "none" ? { responded_at: now, verified_at: now, purge_after: purgeAfter(now) } : {}),
      })
      .execute();
    await addEvent(
      trx,
      id,
      {
        actor: input.agent ? "agent" : "requester",
        type: "received",
        detail: {
          channel: input.channel,
          dueOn: deadlines.dueOn,
          governedBy: deadlines.governedBy,
          verificationLevel: level,
          ...(details.duplicateOf ? { duplicateOf: details.duplicateOf } : {}),
          ...(flags.frequencyExceeded ? { frequencyExceeded: true } : {}),
        },
      },
      now,
    );
    if (input.agent) {
      await trx
        .insertInto("rights_files")
        .values({
          request_id: id,
          kind: "agent-permission",
          name: input.agent.permission.name.slice(0, 200),
          media_type: input.agent.permission.mediaType,
          sealed: seal(ctx.keys.sealKey, input.agent.permission.bytes, `${id}:agent-permission`),
          created_at: now,
        })
        .execute();
      await addEvent(trx, id, { actor: "agent", type: "agent_permission_uploaded", detail: {} }, now);
    }
    if (code) {
      await trx
        .insertInto("rights_verifications")
        .values({
          request_id: id,
          code_hash: keyedHash(ctx.keys.hashKey, `code:${id}:${code}`),
          expires_at: new Date(now.getTime() + CODE_TTL_MS),
          attempts: 0,
          evidence: JSON.stringify({
            sealed: seal(ctx.keys.sealKey, Buffer.from(JSON.stringify(evidence)), `${id}:evidence`).toString(
              "base64",
            ),
          }),
        })
        .execute();
      const link = `${ctx.publicUrl}/privacy-centre/verify?request=${id}&code=${code}`;
      mails.push({
        to: email,
        subject: t.codeSubject(ctx.organization.name),
        text: input.agent
          ? t.agent(ctx.organization.name, what, input.agent.name, code, link)
          : t.code(ctx.organization.name, what, code, link),
        kind: input.agent ? "rights.agent-confirmation" : "rights.code",
      });
    }
    if (input.under13 && input.kind !== "delete" && level !== "none") {
      await openChildDeletion(ctx, trx, id, { email, jurisdictions, language: input.language, now });
    }
    const contact = input.agent ? normaliseEmail(input.agent.email) : email;
    if (contact) {
      mails.push({
        to: contact,
        subject: t.ackSubject(ctx.organization.name),
        text: t.ack(what, deadlines.dueOn, t.verifyHow[level] ?? "", statusUrl),
        kind: "rights.acknowledgement",
      });
      await trx.updateTable("rights_requests").set({ acknowledged_at: now }).where("id", "=", id).execute();
      await addEvent(trx, id, { actor: "system", type: "acknowledged", detail: { channel: "email" } }, now);
    }
    if (level === "none") {
      await addEvent(trx, id, { actor: "system", type: "completed", detail: { applied: input.kind } }, now);
    }
  });
  if (
    level === "none" &&
    ctx.applyOptOut &&
    (input.kind === "opt_out_sale_share" || input.kind === "limit_spi")
  )
    await ctx.applyOptOut({ email: email || undefined }, input.kind);
  for (const m of mails) await ctx.sendMail(m);
  return {
    id,
    statusToken,
    status: level === "none" ? "completed" : "awaiting_verification",
    verification: code ? "code-sent" : "none",
  };
}

/** When a request's record may be purged: 24 months after its answer. */
export function purgeAfter(respondedAt: Date): Date {
  const d = new Date(respondedAt);
  d.setUTCMonth(d.getUTCMonth() + 24);
  return d;
}

async function priorRequests(
  trx: import("kysely").Kysely<RightsTables>,
  emailHash: string,
  kind: RequestKind,
  now: Date,
): Promise<{ duplicateOf?: string; frequencyExceeded?: boolean }> {
  const out: { duplicateOf?: string; frequencyExceeded?: boolean } = {};
  const open = await trx
    .selectFrom("rights_requests")
    .select("id")
    .where("email_hash", "=", emailHash)
    .where("kind", "=", kind)
    .where("status", "not in", [...CLOSED_STATUSES, "awaiting_verification"])
    .orderBy("received_at")
    .executeTakeFirst();
  if (open) out.duplicateOf = open.id;
  const rule = FREQUENCY[kind];
  if (rule) {
    const since =
      rule.window === "calendar-year"
        ? new Date(Date.UTC(now.getUTCFullYear(), 0, 1))
        : new Date(Date.UTC(now.getUTCFullYear() - 1, now.getUTCMonth(), now.getUTCDate()));
    const row = await trx
      .selectFrom("rights_requests")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("email_hash", "=", emailHash)
      .where("kind", "in", rule.group)
      .where("received_at", ">=", since)
      .where("verified_at", "is not", null)
      .where("status", "!=", "denied")
      .executeTakeFirst();
    if (Number(row?.n ?? 0) >= rule.max) out.frequencyExceeded = true;
  }
  return out;
}

async function openChildDeletion(
  ctx: RightsContext,
  trx: import("kysely").Kysely<RightsTables>,
  parentId: string,
  p: { email: string; jurisdictions: string[]; language: Language; now: Date },
): Promise<void> {
  const deadlines = requestDeadlines("delete", p.jurisdictions, p.now, ctx.holidays);
  const id = `req_${randomToken().slice(0, 22)}`;
  await trx
    .insertInto("rights_requests")
    .values({
      id,
      kind: "delete",
      status: "awaiting_verification",
      jurisdictions: p.jurisdictions,
      channel: "webform",
      requester_role: "parent_guardian",
      email_hash: keyedHash(ctx.keys.hashKey, `email:${p.email}`),
      contact_email: p.email,
      subject: JSON.stringify({ email: p.email }),
      details: JSON.stringify({ under13: true, openedBy: parentId }),
      language: p.language,
      verification_level: verificationLevel("delete", p.jurisdictions),
      received_at: p.now,
      acknowledge_by: deadlines.acknowledgeBy ?? null,
      acknowledged_at: p.now,
      due_on: deadlines.dueOn,
      max_extended_due_on: deadlines.maxExtendedDueOn ?? null,
      extension_notice_by: deadlines.extensionNoticeBy ?? null,
      appeal_days: deadlines.appealDays ?? null,
      requires_approval: ctx.approvalKinds.has("delete"),
      parent_id: parentId,
      status_token_hash: keyedHash(ctx.keys.hashKey, `status:${randomToken()}`),
    })
    .execute();
  await addEvent(
    trx,
    id,
    { actor: "system", type: "received", detail: { openedBy: parentId, reason: "under 13" } },
    p.now,
  );
  await addEvent(
    trx,
    parentId,
    { actor: "system", type: "child_deletion_opened", detail: { requestId: id } },
    p.now,
  );
}
