import type { RenderedNotice } from "@loupe/core";
import type { LoupeDb } from "../store/database.js";

export interface NoticeVersionSummary {
  version: string;
  lastUpdated: string;
  publishedAt: string;
}

/**
 * Stores a rendered notice under its version when that version is new. Returns true when it was stored.
 *
 * @example
 * await publishNotice(db, notice, "2026-11-01"); // true the first time, false after
 */
export async function publishNotice(db: LoupeDb, notice: RenderedNotice, today: string): Promise<boolean> {
  const inserted = await db
    .insertInto("notice_versions")
    .values({
      version: notice.version,
      format: notice.format,
      last_updated: notice.lastUpdated ?? today,
      content: notice.content,
    })
    .onConflict((oc) => oc.column("version").doNothing())
    .returning("version")
    .executeTakeFirst();
  return inserted !== undefined;
}

/**
 * Every published notice version, newest first.
 *
 * @example
 * (await listNoticeVersions(db))[0]?.version; // the notice in force
 */
export async function listNoticeVersions(db: LoupeDb): Promise<NoticeVersionSummary[]> {
  const rows = await db
    .selectFrom("notice_versions")
    .select(["version", "last_updated", "published_at"])
    .orderBy("seq", "desc")
    .execute();
  return rows.map((r) => ({
    version: r.version,
    lastUpdated: r.last_updated,
    publishedAt: new Date(r.published_at).toISOString(),
  }));
}

/**
 * One stored notice version with its content, or undefined.
 *
 * @example
 * const v = await getNoticeVersion(db, "sha256:3f2a9c0d1b7e");
 */
export async function getNoticeVersion(
  db: LoupeDb,
  version: string,
): Promise<(NoticeVersionSummary & { content: string; format: string }) | undefined> {
  const r = await db
    .selectFrom("notice_versions")
    .select(["version", "last_updated", "published_at", "content", "format"])
    .where("version", "=", version)
    .executeTakeFirst();
  return r
    ? {
        version: r.version,
        lastUpdated: r.last_updated,
        publishedAt: new Date(r.published_at).toISOString(),
        content: r.content,
        format: r.format,
      }
    : undefined;
}
