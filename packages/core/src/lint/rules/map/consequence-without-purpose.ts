import type { Programme, Touchpoint } from "../../../map/data-map-schema.js";
import type { Rule, RuleHit } from "../../rule.js";

/** A capitalised name followed by "program"/"programme": "our Diamond Upgrade program". */
const NAMED_PROGRAMME = /\b((?:[A-Z][\w’'-]*\s+){1,5})(?:program|programme)s?\b/gi;

/** Lower case, "programme" spelt "program", punctuation removed. */
function norm(s: string): string {
  return s
    .toLowerCase()
    .replace(/programme/g, "program")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** The words that name a programme in text: its title, and its title without "Program". */
function namesOf(p: Programme): string[] {
  const title = norm(p.title);
  const core = title.replace(/\s*\bprograms?\b\s*/g, " ").trim();
  return [title, core].filter((n) => n.length > 2);
}

/** The programmes a consequence names: its `programme`, a declared programme's title in its text, or "X Program" words. */
function programmesNamed(text: string, programme: string | undefined, programmes: Programme[]) {
  const named: { key: string; label: string; names: string[] }[] = [];
  const t = ` ${norm(text)} `;
  for (const p of programmes) {
    if (p.id === programme || namesOf(p).some((n) => t.includes(` ${n} `))) {
      named.push({ key: p.id, label: p.title, names: namesOf(p) });
    }
  }
  if (!named.length) {
    for (const m of text.matchAll(NAMED_PROGRAMME)) {
      const words = (m[1] ?? "").trim().split(/\s+/);
      // Keep the capitalised tail: "our Diamond Upgrade" -> "Diamond Upgrade".
      while (words.length && !/^\p{Lu}/u.test(words[0] ?? "")) words.shift();
      if (!words.length) continue;
      const core = norm(words.join(" "));
      named.push({
        key: core,
        label: `${words.join(" ")} ${/programme/i.test(m[0]) ? "Programme" : "Program"}`,
        names: [core],
      });
    }
  }
  return named;
}

function purposeMentions(t: Touchpoint, key: string, names: string[]): boolean {
  return t.purposes.some((p) => {
    if (p.programme === key) return true;
    const text = ` ${norm(p.text)} `;
    return names.some((n) => text.includes(` ${n} `));
  });
}

/**
 * `consequence-without-purpose`: a touchpoint's consequence names a programme ("You will not be eligible for
 * our Diamond Upgrade program") that none of its purposes mentions — the notice takes away a benefit it never
 * said the data was collected for. The programme is the consequence's `programme`, a declared programme whose
 * title (with or without "Program") appears in its text, or capitalised words before "program"/"programme".
 * A purpose mentions it by `programme` or by naming it in its text.
 *
 * @example
 * consequenceWithoutPurpose.check(subject); // [{ message: "touchpoint 'purchase' says … 'Diamond Upgrade Program' …", location: { path: "touchpoints[2].consequences[3]" } }]
 */
export const consequenceWithoutPurpose: Rule = {
  id: "consequence-without-purpose",
  kind: "map",
  severity: "error",
  description:
    "A consequence of not providing data names a programme that none of the touchpoint's purposes mentions.",
  check(subject) {
    const { map } = subject;
    const hits: RuleHit[] = [];
    map.touchpoints.forEach((t, ti) => {
      t.consequences.forEach((c, ci) => {
        for (const p of programmesNamed(c.text, c.programme, map.programmes)) {
          if (purposeMentions(t, p.key, p.names)) continue;
          hits.push({
            message: `touchpoint '${t.id}' says “${c.text}” but none of its purposes mentions the ${p.label}: add a purpose for it (e.g. “To facilitate our ${p.label}”), or remove the consequence`,
            location: subject.locate(["touchpoints", ti, "consequences", ci]),
          });
        }
      });
    });
    return hits;
  },
};
