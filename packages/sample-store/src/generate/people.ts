import { SeededRandom, seedFor } from "../random/seeded-random.js";
import { CITIES, FIRST_NAMES, LAST_NAMES } from "./word-lists.js";

/** A data subject of the sample shop: a customer, a guest buyer, a friend someone shared a product with… */
export interface Person {
  first: string;
  last: string;
  email: string;
  phone: string;
  /** Index into {@link CITIES}: where the person lives. */
  city: number;
}

/** Kinds of people, each with its own stream of seeds and its own e-mail domain. */
export type PersonKind = "customer" | "guest" | "sms" | "friend" | "entrant" | "social";

const DOMAINS: Record<PersonKind, string> = {
  customer: "example.com",
  guest: "example.net",
  sms: "example.net",
  friend: "example.org",
  entrant: "example.org",
  social: "example.org",
};

// Phones are NXX-555-XXXX numbers in North American format, unique per person: a bijection of the person number
// onto 800 area codes × 10,000 lines.
const PHONE_SPACE = 8_000_000;
const PHONE_BLOCK: Record<PersonKind, readonly [start: number, size: number]> = {
  customer: [0, 2_000_000],
  guest: [2_000_000, 2_000_000],
  sms: [4_000_000, 2_000_000],
  entrant: [6_000_000, 1_000_000],
  friend: [7_000_000, 500_000],
  social: [7_500_000, 500_000],
};

/** The most customers for which every generated phone number is distinct. */
export const MAX_CUSTOMERS = 2_000_000;

const TRANSLITERATE: Record<string, string> = {
  Ł: "L",
  ł: "l",
  Ø: "O",
  ø: "o",
  ß: "ss",
  Đ: "D",
  đ: "d",
  Æ: "Ae",
  æ: "ae",
  Œ: "Oe",
  œ: "oe",
  Þ: "Th",
  þ: "th",
};

/**
 * Folds a name into the ASCII letters an e-mail local part is made of.
 *
 * @example
 * emailLocal("Renée"); // "renee"
 * emailLocal("O'Brien"); // "obrien"
 */
export function emailLocal(name: string): string {
  return name
    .replace(/[ŁłØøßĐđÆæŒœÞþ]/g, (c) => TRANSLITERATE[c] ?? "")
    .normalize("NFD")
    .replace(/[^A-Za-z]/g, "")
    .toLowerCase();
}

/**
 * The person of a kind and number: always the same for the same seed, whatever else is generated. Other rows can
 * therefore refer to a person (for example a friend who is also a customer) without generating them again.
 *
 * @example
 * person(42, "customer", 0).email; // e.g. "olivia.martin1@example.com"
 */
export function person(seed: number, kind: PersonKind, index: number): Person {
  const rng = new SeededRandom(seedFor(seed, `person:${kind}`, index));
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  const city = rng.int(0, CITIES.length - 1);
  const n = index + 1;
  const f = emailLocal(first);
  const l = emailLocal(last);
  const local =
    kind === "customer" ? `${f}.${l}${n}` : kind === "guest" ? `${f}${l}.${n}` : `${f}.${l}.${kind}${n}`;
  const [start, size] = PHONE_BLOCK[kind];
  const p = start + (index % size);
  const j = (p * 5_023_307 + (seed >>> 0) * 7919) % PHONE_SPACE;
  const phone = `+1${200 + Math.floor(j / 10_000)}555${String(j % 10_000).padStart(4, "0")}`;
  return { first, last, email: `${local}@${DOMAINS[kind]}`, phone, city };
}
