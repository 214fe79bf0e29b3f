import type { Rule, RuleHit } from "../../rule.js";
import { isKnownPhrase, knownPhrases, type NameRun, nameRuns, type Token, tokenize } from "./name-runs.js";
import { baseName, type OwnerNames, ownerNames } from "./owner-names.js";
import { readSource, sentencesOf } from "./source-text.js";

/** Verbs of an organisation acting as the policy's owner ("Acme Corp wants…", "Acme Corp collects…"). */
const OWNER_VERBS = new Set(
  (
    "wants uses collects shares sells discloses processes reserves updates respects values strives provides " +
    "offers operates owns maintains retains stores sends receives needs requires makes takes believes agrees " +
    "complies protects works"
  ).split(" "),
);

/** Auxiliaries that must be followed by such an action ("Acme Corp will occasionally update…"). */
const AUXILIARIES = new Set("will may might can could shall should would must does".split(" "));

/**
 * Actions after an auxiliary. A thing can "apply" or "be", only an organisation "updates this policy" or
 * "collects" data: "Standard Contractual Clauses may apply" is not a finding.
 */
const OWNER_ACTIONS = new Set(
  (
    "update revise change modify use collect share sell disclose process send contact provide offer receive " +
    "store keep retain combine obtain ask request notify market transfer delete require need verify respond " +
    "honor honour track monitor record want make"
  ).split(" "),
);

/** Nouns an owner's name qualifies ("Acme marketing", "Acme products"). */
const OWNER_NOUNS = new Set(
  (
    "product products marketing advertisements advertising ads email emails e-mail e-mails newsletter newsletters " +
    "update updates offer offers promotions account accounts website websites site sites app apps store stores " +
    "shop shops showroom showrooms entities customers members team services policies brand brands catalog " +
    "catalogue catalogs catalogues rewards loyalty community family employees affiliates subsidiaries"
  ).split(" "),
);

/** Words that turn the following name into a thing rather than an organisation acting ("our Diamond Upgrade Program"). */
const DETERMINERS = new Set(
  "the this that these those our your their its his her my a an any each every no some such".split(" "),
);

/** A sentence about someone else than the owner: names in it are other businesses, rightly named. */
const OTHER_PARTIES =
  /\bthird[- ]part|\bpartners?\b|\bproviders?\b|\bvendors?\b|\bprocessors?\b|\bsuch as\b|\be\.g\.|\bfor example\b|\bincluding\b|\blike\b/i;

/** The sentence speaks as the policy's owner: it names the policy itself, or says "we", "us", "our". */
const OWNER_VOICE =
  /\bthis\s+(?:privacy\s+)?(?:policy|notice|statement|page|site|website)\b|\b(?:we|us|our|ours)\b/i;

/**
 * `foreign-organization-name`: an organisation's name, used where the policy speaks of its owner, that is
 * neither the owner's name, legal name nor an alias: text copied from another business's policy ("Blue Nile
 * will occasionally update this Privacy Policy" in FDJ GROUP INC's policy).
 *
 * A capitalised run of two or more words (or a name with a legal form such as "Inc.") counts when it is
 * - the subject of a sentence that speaks as the owner ("this Privacy Policy", "we", "our"), followed by
 *   what an organisation does ("wants", "will occasionally update", "does not knowingly collect");
 * - used as the owner's name is, before a noun such as "marketing", "products", "website";
 * - possessive ("Acme Corp’s policies"); or
 * - a name with a legal form anywhere.
 * It does not count when preceded by a determiner ("the European Commission", "our Diamond Upgrade Program"),
 * quoted or marked ® or ™, made only of words the text also uses in lower case ("Privacy Policy"), named in
 * the map (recipients, cookie providers, programmes…), starting with the owner's distinctive word (that is
 * `inconsistent-organization-name`'s job), or in a sentence about partners or providers. A business the shop
 * really works with is declared in the map (a recipient or cookie provider), which also silences the rule.
 *
 * @example
 * foreignOrganizationName.check(subject); // [{ message: "'Blue Nile' is not …", location: { file, line: 10, column: 1 } }]
 */
export const foreignOrganizationName: Rule = {
  id: "foreign-organization-name",
  kind: "text",
  severity: "error",
  description:
    "An organisation's name, used where the policy speaks of its owner, that is not the owner's name or one of its aliases (text copied from another business's policy).",
  check(subject) {
    const doc = subject.document;
    if (!doc) return [];
    const src = readSource(doc);
    const owner = ownerNames(subject.map, src.vocabulary);
    const known = knownPhrases(subject.map);
    const hits: RuleHit[] = [];
    for (const seg of src.segments) {
      if (seg.heading) continue;
      for (const sentence of sentencesOf(seg.text)) {
        const tokens = tokenize(sentence.text);
        for (const run of nameRuns(sentence.text, tokens)) {
          if (!isForeign(run, tokens, sentence.text, owner, known, src.vocabulary)) continue;
          const name = run.text;
          hits.push({
            message: `'${name}' is not the name of this policy's owner ('${owner.name}') nor one of its aliases: replace it with the owner's name, list it under organization.aliases if the owner rightly uses it, or declare it as a recipient if it is a business the shop works with`,
            location: src.locate(seg.offsets[sentence.start + run.start] ?? 0),
          });
        }
      }
    }
    return hits;
  },
};

function isForeign(
  run: NameRun,
  tokens: Token[],
  sentence: string,
  owner: OwnerNames,
  known: readonly string[],
  vocabulary: ReadonlySet<string>,
): boolean {
  if (run.marked) return false;
  const before = tokens.slice(0, run.first);
  const prev = before[before.length - 1];
  if (prev && DETERMINERS.has(prev.core.toLowerCase()) && !prev.trail) return false;
  const last = tokens[run.last];
  const next = tokens[run.last + 1];
  const adjacent = next && last && !last.trail && !last.possessive && !next.lead;
  const nextWord = adjacent ? next.core.toLowerCase() : undefined;
  // At the start of the sentence, or after one opening adverb such as "Additionally,".
  const atStart = before.length === 0 || (before.length === 1 && prev?.trail === ",");
  const otherParties = OTHER_PARTIES.test(sentence);

  const orgShaped = run.words.length >= 2 || run.legalForm;
  if (!orgShaped) return false;
  const subjectOfSentence =
    atStart && actsAsOwner(tokens, run.last + 1) && !otherParties && OWNER_VOICE.test(sentence);
  const qualifying = nextWord !== undefined && OWNER_NOUNS.has(nextWord);
  const possessive = run.possessive;
  const legal = run.legalForm && !otherParties;
  if (!subjectOfSentence && !qualifying && !possessive && !legal) return false;

  // The owner, under any of its names (variants are inconsistent-organization-name's job).
  const base = baseName(run.text);
  if (owner.bases.has(base)) return false;
  if (owner.head && run.words[0]?.toLowerCase() === owner.head.toLowerCase()) return false;
  if ([...owner.bases].some((b) => base.startsWith(`${b} `) || b.startsWith(`${base} `))) return false;
  if (isKnownPhrase(run.text, known)) return false;
  // An ordinary phrase written in title case: every word also appears in lower case in the text.
  const words = run.words.filter((w) => !/^(?:inc|llc|ltd|corp|co)\.?$/i.test(w));
  if (words.every((w) => vocabulary.has(w.toLowerCase()))) return false;
  return true;
}

/** The words from `i` on read like an organisation acting: "wants", "will occasionally update", "does not knowingly collect". */
function actsAsOwner(tokens: Token[], i: number): boolean {
  const prev = tokens[i - 1];
  const first = tokens[i];
  if (!first || !prev || prev.trail || prev.possessive || first.lead) return false;
  const word = first.core.toLowerCase();
  if (OWNER_VERBS.has(word)) return true;
  if (!AUXILIARIES.has(word)) return false;
  for (let k = i + 1; k < Math.min(tokens.length, i + 5); k++) {
    const w = tokens[k]?.core.toLowerCase() ?? "";
    if (OWNER_ACTIONS.has(w)) return true;
    if (!/^(?:not|also|only|never|still)$|ly$/.test(w)) return false;
  }
  return false;
}
