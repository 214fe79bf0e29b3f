/**
 * Loupe's own DDL for the OpenCart 4.1 tables that matter to privacy requests, written from the table-by-table
 * description of OpenCart 4.1.0.3's schema (`system/helper/db_schema.php`): every table with personal data of
 * customers or visitors, OpenCart's `gdpr` request log, staff and API tables, and a few catalogue and settings
 * tables. Like OpenCart's installer it creates primary keys and indexes only: no foreign keys, InnoDB, utf8mb4.
 * Used by tests and benchmarks to stand up a 4.x shop.
 */

/** Column definitions, primary key and secondary indexes of one table. */
interface TableDdl {
  columns: string[];
  primary: string[];
  indexes?: string[][];
}

const id = (name: string) => `\`${name}\` int(11) NOT NULL AUTO_INCREMENT`;
const int = (name: string, def = "") => `\`${name}\` int(11) NOT NULL${def ? ` DEFAULT '${def}'` : ""}`;
const str = (name: string, n: number) => `\`${name}\` varchar(${n}) NOT NULL`;
const text = (name: string) => `\`${name}\` text NOT NULL`;
const money = (name: string) => `\`${name}\` decimal(15,4) NOT NULL DEFAULT '0.0000'`;
const bool = (name: string, def = "0") => `\`${name}\` tinyint(1) NOT NULL DEFAULT '${def}'`;
const date = (name: string) => `\`${name}\` datetime NOT NULL`;

const address = (p: string) => [
  str(`${p}firstname`, 32),
  str(`${p}lastname`, 32),
  str(`${p}company`, 60),
  str(`${p}address_1`, 128),
  str(`${p}address_2`, 128),
  str(`${p}city`, 128),
  str(`${p}postcode`, 10),
  str(`${p}country`, 128),
  int(`${p}country_id`),
  str(`${p}zone`, 128),
  int(`${p}zone_id`),
  text(`${p}address_format`),
  text(`${p}custom_field`),
];

const ipReport = (name: string, extra: string[]): TableDdl => ({
  columns: [
    id(`${name}_id`),
    ...extra,
    int("store_id", "0"),
    str("ip", 40),
    str("country", 2),
    date("date_added"),
  ],
  primary: [`${name}_id`],
});

/** The OpenCart 4.1 tables, by unprefixed name. */
export const OPENCART_4_TABLES: Record<string, TableDdl> = {
  customer: {
    columns: [
      id("customer_id"),
      int("customer_group_id"),
      int("store_id", "0"),
      int("language_id"),
      str("firstname", 32),
      str("lastname", 32),
      str("email", 96),
      str("telephone", 32),
      str("password", 255),
      text("custom_field"),
      bool("newsletter"),
      str("ip", 40),
      bool("status"),
      bool("safe"),
      text("token"),
      str("code", 40),
      date("date_added"),
    ],
    primary: ["customer_id"],
    indexes: [["email"]],
  },
  address: {
    columns: [
      id("address_id"),
      int("customer_id"),
      str("firstname", 32),
      str("lastname", 32),
      str("company", 60),
      str("address_1", 128),
      str("address_2", 128),
      str("city", 128),
      str("postcode", 10),
      int("country_id", "0"),
      int("zone_id", "0"),
      text("custom_field"),
      bool("default"),
    ],
    primary: ["address_id"],
    indexes: [["customer_id"]],
  },
  customer_ip: {
    columns: [
      id("customer_ip_id"),
      int("customer_id"),
      int("store_id", "0"),
      str("ip", 40),
      str("country", 2),
      date("date_added"),
    ],
    primary: ["customer_ip_id"],
    indexes: [["ip"]],
  },
  customer_login: {
    columns: [
      id("customer_login_id"),
      str("email", 96),
      str("ip", 40),
      int("total"),
      date("date_added"),
      date("date_modified"),
    ],
    primary: ["customer_login_id"],
    indexes: [["email"], ["ip"]],
  },
  customer_authorize: {
    columns: [
      id("customer_authorize_id"),
      int("customer_id"),
      str("token", 96),
      str("ip", 40),
      str("user_agent", 255),
      bool("status"),
      int("total", "0"),
      date("date_expire"),
      date("date_added"),
    ],
    primary: ["customer_authorize_id"],
  },
  customer_token: {
    columns: [
      id("customer_token_id"),
      int("customer_id"),
      str("code", 32),
      str("type", 64),
      date("date_added"),
    ],
    primary: ["customer_token_id"],
  },
  customer_approval: {
    columns: [id("customer_approval_id"), int("customer_id"), str("type", 9), date("date_added")],
    primary: ["customer_approval_id"],
  },
  customer_history: {
    columns: [id("customer_history_id"), int("customer_id"), text("comment"), date("date_added")],
    primary: ["customer_history_id"],
  },
  customer_activity: {
    columns: [
      id("customer_activity_id"),
      int("customer_id"),
      str("key", 64),
      text("data"),
      str("ip", 40),
      date("date_added"),
    ],
    primary: ["customer_activity_id"],
  },
  customer_wishlist: {
    columns: [int("customer_id"), int("store_id", "0"), int("product_id"), date("date_added")],
    primary: ["customer_id", "store_id", "product_id"],
  },
  customer_reward: {
    columns: [
      id("customer_reward_id"),
      int("customer_id", "0"),
      int("order_id", "0"),
      text("description"),
      int("points", "0"),
      date("date_added"),
    ],
    primary: ["customer_reward_id"],
  },
  customer_transaction: {
    columns: [
      id("customer_transaction_id"),
      int("customer_id"),
      int("order_id"),
      text("description"),
      money("amount"),
      date("date_added"),
    ],
    primary: ["customer_transaction_id"],
  },
  customer_affiliate: {
    columns: [
      int("customer_id"),
      str("company", 60),
      str("website", 255),
      str("tracking", 64),
      money("balance"),
      `\`commission\` decimal(4,2) NOT NULL DEFAULT '0.00'`,
      str("tax", 64),
      str("payment_method", 6),
      str("cheque", 100),
      str("paypal", 64),
      str("bank_name", 64),
      str("bank_branch_number", 64),
      str("bank_swift_code", 64),
      str("bank_account_name", 64),
      str("bank_account_number", 64),
      text("custom_field"),
      bool("status"),
      date("date_added"),
    ],
    primary: ["customer_id"],
  },
  customer_affiliate_report: ipReport("customer_affiliate_report", [int("customer_id")]),
  customer_online: {
    columns: [str("ip", 40), int("customer_id"), text("url"), text("referer"), date("date_added")],
    primary: ["ip"],
  },
  customer_search: {
    columns: [
      id("customer_search_id"),
      int("store_id"),
      int("language_id"),
      int("customer_id"),
      str("keyword", 255),
      "`category_id` int(11)",
      bool("sub_category"),
      bool("description"),
      int("products"),
      str("ip", 40),
      date("date_added"),
    ],
    primary: ["customer_search_id"],
  },
  order: {
    columns: [
      id("order_id"),
      int("subscription_id", "0"),
      int("invoice_no", "0"),
      str("invoice_prefix", 26),
      str("transaction_id", 100),
      int("store_id", "0"),
      str("store_name", 64),
      str("store_url", 255),
      int("customer_id", "0"),
      int("customer_group_id", "0"),
      str("firstname", 32),
      str("lastname", 32),
      str("email", 96),
      str("telephone", 32),
      text("custom_field"),
      int("payment_address_id", "0"),
      ...address("payment_"),
      text("payment_method"),
      int("shipping_address_id", "0"),
      ...address("shipping_"),
      text("shipping_method"),
      text("comment"),
      money("total"),
      int("order_status_id", "0"),
      int("affiliate_id"),
      `\`commission\` decimal(15,4) NOT NULL`,
      int("marketing_id"),
      str("tracking", 64),
      int("language_id"),
      str("language_code", 5),
      int("currency_id"),
      str("currency_code", 3),
      `\`currency_value\` decimal(15,8) NOT NULL DEFAULT '1.00000000'`,
      str("ip", 40),
      str("forwarded_ip", 40),
      str("user_agent", 255),
      str("accept_language", 255),
      date("date_added"),
      date("date_modified"),
    ],
    primary: ["order_id"],
    indexes: [["email"]],
  },
  order_history: {
    columns: [
      id("order_history_id"),
      int("order_id"),
      int("order_status_id"),
      bool("notify"),
      text("comment"),
      date("date_added"),
    ],
    primary: ["order_history_id"],
  },
  order_product: {
    columns: [
      id("order_product_id"),
      int("order_id"),
      int("product_id"),
      int("master_id", "0"),
      str("name", 255),
      str("model", 64),
      `\`quantity\` int(4) NOT NULL`,
      money("price"),
      money("total"),
      money("tax"),
      `\`reward\` int(8) NOT NULL`,
    ],
    primary: ["order_product_id"],
    indexes: [["order_id"]],
  },
  order_option: {
    columns: [
      id("order_option_id"),
      int("order_id"),
      int("order_product_id"),
      int("product_option_id"),
      int("product_option_value_id", "0"),
      str("name", 255),
      text("value"),
      str("type", 32),
    ],
    primary: ["order_option_id"],
  },
  order_total: {
    columns: [
      `\`order_total_id\` int(10) NOT NULL AUTO_INCREMENT`,
      int("order_id"),
      str("extension", 255),
      str("code", 32),
      str("title", 255),
      money("value"),
      `\`sort_order\` int(3) NOT NULL`,
    ],
    primary: ["order_total_id"],
    indexes: [["order_id"]],
  },
  order_subscription: {
    columns: [
      id("order_subscription_id"),
      int("order_product_id"),
      int("order_id"),
      int("product_id"),
      int("subscription_plan_id"),
      str("name", 255),
      money("trial_price"),
      money("price"),
      str("frequency", 10),
      int("cycle"),
      int("duration"),
    ],
    primary: ["order_subscription_id"],
    indexes: [["order_id"]],
  },
  subscription: {
    columns: [
      id("subscription_id"),
      int("order_id"),
      int("store_id"),
      int("customer_id"),
      int("payment_address_id"),
      text("payment_method"),
      int("shipping_address_id"),
      text("shipping_method"),
      int("subscription_plan_id"),
      money("price"),
      str("frequency", 10),
      int("cycle"),
      int("duration"),
      int("remaining"),
      text("comment"),
      int("subscription_status_id"),
      int("language_id"),
      int("currency_id"),
      date("date_next"),
      date("date_added"),
      date("date_modified"),
    ],
    primary: ["subscription_id"],
    indexes: [["order_id"]],
  },
  subscription_history: {
    columns: [
      id("subscription_history_id"),
      int("subscription_id"),
      int("subscription_status_id"),
      bool("notify"),
      text("comment"),
      date("date_added"),
    ],
    primary: ["subscription_history_id"],
  },
  coupon_history: {
    columns: [
      id("coupon_history_id"),
      int("coupon_id"),
      int("order_id"),
      int("customer_id"),
      money("amount"),
      date("date_added"),
    ],
    primary: ["coupon_history_id"],
  },
  return: {
    columns: [
      id("return_id"),
      int("order_id"),
      int("product_id"),
      int("customer_id"),
      str("firstname", 32),
      str("lastname", 32),
      str("email", 96),
      str("telephone", 32),
      str("product", 255),
      str("model", 64),
      `\`quantity\` int(4) NOT NULL`,
      bool("opened"),
      int("return_reason_id"),
      int("return_action_id"),
      int("return_status_id"),
      "`comment` text",
      "`date_ordered` date NOT NULL",
      date("date_added"),
      date("date_modified"),
    ],
    primary: ["return_id"],
  },
  return_history: {
    columns: [
      id("return_history_id"),
      int("return_id"),
      int("return_status_id"),
      bool("notify"),
      text("comment"),
      date("date_added"),
    ],
    primary: ["return_history_id"],
  },
  review: {
    columns: [
      id("review_id"),
      int("product_id"),
      int("customer_id"),
      str("author", 64),
      text("text"),
      `\`rating\` int(1) NOT NULL`,
      bool("status"),
      date("date_added"),
      date("date_modified"),
    ],
    primary: ["review_id"],
    indexes: [["product_id"]],
  },
  article_comment: {
    columns: [
      id("article_comment_id"),
      int("article_id"),
      int("parent_id", "0"),
      int("customer_id"),
      str("author", 64),
      text("comment"),
      str("ip", 40),
      bool("status"),
      date("date_added"),
    ],
    primary: ["article_comment_id"],
  },
  article_rating: {
    columns: [
      id("article_rating_id"),
      int("article_id"),
      int("article_comment_id", "0"),
      int("store_id", "0"),
      int("customer_id"),
      `\`rating\` tinyint(1) NOT NULL`,
      str("ip", 40),
      date("date_added"),
    ],
    primary: ["article_rating_id"],
  },
  upload: {
    columns: [id("upload_id"), str("name", 255), str("filename", 255), str("code", 255), date("date_added")],
    primary: ["upload_id"],
  },
  session: {
    columns: [str("session_id", 32), text("data"), date("expire")],
    primary: ["session_id"],
    indexes: [["expire"]],
  },
  cart: {
    columns: [
      "`cart_id` int(11) UNSIGNED NOT NULL AUTO_INCREMENT",
      int("store_id", "0"),
      int("api_id"),
      int("customer_id"),
      str("session_id", 32),
      int("product_id"),
      int("subscription_plan_id"),
      text("option"),
      `\`quantity\` int(5) NOT NULL`,
      bool("override"),
      money("price"),
      date("date_added"),
    ],
    primary: ["cart_id"],
    indexes: [["customer_id", "session_id", "product_id", "subscription_plan_id"]],
  },
  product_report: ipReport("product_report", [int("product_id")]),
  marketing_report: ipReport("marketing_report", [int("marketing_id")]),
  download_report: ipReport("download_report", [int("download_id")]),
  gdpr: {
    columns: [
      id("gdpr_id"),
      int("store_id"),
      int("language_id"),
      str("code", 40),
      str("email", 96),
      str("action", 6),
      `\`status\` tinyint(1) NOT NULL`,
      date("date_added"),
    ],
    primary: ["gdpr_id"],
  },
  user: {
    columns: [
      id("user_id"),
      int("user_group_id"),
      str("username", 20),
      str("password", 255),
      str("firstname", 32),
      str("lastname", 32),
      str("email", 96),
      str("image", 255),
      str("code", 40),
      str("ip", 40),
      bool("status"),
      date("date_added"),
    ],
    primary: ["user_id"],
  },
  user_login: {
    columns: [id("user_login_id"), int("user_id"), str("ip", 40), str("user_agent", 255), date("date_added")],
    primary: ["user_login_id"],
  },
  api: {
    columns: [
      id("api_id"),
      str("username", 64),
      text("key"),
      bool("status"),
      date("date_added"),
      date("date_modified"),
    ],
    primary: ["api_id"],
  },
  api_ip: { columns: [id("api_ip_id"), int("api_id"), str("ip", 40)], primary: ["api_ip_id"] },
  api_history: {
    columns: [id("api_history_id"), int("api_id"), str("call", 255), str("ip", 40), date("date_added")],
    primary: ["api_history_id"],
  },
  setting: {
    columns: [
      id("setting_id"),
      int("store_id", "0"),
      str("code", 128),
      str("key", 128),
      text("value"),
      bool("serialized"),
    ],
    primary: ["setting_id"],
  },
  store: { columns: [id("store_id"), str("name", 64), str("url", 255)], primary: ["store_id"] },
  language: {
    columns: [
      id("language_id"),
      str("name", 32),
      str("code", 5),
      str("locale", 255),
      str("extension", 255),
      `\`sort_order\` int(3) NOT NULL DEFAULT '0'`,
      bool("status"),
    ],
    primary: ["language_id"],
  },
  product: {
    columns: [
      id("product_id"),
      str("model", 64),
      str("sku", 64),
      money("price"),
      `\`quantity\` int(4) NOT NULL DEFAULT '0'`,
      bool("status"),
      date("date_added"),
      date("date_modified"),
    ],
    primary: ["product_id"],
  },
  product_description: {
    columns: [int("product_id"), int("language_id"), str("name", 255), text("description")],
    primary: ["product_id", "language_id"],
  },
  information: {
    columns: [
      id("information_id"),
      bool("bottom"),
      `\`sort_order\` int(3) NOT NULL DEFAULT '0'`,
      bool("status", "1"),
    ],
    primary: ["information_id"],
  },
};

/**
 * The `CREATE TABLE` statements of {@link OPENCART_4_TABLES} for a table prefix (letters, digits and `_`),
 * as OpenCart's installer writes them: primary keys and indexes, no foreign keys, InnoDB, utf8mb4.
 *
 * @example
 * const statements = opencart4Ddl("oc_");
 * for (const sql of statements) await conn.query(sql);
 */
export function opencart4Ddl(prefix: string): string[] {
  if (!/^[A-Za-z0-9_]*$/.test(prefix))
    throw new Error(`table prefix must be letters, digits and _: '${prefix}'`);
  const q = (names: string[]) => names.map((n) => `\`${n}\``).join(", ");
  return Object.entries(OPENCART_4_TABLES).map(([name, t]) => {
    const lines = [...t.columns, `PRIMARY KEY (${q(t.primary)})`];
    for (const index of t.indexes ?? []) lines.push(`KEY \`${index.join("_")}\` (${q(index)})`);
    return `CREATE TABLE \`${prefix}${name}\` (\n  ${lines.join(",\n  ")}\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`;
  });
}
