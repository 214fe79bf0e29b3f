import { fail, ok, type RequestKind, type Result } from "@loupe/core";
import { sql } from "kysely";
import { loupeError } from "../errors/http-errors.js";
import { denyRequest } from "../requests/deny-request.js";
import { addEvent } from "../requests/request-events.js";
import {
  DATA_POINTS_NEEDED,
  needsReauthentication,
  type VerificationLevel,
} from "../requests/request-model.js";
import { CODE_MAX_ATTEMPTS, type RightsContext } from "../requests/rights-context.js";
import { keyedHash, sameHash, unseal } from "../requests/rights-crypto.js";
import { type GivenDataPoints, matchDataPoints } from "./match-data-points.js";

/** What the requester is told after entering a code. */
export type VerifyOutcome = "verified" | "fell-back-to-categories" | "denied" | "awaiting-approval";

const WRONG = "the code is wrong or has expired; check the latest e-mail or submit the request again";

/**
 * Checks an e-mailed code (hashed at rest, valid 30 minutes, at most five tries) and, when it matches,
 * finishes verification: the proven address counts as one data point, the data points given on the form
 * are matched with the shop's records (or a valid store login token stands for them), the declaration is
 * checked where specific pieces are asked; the extra data is then purged. A request that reaches its level
 * is queued for execution (or for approval); a request for specific pieces that does not falls back to a
 * categories answer (§7024(a)); any other is denied as unverifiable. Every failure of the code itself gives
 * the same message.
 *
 * @example
 * const r = await verifyCode(ctx, "req_3f…", "04821377");
 * if (r.ok) r.value; // "verified"
 */
export async function verifyCode(
  ctx: RightsContext,
  requestId: string,
  code: string,
): Promise<Result<VerifyOutcome>> {
  const now = ctx.now();
  const claimed = await ctx.db.transaction().execute(async (trx) => {
    const v = await trx
      .selectFrom("rights_verifications")
      .selectAll()
      .where("request_id", "=", requestId)
      .forUpdate()
      .executeTakeFirst();
    if (!v || v.consumed_at || v.attempts >= CODE_MAX_ATTEMPTS) return undefined;
    const right =
      new Date(v.expires_at).getTime() > now.getTime() &&
      sameHash(v.code_hash, keyedHash(ctx.keys.hashKey, `code:${requestId}:${code}`));
    await trx
      .updateTable("rights_verifications")
      .set({ attempts: v.attempts + 1, ...(right ? { consumed_at: now } : {}) })
      .where("request_id", "=", requestId)
      .execute();
    if (!right) {
      if (v.attempts + 1 >= CODE_MAX_ATTEMPTS)
        await addEvent(
          trx,
          requestId,
          { actor: "system", type: "verification_locked", detail: { attempts: v.attempts + 1 } },
          now,
        );
      return undefined;
    }
    const sealed = (v.evidence as { sealed?: string } | null)?.sealed;
    const evidence = sealed
      ? (JSON.parse(
          unseal(ctx.keys.sealKey, Buffer.from(sealed, "base64"), `${requestId}:evidence`).toString("utf8"),
        ) as Evidence)
      : {};
    return evidence;
  });
  if (!claimed) return fail(loupeError("FORBIDDEN", WRONG));
  return ok(await completeVerification(ctx, requestId, claimed));
}

interface Evidence {
  dataPoints?: GivenDataPoints;
  declaration?: { name: string; signedAt: string };
  corrections?: Record<string, string>;
  loginToken?: string;
}

async function completeVerification(
  ctx: RightsContext,
  requestId: string,
  evidence: Evidence,
): Promise<VerifyOutcome> {
  const now = ctx.now();
  const req = await ctx.db
    .selectFrom("rights_requests")
    .selectAll()
    .where("id", "=", requestId)
    .executeTakeFirstOrThrow();
  if (req.status !== "awaiting_verification") return "verified";
  const subject = req.subject as { email?: string };
  const email = subject.email ?? "";
  const level = req.verification_level as VerificationLevel;
  const kind = req.kind as RequestKind;
  const details = { ...(req.details as Record<string, unknown>) };

  // An account holder: a valid store login token for this address stands for the data points, and being fresh
  // it is the re-authentication required before deleting, correcting or disclosing (§7061).
  let account: { customerId: string } | undefined;
  if (evidence.loginToken && ctx.verifyLogin) {
    const who = await ctx.verifyLogin(evidence.loginToken);
    if (who && who.email === email) account = { customerId: who.customerId };
  }
  const record = account || DATA_POINTS_NEEDED[level] <= 1 ? undefined : await ctx.lookup?.(email);
  const matched = matchDataPoints(evidence.dataPoints ?? {}, record, Object.keys(evidence.corrections ?? {}));
  const points = 1 + matched.length;
  const declared = Boolean(evidence.declaration?.name?.trim());
  const reached =
    account !== undefined ||
    (points >= DATA_POINTS_NEEDED[level] && (level !== "reasonably_high" || declared));
  const newSubject: Record<string, string> = { email };
  const customerId = account?.customerId ?? record?.customerId;
  if (customerId && (reached || kind === "know_specific")) newSubject.customerId = customerId;
  details.verification = {
    method: account ? "store-login" : "email-code",
    dataPointsMatched: matched,
    declaration: declared,
    ...(account && needsReauthentication(kind) ? { reauthenticated: true } : {}),
  };
  if (declared) details.declarationSignedAt = evidence.declaration?.signedAt;
  if (evidence.corrections) details.corrections = evidence.corrections;

  let outcome: VerifyOutcome = "verified";
  let nextKind = kind;
  if (!reached) {
    if (kind === "know_specific" || kind === "access" || kind === "portability") {
      outcome = "fell-back-to-categories";
      nextKind = "know_categories";
      details.fellBackToCategories = true;
    } else {
      outcome = "denied";
    }
  }
  // The extra data given for verification is no longer needed (§7060(d)): only which points matched is kept.
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable("rights_verifications")
      .set({ evidence: null })
      .where("request_id", "=", requestId)
      .execute();
    await trx
      .updateTable("rights_requests")
      .set({
        kind: nextKind,
        subject: JSON.stringify(newSubject),
        details: JSON.stringify(details),
        ...(outcome === "denied" ? {} : { verified_at: now, status: "verified" }),
      })
      .where("id", "=", requestId)
      .execute();
    await addEvent(
      trx,
      requestId,
      {
        actor: "requester",
        type: outcome === "denied" ? "verification_failed" : "verified",
        detail: {
          method: account ? "store-login" : "email-code",
          dataPointsMatched: matched.length + 1,
          needed: DATA_POINTS_NEEDED[level],
          declaration: declared,
        },
      },
      now,
    );
    if (nextKind !== kind)
      await addEvent(trx, requestId, { actor: "system", type: "fell_back_to_categories", detail: {} }, now);
    await addEvent(trx, requestId, { actor: "system", type: "verification_data_purged", detail: {} }, now);
  });
  if (outcome === "denied") {
    await denyRequest(ctx, requestId, { basis: "unverifiable", actor: "system" });
    return "denied";
  }
  // Children's deletions opened by this request share its verification.
  const children = await ctx.db
    .selectFrom("rights_requests")
    .select("id")
    .where("parent_id", "=", requestId)
    .where("status", "=", "awaiting_verification")
    .where(sql<boolean>`details->>'openedBy' = ${requestId}`)
    .execute();
  for (const c of children) {
    await ctx.db
      .updateTable("rights_requests")
      .set({ status: "verified", verified_at: now, subject: JSON.stringify(newSubject) })
      .where("id", "=", c.id)
      .execute();
    await addEvent(ctx.db, c.id, { actor: "system", type: "verified", detail: { through: requestId } }, now);
    await proceed(ctx, c.id);
  }
  const result = await proceed(ctx, requestId);
  return result === "awaiting-approval" ? "awaiting-approval" : outcome;
}

/**
 * Moves a verified request on: denies it when it exceeds a frequency limit or duplicates an open request,
 * waits for approval when its kind needs one, and otherwise queues its execution.
 *
 * @example
 * await proceed(ctx, "req_3f…"); // "queued"
 */
export async function proceed(
  ctx: RightsContext,
  requestId: string,
): Promise<"queued" | "awaiting-approval" | "denied"> {
  const now = ctx.now();
  const req = await ctx.db
    .selectFrom("rights_requests")
    .selectAll()
    .where("id", "=", requestId)
    .executeTakeFirstOrThrow();
  const details = req.details as Record<string, unknown>;
  if (details.frequencyExceeded) {
    await denyRequest(ctx, requestId, { basis: "frequency_limit", actor: "system" });
    return "denied";
  }
  const duplicate = await ctx.db
    .selectFrom("rights_requests")
    .select("id")
    .where("email_hash", "=", req.email_hash)
    .where("kind", "=", req.kind)
    .where("id", "!=", requestId)
    .where("status", "in", ["verified", "awaiting_approval", "in_progress", "extended"])
    .where("received_at", "<=", req.received_at)
    .executeTakeFirst();
  if (duplicate && !details.openedBy) {
    await ctx.db
      .updateTable("rights_requests")
      .set({ details: JSON.stringify({ ...details, duplicateOf: duplicate.id }) })
      .where("id", "=", requestId)
      .execute();
    await denyRequest(ctx, requestId, { basis: "duplicate", actor: "system" });
    return "denied";
  }
  if (req.kind === "appeal" && req.parent_id) {
    // An appeal is decided by a person: the appealed request is marked, the appeal waits for the decision.
    await ctx.db
      .updateTable("rights_requests")
      .set({ status: "appealed", details: sql`details || jsonb_build_object('statusBeforeAppeal', status)` })
      .where("id", "=", req.parent_id)
      .where("status", "in", ["denied", "partially_completed"])
      .execute();
    await addEvent(
      ctx.db,
      req.parent_id,
      { actor: "requester", type: "appealed", detail: { appeal: requestId } },
      now,
    );
  }
  if ((req.requires_approval || req.kind === "appeal") && !req.approved_at) {
    await ctx.db
      .updateTable("rights_requests")
      .set({ status: "awaiting_approval" })
      .where("id", "=", requestId)
      .execute();
    await addEvent(ctx.db, requestId, { actor: "system", type: "awaiting_approval", detail: {} }, now);
    return "awaiting-approval";
  }
  await ctx.db
    .updateTable("rights_requests")
    .set({ status: "in_progress" })
    .where("id", "=", requestId)
    .where("status", "in", ["verified", "awaiting_approval"])
    .execute();
  await addEvent(ctx.db, requestId, { actor: "system", type: "queued", detail: {} }, now);
  await ctx.schedule(requestId);
  return "queued";
}
