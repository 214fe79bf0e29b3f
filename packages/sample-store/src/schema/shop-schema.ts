/**
 * The sample jewellery shop's tables, written once and rendered as PostgreSQL or MariaDB DDL. The commerce part lives
 * in PostgreSQL (or PGlite), the marketing and customer-service part in MariaDB (or a second PGlite schema).
 */

/** Column types, with the value the generator produces for each. */
export type ColumnType =
  /** bigint; a JS number */
  | "id"
  /** integer; a JS number */
  | "int"
  /** a short string of at most `length` characters */
  | "varchar"
  /** a fixed-length string of exactly `length` characters */
  | "char"
  /** unbounded text */
  | "text"
  /** true / false */
  | "bool"
  /** an instant; a JS number of milliseconds since the epoch (UTC) */
  | "timestamp"
  /** a calendar date; a `YYYY-MM-DD` string */
  | "date"
  /** a decimal with two places; a JS integer of hundredths (cents) */
  | "decimal2"
  /** an IPv4 or IPv6 address; a string (PostgreSQL `inet`, MariaDB `VARCHAR(45)`) */
  | "inet";

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  length?: number;
  nullable?: boolean;
}

export type OnDelete = "CASCADE" | "RESTRICT" | "SET NULL";

export interface ForeignKeySpec {
  columns: string[];
  table: string;
  refColumns: string[];
  onDelete: OnDelete;
}

export interface IndexSpec {
  columns: string[];
  unique?: boolean;
}

export type SqlStore = "commerce" | "marketing";

export interface TableSpec {
  name: string;
  store: SqlStore;
  columns: ColumnSpec[];
  primaryKey: string[];
  foreignKeys: ForeignKeySpec[];
  indexes: IndexSpec[];
}

const c = (
  name: string,
  type: ColumnType,
  opts: { length?: number; nullable?: boolean } = {},
): ColumnSpec => ({
  name,
  type,
  ...opts,
});
const n = (name: string, type: ColumnType, length?: number): ColumnSpec =>
  length === undefined ? { name, type, nullable: true } : { name, type, length, nullable: true };
const v = (name: string, length: number): ColumnSpec => ({ name, type: "varchar", length });
const fk = (columns: string[], table: string, refColumns: string[], onDelete: OnDelete): ForeignKeySpec => ({
  columns,
  table,
  refColumns,
  onDelete,
});

/** Commerce tables, in an order where every table comes after the tables it references. */
export const COMMERCE_TABLES: readonly TableSpec[] = [
  {
    name: "products",
    store: "commerce",
    columns: [
      c("id", "id"),
      v("sku", 32),
      v("name", 200),
      v("category", 40),
      v("metal", 40),
      c("price", "decimal2"),
      c("created_at", "timestamp"),
    ],
    primaryKey: ["id"],
    foreignKeys: [],
    indexes: [{ columns: ["sku"], unique: true }],
  },
  {
    name: "customers",
    store: "commerce",
    columns: [
      c("id", "id"),
      v("email", 254),
      v("first_name", 100),
      v("last_name", 100),
      n("phone", "varchar", 20),
      n("date_of_birth", "date"),
      v("password_hash", 100),
      c("marketing_opt_in", "bool"),
      c("created_at", "timestamp"),
      n("last_login_at", "timestamp"),
      n("last_login_ip", "inet"),
      n("deleted_at", "timestamp"),
    ],
    primaryKey: ["id"],
    foreignKeys: [],
    // No index on phone: customer service looks customers up by e-mail, so nobody added one.
    indexes: [{ columns: ["email"], unique: true }],
  },
  {
    name: "addresses",
    store: "commerce",
    columns: [
      c("id", "id"),
      v("recipient_name", 200),
      v("street", 200),
      n("line2", "varchar", 100),
      v("city", 100),
      v("state", 40),
      v("postal_code", 10),
      c("country", "char", { length: 2 }),
      c("created_at", "timestamp"),
    ],
    primaryKey: ["id"],
    foreignKeys: [],
    indexes: [],
  },
  {
    name: "customer_addresses",
    store: "commerce",
    columns: [
      c("customer_id", "id"),
      c("address_id", "id"),
      v("kind", 16),
      c("is_default", "bool"),
      c("added_at", "timestamp"),
    ],
    primaryKey: ["customer_id", "address_id"],
    foreignKeys: [
      fk(["customer_id"], "customers", ["id"], "CASCADE"),
      fk(["address_id"], "addresses", ["id"], "RESTRICT"),
    ],
    indexes: [{ columns: ["address_id"] }],
  },
  {
    name: "payment_methods",
    store: "commerce",
    columns: [
      c("id", "id"),
      c("customer_id", "id"),
      v("processor_token", 64),
      v("brand", 20),
      c("last_four", "char", { length: 4 }),
      c("exp_month", "int"),
      c("exp_year", "int"),
      n("billing_address_id", "id"),
      c("created_at", "timestamp"),
    ],
    primaryKey: ["id"],
    foreignKeys: [
      fk(["customer_id"], "customers", ["id"], "CASCADE"),
      fk(["billing_address_id"], "addresses", ["id"], "SET NULL"),
    ],
    indexes: [{ columns: ["customer_id"] }],
  },
  {
    name: "orders",
    store: "commerce",
    columns: [
      c("id", "id"),
      v("order_number", 20),
      n("customer_id", "id"),
      v("email", 254),
      n("phone", "varchar", 20),
      v("billing_name", 200),
      c("shipping_address_id", "id"),
      c("billing_address_id", "id"),
      v("status", 20),
      c("subtotal", "decimal2"),
      c("tax", "decimal2"),
      c("shipping_fee", "decimal2"),
      c("total", "decimal2"),
      c("currency", "char", { length: 3 }),
      c("placed_at", "timestamp"),
      n("ip_address", "inet"),
      n("user_agent", "text"),
      n("gift_message", "text"),
    ],
    primaryKey: ["id"],
    foreignKeys: [
      fk(["customer_id"], "customers", ["id"], "SET NULL"),
      fk(["shipping_address_id"], "addresses", ["id"], "RESTRICT"),
      fk(["billing_address_id"], "addresses", ["id"], "RESTRICT"),
    ],
    indexes: [
      { columns: ["order_number"], unique: true },
      { columns: ["customer_id"] },
      { columns: ["email"] },
      { columns: ["placed_at"] },
    ],
  },
  {
    name: "order_items",
    store: "commerce",
    columns: [
      c("order_id", "id"),
      c("line_no", "int"),
      c("product_id", "id"),
      c("quantity", "int"),
      c("unit_price", "decimal2"),
      n("engraving_text", "varchar", 60),
      n("ring_size", "varchar", 6),
    ],
    primaryKey: ["order_id", "line_no"],
    foreignKeys: [
      fk(["order_id"], "orders", ["id"], "CASCADE"),
      fk(["product_id"], "products", ["id"], "RESTRICT"),
    ],
    indexes: [],
  },
  {
    name: "payments",
    store: "commerce",
    columns: [
      c("id", "id"),
      c("order_id", "id"),
      n("payment_method_id", "id"),
      c("amount", "decimal2"),
      v("card_brand", 20),
      c("card_last_four", "char", { length: 4 }),
      v("processor_ref", 64),
      v("status", 20),
      c("paid_at", "timestamp"),
    ],
    primaryKey: ["id"],
    foreignKeys: [
      fk(["order_id"], "orders", ["id"], "RESTRICT"),
      fk(["payment_method_id"], "payment_methods", ["id"], "SET NULL"),
    ],
    indexes: [{ columns: ["order_id"] }],
  },
  {
    name: "shipments",
    store: "commerce",
    columns: [
      c("id", "id"),
      c("order_id", "id"),
      c("address_id", "id"),
      v("ship_to_name", 200),
      v("carrier", 20),
      v("tracking_number", 40),
      c("shipped_at", "timestamp"),
      n("delivered_at", "timestamp"),
      n("signed_by", "varchar", 100),
    ],
    primaryKey: ["id"],
    foreignKeys: [
      fk(["order_id"], "orders", ["id"], "CASCADE"),
      fk(["address_id"], "addresses", ["id"], "RESTRICT"),
    ],
    indexes: [{ columns: ["order_id"] }],
  },
  {
    name: "returns",
    store: "commerce",
    columns: [
      c("id", "id"),
      c("order_id", "id"),
      v("contact_email", 254),
      v("reason", 40),
      n("comment", "text"),
      c("refund_amount", "decimal2"),
      v("status", 20),
      c("created_at", "timestamp"),
    ],
    primaryKey: ["id"],
    foreignKeys: [fk(["order_id"], "orders", ["id"], "RESTRICT")],
    // Returns are found through their order; contact_email (guests file returns too) has no index.
    indexes: [{ columns: ["order_id"] }],
  },
  {
    name: "service_tickets",
    store: "commerce",
    columns: [
      c("id", "id"),
      n("customer_id", "id"),
      n("order_id", "id"),
      v("kind", 16),
      v("item_description", 200),
      n("customer_notes", "text"),
      n("contact_phone", "varchar", 20),
      c("opened_at", "timestamp"),
      n("closed_at", "timestamp"),
      n("warranty_expires_on", "date"),
    ],
    primaryKey: ["id"],
    foreignKeys: [
      fk(["customer_id"], "customers", ["id"], "SET NULL"),
      fk(["order_id"], "orders", ["id"], "SET NULL"),
    ],
    indexes: [{ columns: ["customer_id"] }, { columns: ["order_id"] }],
  },
  {
    name: "upgrade_enrolments",
    store: "commerce",
    columns: [
      c("id", "id"),
      c("customer_id", "id"),
      c("order_id", "id"),
      c("line_no", "int"),
      c("original_value", "decimal2"),
      v("certificate_number", 20),
      v("status", 12),
      c("enrolled_at", "timestamp"),
    ],
    primaryKey: ["id"],
    foreignKeys: [
      fk(["customer_id"], "customers", ["id"], "RESTRICT"),
      fk(["order_id", "line_no"], "order_items", ["order_id", "line_no"], "CASCADE"),
    ],
    indexes: [{ columns: ["customer_id"] }, { columns: ["order_id", "line_no"] }],
  },
  {
    name: "wishlist_items",
    store: "commerce",
    columns: [
      c("customer_id", "id"),
      c("product_id", "id"),
      c("added_at", "timestamp"),
      n("note", "varchar", 200),
    ],
    primaryKey: ["customer_id", "product_id"],
    foreignKeys: [
      fk(["customer_id"], "customers", ["id"], "CASCADE"),
      fk(["product_id"], "products", ["id"], "CASCADE"),
    ],
    indexes: [],
  },
  {
    name: "designs",
    store: "commerce",
    columns: [
      c("id", "id"),
      n("customer_id", "id"),
      n("cookie_id", "varchar", 36),
      n("setting_product_id", "id"),
      v("stone_shape", 20),
      c("carat_weight", "decimal2"),
      v("metal", 40),
      n("ring_size", "varchar", 6),
      n("engraving_text", "varchar", 60),
      c("created_at", "timestamp"),
    ],
    primaryKey: ["id"],
    foreignKeys: [
      fk(["customer_id"], "customers", ["id"], "CASCADE"),
      fk(["setting_product_id"], "products", ["id"], "SET NULL"),
    ],
    indexes: [{ columns: ["customer_id"] }],
  },
  {
    name: "product_reviews",
    store: "commerce",
    columns: [
      c("id", "id"),
      c("product_id", "id"),
      n("customer_id", "id"),
      v("reviewer_name", 100),
      v("reviewer_email", 254),
      c("rating", "int"),
      v("title", 200),
      c("body", "text"),
      c("created_at", "timestamp"),
      n("ip_address", "inet"),
    ],
    primaryKey: ["id"],
    foreignKeys: [
      fk(["product_id"], "products", ["id"], "CASCADE"),
      fk(["customer_id"], "customers", ["id"], "SET NULL"),
    ],
    indexes: [{ columns: ["product_id"] }, { columns: ["customer_id"] }],
  },
  {
    name: "review_photos",
    store: "commerce",
    columns: [c("id", "id"), c("review_id", "id"), v("photo_url", 300), c("uploaded_at", "timestamp")],
    primaryKey: ["id"],
    foreignKeys: [fk(["review_id"], "product_reviews", ["id"], "CASCADE")],
    indexes: [{ columns: ["review_id"] }],
  },
  {
    name: "appointments",
    store: "commerce",
    columns: [
      c("id", "id"),
      n("customer_id", "id"),
      v("full_name", 200),
      v("email", 254),
      v("phone", 20),
      v("showroom", 60),
      v("purpose", 40),
      c("scheduled_at", "timestamp"),
      n("notes", "text"),
      c("created_at", "timestamp"),
    ],
    primaryKey: ["id"],
    foreignKeys: [fk(["customer_id"], "customers", ["id"], "SET NULL")],
    indexes: [{ columns: ["customer_id"] }, { columns: ["email"] }],
  },
  {
    name: "web_sessions",
    store: "commerce",
    columns: [
      v("id", 40),
      v("cookie_id", 36),
      n("customer_id", "id"),
      c("started_at", "timestamp"),
      c("ip_address", "inet"),
      c("user_agent", "text"),
      n("city", "varchar", 100),
      n("region", "varchar", 40),
      c("country", "char", { length: 2 }),
    ],
    primaryKey: ["id"],
    foreignKeys: [fk(["customer_id"], "customers", ["id"], "SET NULL")],
    indexes: [{ columns: ["cookie_id"] }, { columns: ["customer_id"] }],
  },
  {
    name: "page_views",
    store: "commerce",
    columns: [
      c("id", "id"),
      v("session_id", 40),
      v("cookie_id", 36),
      c("viewed_at", "timestamp"),
      v("url", 300),
      n("referrer", "varchar", 300),
      n("product_id", "id"),
    ],
    primaryKey: ["id"],
    foreignKeys: [
      fk(["session_id"], "web_sessions", ["id"], "CASCADE"),
      fk(["product_id"], "products", ["id"], "SET NULL"),
    ],
    // The largest table: only the session index exists; cookie_id was copied in "for analytics" and never indexed.
    indexes: [{ columns: ["session_id"] }],
  },
];

/** Marketing and customer-service tables. `customer_id` columns point at commerce customers without a foreign key. */
export const MARKETING_TABLES: readonly TableSpec[] = [
  {
    name: "sweepstakes",
    store: "marketing",
    columns: [
      c("id", "id"),
      v("name", 200),
      v("prize", 200),
      c("starts_at", "timestamp"),
      c("ends_at", "timestamp"),
    ],
    primaryKey: ["id"],
    foreignKeys: [],
    indexes: [],
  },
  {
    name: "newsletter_subscriptions",
    store: "marketing",
    columns: [
      c("id", "id"),
      v("email", 254),
      n("customer_id", "id"),
      n("first_name", "varchar", 100),
      v("source", 20),
      v("status", 16),
      c("subscribed_at", "timestamp"),
      n("confirmed_at", "timestamp"),
      n("unsubscribed_at", "timestamp"),
      n("consent_ip", "inet"),
    ],
    primaryKey: ["id"],
    foreignKeys: [],
    indexes: [{ columns: ["email"], unique: true }, { columns: ["customer_id"] }],
  },
  {
    name: "sms_subscriptions",
    store: "marketing",
    columns: [
      v("phone", 20),
      v("status", 16),
      v("keyword", 20),
      v("consent_text", 300),
      c("subscribed_at", "timestamp"),
      n("unsubscribed_at", "timestamp"),
      n("carrier", "varchar", 30),
    ],
    primaryKey: ["phone"],
    foreignKeys: [],
    indexes: [],
  },
  {
    name: "sweepstakes_entries",
    store: "marketing",
    columns: [
      c("sweepstakes_id", "id"),
      v("email", 254),
      v("full_name", 200),
      n("phone", "varchar", 20),
      v("postal_code", 10),
      n("customer_id", "id"),
      c("entered_at", "timestamp"),
      c("ip_address", "inet"),
      c("is_winner", "bool"),
    ],
    primaryKey: ["sweepstakes_id", "email"],
    foreignKeys: [fk(["sweepstakes_id"], "sweepstakes", ["id"], "CASCADE")],
    indexes: [],
  },
  {
    name: "referrals",
    store: "marketing",
    columns: [
      c("id", "id"),
      n("referrer_customer_id", "id"),
      v("referrer_email", 254),
      v("referrer_name", 200),
      v("product_sku", 32),
      n("message", "text"),
      c("sent_at", "timestamp"),
      n("converted_order_number", "varchar", 20),
    ],
    primaryKey: ["id"],
    foreignKeys: [],
    indexes: [{ columns: ["referrer_customer_id"] }, { columns: ["referrer_email"] }],
  },
  {
    name: "referral_recipients",
    store: "marketing",
    columns: [
      c("id", "id"),
      c("referral_id", "id"),
      n("friend_name", "varchar", 200),
      v("friend_email", 254),
      n("opened_at", "timestamp"),
    ],
    primaryKey: ["id"],
    foreignKeys: [fk(["referral_id"], "referrals", ["id"], "CASCADE")],
    indexes: [{ columns: ["friend_email"] }],
  },
  {
    name: "consultant_calls",
    store: "marketing",
    columns: [
      c("id", "id"),
      n("customer_id", "id"),
      v("phone", 20),
      v("direction", 8),
      v("consultant", 100),
      c("started_at", "timestamp"),
      c("duration_seconds", "int"),
      n("recording_ref", "varchar", 300),
      n("summary", "text"),
    ],
    primaryKey: ["id"],
    foreignKeys: [],
    indexes: [{ columns: ["customer_id"] }, { columns: ["phone"] }],
  },
  {
    name: "chats",
    store: "marketing",
    columns: [
      c("id", "id"),
      n("customer_id", "id"),
      n("cookie_id", "varchar", 36),
      n("visitor_name", "varchar", 200),
      n("visitor_email", "varchar", 254),
      v("agent", 100),
      c("started_at", "timestamp"),
      n("ended_at", "timestamp"),
    ],
    primaryKey: ["id"],
    foreignKeys: [],
    indexes: [{ columns: ["customer_id"] }, { columns: ["visitor_email"] }],
  },
  {
    name: "chat_messages",
    store: "marketing",
    columns: [
      c("id", "id"),
      c("chat_id", "id"),
      v("sender", 8),
      c("body", "text"),
      c("sent_at", "timestamp"),
    ],
    primaryKey: ["id"],
    foreignKeys: [fk(["chat_id"], "chats", ["id"], "CASCADE")],
    indexes: [],
  },
  {
    name: "support_emails",
    store: "marketing",
    columns: [
      c("id", "id"),
      n("customer_id", "id"),
      v("from_email", 254),
      n("from_name", "varchar", 200),
      v("subject", 300),
      c("body", "text"),
      n("order_number", "varchar", 20),
      c("received_at", "timestamp"),
    ],
    primaryKey: ["id"],
    foreignKeys: [],
    indexes: [{ columns: ["customer_id"] }, { columns: ["from_email"] }],
  },
  {
    name: "social_mentions",
    store: "marketing",
    columns: [
      c("id", "id"),
      v("platform", 20),
      v("handle", 100),
      n("customer_id", "id"),
      v("post_url", 300),
      c("content", "text"),
      c("mentioned_at", "timestamp"),
    ],
    primaryKey: ["id"],
    foreignKeys: [],
    indexes: [{ columns: ["handle"] }],
  },
];

/** All SQL tables of the shop. */
export const SHOP_TABLES: readonly TableSpec[] = [...COMMERCE_TABLES, ...MARKETING_TABLES];

/** Redis key patterns of the shop's cache, without the key prefix. */
export const REDIS_KEY_KINDS = [
  "session",
  "customer-sessions",
  "cart",
  "guest-cart",
  "recently-viewed",
  "viewed-anon",
] as const;
export type RedisKeyKind = (typeof REDIS_KEY_KINDS)[number];

/**
 * Looks up a table by name.
 *
 * @example
 * tableSpec("orders")?.primaryKey; // ["id"]
 */
export function tableSpec(name: string): TableSpec | undefined {
  return SHOP_TABLES.find((t) => t.name === name);
}
