import type { DataMap, Taxonomy } from "@loupe/core";
import type { ConsentModel } from "../consent/consent-model.js";

/** Marketing channels a person can turn off one by one (the suppression list's channels). */
export const CHANNELS = ["email", "sms", "phone", "post"] as const;
export type ChannelId = (typeof CHANNELS)[number];

/** One choice of the preference centre, with what the data map says happens when it is declined. */
export interface PreferenceChoice {
  /** Stable key: `channel:email`, `topic:promotions`, `sale-share`, `sensitive-use`, `profiling`. */
  key: string;
  title: string;
  description: string;
  /** The map's consequences of declining, in the map's words. */
  consequences: string[];
}

/** A cookie purpose as the preference centre shows it. */
export interface CookieChoice {
  id: string;
  title: string;
  description: string;
  required: boolean;
  consequences: string[];
}

/** What the preference centre offers, derived once from the data map. */
export interface PreferenceModel {
  organization: string;
  channels: PreferenceChoice[];
  /** Marketing topics: derived from the map's marketing purposes (the map has no topic list of its own). */
  topics: PreferenceChoice[];
  saleShare: PreferenceChoice;
  sensitive: PreferenceChoice;
  profiling: PreferenceChoice;
  cookies: CookieChoice[];
  /** Cookie purposes that serve marketing: refused with an objection to direct marketing. */
  marketingCookiePurposes: string[];
  /** Every choice key, for validating what a form sends. */
  keys: ReadonlySet<string>;
}

const CHANNEL_TEXT: Record<ChannelId, { title: string; what: string; use: string }> = {
  email: { title: "E-mail", what: "marketing e-mails", use: "marketing.communications.email" },
  sms: { title: "Text messages (SMS)", what: "marketing text messages", use: "marketing.communications.sms" },
  phone: { title: "Phone calls", what: "marketing calls", use: "marketing.communications.phone" },
  post: { title: "Post", what: "marketing by post", use: "marketing.communications.post" },
};

const under = (key: string, ancestor: string) => key === ancestor || key.startsWith(`${ancestor}.`);
const unique = (items: string[]) => [...new Set(items)];

/**
 * Derives the preference centre from the data map and the consent model:
 * - channels e-mail, SMS, phone and post, each with the consequences of the touchpoints whose purposes use
 *   that channel (`marketing.communications.<channel>`), else of those using marketing communications;
 * - topics: one per data use under `marketing` that is neither advertising nor a channel (the map has no
 *   topic list; every `marketing.communications.*` use makes the one topic `communications`, and the bare
 *   `marketing` is too general to be a topic), titled
 *   with the taxonomy label and described by the purposes' own texts;
 * - Do Not Sell or Share (the recipients that buy or share, the cookie purposes it turns off), Limit Use of
 *   Sensitive PI (the sensitive categories the map collects), marketing profiling;
 * - the cookie purposes with the consequences of the touchpoints that serve their uses.
 *
 * @example
 * const prefs = buildPreferenceModel(loaded.map, loaded.taxonomy, consentModel);
 * prefs.topics.map((t) => t.key); // ["topic:communications", "topic:referral", "topic:promotions"]
 */
export function buildPreferenceModel(
  map: DataMap,
  taxonomy: Taxonomy,
  consent: ConsentModel,
): PreferenceModel {
  const org = map.organization.name;
  const consequencesOf = (test: (use: string) => boolean) =>
    unique(
      map.touchpoints
        .filter((t) => t.purposes.some((p) => p.use !== undefined && test(p.use)))
        .flatMap((t) => t.consequences.map((c) => c.text)),
    );

  const channels = CHANNELS.map((id): PreferenceChoice => {
    const text = CHANNEL_TEXT[id];
    let consequences = consequencesOf((u) => under(u, text.use));
    if (consequences.length === 0) consequences = consequencesOf((u) => u === "marketing.communications");
    if (consequences.length === 0) consequences = [`You will not receive ${text.what} from ${org}.`];
    return {
      key: `channel:${id}`,
      title: text.title,
      description: `${capital(text.what)} from ${org}.`,
      consequences,
    };
  });

  const topicOf = (use: string): string | undefined => {
    if (!under(use, "marketing") || under(use, "marketing.advertising")) return undefined;
    if (use === "marketing") return undefined; // too general to be a topic of its own
    if (under(use, "marketing.communications")) return "marketing.communications";
    return use.split(".").slice(0, 2).join(".");
  };
  const topicUses = new Map<string, string[]>();
  for (const t of map.touchpoints)
    for (const p of t.purposes) {
      const topic = p.use ? topicOf(p.use) : undefined;
      if (topic) topicUses.set(topic, unique([...(topicUses.get(topic) ?? []), p.text]));
    }
  const topics = [...topicUses].map(
    ([use, texts]): PreferenceChoice => ({
      key: `topic:${use.slice("marketing.".length).replaceAll(/[._]/g, "-")}`,
      title: taxonomy.use(use)?.label ?? use,
      description: `${texts.join(". ")}.`,
      consequences: consequencesOf((u) => topicOf(u) === use),
    }),
  );

  const sellers = map.recipients.filter((r) => r.sells || r.shares);
  const saleCookies = consent.purposes.filter((p) => p.saleOrShare).map((p) => p.title);
  const saleShare: PreferenceChoice = {
    key: "sale-share",
    title: "Do Not Sell or Share My Personal Information",
    description:
      sellers.length > 0
        ? `${org} sells or shares personal information with: ${sellers.map((r) => r.title).join(", ")}.`
        : `The data map of ${org} declares no recipient that buys or shares personal information.`,
    consequences: [
      ...(saleCookies.length ? [`These cookies are turned off: ${saleCookies.join(", ")}.`] : []),
      ...(sellers.length ? ["Advertising on other sites may be less relevant to you."] : []),
      "Prices and service stay the same: opting out is never held against you.",
    ],
  };

  const sensitiveCategories = unique(
    map.touchpoints
      .flatMap((t) => t.collects.map((c) => (typeof c === "string" ? c : c.category)))
      .filter((k) => taxonomy.category(k)?.sensitive),
  );
  const sensitive: PreferenceChoice = {
    key: "sensitive-use",
    title: "Limit the Use of My Sensitive Personal Information",
    description:
      sensitiveCategories.length > 0
        ? `Sensitive personal information ${org} collects: ${sensitiveCategories
            .map((k) => taxonomy.category(k)?.label ?? k)
            .join(
              ", ",
            )}. When limited, it is used only to provide what you ask for, for security and as the law requires.`
        : `The data map of ${org} declares no sensitive personal information; a limit is kept and applies to any collected later.`,
    consequences: ["Services you ask for keep working: sensitive information is still used to provide them."],
  };

  const profiling: PreferenceChoice = {
    key: "profiling",
    title: "Profiling for marketing",
    description: `Using what ${org} knows about you (purchases, browsing) to choose the offers you see.`,
    consequences: unique([
      ...consequencesOf((u) => under(u, "marketing.advertising.profiling") || under(u, "personalize")),
      "Offers you receive will not be tailored to you.",
    ]),
  };

  const cookies = consent.purposes.map((p): CookieChoice => {
    const uses = map.cookies.purposes.find((m) => m.id === p.id)?.uses ?? [];
    return {
      id: p.id,
      title: p.title,
      description: p.description ?? "",
      required: p.required,
      consequences: p.required ? [] : consequencesOf((u) => uses.some((k) => under(u, k))),
    };
  });
  const marketingCookiePurposes = map.cookies.purposes
    .filter((p) => !p.required && p.uses.some((u) => under(u, "marketing")))
    .map((p) => p.id);

  return {
    organization: org,
    channels,
    topics,
    saleShare,
    sensitive,
    profiling,
    cookies,
    marketingCookiePurposes,
    keys: new Set([
      ...channels.map((c) => c.key),
      ...topics.map((t) => t.key),
      saleShare.key,
      sensitive.key,
      profiling.key,
    ]),
  };
}

/**
 * Every marketing choice an objection to direct marketing turns off: all channels, all topics, profiling.
 *
 * @example
 * marketingKeys(prefs); // ["channel:email", "channel:sms", "channel:phone", "channel:post", "topic:communications", …, "profiling"]
 */
export function marketingKeys(model: PreferenceModel): string[] {
  return [...model.channels, ...model.topics, model.profiling].map((c) => c.key);
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
