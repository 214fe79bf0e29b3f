import { Hono } from "hono";

/**
 * `/.well-known/gpc.json`: tells user agents that the site honours Global Privacy Control
 * (`{"gpc": true, "lastUpdate": "YYYY-MM-DD"}`, per the GPC specification). Served only when the data map
 * honours GPC; a 404 otherwise, as the specification asks of sites that do not.
 *
 * @example
 * app.route("/", signalRoutes({ honoured: true, lastUpdate: "2026-11-01" }));
 */
export function signalRoutes(gpc: { honoured: boolean; lastUpdate: string }): Hono {
  const app = new Hono();
  app.get("/.well-known/gpc.json", (c) => {
    if (!gpc.honoured) return c.notFound();
    c.header("Cache-Control", "public, max-age=86400");
    c.header("Access-Control-Allow-Origin", "*");
    return c.json({ gpc: true, lastUpdate: gpc.lastUpdate });
  });
  return app;
}
