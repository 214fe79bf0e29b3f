/**
 * Proposes a data category for one column (or one Redis hash field) from its name, the name of its table, its type
 * and a sample of its values. Heuristics only: a proposal that rests on one weak hint is marked for review.
 */

/** What is known about a column when its category is proposed. */
export interface ColumnContext {
  /** Table name, or the Redis key pattern. */
  table: string;
  column: string;
  /** The database type as the catalog spells it (`character varying(254)`, `varchar`, `inet`…), or `redis`. */
  type: string;
  /** A sample of non-null values, as text. */
  values: readonly string[];
  /** Tables this column's table points at through foreign keys. */
  linkedTables?: readonly string[];
}

export interface CategoryProposal {
  category: string;
  /** True when a person should confirm the category. */
  review: boolean;
  /** Which hint decided, for people reading the draft. */
  reason: string;
}

/**
 * Splits an identifier into lower-case words: `lastLoginIP` and `last_login_ip` both give `last login ip`.
 *
 * @example
 * words("reviewer_email"); // ["reviewer", "email"]
 * words("recently-viewed:{customer_id}"); // ["recently", "viewed", "customer", "id"]
 */
export function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[\d\s().-]{7,24}$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}(\/\d{1,2})?$/;
const IPV6 = /^[0-9a-f]{0,4}(:[0-9a-f]{0,4}){2,7}(\/\d{1,3})?$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PERSON_NAME = /^\p{Lu}[\p{L}'’-]*\.?(?: (?:\p{Lu}[\p{L}'’-]*\.?|(?:van|de|der|von|da|di|le|la|du)))+$/u;
const PASSWORD_HASH = /^\$(argon2(id|i|d)?|2[abxy]?|pbkdf2[\w-]*|scrypt|[156])\$/;
const USER_AGENT = /^(Mozilla|Opera|Dalvik|curl|Wget)\//;
const HANDLE = /^@[\w.]{2,}$/;
const URL_VALUE = /^(https?|s3|gs):\/\//;

/** Share of values matching a test; `undefined` when there are no values to judge by. */
function share(values: readonly string[], test: (v: string) => boolean): number | undefined {
  if (values.length === 0) return undefined;
  let n = 0;
  for (const v of values) if (test(v)) n++;
  return n / values.length;
}

const isPhone = (v: string) => PHONE.test(v) && v.replace(/\D/g, "").length >= 7 && /[+\s().-]/.test(v);
const isIp = (v: string) => IPV4.test(v) || (v.includes(":") && IPV6.test(v));

/** Tables that hold things, not people: their `name` or `description` columns are not personal data. */
const THING_TABLES =
  /^(products?|product_(categor(y|ies)|variants?|options?|attributes?|images?|tags?|collections?)|skus?|variants?|categor(y|ies)|collections?|sweepstakes?|campaigns?|promotions?|coupons?|stores?|showrooms?|brands?|tags?|settings?|countries|currencies|carriers?|warehouses?)$/;

function has(ws: readonly string[], ...candidates: string[]): boolean {
  return candidates.some((c) => ws.includes(c));
}

function joined(ws: readonly string[]): string {
  return ws.join("_");
}

/**
 * Proposes a category for a column, or `undefined` when nothing suggests personal data.
 *
 * @example
 * proposeCategory({ table: "orders", column: "email", type: "varchar", values: ["a@example.com"] });
 * // { category: "user.contact.email", review: false, reason: "column name and values" }
 * proposeCategory({ table: "orders", column: "note_1", type: "varchar", values: ["+1 212 555 0100"] });
 * // { category: "user.contact.phone_number", review: true, reason: "values look like phone numbers" }
 */
export function proposeCategory(ctx: ColumnContext): CategoryProposal | undefined {
  const c = words(ctx.column);
  const col = joined(c);
  const t = words(ctx.table);
  const type = ctx.type.toLowerCase();
  const values = ctx.values;
  const linked = (ctx.linkedTables ?? []).flatMap(words);
  const isText = type === "redis" || /char|text|string|inet|cidr|json|enum|clob/.test(type);
  const isNumber = /int|numeric|decimal|money|real|double|float|number/.test(type);
  const isBool = /bool|bit|tinyint\(1\)/.test(type);
  const isDate = /date|time/.test(type);

  const ctxAddress =
    has(t, "address", "addresses") ||
    has(c.slice(0, -1), "shipping", "billing", "delivery", "payment", "mailing");
  const ctxPayment = has(
    t,
    "payment",
    "payments",
    "card",
    "cards",
    "transaction",
    "transactions",
    "charge",
    "charges",
  );
  const ctxCommerce =
    has(
      t,
      "order",
      "orders",
      "item",
      "items",
      "purchase",
      "purchases",
      "cart",
      "carts",
      "basket",
      "checkout",
    ) ||
    has(t, "return", "returns", "refund", "refunds", "invoice", "invoices") ||
    has(linked, "order", "orders");
  const ctxWishlist = has(
    t,
    "wishlist",
    "wishlists",
    "wish",
    "favorite",
    "favorites",
    "favourite",
    "favourites",
    "saved",
  );
  const ctxReview = has(t, "review", "reviews", "rating", "ratings", "testimonial", "testimonials");
  const ctxSocial = has(t, "social", "mention", "mentions", "tweet", "tweets", "instagram", "posts");
  const ctxActivity = has(
    t,
    "session",
    "sessions",
    "visit",
    "visits",
    "view",
    "views",
    "viewed",
    "pageview",
    "pageviews",
    "event",
    "events",
    "click",
    "clicks",
    "activity",
    "history",
    "recently",
    "online",
    "search",
    "searches",
  );
  const thing = THING_TABLES.test(ctx.table.toLowerCase());

  const valueShare = (test: (v: string) => boolean) => share(values, test);
  const strong = (category: string, test?: (v: string) => boolean): CategoryProposal => {
    const s = test ? valueShare(test) : undefined;
    if (s !== undefined && s < 0.5)
      return { category, review: true, reason: "column name, but the values disagree" };
    return { category, review: false, reason: s === undefined ? "column name" : "column name and values" };
  };
  const weak = (category: string, reason: string): CategoryProposal => ({ category, review: true, reason });

  // Credentials.
  if (
    has(c, "password", "passwd", "pwd") ||
    col.endsWith("password_hash") ||
    (valueShare((v) => PASSWORD_HASH.test(v)) ?? 0) >= 0.8
  )
    return strong("user.authorization.credentials");
  if (
    isText &&
    (col === "salt" ||
      col.endsWith("password_salt") ||
      col.endsWith("reset_token") ||
      col.endsWith("api_key"))
  )
    return weak("user.authorization.credentials", "column name");

  // Contact details.
  if (has(c, "email", "mail") || col.includes("e_mail")) {
    if (has(c, "friend", "referee", "invitee")) return strong("user.contact.referral", (v) => EMAIL.test(v));
    return strong("user.contact.email", (v) => EMAIL.test(v));
  }
  if (has(c, "phone", "telephone", "mobile", "msisdn", "cell", "tel", "fax")) {
    if (has(c, "fax")) return strong("user.contact.fax_number");
    return strong("user.contact.phone_number", isPhone);
  }

  // Names.
  if (isText && !thing) {
    if (has(c, "firstname", "forename", "fname") || col.endsWith("first_name") || col.endsWith("given_name"))
      return strong("user.name.first");
    if (has(c, "lastname", "surname", "lname") || col.endsWith("last_name") || col.endsWith("family_name"))
      return strong("user.name.last");
    if (has(c, "company", "organization", "organisation") && !thing)
      return strong("user.contact.organization");
    if (col === "author" || col.endsWith("_author") || col === "author_name")
      return strong("user.name", (v) => PERSON_NAME.test(v));
    if (c[c.length - 1] === "name" || has(c, "fullname")) {
      if (has(c, "friend", "referee", "invitee")) return strong("user.contact.referral");
      if (has(c, "user", "login", "screen", "account")) return strong("user.account.username");
      if (has(c, "company", "organization", "organisation", "business"))
        return strong("user.contact.organization");
      if (
        has(
          c,
          "file",
          "host",
          "domain",
          "product",
          "brand",
          "sku",
          "store",
          "shop",
          "site",
          "method",
          "module",
          "zone",
        )
      )
        return undefined;
      return strong("user.name", (v) => PERSON_NAME.test(v));
    }
  }

  // Social media.
  if (isText && (has(c, "handle") || ((has(c, "username") || has(c, "screen")) && ctxSocial)))
    return strong("user.social", (v) => HANDLE.test(v) || /^[\w.]{2,}$/.test(v));

  // Demographics.
  if (has(c, "birth", "dob", "birthday", "birthdate")) return strong("user.demographic.date_of_birth");
  if (has(c, "gender", "sex")) return strong("user.demographic.gender");
  if (has(c, "ssn") || col.includes("passport")) return strong("user.government_id");

  if (isText && has(c, "language", "locale") && (has(c, "accept", "preferred") || ctxActivity))
    return weak("user.demographic.language", "column name");

  // Device and network.
  if (isText && (has(c, "ip", "ipaddress", "ipv4", "ipv6") || col.endsWith("remote_addr")))
    return strong("user.device.ip_address", isIp);
  if (col.includes("user_agent") || has(c, "useragent", "ua")) return strong("user.device");
  if (has(c, "cookie") || col.endsWith("visitor_id") || col.endsWith("anonymous_id"))
    return strong("user.device.cookie_id");
  if (col.endsWith("device_id")) return strong("user.device.device_id");

  // Location and address.
  if (has(c, "latitude", "longitude", "lat", "lng", "lon", "geo", "geolocation"))
    return strong("user.location.precise");
  if (isText) {
    if (has(c, "zip", "zipcode", "postcode") || col.endsWith("postal_code"))
      return strong("user.contact.address.postal_code");
    if (
      has(c, "street", "address1", "address2") ||
      /(^|_)address_?[12]$/.test(col) ||
      /^(address_)?line_?[12]$/.test(col) ||
      col.startsWith("address_line")
    )
      return ctxAddress
        ? strong("user.contact.address.street")
        : weak("user.contact.address.street", "column name");
    if (col === "address" || (col.endsWith("_address") && !has(c, "ip", "email", "mac")))
      return strong("user.contact.address");
    if (has(c, "city", "town"))
      return ctxAddress ? strong("user.contact.address.city") : locationHint(ctxActivity);
    if (has(c, "state", "province", "region") && !has(c, "status")) {
      if (col === "state" && !ctxAddress && !ctxActivity) return undefined;
      return ctxAddress ? strong("user.contact.address.state") : locationHint(ctxActivity);
    }
    if (has(c, "country"))
      return ctxAddress ? strong("user.contact.address.country") : locationHint(ctxActivity);
  }

  // Payment cards and payments.
  const cardWord = has(c, "card", "cc", "pan");
  if (ctxPayment || cardWord) {
    if (col.includes("last_four") || has(c, "last4", "lastfour", "last") || (cardWord && has(c, "number")))
      return strong("user.financial.credit_card", (v) => /^\d{4}$/.test(v) || /^[\d *•x-]{4,}$/i.test(v));
    if (has(c, "brand", "exp", "expiry", "expiration", "expires", "bin", "holder") || cardWord)
      return strong("user.financial.credit_card");
    if (has(c, "token", "ref", "reference", "transaction", "charge", "psp", "gateway", "processor", "amount"))
      return strong("user.payment");
  }
  if (has(c, "iban", "bic", "swift", "routing") || col.includes("account_number"))
    return strong("user.financial.bank_account");

  // What was bought, wished for or looked at.
  if (isText && (col === "wishlist" || col.endsWith("_wishlist")))
    return weak("user.behavior.wishlist", "column name");
  if (isText && (col === "cart" || col.endsWith("_cart")))
    return weak("user.behavior.purchase_history", "column name");
  const productish = has(c, "product", "sku", "variant") || (c[0] === "item" && c.length > 1);
  if (ctxWishlist && (productish || has(c, "note", "notes", "comment")))
    return strong("user.behavior.wishlist");
  if (productish && ctxActivity)
    return weak("user.behavior.browsing_history", "product column in an activity table");
  if (productish && (ctxCommerce || c[0] === "item")) return strong("user.behavior.purchase_history");
  const money = has(
    c,
    "total",
    "subtotal",
    "tax",
    "price",
    "amount",
    "quantity",
    "qty",
    "fee",
    "discount",
    "value",
    "cost",
  );
  if (money && (isNumber || type === "redis") && ctxCommerce) return strong("user.behavior.purchase_history");

  // Recordings, photos and other content.
  if (has(c, "recording", "recordings", "voicemail", "audio")) return strong("user.content.call_recording");
  if (
    ctxReview &&
    has(
      c,
      "photo",
      "image",
      "picture",
      "title",
      "body",
      "text",
      "comment",
      "content",
      "rating",
      "stars",
      "headline",
    )
  )
    return strong("user.content.review");
  if (ctxSocial && has(c, "content", "text", "body", "post", "url", "caption", "message", "media"))
    return strong("user.content.social_post");
  if (has(c, "photo", "photos", "image", "picture", "avatar", "selfie"))
    return weak("user.content", "column name");
  if (has(c, "ring", "finger") && has(c, "size"))
    return weak("user.demographic.profile", "a body measurement (ring size)");
  const freeText = has(
    c,
    "body",
    "message",
    "comment",
    "comments",
    "note",
    "notes",
    "summary",
    "subject",
    "transcript",
    "description",
    "engraving",
    "remarks",
    "feedback",
    "inquiry",
    "enquiry",
  );
  if (freeText && isText && !thing) {
    const direct = has(
      t,
      "chat",
      "chats",
      "message",
      "messages",
      "email",
      "emails",
      "ticket",
      "tickets",
      "support",
      "call",
      "calls",
    );
    return direct || has(c, "engraving", "gift", "customer")
      ? strong("user.content.private")
      : weak("user.content.private", "free text");
  }

  // Activity.
  if (ctxActivity && isText && has(c, "url", "path", "page", "uri", "referrer", "referer", "landing"))
    return strong("user.behavior.browsing_history");
  if (has(c, "search", "query", "keyword", "keywords", "term") && ctxActivity)
    return strong("user.behavior.search_history");
  if (isText && has(c, "referrer", "referer")) return weak("user.behavior.browsing_history", "column name");

  // Choices.
  if (
    (isBool || type === "redis" || isText) &&
    (has(c, "consent", "optin", "optout", "unsubscribed", "newsletter") ||
      col.includes("opt_in") ||
      col.includes("opt_out") ||
      col.includes("do_not"))
  )
    return isBool || has(c, "opt", "optin", "optout", "newsletter")
      ? strong("user.privacy_preferences")
      : weak("user.privacy_preferences", "column name");

  // Values alone.
  if (isDate || (!isText && type !== "redis")) return undefined;
  const by = (test: (v: string) => boolean) => (valueShare(test) ?? 0) >= 0.8 && values.length >= 3;
  if (by((v) => EMAIL.test(v))) return weak("user.contact.email", "values look like e-mail addresses");
  if (by(isIp)) return weak("user.device.ip_address", "values look like IP addresses");
  if (by(isPhone)) return weak("user.contact.phone_number", "values look like phone numbers");
  if (by((v) => USER_AGENT.test(v))) return weak("user.device", "values look like browser user agents");
  if (by((v) => HANDLE.test(v))) return weak("user.social", "values look like social media handles");
  if (!thing && by((v) => PERSON_NAME.test(v))) return weak("user.name", "values look like people's names");
  if (by((v) => UUID.test(v)) && !has(c, "id") && c.length > 0)
    return weak("user.unique_id.pseudonymous", "values are UUIDs");
  if (ctxActivity && by((v) => URL_VALUE.test(v) || v.startsWith("/")))
    return weak("user.behavior.browsing_history", "values are URLs");
  return undefined;
}

function locationHint(activity: boolean): CategoryProposal {
  return activity
    ? { category: "user.location.imprecise", review: false, reason: "coarse location in an activity table" }
    : { category: "user.location.imprecise", review: true, reason: "column name" };
}
