/**
 * The visitor's stored choice: one first-party cookie, `loupe_consent`, in a terse format that the head
 * snippet reads before any tag runs:
 *
 *     1.<visitorId>.<time base36>.<gpc 0|1>.<other purposes granted>.<sale/share purposes granted>.<config hash>
 *
 * Purpose lists are `~`-separated, e.g. `1.5f0c…e2.m3k2x1.0.essential~analytics.advertising.9b1f0c`. Purpose
 * ids are `[a-z0-9-]` (the data map's id rule), so neither separator occurs in them; the hash is kept
 * URI-encoded and comes last, so the snippet compares it without decoding anything.
 */

/** Name of the consent cookie. */
export const COOKIE_NAME = "loupe_consent";

/** A choice as stored in the cookie. Property names end in `_` so that the build mangles them. */
export interface Choice {
  /** Pseudonymous visitor id, the same on every receipt of this browser. */
  id_: string;
  /** When the choice was made, in milliseconds since the epoch. */
  t_: number;
  /** Made while Global Privacy Control was on: its sale/share grants are explicit opt-ins. */
  p_: boolean;
  /** Purposes granted, required ones included. */
  g_: string[];
  /** The granted purposes that sell or share personal information. */
  s_: string[];
  /** Hash of the notice configuration the choice was made against, URI-encoded (`encodeURIComponent`). */
  h_: string;
}

/**
 * Encodes a choice as the cookie value.
 *
 * @example
 * encodeChoice({ id_: "v1", t_: 0, p_: false, g_: ["essential", "advertising"], s_: ["advertising"], h_: "ab" });
 * // "1.v1.0.0.essential.advertising.ab"
 */
export function encodeChoice(c: Choice): string {
  const list = (sale: boolean) => c.g_.filter((id) => c.s_.includes(id) === sale).join("~");
  return ["1", c.id_, c.t_.toString(36), c.p_ ? 1 : 0, list(false), list(true), c.h_].join(".");
}

/** Positions of the fields in the cookie value (constants, so that the build inlines them). */
export const F_VERSION = 0;
export const F_ID = 1;
export const F_TIME = 2;
export const F_GPC = 3;
export const F_GRANTED = 4;
export const F_SALE = 5;
export const F_HASH = 6;

/**
 * The fields of the stored cookie, split on `.` (`[""]` when there is none); the hash is `fields.slice(F_HASH).join(".")`.
 *
 * @example
 * readFields("a=1; loupe_consent=1.v1.0.0.essential.advertising.ab"); // ["1", "v1", "0", "0", "essential", "advertising", "ab"]
 */
export function readFields(cookies: string): string[] {
  return ((`; ${cookies}`.split(`; ${COOKIE_NAME}=`)[1] || "").split(";")[0] as string).split(".");
}

/**
 * The purposes of a `~`-separated list field.
 *
 * @example
 * purposeList("essential~analytics"); // ["essential", "analytics"]
 * purposeList(""); // []
 */
export const purposeList = (field: string | undefined): string[] => (field ? field.split("~") : []);

/**
 * Reads the choice from a `document.cookie` string; `undefined` when there is none of this format version.
 *
 * @example
 * readChoice("a=1; loupe_consent=1.v1.0.1.essential.advertising.ab");
 * // { id_: "v1", t_: 0, p_: true, g_: ["essential", "advertising"], s_: ["advertising"], h_: "ab" }
 */
export function readChoice(cookies: string): Choice | undefined {
  const f = readFields(cookies);
  const id = f[F_ID];
  const t = f[F_TIME];
  const hash = f.slice(F_HASH).join(".");
  if (f[F_VERSION] !== "1" || !id || !t || !hash) return;
  const sale = purposeList(f[F_SALE]);
  return {
    id_: id,
    t_: Number.parseInt(t, 36),
    p_: f[F_GPC] === "1",
    g_: purposeList(f[F_GRANTED]).concat(sale),
    s_: sale,
    h_: hash,
  };
}

/**
 * The string to assign to `document.cookie` to store a choice for `days` days, first-party, `SameSite=Lax`,
 * `Secure` on HTTPS, optionally for a parent domain shared by the shop's sub-domains.
 *
 * @example
 * document.cookie = choiceCookie(choice, 180, "", location.protocol === "https:");
 */
export function choiceCookie(c: Choice, days: number, domain: string | undefined, secure: boolean): string {
  return `${COOKIE_NAME}=${encodeChoice(c)};path=/;max-age=${Math.round(days * 86400)};SameSite=Lax${
    domain ? `;domain=${domain}` : ""
  }${secure ? ";Secure" : ""}`;
}
