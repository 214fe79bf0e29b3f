import { Redis } from "ioredis";
import mysql from "mysql2/promise";
import pg from "pg";

/** Rows per `system.table` (Redis: `cache.<pattern>`): primary key string → whole row. */
export type DirectRows = Map<string, Map<string, Record<string, unknown>>>;

/** Open connections to the sample shop's three stores, for hand-written queries. */
export interface DirectShop {
  pg: pg.Client;
  my: mysql.Connection;
  redis: Redis;
  prefix: string;
  close(): Promise<void>;
}

/**
 * Connects to the sample shop's stores (PostgreSQL commerce, MariaDB marketing, Redis cache).
 *
 * @example
 * const shop = await openDirectShop(env, "shop:");
 */
export async function openDirectShop(env: Record<string, string>, prefix: string): Promise<DirectShop> {
  const client = new pg.Client({ connectionString: env.SHOP_COMMERCE_URL });
  await client.connect();
  const my = await mysql.createConnection({
    uri: env.SHOP_MARKETING_URL,
    timezone: "Z",
    supportBigNumbers: true,
  });
  const redis = new Redis(env.SHOP_CACHE_URL as string, { lazyConnect: true, maxRetriesPerRequest: 1 });
  redis.on("error", () => {});
  await redis.connect();
  return {
    pg: client,
    my,
    redis,
    prefix,
    close: async () => {
      await client.end();
      await my.end();
      redis.disconnect();
    },
  };
}

const keyOf = (r: Record<string, unknown>, pk: string[]) => JSON.stringify(pk.map((c) => String(r[c])));

/**
 * Every row of one customer of the sample shop, fetched by hand-written SQL that knows the shop's schema: the
 * floor the engine is measured against, and the ground truth its tests compare with. It follows the same rules the
 * annotations state (guest orders by e-mail, the customer's cookies and sessions, friends found by their own e-mail).
 *
 * @example
 * const rows = await directSubjectRows(shop, 42);
 * rows.get("commerce.orders")?.size;
 */
export async function directSubjectRows(shop: DirectShop, customerId: number): Promise<DirectRows> {
  const out: DirectRows = new Map();
  const put = (table: string, rows: Record<string, unknown>[], pk: string[]) => {
    const m = out.get(table) ?? new Map();
    for (const r of rows) m.set(keyOf(r, pk), r);
    out.set(table, m);
  };
  const q = async (sql: string, params: unknown[]) => (await shop.pg.query(sql, params)).rows;
  const m = async (sql: string, params: unknown[]) => {
    const [rows] = await shop.my.query(sql, params);
    return rows as Record<string, unknown>[];
  };
  const [me] = await q("SELECT * FROM customers WHERE id = $1", [customerId]);
  if (!me) return out;
  put("commerce.customers", [me], ["id"]);
  const email = String(me.email).toLowerCase();
  const phone = me.phone as string | null;
  const orders = await q(
    "SELECT * FROM orders WHERE customer_id = $1 OR lower(email) = $2 OR ($3::text IS NOT NULL AND phone = $3)",
    [customerId, email, phone],
  );
  put("commerce.orders", orders, ["id"]);
  const orderIds = orders.map((o) => o.id);
  const numbers = orders.map((o) => o.order_number);
  put("commerce.order_items", await q("SELECT * FROM order_items WHERE order_id = ANY($1)", [orderIds]), [
    "order_id",
    "line_no",
  ]);
  put("commerce.payments", await q("SELECT * FROM payments WHERE order_id = ANY($1)", [orderIds]), ["id"]);
  const shipments = await q("SELECT * FROM shipments WHERE order_id = ANY($1)", [orderIds]);
  put("commerce.shipments", shipments, ["id"]);
  put(
    "commerce.returns",
    await q("SELECT * FROM returns WHERE order_id = ANY($1) OR lower(contact_email) = $2", [orderIds, email]),
    ["id"],
  );
  const ca = await q("SELECT * FROM customer_addresses WHERE customer_id = $1", [customerId]);
  put("commerce.customer_addresses", ca, ["customer_id", "address_id"]);
  const pms = await q("SELECT * FROM payment_methods WHERE customer_id = $1", [customerId]);
  put("commerce.payment_methods", pms, ["id"]);
  put(
    "commerce.service_tickets",
    await q(
      "SELECT * FROM service_tickets WHERE customer_id = $1 OR order_id = ANY($2) OR contact_phone = $3",
      [customerId, orderIds, phone],
    ),
    ["id"],
  );
  put(
    "commerce.upgrade_enrolments",
    await q("SELECT * FROM upgrade_enrolments WHERE customer_id = $1", [customerId]),
    ["id"],
  );
  put(
    "commerce.wishlist_items",
    await q("SELECT * FROM wishlist_items WHERE customer_id = $1", [customerId]),
    ["customer_id", "product_id"],
  );
  // The customer's devices: cookies seen signed in (sessions, designs, chats).
  const chatsById = await m("SELECT * FROM chats WHERE customer_id = ? OR visitor_email = ?", [
    customerId,
    email,
  ]);
  const cookies = [
    ...new Set([
      ...(await q("SELECT cookie_id FROM web_sessions WHERE customer_id = $1", [customerId])).map(
        (r) => r.cookie_id,
      ),
      ...(
        await q("SELECT cookie_id FROM designs WHERE customer_id = $1 AND cookie_id IS NOT NULL", [
          customerId,
        ])
      ).map((r) => r.cookie_id),
      ...chatsById.map((c) => c.cookie_id).filter((c) => c !== null),
    ]),
  ];
  const sessions = await q("SELECT * FROM web_sessions WHERE customer_id = $1 OR cookie_id = ANY($2)", [
    customerId,
    cookies,
  ]);
  put("commerce.web_sessions", sessions, ["id"]);
  const sessionIds = sessions.map((s) => s.id);
  put(
    "commerce.page_views",
    await q("SELECT * FROM page_views WHERE session_id = ANY($1) OR cookie_id = ANY($2)", [
      sessionIds,
      cookies,
    ]),
    ["id"],
  );
  put(
    "commerce.designs",
    await q("SELECT * FROM designs WHERE customer_id = $1 OR cookie_id = ANY($2)", [customerId, cookies]),
    ["id"],
  );
  const reviews = await q(
    "SELECT * FROM product_reviews WHERE customer_id = $1 OR lower(reviewer_email) = $2",
    [customerId, email],
  );
  put("commerce.product_reviews", reviews, ["id"]);
  put(
    "commerce.review_photos",
    await q("SELECT * FROM review_photos WHERE review_id = ANY($1)", [reviews.map((r) => r.id)]),
    ["id"],
  );
  put(
    "commerce.appointments",
    await q("SELECT * FROM appointments WHERE customer_id = $1 OR lower(email) = $2 OR phone = $3", [
      customerId,
      email,
      phone,
    ]),
    ["id"],
  );
  const addressIds = new Set<unknown>([
    ...ca.map((r) => r.address_id),
    ...orders.flatMap((o) => [o.shipping_address_id, o.billing_address_id]),
    ...shipments.map((s) => s.address_id),
    ...pms.map((p) => p.billing_address_id).filter((x) => x !== null),
  ]);
  put("commerce.addresses", await q("SELECT * FROM addresses WHERE id = ANY($1)", [[...addressIds]]), ["id"]);
  // Marketing (MariaDB compares e-mails case-insensitively through its collation).
  const none = ["\u0000"];
  const list = <T>(xs: T[]) => (xs.length > 0 ? xs : none);
  put(
    "marketing.newsletter_subscriptions",
    await m("SELECT * FROM newsletter_subscriptions WHERE email = ? OR customer_id = ?", [email, customerId]),
    ["id"],
  );
  put(
    "marketing.sms_subscriptions",
    await m("SELECT * FROM sms_subscriptions WHERE phone = ?", [phone ?? "\u0000"]),
    ["phone"],
  );
  put(
    "marketing.sweepstakes_entries",
    await m("SELECT * FROM sweepstakes_entries WHERE email = ? OR phone = ? OR customer_id = ?", [
      email,
      phone ?? "\u0000",
      customerId,
    ]),
    ["sweepstakes_id", "email"],
  );
  put(
    "marketing.referrals",
    await m("SELECT * FROM referrals WHERE referrer_customer_id = ? OR referrer_email = ?", [
      customerId,
      email,
    ]),
    ["id"],
  );
  put(
    "marketing.referral_recipients",
    await m("SELECT * FROM referral_recipients WHERE friend_email = ?", [email]),
    ["id"],
  );
  put(
    "marketing.consultant_calls",
    await m("SELECT * FROM consultant_calls WHERE customer_id = ? OR phone = ?", [
      customerId,
      phone ?? "\u0000",
    ]),
    ["id"],
  );
  const chats = await m(
    "SELECT * FROM chats WHERE customer_id = ? OR visitor_email = ? OR cookie_id IN (?)",
    [customerId, email, list(cookies)],
  );
  put("marketing.chats", chats, ["id"]);
  put(
    "marketing.chat_messages",
    await m("SELECT * FROM chat_messages WHERE chat_id IN (?)", [list(chats.map((c) => c.id))]),
    ["id"],
  );
  put(
    "marketing.support_emails",
    await m("SELECT * FROM support_emails WHERE customer_id = ? OR from_email = ? OR order_number IN (?)", [
      customerId,
      email,
      list(numbers),
    ]),
    ["id"],
  );
  put(
    "marketing.social_mentions",
    await m("SELECT * FROM social_mentions WHERE customer_id = ?", [customerId]),
    ["id"],
  );
  // Cache.
  const keys = [
    `cart:${customerId}`,
    `recently-viewed:${customerId}`,
    `customer-sessions:${customerId}`,
    ...sessionIds.flatMap((s) => [`session:${s}`, `guest-cart:${s}`]),
    ...cookies.map((c) => `viewed-anon:${c}`),
  ];
  const pipe = shop.redis.pipeline();
  for (const k of keys) pipe.type(shop.prefix + k);
  const types = (await pipe.exec()) ?? [];
  const read = shop.redis.pipeline();
  const present: string[] = [];
  keys.forEach((k, i) => {
    const t = types[i]?.[1];
    if (t === "none") return;
    present.push(k);
    if (t === "hash") read.hgetall(shop.prefix + k);
    else if (t === "set") read.smembers(shop.prefix + k);
    else read.zrange(shop.prefix + k, 0, -1, "WITHSCORES");
  });
  const values = (await read.exec()) ?? [];
  present.forEach((k, i) => {
    const pattern = k.replace(/:.*$/, (s) => `:{${s.slice(1)}}`).replace(/\{.*\}$/, `{${placeholderFor(k)}}`);
    put(`cache.${pattern}`, [{ $key: k, value: values[i]?.[1] }], ["$key"]);
  });
  return out;
}

function placeholderFor(key: string): string {
  const kind = key.slice(0, key.indexOf(":"));
  if (kind === "session" || kind === "guest-cart") return "session_id";
  if (kind === "viewed-anon") return "cookie_id";
  return "customer_id";
}
