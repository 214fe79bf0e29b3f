import { lineAt } from "../document/block-line.js";
import type { Block } from "../document/policy-document.js";
import type { OutlineSection } from "../document/read-policy-outline.js";
import { JURISDICTIONS, type JurisdictionId, RIGHTS, type RightId } from "../law/jurisdictions.js";
import type { ImportContext } from "./import-context.js";
import { sentences } from "./phrase-text.js";
import { readPhone } from "./read-contact.js";

const PLACES: [RegExp, JurisdictionId][] = [
  [/\bcalifornia\b/i, "us-ca"],
  [/\bcolorado\b/i, "us-co"],
  [/\bconnecticut\b/i, "us-ct"],
  [/\bvirginia\b/i, "us-va"],
  [/\btexas\b/i, "us-tx"],
  [/european economic area|\beea\b|\bgdpr\b|european union/i, "eea"],
  [/united kingdom|\buk gdpr\b/i, "uk"],
  [/switzerland|\bswiss\b/i, "ch"],
];

/**
 * The jurisdictions a heading or sentence names, in the order they appear.
 *
 * @example
 * jurisdictionsNamed("Data Protection For Individuals Based In The European Economic Area And Switzerland"); // ["eea", "ch"]
 */
export function jurisdictionsNamed(text: string): JurisdictionId[] {
  return PLACES.map(([re, id]) => ({ id, at: text.search(re) }))
    .filter((x) => x.at >= 0)
    .sort((a, b) => a.at - b.at)
    .map((x) => x.id);
}

/** True for a heading of a section about the rights of people in some jurisdiction ("Your California Privacy Rights").
 *
 * @example
 * isJurisdictionRightsHeading("Your California Privacy Rights"); // true
 */
export function isJurisdictionRightsHeading(title: string): boolean {
  return (
    jurisdictionsNamed(title).length > 0 &&
    /rights|privacy|data protection|gdpr|residents|individuals/i.test(title)
  );
}

type Family = "us" | "gdpr";

const US_RIGHTS: [RegExp, RightId][] = [
  [/right to know|request to know/i, "know"],
  [/right to (?:access|obtain a copy)|request access|specific pieces of personal information/i, "access"],
  [/right to (?:request (?:that we )?)?delet|request that we delete|right to deletion/i, "delete"],
  [/right to (?:request (?:that we )?)?correct|request that we correct/i, "correct"],
  [
    /opt[- ]out of (?:these |the |any )?sales?\b|right to opt[- ]out of (?:the )?sale|do not sell/i,
    "opt-out-sale",
  ],
  [/opt[- ]out of (?:the )?sharing|cross-context behaviou?ral advertising.*opt/i, "opt-out-share"],
  [/opt[- ]out of targeted advertising/i, "opt-out-targeted-advertising"],
  [/limit the use (?:and disclosure )?of (?:your )?sensitive/i, "limit-sensitive"],
  [/not to be discriminated|non-?discrimination|discriminate against you/i, "non-discrimination"],
  [/data portability|portable/i, "portability"],
  [/right to appeal|appeal (?:our|the|a) decision/i, "appeal"],
];
const GDPR_RIGHTS: [RegExp, RightId][] = [
  [/request access|right (?:of|to) access|access to (?:the |your )?personal/i, "access"],
  [/rectif|corrected|\bcorrect\b/i, "rectification"],
  [/eras|\bdeleted\b|\bdelete\b/i, "erasure"],
  [/restrict/i, "restrict"],
  [/portab/i, "portability"],
  [/right to object|object,? at any time|right to object/i, "object"],
  [/withdraw (?:your )?consent/i, "withdraw-consent"],
  [/lodge a complaint|complain to|right to complain/i, "complain"],
];

interface RightsState {
  stated: Map<RightId, number>;
  /** Rights listed in the layout's "Your Privacy Rights" list. */
  listed?: RightId[];
  sawKnowText: boolean;
  sawRightsText: boolean;
}

const states = new WeakMap<ImportContext, RightsState>();
function state(ctx: ImportContext): RightsState {
  let s = states.get(ctx);
  if (!s) {
    s = { stated: new Map(), sawKnowText: false, sawRightsText: false };
    states.set(ctx, s);
  }
  return s;
}

/**
 * Adds a jurisdiction once, recording the line that names it.
 *
 * @example
 * addJurisdiction(ctx, "us-ca", 332);
 * ctx.draft.jurisdictions; // ["us-ca"]
 */
export function addJurisdiction(ctx: ImportContext, id: JurisdictionId, line: number): void {
  if (ctx.draft.jurisdictions.includes(id)) return;
  const i = ctx.draft.jurisdictions.length;
  ctx.draft.jurisdictions.push(id);
  ctx.record(["jurisdictions"], line);
  ctx.record(["jurisdictions", i], line);
}

/**
 * Reads a section about one jurisdiction's rights written as prose (the template's "Your California Privacy
 * Rights", "Data Protection For Individuals Based In The European Economic Area And Switzerland"): the
 * jurisdictions, every right it grants, how to exercise them, the look-back period and authorised agents.
 *
 * @example
 * readRightsProse(ctx, californiaSection);
 * ctx.draft.jurisdictions; // ["us-ca"]
 */
export function readRightsProse(ctx: ImportContext, section: OutlineSection): void {
  const places = jurisdictionsNamed(section.title);
  for (const id of places) addJurisdiction(ctx, id, section.line);
  const family: Family = places.some((p) => p === "eea" || p === "uk" || p === "ch") ? "gdpr" : "us";
  const s = state(ctx);
  s.sawRightsText = true;
  let followsList = false;
  section.blocks.forEach((b, i) => {
    if (
      i === 0 &&
      b.kind === "paragraph" &&
      /\b(?:if you are|you are an?|residents?|located in|based in|live in)\b/i.test(b.text) &&
      (jurisdictionsNamed(b.text).length || /following rights/i.test(b.text))
    ) {
      for (const id of jurisdictionsNamed(b.text))
        if (id === "ch" && places.includes("eea")) addJurisdiction(ctx, id, b.line);
      ctx.use(b);
      return;
    }
    if ((b.kind === "bullet" || b.kind === "numbered") && followsList) {
      ctx.use(b);
      return;
    }
    followsList = false;
    const found = readRightsIn(ctx, b, family);
    if (readExercise(ctx, b) || found) {
      ctx.use(b);
      followsList = b.text.trim().endsWith(":");
    }
  });
}

/** The rights a block states, recorded with their lines; true when it states any. */
function readRightsIn(ctx: ImportContext, b: Block, family: Family): boolean {
  const s = state(ctx);
  let any = false;
  const table = family === "gdpr" ? GDPR_RIGHTS : US_RIGHTS;
  for (const sentence of sentences(b.text)) {
    if (family === "gdpr" && !/\bright|request|you may|you can|you have/i.test(sentence.text)) continue;
    for (const [re, id] of table) {
      const m = re.exec(sentence.text);
      if (!m) continue;
      if (!s.stated.has(id)) s.stated.set(id, lineAt(b, sentence.start + m.index));
      any = true;
    }
    if (
      family === "us" &&
      /once a year|once per year|twice a year/i.test(sentence.text) &&
      /direct marketing|third parties/i.test(b.text)
    ) {
      if (!s.stated.has("shine-the-light")) s.stated.set("shine-the-light", lineAt(b, sentence.start));
      any = true;
    }
    const months = /\b(?:past|preceding|previous|last) (\d{1,2}) months\b/i.exec(sentence.text);
    if (months?.[1] && /right to know|collected about you|request to know/i.test(sentence.text)) {
      ctx.draft.rights.lookback_months = Number(months[1]);
      ctx.record(["rights", "lookback_months"], lineAt(b, sentence.start + months.index));
      s.sawKnowText = true;
    }
    if (/right to know|request to know/i.test(sentence.text)) s.sawKnowText = true;
    if (
      /january 1,? 2022|1 january 2022|older than (?:12|twelve) months|beyond (?:the )?(?:past )?(?:12|twelve) months|collected earlier/i.test(
        sentence.text,
      )
    ) {
      ctx.draft.rights.lookback_extended = true;
      ctx.record(["rights", "lookback_extended"], lineAt(b, sentence.start));
    }
  }
  return any;
}

const METHOD_WORDS: [RegExp, "email" | "phone" | "web-form" | "post" | "in-person"][] = [
  [/e-?mail/i, "email"],
  [/\bphone\b|\bcall(?:ing)? us\b|telephone|toll[- ]free/i, "phone"],
  [
    /web ?form|online form|request form|privacy (?:center|centre)|submit (?:a|your) request (?:online|through our (?:site|website))/i,
    "web-form",
  ],
  [/\bby (?:post|mail)\b|postal (?:mail|address)|mail (?:us|your request) to|in writing to/i, "post"],
  [/in person|at (?:any of )?our (?:stores?|showrooms?)/i, "in-person"],
];

/** Reads how a prose paragraph says to exercise rights: methods, verification and authorised agents. */
function readExercise(ctx: ImportContext, b: Block): boolean {
  const text = b.text;
  let any = false;
  const rights = ctx.draft.rights;
  const exercise =
    /to (?:exercise|use) (?:your|these|any of these|those|the(?:se)?)(?: [a-z]+)? rights|to exercise your right|submit a (?:verifiable )?(?:consumer )?request|to make (?:a|such a) request/i.exec(
      text,
    );
  if (exercise) {
    const scope = text.slice(exercise.index);
    const firstSentence = sentences(scope)[0]?.text ?? scope;
    const found: { method: (typeof rights.methods)[number]; at: number }[] = [];
    for (const [re, method] of METHOD_WORDS) {
      const m = re.exec(firstSentence);
      if (!m) continue;
      let chosen: string = method;
      if (method === "phone") {
        const phone = readPhone(firstSentence);
        if (phone?.tollFree) chosen = "toll-free-phone";
      }
      found.push({ method: chosen, at: m.index });
    }
    found.sort((a, b2) => a.at - b2.at);
    for (const f of found) {
      if (rights.methods.includes(f.method)) continue;
      rights.methods.push(f.method);
      ctx.record(["rights", "methods"], lineAt(b, exercise.index + f.at));
      ctx.record(["rights", "methods", rights.methods.length - 1], lineAt(b, exercise.index + f.at));
    }
    any = true;
  }
  const all = sentences(text);
  const verification: string[] = [];
  all.forEach((s, i) => {
    const prev = all[i - 1]?.text ?? "";
    if (/\bverif(?:y|ied|ication)\b/i.test(s.text) && !/agent/i.test(s.text) && !/agent/i.test(prev)) {
      verification.push(s.text);
      const next = all[i + 1];
      if (next && /^to do so\b/i.test(next.text)) verification.push(next.text);
    }
  });
  if (verification.length && rights.verification === undefined) {
    rights.verification = verification.join(" ");
    const at = text.indexOf(verification[0] ?? "");
    ctx.record(["rights", "verification"], lineAt(b, Math.max(0, at)));
    any = true;
  }
  const agent = /authori[sz]ed agent/i.exec(text);
  if (agent) {
    const sentence =
      all.find((s) => s.start <= agent.index && agent.index < s.start + s.text.length + 1)?.text ?? "";
    rights.authorised_agents =
      !/\b(?:may not|cannot|can't|do not|does not|don't) (?:accept|use|designate|permit|allow)/i.test(
        sentence,
      );
    ctx.record(["rights", "authorised_agents"], lineAt(b, agent.index));
    any = true;
  }
  return any;
}

const LAYOUT_JURISDICTION = /^If you are in (.+?), you have these rights under the (.+?):/;
const LAYOUT_METHOD = /^(E-mail|Email|Phone|Toll-free(?: phone)?|Web form|Post|In person)(?::\s*(.+))?$/i;

/**
 * Reads the layout's "Your Privacy Rights" section and its parts ("How To Exercise Your Rights", "Appeals"):
 * a paragraph per jurisdiction, the list of rights (`{title}: {summary}` with links to the privacy centre),
 * the look-back sentence, the request methods, verification, authorised agents and response times.
 *
 * @example
 * readRightsLayout(ctx, rightsSection, "rights");
 * ctx.draft.rights.methods; // e.g. ["email", "toll-free-phone", "web-form"]
 */
export function readRightsLayout(
  ctx: ImportContext,
  section: OutlineSection,
  part: "rights" | "exercise" | "appeals",
): void {
  const s = state(ctx);
  s.sawRightsText = true;
  const rights = ctx.draft.rights;
  if (part === "appeals") {
    ctx.use(...section.blocks);
    s.listed = [...(s.listed ?? []), "appeal"];
    return;
  }
  let methodsList = false;
  for (const b of section.blocks) {
    const text = b.text.trim();
    const j = LAYOUT_JURISDICTION.exec(text);
    if (j?.[1]) {
      const id = jurisdictionByPlace(j[1]);
      if (id) addJurisdiction(ctx, id, b.line);
      ctx.use(b);
      continue;
    }
    if (b.kind === "bullet" && part === "rights") {
      const title = text.split(":")[0]?.trim().toLowerCase();
      const id = (Object.keys(RIGHTS) as RightId[]).find((r) => RIGHTS[r].title.toLowerCase() === title);
      if (id) {
        s.listed = [...(s.listed ?? []), id];
        if (!s.stated.has(id)) s.stated.set(id, b.line);
        readCentreLink(ctx, b, id);
        ctx.use(b);
        continue;
      }
    }
    if (b.kind === "paragraph" && /^A request to know covers the (\d+) months/.test(text)) {
      const m = /^A request to know covers the (\d+) months/.exec(text);
      rights.lookback_months = Number(m?.[1] ?? 12);
      ctx.record(["rights", "lookback_months"], b.line);
      rights.lookback_extended = /back to 1 January 2022|collected earlier/.test(text);
      ctx.record(["rights", "lookback_extended"], b.line);
      s.sawKnowText = true;
      ctx.use(b);
      continue;
    }
    if (
      b.kind === "paragraph" &&
      /^To exercise your rights, send us a request by any of these methods:?$/.test(text)
    ) {
      methodsList = true;
      ctx.record(["rights", "methods"], b.line);
      ctx.use(b);
      continue;
    }
    if (b.kind === "bullet" && methodsList) {
      const m = LAYOUT_METHOD.exec(text);
      if (m?.[1]) {
        readMethodItem(ctx, b, m[1], m[2]);
        ctx.use(b);
        continue;
      }
    }
    methodsList = false;
    if (b.kind !== "paragraph") continue;
    if (/^To exercise your rights, contact us as described/.test(text)) {
      ctx.use(b);
      continue;
    }
    if (/^To (?:opt out of the sale|limit the use of your sensitive)/.test(text)) {
      for (const l of b.links ?? []) readCentreHref(ctx, l.href, b.line);
      for (const url of text.match(/https?:\/\/[^\s)]+/g) ?? []) readCentreHref(ctx, url, b.line);
      ctx.use(b);
      continue;
    }
    if (/^You may use an authori[sz]ed agent/.test(text)) {
      rights.authorised_agents = true;
      ctx.record(["rights", "authorised_agents"], b.line);
      ctx.use(b);
      continue;
    }
    if (/^We respond to your request within/.test(text)) {
      for (const id of jurisdictionsNamed(text)) addJurisdiction(ctx, id, b.line);
      ctx.use(b);
      continue;
    }
    if (
      /^Before we act on a request to know, access, delete or correct your personal information, we verify/.test(
        text,
      )
    ) {
      ctx.use(b);
      continue;
    }
    if (/^You may contact us with any question or request about your personal information\.?$/.test(text)) {
      ctx.use(b);
      continue;
    }
    if (/verif/i.test(text) && rights.verification === undefined) {
      rights.verification = text;
      ctx.record(["rights", "verification"], b.line);
      ctx.use(b);
    }
  }
}

function jurisdictionByPlace(place: string): JurisdictionId | undefined {
  const p = place
    .replace(/^the\s+/i, "")
    .trim()
    .toLowerCase();
  return (Object.keys(JURISDICTIONS) as JurisdictionId[]).find(
    (id) => JURISDICTIONS[id].title.toLowerCase() === p,
  );
}

function readMethodItem(ctx: ImportContext, b: Block, label: string, value: string | undefined): void {
  const rights = ctx.draft.rights;
  const contact = ctx.draft.organization.contact;
  const l = label.toLowerCase();
  const method =
    l === "e-mail" || l === "email"
      ? "email"
      : l.startsWith("toll-free")
        ? "toll-free-phone"
        : l === "phone"
          ? "phone"
          : l === "web form"
            ? "web-form"
            : l === "post"
              ? "post"
              : "in-person";
  if (!rights.methods.includes(method)) {
    rights.methods.push(method);
    ctx.record(["rights", "methods", rights.methods.length - 1], b.line);
  }
  const v = value?.trim();
  if (!v) return;
  const key =
    method === "email"
      ? "email"
      : method === "phone"
        ? "phone"
        : method === "toll-free-phone"
          ? "toll_free_phone"
          : method === "web-form"
            ? "web_form"
            : "address";
  if (contact[key] === undefined) {
    contact[key] = v;
    ctx.record(["organization", "contact", key], b.line);
  }
}

function readCentreLink(ctx: ImportContext, b: Block, right: RightId): void {
  const hrefs = [...(b.links ?? []).map((l) => l.href), ...(b.text.match(/https?:\/\/[^\s)]+/g) ?? [])];
  for (const href of hrefs) if (href.endsWith(`/${right}`)) readCentreHref(ctx, href, b.line);
}

function readCentreHref(ctx: ImportContext, href: string, line: number): void {
  const m = /^(https?:\/\/.+)\/([a-z-]+)$/.exec(href);
  if (!m?.[1] || !m[2] || !(m[2] in RIGHTS)) return;
  if (ctx.draft.organization.privacy_centre_url === undefined) {
    ctx.draft.organization.privacy_centre_url = m[1];
    ctx.record(["organization", "privacy_centre_url"], line);
  }
}

const RIGHT_ORDER = Object.keys(RIGHTS) as RightId[];

/**
 * Settles `rights` after every section was read: `granted` holds the rights the text states, in the order of
 * the rights list (for the layout's list: only when it differs from what the jurisdictions give, as the
 * renderer writes every right in force); `appeal` follows an "Appeals" part; look-back and agents become
 * explicit once the text speaks of rights.
 *
 * @example
 * settleRights(ctx);
 * ctx.draft.rights.granted; // e.g. ["know", "delete", "opt-out-sale", "non-discrimination", "shine-the-light"]
 */
export function settleRights(ctx: ImportContext): void {
  const s = state(ctx);
  const rights = ctx.draft.rights;
  let granted: RightId[];
  if (s.listed) {
    const listed = new Set(s.listed);
    const lawRights = new Set(
      ctx.draft.jurisdictions.flatMap((j) => [
        ...(JURISDICTIONS[j as JurisdictionId]?.rights ?? []),
      ]) as RightId[],
    );
    if (listed.has("appeal")) rights.appeal = true;
    else if (lawRights.has("appeal")) rights.appeal = false;
    listed.delete("appeal");
    lawRights.delete("appeal");
    const same = listed.size === lawRights.size && [...listed].every((r) => lawRights.has(r));
    granted = same ? [] : RIGHT_ORDER.filter((r) => listed.has(r));
  } else {
    granted = RIGHT_ORDER.filter((r) => s.stated.has(r));
    if (s.stated.has("appeal")) rights.appeal = true;
    granted = granted.filter((r) => r !== "appeal");
  }
  rights.granted = granted;
  granted.forEach((r, i) => {
    ctx.record(["rights", "granted", i], s.stated.get(r));
    if (i === 0) ctx.record(["rights", "granted"], s.stated.get(r));
  });
  if (s.sawRightsText) {
    if (rights.authorised_agents === undefined) rights.authorised_agents = false;
    if (s.sawKnowText && rights.lookback_extended === undefined) rights.lookback_extended = false;
  }
  const first = Math.min(...s.stated.values());
  if (Number.isFinite(first)) ctx.record(["rights"], first);
  ctx.record(["rights", "lookback_extended"], ctx.lineOf(["rights", "lookback_months"]));
}
