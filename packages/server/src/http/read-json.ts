import type { IncomingMessage } from "node:http";
import type { Context } from "hono";
import type { z } from "zod";
import { invalidRequest, loupeError } from "../errors/http-errors.js";

/** The largest request body accepted. */
export const MAX_BODY_BYTES = 256 * 1024;

/**
 * Reads a JSON request body and validates it with a zod schema. Throws `LoupeError`s: UNSUPPORTED_FORMAT
 * for another content type, PAYLOAD_TOO_LARGE past {@link MAX_BODY_BYTES}, INVALID_REQUEST for malformed
 * JSON or a failed validation (with field paths).
 *
 * @example
 * const body = await readJson(c, LinkRequestSchema);
 */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) {
    throw loupeError("UNSUPPORTED_FORMAT", "the request body must be JSON (Content-Type: application/json)");
  }
  const text = await readBody(c, MAX_BODY_BYTES);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw loupeError("INVALID_REQUEST", "the request body is not valid JSON");
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw invalidRequest(parsed.error);
  return parsed.data;
}

/**
 * Validates a route parameter or query value with a zod schema; INVALID_REQUEST names `name`.
 *
 * @example
 * const id = readParam("id", c.req.param("id"), VisitorIdSchema);
 */
export function readParam<S extends z.ZodType>(name: string, value: unknown, schema: S): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalidRequest(parsed.error, name);
  return parsed.data;
}

/**
 * The request body as text, refused past `maxBytes`. Under Node it reads the socket's stream directly (no
 * Fetch `Request` is built, which is much cheaper); elsewhere (e.g. `app.request()` in tests) the Fetch body.
 *
 * @example
 * const text = await readBody(c, 64 * 1024);
 */
export async function readBody(c: Context, maxBytes: number): Promise<string> {
  const tooLarge = () =>
    loupeError("PAYLOAD_TOO_LARGE", `the request body is larger than ${Math.round(maxBytes / 1024)} KiB`);
  const declared = Number(c.req.header("content-length") ?? Number.NaN);
  if (declared > maxBytes) throw tooLarge();
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (
    incoming &&
    typeof incoming.on === "function" &&
    !incoming.readableEnded &&
    incoming.readableLength >= 0
  ) {
    return new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const onData = (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          cleanup();
          incoming.resume(); // drain the rest without keeping it
          reject(tooLarge());
          return;
        }
        chunks.push(chunk);
      };
      const onEnd = () => {
        cleanup();
        resolve(Buffer.concat(chunks, size).toString("utf8"));
      };
      const onError = (err: Error) => {
        cleanup();
        reject(err);
      };
      const cleanup = () => {
        incoming.off("data", onData);
        incoming.off("end", onEnd);
        incoming.off("error", onError);
      };
      incoming.on("data", onData);
      incoming.on("end", onEnd);
      incoming.on("error", onError);
    });
  }
  const text = await c.req.text();
  if (Buffer.byteLength(text) > maxBytes) throw tooLarge();
  return text;
}
