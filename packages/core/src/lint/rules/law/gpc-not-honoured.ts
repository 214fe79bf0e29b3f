import type { Rule } from "../../rule.js";
import { applicableJurisdictions, titles } from "./applicable-jurisdictions.js";

/**
 * `gpc-not-honoured`: personal information is sold or shared — a recipient `sells` or `shares`, or a cookie
 * purpose serves a data use that counts as sale or sharing — while `signals.gpc` is not true, and a
 * jurisdiction that makes Global Privacy Control a valid opt-out applies (California, Colorado, Connecticut,
 * Texas; `honoursGpc` in `law/jurisdictions.ts`). Without such a jurisdiction the rule stays silent.
 *
 * @example
 * gpcNotHonoured.check(subject); // [{ message: "recipient 'ad-partners' sells … set signals.gpc: true …", location: { path: "signals" } }]
 */
export const gpcNotHonoured: Rule = {
  id: "gpc-not-honoured",
  kind: "law",
  severity: "error",
  description:
    "Personal information is sold or shared, but the Global Privacy Control signal is not honoured as an opt-out where the law requires it.",
  check(subject) {
    const { map, taxonomy } = subject;
    if (map.signals.gpc) return [];
    const requiring = applicableJurisdictions(map).filter((j) => j.honoursGpc);
    if (!requiring.length) return [];
    const reasons: string[] = [];
    for (const r of map.recipients) {
      const what = [r.sells && "sold", r.shares && "shared"].filter(Boolean).join(" and ");
      if (what) reasons.push(`personal information is ${what} (recipient '${r.id}')`);
    }
    for (const p of map.cookies.purposes) {
      const uses = p.uses.filter((u) => taxonomy.use(u)?.saleOrShare);
      if (uses.length)
        reasons.push(`cookie purpose '${p.id}' serves ${uses.map((u) => `'${u}'`).join(", ")}`);
    }
    if (!reasons.length) return [];
    return [
      {
        message: `${reasons.join("; ")}, and ${titles(requiring)} require honouring Global Privacy Control as an opt-out of sale and sharing, but signals.gpc is not true: set signals.gpc: true and stop selling and sharing for browsers that send the signal`,
        location: subject.locate(["signals"]),
      },
    ];
  },
};
