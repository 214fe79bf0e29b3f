import { addEvent } from "./request-events.js";
import type { RightsContext } from "./rights-context.js";
import { keyedHash, unseal } from "./rights-crypto.js";

/**
 * Redeems a download token for an access package: the token (hashed at rest) must exist, be unexpired and
 * unused; it is spent in the same transaction that reads the sealed package, which is then decrypted.
 * Undefined for any failure (the caller answers one "link expired or used" page).
 *
 * @example
 * const pkg = await downloadPackage(ctx, token);
 * if (pkg) return new Response(pkg.bytes, { headers: { "Content-Type": "application/zip" } });
 */
export async function downloadPackage(
  ctx: RightsContext,
  token: string,
): Promise<{ requestId: string; name: string; bytes: Buffer } | undefined> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  const now = ctx.now();
  const hash = keyedHash(ctx.keys.hashKey, `download:${token}`);
  const found = await ctx.db.transaction().execute(async (trx) => {
    const spent = await trx
      .updateTable("rights_downloads")
      .set({ used_at: now })
      .where("token_hash", "=", hash)
      .where("used_at", "is", null)
      .where("expires_at", ">", now)
      .returning("request_id")
      .executeTakeFirst();
    if (!spent) return undefined;
    const file = await trx
      .selectFrom("rights_files")
      .select(["name", "sealed"])
      .where("request_id", "=", spent.request_id)
      .where("kind", "=", "access-package")
      .executeTakeFirst();
    if (!file) return undefined;
    await addEvent(
      trx,
      spent.request_id,
      { actor: "requester", type: "package_downloaded", detail: {} },
      now,
    );
    return { requestId: spent.request_id, name: file.name, sealed: file.sealed };
  });
  if (!found) return undefined;
  return {
    requestId: found.requestId,
    name: found.name,
    bytes: unseal(ctx.keys.sealKey, found.sealed, `${found.requestId}:access-package`),
  };
}
