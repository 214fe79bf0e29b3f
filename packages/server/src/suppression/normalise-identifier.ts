import { fail, LoupeError, ok, type Result } from "@loupe/core";

/** The kinds of identifier a suppression is keyed by. */
export type IdentifierKind = "email" | "phone" | "address";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Common words of postal addresses and their standard abbreviations (USPS Publication 28 style). */
const ADDRESS_WORDS: Record<string, string> = {
  street: "st",
  avenue: "ave",
  road: "rd",
  boulevard: "blvd",
  drive: "dr",
  lane: "ln",
  court: "ct",
  place: "pl",
  square: "sq",
  terrace: "ter",
  highway: "hwy",
  parkway: "pkwy",
  circle: "cir",
  apartment: "apt",
  suite: "ste",
  floor: "fl",
  building: "bldg",
  north: "n",
  south: "s",
  east: "e",
  west: "w",
  northeast: "ne",
  northwest: "nw",
  southeast: "se",
  southwest: "sw",
};

/**
 * Normalises an identifier for hashing: an e-mail is trimmed and lower-cased; a phone number becomes E.164
 * (`+` and 8–15 digits; spaces, dots, dashes and brackets dropped, a leading `00` read as `+`); a postal
 * address is NFKC-folded, lower-cased, stripped of punctuation, its spaces collapsed and common street
 * words abbreviated. Invalid input is a located INVALID_REQUEST error at `path`.
 *
 * @example
 * normaliseIdentifier("email", "  Ada@Example.COM ", "email"); // ok("ada@example.com")
 * normaliseIdentifier("phone", "+1 (415) 555-0100", "phone"); // ok("+14155550100")
 * normaliseIdentifier("address", "12 Main Street, Apt. 4", "address"); // ok("12 main st apt 4")
 */
export function normaliseIdentifier(
  kind: IdentifierKind,
  value: string,
  path: string = kind,
): Result<string> {
  const bad = (message: string) =>
    fail<string>(new LoupeError("INVALID_REQUEST", `${path}: ${message}`, { path }));
  if (kind === "email") {
    const v = value.trim().toLowerCase();
    if (v.length > 254 || !EMAIL.test(v)) return bad("must be an e-mail address");
    return ok(v);
  }
  if (kind === "phone") {
    let v = value.trim().replace(/[\s().\-\u00a0]/g, "");
    if (v.startsWith("00")) v = `+${v.slice(2)}`;
    if (!/^\+[1-9]\d{7,14}$/.test(v))
      return bad("must be a phone number in international format, e.g. +14155550100");
    return ok(v);
  }
  const words = value
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
    .split(" ")
    .filter(Boolean)
    .map((w) => ADDRESS_WORDS[w] ?? w);
  const v = words.join(" ");
  if (v.length < 5 || words.length < 2 || v.length > 500)
    return bad("must be a postal address of at least two words (up to 500 characters)");
  return ok(v);
}
