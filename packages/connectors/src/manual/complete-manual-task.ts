import { fail, LoupeError, ok, type Result } from "@loupe/core";
import type { ProviderResult } from "../connector/connector.js";
import type { ProviderCompletion } from "../http/verify-provider-callback.js";
import type { ManualTask } from "./manual-task.js";

/** What a person submits when they have carried out a manual task (e.g. the fields of an admin form). */
export interface ManualConfirmation {
  /** The task's reference, to make sure the right task is confirmed. */
  reference: string;
  /** Who did it: a name or an account, 1–200 characters. */
  confirmedBy: string;
  /** When they did it: an ISO 8601 date-time with a time zone, not in the future. */
  confirmedAt: string;
  /** What they did, 1–2000 characters (for erasure: what the provider had to keep, if anything). */
  note: string;
  /** SHA-256 (64 hex digits) of the export or screenshot kept as evidence; required for access. */
  attachmentSha256?: string;
  /** How many records they changed (erase, correct). */
  changed?: number;
}

/** The evidence kept for a confirmed task (it names a member of staff: kept with the request, never logged). */
export interface ManualEvidence {
  reference: string;
  confirmedBy: string;
  confirmedAt: string;
  note: string;
  attachmentSha256?: string;
  /** When the confirmation was accepted. */
  recordedAt: string;
}

/** A confirmed task: the completion that finishes the pending step, and its evidence. */
export interface ManualTaskCompletion extends ProviderCompletion {
  reference: string;
  outcome: { status: "done"; value: ProviderResult; evidence: string };
  evidence: ManualEvidence;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
/** Clock difference tolerated between the person's device and the server. */
const FUTURE_SKEW_MS = 5 * 60_000;

/**
 * Validates a person's confirmation of a manual task and turns it into the `done` outcome that finishes the
 * pending step, with the evidence (who, when, note, attachment hash) as JSON in `outcome.evidence`. Every problem
 * is reported at once, located by field name (`confirmedBy`, `confirmedAt`, `note`, `attachmentSha256`,
 * `changed`, `reference`). Pure: `now` is passed in; storing the evidence and any attachment is the caller's.
 *
 * @example
 * const done = completeManualTask(task, {
 *   reference: task.reference, confirmedBy: "Priya (support)", confirmedAt: "2026-11-22T09:30:00Z",
 *   note: "Deleted the booking profile and its two appointments.", changed: 3,
 * }, new Date());
 * if (done.ok) await finishPendingStep(done.value.idempotencyKey, done.value.outcome);
 * else done.errors.map((e) => e.location?.path); // e.g. ["confirmedBy"]
 */
export function completeManualTask(
  task: ManualTask,
  confirmation: unknown,
  now: Date,
): Result<ManualTaskCompletion> {
  const errors: LoupeError[] = [];
  const problem = (path: string, message: string) =>
    errors.push(new LoupeError("INVALID_REQUEST", `${path}: ${message}`, { path }));
  if (typeof confirmation !== "object" || confirmation === null || Array.isArray(confirmation)) {
    problem("confirmation", "must be an object with reference, confirmedBy, confirmedAt and note");
    return fail(...errors);
  }
  const c = confirmation as Record<string, unknown>;
  const text = (field: string, max: number): string | undefined => {
    const v = c[field];
    if (typeof v !== "string" || v.trim() === "") problem(field, "is required");
    else if (v.trim().length > max) problem(field, `must be at most ${max} characters`);
    else return v.trim();
    return undefined;
  };

  if (c.reference !== task.reference) problem("reference", "does not match the task being confirmed");
  const confirmedBy = text("confirmedBy", 200);
  const note = text("note", 2000);
  let confirmedAt: string | undefined;
  if (
    typeof c.confirmedAt !== "string" ||
    !DATE_TIME.test(c.confirmedAt) ||
    Number.isNaN(Date.parse(c.confirmedAt))
  )
    problem("confirmedAt", "must be an ISO 8601 date-time with a time zone, e.g. 2026-11-22T09:30:00Z");
  else if (Date.parse(c.confirmedAt) > now.getTime() + FUTURE_SKEW_MS)
    problem("confirmedAt", "is in the future");
  else confirmedAt = new Date(Date.parse(c.confirmedAt)).toISOString();
  let attachment: string | undefined;
  if (c.attachmentSha256 !== undefined && c.attachmentSha256 !== "") {
    if (typeof c.attachmentSha256 !== "string" || !/^[0-9a-fA-F]{64}$/.test(c.attachmentSha256))
      problem("attachmentSha256", "must be a SHA-256 digest: 64 hexadecimal digits");
    else attachment = c.attachmentSha256.toLowerCase();
  } else if (task.kind === "access")
    problem("attachmentSha256", "is required: attach the export for an access task");
  let changed: number | undefined;
  if (c.changed !== undefined) {
    if (typeof c.changed !== "number" || !Number.isSafeInteger(c.changed) || c.changed < 0)
      problem("changed", "must be a whole number of records, 0 or more");
    else changed = c.changed;
  }
  if (errors.length || !confirmedBy || !note || !confirmedAt) return fail(...errors);

  const evidence: ManualEvidence = {
    reference: task.reference,
    confirmedBy,
    confirmedAt,
    note,
    ...(attachment ? { attachmentSha256: attachment } : {}),
    recordedAt: now.toISOString(),
  };
  const value: ProviderResult = task.kind === "access" ? { records: {} } : {};
  if (changed !== undefined) value.changed = changed;
  return ok({
    requestId: task.requestId,
    idempotencyKey: task.idempotencyKey,
    reference: task.reference,
    outcome: { status: "done", value, evidence: JSON.stringify(evidence) },
    evidence,
  });
}
