import { Hono } from "hono";
import { loupeError } from "../errors/http-errors.js";
import type { Store } from "../store/open-store.js";

/**
 * `/healthz`: 200 `{status: "ok", store}` when the store answers, 503 UNAVAILABLE otherwise.
 *
 * @example
 * app.route("/", healthRoutes(store));
 */
export function healthRoutes(store: Pick<Store, "check" | "kind">): Hono {
  const app = new Hono();
  app.get("/healthz", async (c) => {
    c.header("Cache-Control", "no-store");
    try {
      await store.check();
    } catch {
      throw loupeError("UNAVAILABLE", "the store does not answer");
    }
    return c.json({ status: "ok", store: store.kind });
  });
  return app;
}
