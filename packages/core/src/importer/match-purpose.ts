import type { ProgrammeKind } from "../taxonomy/data-uses.js";
import { comparable } from "./phrase-text.js";

/** A data use recognised in a purpose, and the kind of programme the purpose serves, if any. */
export interface PurposeMatch {
  use: string;
  programme?: ProgrammeKind;
}

type Rule = [pattern: RegExp, use: string, programme?: ProgrammeKind];

/** Purpose phrases of retail policies and the data uses they name, most specific first. */
const RULES: Rule[] = [
  [/diamond upgrade|upgrade program|trade[- ]in/, "essential.service.upgrades", "upgrade"],
  [/warrant|repairs?\b|cleanings?|resiz/, "essential.service.warranty", "warranty"],
  [/fraud|abuse|security issues|secure our/, "essential.fraud_detection"],
  [/\breturns?\b|exchanges?/, "essential.service.returns"],
  [/(confirm|track)\b.*\border|shipping|deliver/, "essential.service.shipping"],
  [/appointment/, "essential.service.appointments"],
  [
    /reviews? of our products|customers with reviews|post(ing)? (a |your )?reviews?|publish(ing)? reviews?/,
    "essential.service.reviews",
  ],
  [/contests?|sweepstakes|\bpromotions\b|giveaways?/, "marketing.promotions"],
  [/share .*with (your )?friends?|refer(ral| a friend)/, "marketing.referral"],
  [
    /personali[sz]ed (content|advertising|ads)|advertising|\bads\b|retarget/,
    "marketing.advertising.third_party.targeted",
  ],
  [
    /improve (our )?marketing|promotional efforts|marketing campaigns?/,
    "analytics.reporting.campaign_insights",
  ],
  [
    /information and offers|offers relevant|newsletters?|marketing (e-?mails|communications|messages)|special offers/,
    "marketing",
  ],
  [
    /respond to (your )?(comments|inquiries|questions|requests)|customer (service|support)|answer your/,
    "essential.service.operations.support",
  ],
  [/improve (our )?customer experience/, "essential.service.operations.improve"],
  [/understand (our )?customer|demographics|analy[sz]/, "analytics"],
  [
    /optimi[sz]e the performance|performance of (the|our) (site|website|services)/,
    "analytics.reporting.system_performance",
  ],
  [/provide and improve|improve our (services|products|site)|develop new/, "functional.service.improve"],
  [/essential features|run (the|our) (site|website)/, "essential.service"],
  [/wish ?list|viewed recently|\btools?\b|\bfeatures\b/, "functional.service"],
  [
    /complete (an|your) order|facilitate your purchase|services you request|process your (order|payment|purchase)|fulfil+ your order/,
    "essential.service",
  ],
  [/payment/, "essential.service.payment_processing"],
  [/comply with|legal (requirements|obligations)|required by law/, "essential.legal_obligation"],
];

/**
 * The data use a purpose phrase names (and the programme kind it serves), from the phrase table.
 * `collectsEmail` decides how offers are sent: "information and offers relevant to you" is e-mail marketing
 * when the touchpoint collects an e-mail address, marketing in general otherwise.
 *
 * @example
 * matchPurpose("To facilitate our Diamond Upgrade Program", false); // { use: "essential.service.upgrades", programme: "upgrade" }
 * matchPurpose("To provide you with information and offers relevant to you", true); // { use: "marketing.communications.email" }
 */
export function matchPurpose(phrase: string, collectsEmail: boolean): PurposeMatch | undefined {
  const p = comparable(phrase);
  for (const [re, use, programme] of RULES) {
    if (!re.test(p)) continue;
    const resolved = use === "marketing" && collectsEmail ? "marketing.communications.email" : use;
    return programme ? { use: resolved, programme } : { use: resolved };
  }
  return undefined;
}
