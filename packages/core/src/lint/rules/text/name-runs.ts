import type { DataMap } from "../../../map/data-map-schema.js";
import { FUNCTION_WORDS, LEGAL_FORM } from "./owner-names.js";
import { normalisePhrase } from "./source-text.js";

/** A word of a sentence with the punctuation around it split off. */
export interface Token {
  /** The word without surrounding quotes, brackets or closing punctuation. */
  core: string;
  /** Index of `core` in the sentence. */
  start: number;
  end: number;
  /** Opening quote or bracket before the word. */
  lead: string;
  /** Punctuation after the word (",", ".", ":", closing quote…). */
  trail: string;
  possessive: boolean;
}

/** A run of capitalised words in a sentence, such as "Blue Nile" or "Namdar Diamonds, Inc.". */
export interface NameRun {
  /** The run as written. */
  text: string;
  start: number;
  end: number;
  words: string[];
  /** Index of the run's first token among the sentence's tokens. */
  first: number;
  last: number;
  possessive: boolean;
  legalForm: boolean;
  /** Quoted ("“Site”") or carrying ®/™: a defined term or a product, not an organisation. */
  marked: boolean;
}

/**
 * Splits a sentence into words, separating punctuation and possessives.
 *
 * @example
 * tokenize("Additionally,Acme Corp’s team").map((t) => t.core); // ["Additionally", "Acme", "Corp", "team"]
 */
export function tokenize(sentence: string): Token[] {
  const tokens: Token[] = [];
  for (const m of sentence.matchAll(/[^\s,;]+[,;]?/g)) {
    const raw = m[0];
    const at = m.index ?? 0;
    const lead = /^[“"‘'([]*/.exec(raw)?.[0] ?? "";
    let body = raw.slice(lead.length);
    let trail = /[,;:.!?"”’')\]]*$/.exec(body)?.[0] ?? "";
    body = body.slice(0, body.length - trail.length);
    // Keep the dot of an abbreviation such as "Inc." or "Co." inside the word.
    if (trail.startsWith(".") && LEGAL_FORM.test(`${body}.`)) {
      body += ".";
      trail = trail.slice(1);
    }
    let possessive = false;
    const pm = /[’']s$/.exec(body);
    if (pm && body.length > 2) {
      possessive = true;
      body = body.slice(0, -2);
    } else if (/^[’']/.test(trail) && /s$/.test(body) && trail.length === 1) {
      possessive = true;
    }
    if (!body) continue;
    tokens.push({
      core: body,
      start: at + lead.length,
      end: at + lead.length + body.length,
      lead,
      trail,
      possessive,
    });
  }
  return tokens;
}

const capitalised = (t: Token) => /^\p{Lu}/u.test(t.core) && /\p{L}/u.test(t.core);

/**
 * Finds runs of capitalised words that are not function words. A comma may sit inside a run only before a
 * legal form ("Namdar Diamonds, Inc."); any other punctuation ends it.
 *
 * @example
 * nameRuns("You may not receive Blue Nile marketing").map((r) => r.text); // ["Blue Nile"]
 */
export function nameRuns(sentence: string, tokens: Token[] = tokenize(sentence)): NameRun[] {
  const runs: NameRun[] = [];
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i];
    if (!t || !capitalised(t) || FUNCTION_WORDS.has(t.core.toLowerCase())) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < tokens.length) {
      const cur = tokens[j] as Token;
      const next = tokens[j + 1] as Token;
      if (cur.possessive || next.lead) break;
      if (!capitalised(next) || FUNCTION_WORDS.has(next.core.toLowerCase())) break;
      if (cur.trail && !(cur.trail === "," && LEGAL_FORM.test(next.core))) break;
      j++;
    }
    const words = tokens.slice(i, j + 1);
    const firstTok = words[0] as Token;
    const lastTok = words[words.length - 1] as Token;
    const after = sentence.slice(lastTok.end, lastTok.end + 2);
    runs.push({
      text: sentence.slice(firstTok.start, lastTok.end),
      start: firstTok.start,
      end: lastTok.end,
      words: words.map((w) => w.core),
      first: i,
      last: j,
      possessive: lastTok.possessive,
      legalForm: words.length > 1 && LEGAL_FORM.test(lastTok.core),
      marked: Boolean(firstTok.lead) || words.some((w) => /[®™©]/.test(w.core)) || /^[®™]/.test(after),
    });
    i = j + 1;
  }
  return runs;
}

/**
 * Names the map already declares besides the owner's (touchpoint, recipient, programme, cookie purpose and
 * section titles, cookie providers, transfer safeguards, the notice title), normalised: a phrase found in one
 * of them is the shop's own wording, not a stray name.
 *
 * @example
 * knownPhrases(map).some((p) => p.includes("diamond upgrade program")); // true for the Aurora example
 */
export function knownPhrases(map: DataMap): string[] {
  const phrases = [
    map.notice.title,
    ...map.touchpoints.map((t) => t.title),
    ...map.recipients.map((r) => r.title),
    ...map.programmes.map((p) => p.title),
    ...map.cookies.purposes.map((p) => p.title),
    ...map.cookies.items.flatMap((c) => (c.provider ? [c.provider] : [])),
    ...map.cookies.technologies.map((t) => t.title),
    ...map.sections.map((s) => s.title),
    ...(map.transfers?.safeguards ?? []),
  ];
  return phrases.map(normalisePhrase).filter(Boolean);
}

/**
 * True when `phrase` occurs as whole words inside one of `known`, or starts with one ("Google Analytics" when
 * the map names the cookie provider "Google").
 *
 * @example
 * isKnownPhrase("Diamond Upgrade", ["diamond upgrade program"]); // true
 */
export function isKnownPhrase(phrase: string, known: readonly string[]): boolean {
  const p = normalisePhrase(phrase);
  return Boolean(p) && known.some((k) => ` ${k} `.includes(` ${p} `) || p.startsWith(`${k} `));
}
