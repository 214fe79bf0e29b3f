/** @jsxImportSource hono/jsx */
import { Hono } from "hono";
import { z } from "zod";
import { loupeError } from "../errors/http-errors.js";
import { readParam } from "../http/read-json.js";
import type { LoupeDb } from "../store/database.js";
import { getNoticeVersion, listNoticeVersions, type NoticeVersionSummary } from "./notice-versions.js";

const VersionSchema = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{1,128}$/, "must be a notice version such as sha256:3f2a9c0d1b7e");

/**
 * The privacy notice in force at `/privacy`, and every version ever published at `/privacy/versions`
 * (HTML, or JSON when the client asks for `application/json`) and `/privacy/versions/:version`.
 *
 * @example
 * app.route("/", noticeRoutes(db, { version: notice.version, content: notice.content, organization: "Aurora Fine Jewelry" }));
 */
export function noticeRoutes(
  db: LoupeDb,
  current: { version: string; content: string; lastUpdated: string; organization: string },
): Hono {
  const app = new Hono();

  app.get("/privacy", (c) => {
    c.header("ETag", `"${current.version}"`);
    c.header("Cache-Control", "public, max-age=300");
    if (c.req.header("if-none-match") === `"${current.version}"`) return c.body(null, 304);
    return c.html(current.content);
  });

  app.get("/privacy/versions", async (c) => {
    const versions = (await listNoticeVersions(db)).map((v) => ({
      ...v,
      url: `/privacy/versions/${encodeURIComponent(v.version)}`,
    }));
    if (prefersJson(c.req.header("accept"))) return c.json({ current: current.version, versions });
    return c.html(versionsPage(current.organization, current.version, versions));
  });

  app.get("/privacy/versions/:version", async (c) => {
    const version = readParam("version", c.req.param("version"), VersionSchema);
    const stored = await getNoticeVersion(db, version);
    if (!stored) throw loupeError("NOT_FOUND", `no notice version '${version}' was published`);
    c.header("Cache-Control", "public, max-age=86400, immutable");
    return c.html(stored.content);
  });

  return app;
}

function prefersJson(accept: string | undefined): boolean {
  if (!accept) return false;
  const json = accept.indexOf("application/json");
  const html = accept.indexOf("text/html");
  return json >= 0 && (html < 0 || json < html);
}

function versionsPage(
  organization: string,
  current: string,
  versions: (NoticeVersionSummary & { url: string })[],
) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Privacy notice versions — {organization}</title>
      </head>
      <body>
        <h1>Privacy notice versions</h1>
        <p>
          Every version of the privacy notice of {organization} that has been published, newest first. The
          notice in force is at <a href="/privacy">/privacy</a>.
        </p>
        <ul>
          {versions.map((v) => (
            <li>
              <a href={v.url}>{v.version}</a> — last updated{" "}
              <time datetime={v.lastUpdated}>{v.lastUpdated}</time>, published{" "}
              <time datetime={v.publishedAt}>{v.publishedAt.slice(0, 10)}</time>
              {v.version === current ? " (in force)" : ""}
            </li>
          ))}
        </ul>
      </body>
    </html>
  );
}
