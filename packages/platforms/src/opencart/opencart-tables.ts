import type { FieldAnnotation, Hold, IdentityKind } from "@loupe/core";

/**
 * What Loupe knows about one OpenCart table that holds personal data: the built-in annotation, written once
 * for every shop. Table and reference names are unprefixed (`customer`, `order.order_id`); the profile adds the
 * shop's prefix and keeps only the tables and columns the live database has.
 */
export interface OpencartTableSpec {
  /** Unprefixed table name. */
  name: string;
  title: string;
  /** OpenCart major versions that have the table. */
  versions: readonly (3 | 4)[];
  identity: Partial<Record<IdentityKind, string>>;
  fields: Record<string, FieldAnnotation>;
  /** Implicit references (OpenCart declares none in the database): column → unprefixed `table.column`. */
  references: Record<string, string>;
  erase: "delete" | "mask" | "keep";
  holds: Hold[];
  /** Columns where `0` means "no such row" (guest orders carry `customer_id` 0). */
  zeroMeansNone?: string[];
  /** JSON documents kept in text columns, with the paths that hold an identity or personal data. */
  json?: Record<string, Record<string, string>>;
  /** A column naming a file under OpenCart's `DIR_UPLOAD`. */
  file?: string;
}

/** Erasure value for OpenCart's `NOT NULL` text columns: the empty string. */
const blank = (category: string): FieldAnnotation => ({ category, erase: "fixed", value: "" });

/** Tax law: invoices, their totals and the buyer's place of supply are kept for seven years from the order. */
const TAX_REASON = "tax law: invoices, totals and place of supply are kept 7 years after the order";
/** Warranty: what was bought and when, kept for the statutory guarantee. */
const WARRANTY_REASON = "warranty: products bought and their dates are kept for the 2-year legal guarantee";

const both = [3, 4] as const;
const only3 = [3] as const;
const only4 = [4] as const;

const ADDRESS_PARTS = (p: string): Record<string, FieldAnnotation> => ({
  [`${p}firstname`]: blank("user.name.first"),
  [`${p}lastname`]: blank("user.name.last"),
  [`${p}company`]: blank("user.contact.organization"),
  [`${p}address_1`]: blank("user.contact.address.street"),
  [`${p}address_2`]: blank("user.contact.address.street"),
  [`${p}city`]: blank("user.contact.address.city"),
  [`${p}postcode`]: blank("user.contact.address.postal_code"),
  [`${p}custom_field`]: { category: "user.demographic.profile", erase: "fixed", value: "", json_path: "$" },
});

/**
 * Every OpenCart table with personal data of customers or visitors (3.0 and 4.1), with identities, implicit
 * references, JSON paths, files and the erasure plan: account, activity, login, online, search, wishlist, cart,
 * session and token rows are deleted; order, return and review rows are masked, their totals and product lines
 * kept under tax and warranty holds.
 */
export const OPENCART_TABLES: readonly OpencartTableSpec[] = [
  {
    name: "customer",
    title: "Customer accounts",
    versions: both,
    identity: { customer_id: "customer_id", email: "email", phone: "telephone", ip_address: "ip" },
    fields: {
      firstname: "user.name.first",
      lastname: "user.name.last",
      email: "user.contact.email",
      telephone: "user.contact.phone_number",
      fax: "user.contact.fax_number",
      password: "user.authorization.credentials",
      salt: "user.authorization.credentials",
      cart: "user.behavior.purchase_history",
      wishlist: "user.behavior.wishlist",
      newsletter: "user.privacy_preferences",
      custom_field: { category: "user.demographic.profile", json_path: "$" },
      ip: "user.device.ip_address",
      token: "user.authorization.credentials",
      code: "user.authorization.credentials",
      date_added: "user.account",
    },
    references: { address_id: "address.address_id" },
    erase: "delete",
    holds: [],
    json: { custom_field: { "$.*": "user.demographic.profile" } },
  },
  {
    name: "address",
    title: "Address book",
    versions: both,
    identity: {},
    fields: ADDRESS_PARTS(""),
    references: { customer_id: "customer.customer_id" },
    erase: "delete",
    holds: [],
    json: { custom_field: { "$.*": "user.demographic.profile" } },
  },
  {
    name: "customer_ip",
    title: "IP addresses a customer logged in from",
    versions: both,
    identity: { customer_id: "customer_id" },
    fields: { ip: "user.device.ip_address", country: "user.location.imprecise" },
    references: { customer_id: "customer.customer_id" },
    erase: "delete",
    holds: [],
  },
  {
    name: "customer_login",
    title: "Failed logins, by e-mail",
    versions: both,
    identity: { email: "email" },
    fields: { email: "user.contact.email", ip: "user.device.ip_address" },
    references: {},
    erase: "delete",
    holds: [],
  },
  {
    name: "customer_authorize",
    title: "Authorised devices",
    versions: only4,
    identity: { customer_id: "customer_id" },
    fields: {
      token: "user.authorization.credentials",
      ip: "user.device.ip_address",
      user_agent: "user.device",
    },
    references: { customer_id: "customer.customer_id" },
    erase: "delete",
    holds: [],
  },
  {
    name: "customer_token",
    title: "Password reset and login tokens",
    versions: only4,
    identity: { customer_id: "customer_id" },
    fields: { code: "user.authorization.credentials" },
    references: { customer_id: "customer.customer_id" },
    erase: "delete",
    holds: [],
  },
  {
    name: "customer_approval",
    title: "Accounts awaiting approval",
    versions: both,
    identity: { customer_id: "customer_id" },
    fields: { type: "user.account" },
    references: { customer_id: "customer.customer_id" },
    erase: "delete",
    holds: [],
  },
  {
    name: "customer_history",
    title: "Staff notes about a customer",
    versions: both,
    identity: { customer_id: "customer_id" },
    fields: { comment: "user.content.private" },
    references: { customer_id: "customer.customer_id" },
    erase: "delete",
    holds: [],
  },
  {
    name: "customer_activity",
    title: "Customer activity (guests by name inside the JSON)",
    versions: both,
    identity: { customer_id: "customer_id" },
    fields: {
      key: "user.behavior.browsing_history",
      data: { category: "user.name", json_path: "$.name" },
      ip: "user.device.ip_address",
    },
    references: { customer_id: "customer.customer_id" },
    erase: "delete",
    holds: [],
    zeroMeansNone: ["customer_id"],
    json: {
      data: {
        "$.customer_id": "customer_id",
        "$.name": "user.name",
        "$.order_id": "order_number",
        "$.return_id": "user.behavior.purchase_history",
      },
    },
  },
  {
    name: "customer_wishlist",
    title: "Wishlists",
    versions: both,
    identity: { customer_id: "customer_id" },
    fields: { product_id: "user.behavior.wishlist", date_added: "user.behavior.wishlist" },
    references: { customer_id: "customer.customer_id" },
    erase: "delete",
    holds: [],
  },
  {
    name: "customer_reward",
    title: "Reward points",
    versions: both,
    identity: { customer_id: "customer_id" },
    fields: { description: "user.behavior.purchase_history", points: "user.behavior.purchase_history" },
    references: { customer_id: "customer.customer_id", order_id: "order.order_id" },
    erase: "delete",
    holds: [],
    zeroMeansNone: ["order_id"],
  },
  {
    name: "customer_transaction",
    title: "Store credit",
    versions: both,
    identity: { customer_id: "customer_id" },
    fields: { description: blank("user.financial"), amount: "user.financial" },
    references: { customer_id: "customer.customer_id", order_id: "order.order_id" },
    erase: "mask",
    holds: [
      { fields: ["amount", "order_id", "date_added"], for: "7y", from: "date_added", reason: TAX_REASON },
    ],
    zeroMeansNone: ["order_id"],
  },
  {
    name: "customer_affiliate",
    title: "Affiliate accounts with bank details",
    versions: both,
    identity: { customer_id: "customer_id" },
    fields: {
      company: "user.contact.organization",
      website: "user.contact.url",
      tracking: "user.unique_id.pseudonymous",
      tax: "user.government_id",
      payment: "user.financial",
      payment_method: "user.financial",
      cheque: "user.name",
      paypal: "user.contact.email",
      bank_name: "user.financial.bank_account",
      bank_branch_number: "user.financial.bank_account",
      bank_swift_code: "user.financial.bank_account",
      bank_account_name: "user.financial.bank_account",
      bank_account_number: "user.financial.bank_account",
      custom_field: { category: "user.demographic.profile", json_path: "$" },
    },
    references: { customer_id: "customer.customer_id" },
    erase: "delete",
    holds: [],
  },
  {
    name: "customer_affiliate_report",
    title: "Visitors arriving through an affiliate's link",
    versions: only4,
    identity: { customer_id: "customer_id" },
    fields: { ip: "user.device.ip_address", country: "user.location.imprecise" },
    references: { customer_id: "customer.customer_id" },
    erase: "delete",
    holds: [],
  },
  {
    name: "customer_online",
    title: "Who is online",
    versions: both,
    identity: { customer_id: "customer_id" },
    fields: {
      ip: "user.device.ip_address",
      url: "user.behavior.browsing_history",
      referer: "user.behavior.browsing_history",
    },
    references: { customer_id: "customer.customer_id" },
    erase: "delete",
    holds: [],
    zeroMeansNone: ["customer_id"],
  },
  {
    name: "customer_search",
    title: "Searches",
    versions: both,
    identity: { customer_id: "customer_id" },
    fields: { keyword: "user.behavior.search_history", ip: "user.device.ip_address" },
    references: { customer_id: "customer.customer_id" },
    erase: "delete",
    holds: [],
    zeroMeansNone: ["customer_id"],
  },
  {
    name: "order",
    title: "Orders (guests by e-mail)",
    versions: both,
    identity: { order_number: "order_id", customer_id: "customer_id", email: "email", phone: "telephone" },
    fields: {
      firstname: blank("user.name.first"),
      lastname: blank("user.name.last"),
      email: blank("user.contact.email"),
      telephone: blank("user.contact.phone_number"),
      fax: blank("user.contact.fax_number"),
      custom_field: { category: "user.demographic.profile", erase: "fixed", value: "", json_path: "$" },
      ...ADDRESS_PARTS("payment_"),
      payment_country: "user.contact.address.country",
      payment_zone: "user.contact.address.state",
      payment_method: blank("user.payment"),
      ...ADDRESS_PARTS("shipping_"),
      shipping_country: blank("user.contact.address.country"),
      shipping_zone: blank("user.contact.address.state"),
      shipping_method: "user.behavior.purchase_history",
      comment: blank("user.content.private"),
      total: "user.behavior.purchase_history",
      ip: blank("user.device.ip_address"),
      forwarded_ip: blank("user.device.ip_address"),
      user_agent: blank("user.device"),
      accept_language: blank("user.demographic.language"),
    },
    references: { customer_id: "customer.customer_id" },
    erase: "mask",
    holds: [
      {
        fields: [
          "invoice_no",
          "invoice_prefix",
          "total",
          "currency_code",
          "currency_value",
          "payment_country",
          "payment_country_id",
          "payment_zone",
          "payment_zone_id",
          "date_added",
        ],
        for: "7y",
        from: "date_added",
        reason: TAX_REASON,
      },
      { fields: ["shipping_method", "date_added"], for: "2y", from: "date_added", reason: WARRANTY_REASON },
    ],
    zeroMeansNone: ["customer_id"],
    json: { custom_field: { "$.*": "user.demographic.profile" } },
  },
  {
    name: "order_product",
    title: "Products of an order",
    versions: both,
    identity: {},
    fields: { name: "user.behavior.purchase_history", model: "user.behavior.purchase_history" },
    references: { order_id: "order.order_id" },
    erase: "keep",
    holds: [{ fields: [], for: "2y", reason: WARRANTY_REASON }],
  },
  {
    name: "order_option",
    title: "Options of an ordered product (text the customer typed, uploaded files)",
    versions: both,
    identity: {},
    fields: { value: blank("user.content.private") },
    references: { order_id: "order.order_id", value: "upload.code" },
    erase: "mask",
    holds: [],
  },
  {
    name: "order_history",
    title: "Order status history",
    versions: both,
    identity: {},
    fields: { comment: blank("user.content.private") },
    references: { order_id: "order.order_id" },
    erase: "mask",
    holds: [],
  },
  {
    name: "order_total",
    title: "Order totals",
    versions: both,
    identity: {},
    fields: { value: "user.behavior.purchase_history" },
    references: { order_id: "order.order_id" },
    erase: "keep",
    holds: [{ fields: [], for: "7y", reason: TAX_REASON }],
  },
  {
    name: "order_voucher",
    title: "Gift vouchers bought",
    versions: only3,
    identity: {},
    fields: {
      from_name: blank("user.name"),
      from_email: blank("user.contact.email"),
      to_name: blank("user.name"),
      to_email: blank("user.contact.email"),
      message: blank("user.content.private"),
    },
    references: { order_id: "order.order_id" },
    erase: "mask",
    holds: [{ fields: ["amount", "code"], for: "7y", reason: TAX_REASON }],
  },
  {
    name: "voucher",
    title: "Gift vouchers",
    versions: only3,
    identity: {},
    fields: {
      from_name: blank("user.name"),
      from_email: blank("user.contact.email"),
      to_name: blank("user.name"),
      to_email: blank("user.contact.email"),
      message: blank("user.content.private"),
    },
    references: { order_id: "order.order_id" },
    erase: "mask",
    holds: [{ fields: ["amount", "code"], for: "7y", reason: TAX_REASON }],
  },
  {
    name: "order_recurring",
    title: "Recurring orders",
    versions: only3,
    identity: {},
    fields: { product_name: "user.behavior.purchase_history" },
    references: { order_id: "order.order_id" },
    erase: "keep",
    holds: [{ fields: [], for: "7y", reason: TAX_REASON }],
  },
  {
    name: "order_subscription",
    title: "Subscription plans of an order",
    versions: only4,
    identity: {},
    fields: { name: "user.behavior.purchase_history" },
    references: { order_id: "order.order_id" },
    erase: "keep",
    holds: [{ fields: [], for: "7y", reason: TAX_REASON }],
  },
  {
    name: "subscription",
    title: "Subscriptions",
    versions: only4,
    identity: { customer_id: "customer_id" },
    fields: {
      payment_method: blank("user.payment"),
      shipping_method: "user.behavior.purchase_history",
      comment: blank("user.content.private"),
    },
    references: {
      customer_id: "customer.customer_id",
      order_id: "order.order_id",
      payment_address_id: "address.address_id",
      shipping_address_id: "address.address_id",
    },
    erase: "mask",
    holds: [{ fields: ["order_id", "date_added"], for: "7y", reason: TAX_REASON }],
  },
  {
    name: "subscription_history",
    title: "Subscription history",
    versions: only4,
    identity: {},
    fields: { comment: blank("user.content.private") },
    references: { subscription_id: "subscription.subscription_id" },
    erase: "mask",
    holds: [],
  },
  {
    name: "coupon_history",
    title: "Coupons used",
    versions: both,
    identity: { customer_id: "customer_id" },
    fields: { amount: "user.behavior.purchase_history" },
    references: { customer_id: "customer.customer_id", order_id: "order.order_id" },
    erase: "keep",
    holds: [{ fields: [], for: "7y", reason: TAX_REASON }],
    zeroMeansNone: ["customer_id"],
  },
  {
    name: "return",
    title: "Returns (guests by e-mail)",
    versions: both,
    identity: { customer_id: "customer_id", email: "email", phone: "telephone" },
    fields: {
      firstname: blank("user.name.first"),
      lastname: blank("user.name.last"),
      email: blank("user.contact.email"),
      telephone: blank("user.contact.phone_number"),
      product: "user.behavior.purchase_history",
      comment: blank("user.content.private"),
    },
    references: { customer_id: "customer.customer_id", order_id: "order.order_id" },
    erase: "mask",
    holds: [
      {
        fields: ["order_id", "product_id", "product", "model", "quantity", "opened", "date_ordered"],
        for: "2y",
        from: "date_ordered",
        reason: WARRANTY_REASON,
      },
    ],
    zeroMeansNone: ["customer_id"],
  },
  {
    name: "return_history",
    title: "Return status history",
    versions: both,
    identity: {},
    fields: { comment: blank("user.content.private") },
    references: { return_id: "return.return_id" },
    erase: "mask",
    holds: [],
  },
  {
    name: "review",
    title: "Product reviews",
    versions: both,
    identity: { customer_id: "customer_id" },
    fields: { author: blank("user.name"), text: blank("user.content.review") },
    references: { customer_id: "customer.customer_id" },
    erase: "mask",
    holds: [],
    zeroMeansNone: ["customer_id"],
  },
  {
    name: "article_comment",
    title: "Blog comments",
    versions: only4,
    identity: { customer_id: "customer_id" },
    fields: {
      author: blank("user.name"),
      comment: blank("user.content.public"),
      ip: blank("user.device.ip_address"),
    },
    references: { customer_id: "customer.customer_id" },
    erase: "mask",
    holds: [],
    zeroMeansNone: ["customer_id"],
  },
  {
    name: "article_rating",
    title: "Blog ratings",
    versions: only4,
    identity: { customer_id: "customer_id" },
    fields: { rating: "user.content.public", ip: "user.device.ip_address" },
    references: { customer_id: "customer.customer_id" },
    erase: "delete",
    holds: [],
    zeroMeansNone: ["customer_id"],
  },
  {
    name: "upload",
    title: "Uploaded files (the file itself is in DIR_UPLOAD)",
    versions: both,
    identity: {},
    fields: { name: "user.content.private", filename: "user.content.private" },
    references: {},
    erase: "delete",
    holds: [],
    file: "filename",
  },
  {
    name: "session",
    title: "Storefront sessions (JSON)",
    versions: both,
    identity: { session_id: "session_id" },
    fields: { data: { category: "user.behavior.browsing_history", json_path: "$" } },
    references: {},
    erase: "delete",
    holds: [],
    json: {
      data: {
        "$.customer_id": "customer_id",
        "$.guest.email": "email",
        "$.guest.telephone": "phone",
        "$.payment_address": "user.contact.address",
        "$.shipping_address": "user.contact.address",
      },
    },
  },
  {
    name: "cart",
    title: "Carts (by customer or by session)",
    versions: both,
    identity: { customer_id: "customer_id" },
    fields: { product_id: "user.behavior.purchase_history", option: "user.behavior.purchase_history" },
    references: { customer_id: "customer.customer_id", session_id: "session.session_id" },
    erase: "delete",
    holds: [],
    zeroMeansNone: ["customer_id"],
  },
  {
    name: "product_report",
    title: "Product views by IP",
    versions: only4,
    identity: { ip_address: "ip" },
    fields: { ip: "user.device.ip_address", country: "user.location.imprecise" },
    references: {},
    erase: "delete",
    holds: [],
  },
  {
    name: "marketing_report",
    title: "Arrivals through marketing links, by IP",
    versions: only4,
    identity: { ip_address: "ip" },
    fields: { ip: "user.device.ip_address", country: "user.location.imprecise" },
    references: {},
    erase: "delete",
    holds: [],
  },
  {
    name: "download_report",
    title: "Downloads by IP",
    versions: only4,
    identity: { ip_address: "ip" },
    fields: { ip: "user.device.ip_address", country: "user.location.imprecise" },
    references: {},
    erase: "delete",
    holds: [],
  },
  {
    name: "gdpr",
    title: "OpenCart's own GDPR requests (the privacy log)",
    versions: only4,
    identity: { email: "email" },
    fields: { email: "user.contact.email", code: blank("user.authorization.credentials") },
    references: {},
    erase: "mask",
    holds: [
      {
        fields: ["email", "action", "status", "date_added"],
        for: "2y",
        from: "date_added",
        reason: "record keeping: privacy requests and how they were answered are kept 24 months",
      },
    ],
  },
];

/** Tables that hold staff, API or shop data only: never a customer's. */
export const OPENCART_NOT_CUSTOMER_TABLES = [
  "user",
  "user_login",
  "user_authorize",
  "user_token",
  "api_ip",
  "api_history",
  "api_session",
  "setting",
  "location",
] as const;

/**
 * Identities and references OpenCart keeps only inside JSON text. A generated (virtual) column exposes each as
 * an ordinary column, so the rights engine finds guests' activity and sessions by e-mail or order: adding them
 * is optional (like an index), stores nothing and leaves OpenCart's own queries unchanged.
 */
export interface OpencartJsonLink {
  /** Unprefixed table. */
  table: string;
  /** The generated column's name. */
  column: string;
  /** The JSON column and path it reads. */
  source: string;
  path: string;
  type: "int" | "varchar(96)";
  /** The identity kind it holds, or the unprefixed `table.column` it points to. */
  identity?: IdentityKind;
  reference?: string;
}

export const OPENCART_JSON_LINKS: readonly OpencartJsonLink[] = [
  {
    table: "customer_activity",
    column: "loupe_order_id",
    source: "data",
    path: "$.order_id",
    type: "int",
    reference: "order.order_id",
  },
  {
    table: "session",
    column: "loupe_customer_id",
    source: "data",
    path: "$.customer_id",
    type: "int",
    identity: "customer_id",
  },
  {
    table: "session",
    column: "loupe_guest_email",
    source: "data",
    path: "$.guest.email",
    type: "varchar(96)",
    identity: "email",
  },
];
