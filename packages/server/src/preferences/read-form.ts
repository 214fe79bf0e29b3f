import type { Context } from "hono";
import { loupeError } from "../errors/http-errors.js";
import { readBody } from "../http/read-json.js";

/** The largest form accepted by the preference pages. */
export const MAX_FORM_BYTES = 32 * 1024;

/**
 * Reads an HTML form body (`application/x-www-form-urlencoded` or `multipart/form-data`, the two encodings
 * RFC 8058 allows) into a map of its text fields (the first value of each name; files are ignored). Throws
 * UNSUPPORTED_FORMAT for another content type, PAYLOAD_TOO_LARGE past {@link MAX_FORM_BYTES},
 * INVALID_REQUEST for a multipart body that cannot be parsed.
 *
 * @example
 * const form = await readForm(c);
 * form.get("List-Unsubscribe"); // "One-Click"
 */
export async function readForm(c: Context): Promise<Map<string, string>> {
  const type = c.req.header("content-type") ?? "";
  const urlencoded = /^application\/x-www-form-urlencoded\b/i.test(type);
  const multipart = /^multipart\/form-data\b/i.test(type);
  if (!urlencoded && !multipart)
    throw loupeError(
      "UNSUPPORTED_FORMAT",
      "the request body must be a form (application/x-www-form-urlencoded)",
    );
  const text = await readBody(c, MAX_FORM_BYTES);
  const fields = new Map<string, string>();
  if (urlencoded) {
    for (const [k, v] of new URLSearchParams(text)) if (!fields.has(k)) fields.set(k, v);
    return fields;
  }
  let data: FormData;
  try {
    data = await new Response(text, { headers: { "content-type": type } }).formData();
  } catch {
    throw loupeError("INVALID_REQUEST", "the multipart form body cannot be read");
  }
  for (const [k, v] of data.entries()) if (typeof v === "string" && !fields.has(k)) fields.set(k, v);
  return fields;
}
