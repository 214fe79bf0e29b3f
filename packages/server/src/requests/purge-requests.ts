import { addEvent } from "./request-events.js";
import type { RightsContext } from "./rights-context.js";

/** How long an access package is kept after it was made, whether or not it was downloaded. */
export const PACKAGE_TTL_MS = 30 * 24 * 3600 * 1000;
/** How long unverified requests keep the extra data given for verification. */
export const UNVERIFIED_EVIDENCE_TTL_MS = 45 * 24 * 3600 * 1000;

/**
 * Retention of the workflow's own records: request records (and their events, files and tokens) are deleted
 * 24 months after their answer (§7101); access packages after 30 days; the extra verification data of requests
 * never verified after 45 days; spent download tokens at once. Returns what was removed.
 *
 * @example
 * await purgeRequests(ctx); // { requests: 3, packages: 1, evidence: 0, downloads: 2 }
 */
export async function purgeRequests(
  ctx: RightsContext,
): Promise<{ requests: number; packages: number; evidence: number; downloads: number }> {
  const now = ctx.now();
  const requests = await ctx.db
    .deleteFrom("rights_requests")
    .where("purge_after", "<", now)
    .executeTakeFirst();
  const packages = await ctx.db
    .deleteFrom("rights_files")
    .where("kind", "=", "access-package")
    .where("created_at", "<", new Date(now.getTime() - PACKAGE_TTL_MS))
    .returning("request_id")
    .execute();
  for (const p of packages)
    await addEvent(ctx.db, p.request_id, { actor: "system", type: "package_purged", detail: {} }, now);
  const evidence = await ctx.db
    .updateTable("rights_verifications")
    .set({ evidence: null })
    .where("evidence", "is not", null)
    .where("expires_at", "<", new Date(now.getTime() - UNVERIFIED_EVIDENCE_TTL_MS))
    .executeTakeFirst();
  const downloads = await ctx.db
    .deleteFrom("rights_downloads")
    .where((eb) => eb.or([eb("used_at", "is not", null), eb("expires_at", "<", now)]))
    .executeTakeFirst();
  return {
    requests: Number(requests.numDeletedRows),
    packages: packages.length,
    evidence: Number(evidence.numUpdatedRows),
    downloads: Number(downloads.numDeletedRows),
  };
}
