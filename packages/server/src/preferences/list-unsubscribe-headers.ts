import { createUnsubscribeToken } from "../identity/unsubscribe-token.js";

/** The value RFC 8058 puts in `List-Unsubscribe-Post`. */
export const ONE_CLICK = "List-Unsubscribe=One-Click";

/**
 * The RFC 8058 headers for one marketing mail to one recipient and list: `List-Unsubscribe` with one HTTPS
 * (or, in development, HTTP) URI carrying an opaque token — plus a `mailto:` URI when one is given — and
 * `List-Unsubscribe-Post: List-Unsubscribe=One-Click`. Also returns the URL for the visible unsubscribe
 * link the body must carry. The DKIM signature of the mail must cover both headers.
 *
 * @example
 * const { headers, url } = await listUnsubscribeHeaders({
 *   publicUrl: "https://privacy.aurora.example", secret, email: "ada@example.com", list: "promotions",
 * });
 * await queueMail(ctx, { to: "ada@example.com", subject: "Winter offers", text: `…\nUnsubscribe: ${url}`, kind: "marketing", headers });
 * // headers["List-Unsubscribe"] === "<https://privacy.aurora.example/unsubscribe/eyJ…>"
 */
export async function listUnsubscribeHeaders(options: {
  publicUrl: string;
  secret: string;
  email: string;
  /** `all`, or a marketing topic id of the preference model (e.g. `promotions`). */
  list: string;
  mailto?: string;
  now?: Date;
  /** How long the link works, in days (at least 30). */
  days?: number;
}): Promise<{ headers: { "List-Unsubscribe": string; "List-Unsubscribe-Post": string }; url: string }> {
  const token = await createUnsubscribeToken({ email: options.email, list: options.list }, options.secret, {
    ...(options.now ? { now: options.now } : {}),
    ...(options.days ? { days: options.days } : {}),
  });
  const url = `${options.publicUrl.replace(/\/+$/, "")}/unsubscribe/${token}`;
  const uris = [`<${url}>`];
  if (options.mailto) uris.push(`<mailto:${options.mailto}?subject=unsubscribe>`);
  return { headers: { "List-Unsubscribe": uris.join(", "), "List-Unsubscribe-Post": ONE_CLICK }, url };
}
