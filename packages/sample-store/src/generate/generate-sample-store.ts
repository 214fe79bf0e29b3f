import { SeededRandom, seedFor } from "../random/seeded-random.js";
import { SHOP_TABLES } from "../schema/shop-schema.js";
import { MAX_CUSTOMERS, type Person, person } from "./people.js";
import * as W from "./word-lists.js";

/** One column value as the generator produces it (see `ColumnType` for what each type holds). */
export type Value = string | number | boolean | null;
/** One row, in the column order of its table. */
export type Row = Value[];

/** One Redis key of the shop's cache, without the key prefix. */
export type RedisEntry =
  | { key: string; type: "hash"; fields: Record<string, string>; ttlSeconds?: number }
  | { key: string; type: "zset"; members: [score: number, member: string][]; ttlSeconds?: number }
  | { key: string; type: "set"; members: string[]; ttlSeconds?: number };

/** The rows of a run of consecutive customers (and, in the first chunk, the catalogue). */
export interface SampleChunk {
  /** Index of the first customer of the chunk (0-based). */
  firstCustomer: number;
  /** How many customers the chunk covers. */
  customers: number;
  /** Rows per table, keyed by table name, in the order tables must be loaded (parents first). */
  tables: Record<string, Row[]>;
  redis: RedisEntry[];
}

export interface SampleStoreOptions {
  /** Account holders to generate; guests, friends, newsletter-only and SMS-only people come on top. */
  customers: number;
  /** Same seed, same shop. */
  seed: number;
  /** The moment the shop's data ends, ISO 8601; every timestamp lies before it. Default 2026-01-01T00:00:00Z. */
  now?: string;
  /** Customers with a very large browsing history. Default 3 (fewer when there are fewer customers). */
  largeHistories?: number;
  /** Page views of each of those customers, at least. Default 10,000. */
  largeHistoryPageViews?: number;
  /** Customers per chunk. Default 1,000. The data does not depend on it. */
  chunkSize?: number;
}

const DAY = 86_400_000;
const YEAR = 365 * DAY;
const DEFAULT_NOW = "2026-01-01T00:00:00.000Z";
const PRODUCT_COUNT = 360;
const SESSION_TTL = 30 * 86_400;

/** The options with their defaults filled in. */
export interface ResolvedSampleStoreOptions {
  customers: number;
  seed: number;
  now: number;
  largeHistories: number;
  largeHistoryPageViews: number;
  chunkSize: number;
}

/**
 * Fills in defaults and checks the options; throws a `RangeError` on a bad value.
 *
 * @example
 * resolveSampleStoreOptions({ customers: 10, seed: 1 }).largeHistories; // 3
 */
export function resolveSampleStoreOptions(options: SampleStoreOptions): ResolvedSampleStoreOptions {
  const { customers, seed } = options;
  if (!Number.isInteger(customers) || customers < 0 || customers > MAX_CUSTOMERS)
    throw new RangeError(`customers must be an integer from 0 to ${MAX_CUSTOMERS}`);
  if (!Number.isInteger(seed)) throw new RangeError("seed must be an integer");
  const now = Date.parse(options.now ?? DEFAULT_NOW);
  if (Number.isNaN(now)) throw new RangeError(`now is not an ISO date: ${options.now}`);
  const largeHistories = Math.min(options.largeHistories ?? 3, customers);
  const largeHistoryPageViews = options.largeHistoryPageViews ?? 10_000;
  const chunkSize = options.chunkSize ?? 1000;
  if (!Number.isInteger(chunkSize) || chunkSize < 1)
    throw new RangeError("chunkSize must be a positive integer");
  return { customers, seed, now, largeHistories, largeHistoryPageViews, chunkSize };
}

/**
 * The customers (0-based indexes) that get a very large browsing history, spread evenly over the range.
 *
 * @example
 * largeHistoryCustomers(1000, 3); // [166, 500, 833]
 */
export function largeHistoryCustomers(customers: number, count: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < count; k++) out.push(Math.floor(((k + 0.5) * customers) / count));
  return out;
}

/**
 * Generates the sample jewellery shop as a stream of chunks, so that memory stays bounded however many customers
 * are asked for. Deterministic: the same options give the same rows, byte for byte, whatever the chunk size.
 *
 * @example
 * for (const chunk of generateSampleStore({ customers: 100, seed: 42 })) {
 *   chunk.tables.customers?.length; // 100 in the single chunk
 * }
 */
export function* generateSampleStore(options: SampleStoreOptions): Generator<SampleChunk> {
  const o = resolveSampleStoreOptions(options);
  const gen = new ShopGenerator(o);
  let first = 0;
  let chunk = gen.newChunk(0);
  gen.catalogue();
  while (first < o.customers) {
    const end = Math.min(first + o.chunkSize, o.customers);
    for (let i = first; i < end; i++) gen.customer(i);
    chunk.customers = end - first;
    yield chunk;
    first = end;
    chunk = gen.newChunk(first);
  }
  if (o.customers === 0) yield chunk;
}

interface Product {
  id: number;
  sku: string;
  name: string;
  category: string;
  metal: string;
  price: number;
  url: string;
}

interface OrderRef {
  id: number;
  customerId: number | null;
  number: string;
  placedAt: number;
  deliveredAt: number | null;
  items: { line: number; product: Product; price: number }[];
}

class ShopGenerator {
  readonly o: ResolvedSampleStoreOptions;
  readonly large: Set<number>;
  products: Product[] = [];
  sweepstakes: { id: number; start: number; end: number }[] = [];
  ids = {
    address: 0,
    paymentMethod: 0,
    order: 0,
    payment: 0,
    shipment: 0,
    return: 0,
    ticket: 0,
    upgrade: 0,
    design: 0,
    review: 0,
    photo: 0,
    appointment: 0,
    pageView: 0,
    newsletter: 0,
    referral: 0,
    recipient: 0,
    call: 0,
    chat: 0,
    message: 0,
    email: 0,
    mention: 0,
  };
  lastHomeAddress = 0;
  chunk!: SampleChunk;
  t!: Record<string, Row[]>;

  constructor(o: ResolvedSampleStoreOptions) {
    this.o = o;
    this.large = new Set(largeHistoryCustomers(o.customers, o.largeHistories));
  }

  newChunk(firstCustomer: number): SampleChunk {
    const tables: Record<string, Row[]> = {};
    for (const t of SHOP_TABLES) tables[t.name] = [];
    this.chunk = { firstCustomer, customers: 0, tables, redis: [] };
    this.t = tables;
    return this.chunk;
  }

  push(table: string, row: Row): void {
    (this.t[table] as Row[]).push(row);
  }

  /** Products and sweepstakes: the rows every customer refers to. */
  catalogue(): void {
    const rng = new SeededRandom(seedFor(this.o.seed, "catalogue", 0));
    const start = this.o.now - 9 * YEAR;
    for (let id = 1; id <= PRODUCT_COUNT; id++) {
      const [category, noun, min, max] = rng.pick(W.PRODUCT_KINDS);
      const metal = rng.pick(W.METALS);
      const stone = rng.pick(W.STONES);
      const name = `${rng.pick(W.STYLES)} ${stone} ${noun} in ${metal}`;
      const price = (min + Math.floor(rng.next() ** 2 * (max - min))) * 100 + (rng.chance(0.7) ? 0 : 99);
      const sku = `AFJ-${category.slice(0, 2).toUpperCase()}-${String(id).padStart(5, "0")}`;
      const slug = `${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${id}`;
      const p: Product = { id, sku, name, category, metal, price, url: `/products/${slug}` };
      this.products.push(p);
      this.push("products", [id, sku, name, category, metal, price, start + rng.int(0, 8 * 365) * DAY]);
    }
    for (let id = 1; id <= 12; id++) {
      const [name, prize] = W.SWEEPSTAKES[(id - 1) % W.SWEEPSTAKES.length] as readonly [string, string];
      const s = this.o.now - (12 - id + 1) * 150 * DAY;
      const year = new Date(s).getUTCFullYear();
      this.sweepstakes.push({ id, start: s, end: s + 45 * DAY });
      this.push("sweepstakes", [id, `${name} ${year}`, prize, s, s + 45 * DAY]);
    }
  }

  // --- small helpers -------------------------------------------------------------------------------------------

  time(rng: SeededRandom, from: number, to: number): number {
    return to <= from ? from : from + Math.floor(rng.next() * (to - from));
  }

  ip(rng: SeededRandom): string {
    if (rng.chance(0.85)) return `${rng.pick(["192.0.2", "198.51.100", "203.0.113"])}.${rng.int(1, 254)}`;
    const g = () => rng.int(1, 0xffff).toString(16);
    return `2001:db8:${g()}:${g()}::${g()}`;
  }

  date(ms: number): string {
    return new Date(ms).toISOString().slice(0, 10);
  }

  /** An e-mail address as a person typed it: sometimes with capitals. */
  typed(rng: SeededRandom, email: string): string {
    if (!rng.chance(0.3)) return email;
    return email.replace(/(^|[.@])([a-z])/g, (_m, sep: string, ch: string) => sep + ch.toUpperCase());
  }

  address(rng: SeededRandom, recipient: string, cityIndex: number, at: number): number {
    const id = ++this.ids.address;
    const [city, state, stem, country] = W.CITIES[cityIndex] as readonly [
      string,
      string,
      string,
      string,
      string,
    ];
    const street = `${rng.int(1, 9999)} ${rng.pick(W.STREET_NAMES)} ${rng.pick(W.STREET_TYPES)}`;
    const line2 = rng.chance(0.2) ? `Apt ${rng.int(1, 40)}${rng.pick(["A", "B", "C", "D"])}` : null;
    const postal =
      country === "US" || country === "FR" || country === "DE" || country === "NL"
        ? `${stem}${String(rng.int(0, 99)).padStart(2, "0")}`
        : `${stem} ${rng.int(1, 9)}${rng.pick(["AB", "QT", "XY", "LW"])}`;
    this.push("addresses", [id, recipient, street, line2, city, state, postal, country, at]);
    return id;
  }

  cityOf(p: Person): readonly [string, string, string, string, string] {
    return W.CITIES[p.city] as readonly [string, string, string, string, string];
  }

  product(rng: SeededRandom): Product {
    return this.products[rng.int(0, this.products.length - 1)] as Product;
  }

  // --- one customer and everything around them ----------------------------------------------------------------

  customer(i: number): void {
    const { seed, now } = this.o;
    const rng = new SeededRandom(seedFor(seed, "customer", i));
    const id = i + 1;
    const me = person(seed, "customer", i);
    const name = `${me.first} ${me.last}`;
    const isLarge = this.large.has(i);
    const created = now - rng.int(30, 8 * 365) * DAY - rng.int(0, DAY - 1);
    const phone = rng.chance(0.85) ? me.phone : null;
    const dob = rng.chance(0.3) ? this.date(now - rng.int(19 * 365, 75 * 365) * DAY) : null;
    const loginAt = rng.chance(0.8) ? this.time(rng, created, now) : null;
    const deletedAt = rng.chance(0.02) ? this.time(rng, created, now) : null;
    const optIn = rng.chance(0.45);
    this.push("customers", [
      id,
      me.email,
      me.first,
      me.last,
      phone,
      dob,
      `$argon2id$v=19$m=65536,t=3,p=4$${rng.hex(22)}$${rng.hex(43)}`,
      optIn,
      created,
      loginAt,
      loginAt === null ? null : this.ip(rng),
      deletedAt,
    ]);

    // Addresses: some households share one (a couple, flatmates) through customer_addresses.
    let home: number;
    if (i > 0 && this.lastHomeAddress > 0 && rng.chance(0.07)) home = this.lastHomeAddress;
    else home = this.address(rng, name, me.city, created);
    this.lastHomeAddress = home;
    this.push("customer_addresses", [id, home, "home", true, created]);
    const shipTo: { id: number; name: string }[] = [{ id: home, name }];
    if (rng.chance(0.25)) {
      // A gift recipient or a work address: another person's name, another data subject.
      const other = person(seed, "friend", i);
      const recipient = rng.chance(0.5) ? `${other.first} ${other.last}` : name;
      const a = this.address(rng, recipient, other.city, this.time(rng, created, now));
      this.push("customer_addresses", [id, a, recipient === name ? "work" : "gift", false, created]);
      shipTo.push({ id: a, name: recipient });
    }

    // Saved cards: a processor token and the last four digits.
    const cards: { id: number; brand: string; last4: string }[] = [];
    const nCards = rng.int(0, 2);
    for (let k = 0; k < nCards; k++) {
      const pm = ++this.ids.paymentMethod;
      const brand = rng.pick(W.CARD_BRANDS);
      const last4 = String(rng.int(0, 9999)).padStart(4, "0");
      this.push("payment_methods", [
        pm,
        id,
        `tok_${rng.hex(24)}`,
        brand,
        last4,
        rng.int(1, 12),
        new Date(now).getUTCFullYear() + rng.int(-1, 5),
        rng.chance(0.9) ? home : null,
        this.time(rng, created, now),
      ]);
      cards.push({ id: pm, brand, last4 });
    }

    // Orders while signed in, and one placed as a guest before the account existed (known by e-mail only).
    const r = rng.next();
    let nOrders = r < 0.3 ? 0 : r < 0.65 ? 1 : r < 0.85 ? 2 : r < 0.95 ? 3 : rng.int(4, 6);
    if (isLarge) nOrders = rng.int(8, 15);
    const orders: OrderRef[] = [];
    if (created > now - 7 * YEAR && rng.chance(0.15)) {
      const at = this.time(rng, created - 2 * YEAR, created - DAY);
      orders.push(
        this.order(rng, {
          customerId: null,
          email: this.typed(rng, me.email),
          phone,
          name,
          shipTo: shipTo[0] as { id: number; name: string },
          billing: home,
          at,
          cards: [],
        }),
      );
    }
    for (let k = 0; k < nOrders; k++) {
      const to = rng.chance(0.8) ? (shipTo[0] as { id: number; name: string }) : rng.pick(shipTo);
      orders.push(
        this.order(rng, {
          customerId: id,
          email: me.email,
          phone,
          name,
          shipTo: to,
          billing: home,
          at: this.time(rng, created, now),
          cards,
        }),
      );
    }

    // After-sales: warranty, repair, resize and cleaning tickets; Diamond Upgrade enrolments.
    for (const order of orders) {
      for (const item of order.items) {
        if (order.deliveredAt === null) continue;
        if (rng.chance(0.1)) {
          const kind = rng.pick(["warranty", "warranty", "repair", "resize", "resize", "cleaning"] as const);
          const opened = this.time(rng, order.deliveredAt, now);
          const closed = rng.chance(0.85) ? this.time(rng, opened, Math.min(now, opened + 40 * DAY)) : null;
          const expires = kind === "warranty" ? this.date(order.placedAt + rng.pick([1, 2, 5]) * YEAR) : null;
          this.push("service_tickets", [
            ++this.ids.ticket,
            rng.chance(0.9) ? id : null,
            order.id,
            kind,
            item.product.name,
            rng.chance(0.5) ? rng.pick(W.TICKET_NOTES) : null,
            rng.chance(0.7) ? phone : null,
            opened,
            closed,
            expires,
          ]);
        }
        if (
          (item.product.category === "engagement-rings" || item.product.category === "loose-diamonds") &&
          rng.chance(0.25)
        ) {
          this.push("upgrade_enrolments", [
            ++this.ids.upgrade,
            id,
            order.id,
            item.line,
            item.price,
            `GIA${rng.int(1_000_000_000, 2_999_999_999)}`,
            rng.chance(0.85) ? "active" : "used",
            this.time(rng, order.placedAt, Math.min(now, order.placedAt + 30 * DAY)),
          ]);
        }
        // Reviews with photos.
        if (rng.chance(0.08)) {
          const rid = ++this.ids.review;
          const at = this.time(rng, order.deliveredAt, now);
          this.push("product_reviews", [
            rid,
            item.product.id,
            order.customerId,
            `${me.first} ${me.last.charAt(0)}.`,
            me.email,
            rng.chance(0.8) ? 5 : rng.int(2, 4),
            rng.pick(W.REVIEW_TITLES),
            rng.pick(W.REVIEW_BODIES),
            at,
            rng.chance(0.9) ? this.ip(rng) : null,
          ]);
          if (rng.chance(0.35)) {
            const nPhotos = rng.int(1, 3);
            for (let k = 0; k < nPhotos; k++) {
              const ph = ++this.ids.photo;
              this.push("review_photos", [
                ph,
                rid,
                `https://media.aurora-jewelry.example/reviews/${rid}/${rng.hex(12)}.jpg`,
                at,
              ]);
            }
          }
        }
      }
    }

    // Wishlist.
    if (rng.chance(0.5)) {
      const seen = new Set<number>();
      const n = rng.int(1, 6);
      for (let k = 0; k < n; k++) {
        const p = this.product(rng);
        if (seen.has(p.id)) continue;
        seen.add(p.id);
        this.push("wishlist_items", [
          id,
          p.id,
          this.time(rng, created, now),
          rng.chance(0.1) ? "for our anniversary" : null,
        ]);
      }
    }

    // Devices (cookie ids), sessions and page views; the most recent session may still be in the cache.
    const cookies = [rng.uuid()];
    if (rng.chance(0.4)) cookies.push(rng.uuid());
    const [city, region, , country] = this.cityOf(me);
    let nSessions = rng.next() < 0.3 ? 0 : rng.int(1, 4);
    let viewsPerSession: [number, number] = [1, 8];
    if (isLarge) {
      const target = this.o.largeHistoryPageViews + rng.int(0, 2000);
      viewsPerSession = [40, 60];
      nSessions = Math.ceil(target / 40);
    }
    const recent = nSessions > 0 && rng.chance(0.3);
    const viewed: [number, string][] = [];
    for (let s = 0; s < nSessions; s++) {
      const cookie = rng.pick(cookies);
      const isRecent = recent && s === nSessions - 1;
      const started = isRecent
        ? now - rng.int(1, 29 * 24 * 60) * 60_000
        : this.time(rng, Math.max(created - 30 * DAY, now - 3 * YEAR), now - 30 * DAY);
      const signedIn = rng.chance(0.7);
      const sessionId = rng.hex(32);
      const ip = this.ip(rng);
      const ua = rng.pick(W.USER_AGENTS);
      const coarse = rng.chance(0.9);
      this.push("web_sessions", [
        sessionId,
        cookie,
        signedIn ? id : null,
        started,
        ip,
        ua,
        coarse ? city : null,
        coarse ? region : null,
        country,
      ]);
      const views = this.pageViews(
        rng,
        sessionId,
        cookie,
        started,
        rng.int(viewsPerSession[0], viewsPerSession[1]),
      );
      if (isRecent) {
        for (const v of views) if (v[1]) viewed.push([v[0], v[1]]);
        this.chunk.redis.push({
          key: `session:${sessionId}`,
          type: "hash",
          fields: {
            ...(signedIn ? { customer_id: String(id) } : {}),
            cookie_id: cookie,
            ip,
            user_agent: ua,
            ...(coarse ? { city } : {}),
            last_seen: new Date(views[views.length - 1]?.[0] ?? started).toISOString(),
          },
          ttlSeconds: SESSION_TTL,
        });
        if (signedIn) {
          // The customer's live sessions, to sign out everywhere; stale ids of expired sessions linger.
          const members = [sessionId];
          if (rng.chance(0.3)) members.push(rng.hex(32));
          this.chunk.redis.push({ key: `customer-sessions:${id}`, type: "set", members });
        }
      }
    }
    if (viewed.length > 0 || (nSessions > 0 && rng.chance(0.3))) {
      const members = new Map<string, number>();
      for (const [at, sku] of viewed) members.set(sku, at);
      if (members.size === 0) members.set(this.product(rng).sku, now - rng.int(1, 60) * DAY);
      this.chunk.redis.push({
        key: `recently-viewed:${id}`,
        type: "zset",
        members: [...members].map(([sku, at]) => [at, sku] as [number, string]).slice(-20),
      });
    }
    if (rng.chance(0.1)) {
      const fields: Record<string, string> = {};
      const n = rng.int(1, 3);
      for (let k = 0; k < n; k++) fields[this.product(rng).sku] = String(rng.int(1, 2));
      this.chunk.redis.push({ key: `cart:${id}`, type: "hash", fields });
    }

    // Build-your-own designs.
    if (rng.chance(0.08)) {
      const n = rng.int(1, 2);
      for (let k = 0; k < n; k++) this.design(rng, id, rng.pick(cookies), created);
    }

    // Showroom appointments.
    if (rng.chance(0.05)) {
      const booked = this.time(rng, created, now - DAY);
      this.push("appointments", [
        ++this.ids.appointment,
        rng.chance(0.8) ? id : null,
        name,
        me.email,
        phone ?? me.phone,
        rng.pick(W.SHOWROOMS),
        rng.pick(W.APPOINTMENT_PURPOSES),
        booked + rng.int(1, 21) * DAY,
        rng.chance(0.4) ? rng.pick(W.APPOINTMENT_NOTES) : null,
        booked,
      ]);
    }

    this.marketing(rng, i, me, phone, created, cookies, orders);
    this.anonymousVisitor(i);
    this.guest(i);
  }

  order(
    rng: SeededRandom,
    a: {
      customerId: number | null;
      email: string;
      phone: string | null;
      name: string;
      shipTo: { id: number; name: string };
      billing: number;
      at: number;
      cards: { id: number; brand: string; last4: string }[];
    },
  ): OrderRef {
    const { now } = this.o;
    const id = ++this.ids.order;
    const number = `AFJ-${100000 + id}`;
    const items: OrderRef["items"] = [];
    const nItems = rng.chance(0.7) ? 1 : rng.int(2, 3);
    let subtotal = 0;
    for (let line = 1; line <= nItems; line++) {
      const product = this.product(rng);
      const quantity = rng.chance(0.9) ? 1 : 2;
      const ring = product.category.endsWith("rings") || product.category === "wedding-bands";
      items.push({ line, product, price: product.price });
      subtotal += product.price * quantity;
      this.push("order_items", [
        id,
        line,
        product.id,
        quantity,
        product.price,
        ring && rng.chance(0.15) ? rng.pick(W.ENGRAVINGS) : null,
        ring ? rng.pick(W.RING_SIZES) : null,
      ]);
    }
    const tax = Math.round(subtotal * 0.0725);
    const fee = subtotal >= 50_000 ? 0 : 1500;
    const total = subtotal + tax + fee;
    const recent = a.at > now - 5 * DAY;
    const cancelled = !recent && rng.chance(0.03);
    const returned = !recent && !cancelled && rng.chance(0.06);
    const status = recent ? "processing" : cancelled ? "cancelled" : returned ? "returned" : "delivered";
    this.push("orders", [
      id,
      number,
      a.customerId,
      a.email,
      a.phone,
      a.name,
      a.shipTo.id,
      a.billing,
      status,
      subtotal,
      tax,
      fee,
      total,
      "USD",
      a.at,
      this.ip(rng),
      rng.pick(W.USER_AGENTS),
      rng.chance(0.08) ? rng.pick(W.GIFT_MESSAGES) : null,
    ]);
    const card = a.cards.length > 0 && rng.chance(0.7) ? rng.pick(a.cards) : null;
    this.push("payments", [
      ++this.ids.payment,
      id,
      card ? card.id : null,
      total,
      card ? card.brand : rng.pick(W.CARD_BRANDS),
      card ? card.last4 : String(rng.int(0, 9999)).padStart(4, "0"),
      `ch_${rng.hex(24)}`,
      cancelled ? "voided" : returned ? "refunded" : "captured",
      a.at + rng.int(5, 120) * 1000,
    ]);
    let deliveredAt: number | null = null;
    if (!recent && !cancelled) {
      const shipped = a.at + rng.int(1, 3) * DAY;
      deliveredAt = shipped + rng.int(2, 5) * DAY;
      if (deliveredAt > now) deliveredAt = null;
      this.push("shipments", [
        ++this.ids.shipment,
        id,
        a.shipTo.id,
        a.shipTo.name,
        rng.pick(W.CARRIERS),
        `1Z${rng.hex(16).toUpperCase()}`,
        shipped,
        deliveredAt,
        deliveredAt !== null && rng.chance(0.5) ? a.shipTo.name : null,
      ]);
      if (returned && deliveredAt !== null) {
        this.push("returns", [
          ++this.ids.return,
          id,
          a.email,
          rng.pick(W.RETURN_REASONS),
          rng.chance(0.6) ? rng.pick(W.RETURN_COMMENTS) : null,
          total,
          "refunded",
          Math.min(now - 1000, deliveredAt + rng.int(3, 25) * DAY),
        ]);
      }
    }
    return { id, customerId: a.customerId, number, placedAt: a.at, deliveredAt, items };
  }

  /** Page views of one session; returns [viewed_at, sku or ""] of each. */
  pageViews(
    rng: SeededRandom,
    sessionId: string,
    cookie: string,
    started: number,
    n: number,
  ): [number, string][] {
    const out: [number, string][] = [];
    let at = started;
    let prev: string | null = rng.chance(0.5) ? rng.pick(W.REFERRERS) : null;
    for (let k = 0; k < n; k++) {
      let url: string;
      let product: Product | null = null;
      const r = rng.next();
      if (r < 0.55) {
        product = this.product(rng);
        url = product.url;
      } else if (r < 0.65)
        url = `/search?q=${encodeURIComponent(rng.pick(W.SEARCH_TERMS)).replaceAll("%20", "+")}`;
      else url = rng.pick(W.STATIC_PAGES);
      this.push("page_views", [
        ++this.ids.pageView,
        sessionId,
        cookie,
        at,
        url,
        prev,
        product ? product.id : null,
      ]);
      out.push([at, product ? product.sku : ""]);
      prev = `https://aurora-jewelry.example${url}`;
      at += rng.int(5, 180) * 1000;
    }
    return out;
  }

  design(rng: SeededRandom, customerId: number | null, cookie: string, after: number): void {
    const setting = this.products[rng.int(0, this.products.length - 1)] as Product;
    this.push("designs", [
      ++this.ids.design,
      customerId,
      cookie,
      setting.id,
      rng.pick(W.SHAPES),
      rng.int(30, 400),
      rng.pick(W.METALS),
      rng.chance(0.7) ? rng.pick(W.RING_SIZES) : null,
      rng.chance(0.2) ? rng.pick(W.ENGRAVINGS) : null,
      this.time(rng, after, this.o.now),
    ]);
  }

  marketing(
    rng: SeededRandom,
    i: number,
    me: Person,
    phone: string | null,
    created: number,
    cookies: string[],
    orders: OrderRef[],
  ): void {
    const { now, seed } = this.o;
    const id = i + 1;
    const name = `${me.first} ${me.last}`;
    // Newsletter: most subscribers are customers; some subscribed before they had an account.
    if (rng.chance(0.45)) {
      const at = this.time(rng, created - YEAR, now);
      const unsub = rng.chance(0.15) ? this.time(rng, at, now) : null;
      this.push("newsletter_subscriptions", [
        ++this.ids.newsletter,
        me.email,
        at >= created && rng.chance(0.95) ? id : null,
        rng.chance(0.6) ? me.first : null,
        rng.pick(["footer", "checkout", "popup", "account", "showroom"]),
        unsub === null ? "subscribed" : "unsubscribed",
        at,
        rng.chance(0.8) ? at + rng.int(60, 86_400) * 1000 : null,
        unsub,
        rng.chance(0.9) ? this.ip(rng) : null,
      ]);
    }
    // SMS marketing: keyed by phone number only.
    if (phone !== null && rng.chance(0.15)) this.sms(rng, phone, created);
    // Sweepstakes: entered with an e-mail, often without signing in.
    if (rng.chance(0.12)) {
      const first = rng.int(0, this.sweepstakes.length - 1);
      const n = rng.chance(0.7) ? 1 : 2;
      for (let k = 0; k < n; k++) {
        const s = this.sweepstakes[(first + k) % this.sweepstakes.length] as {
          id: number;
          start: number;
          end: number;
        };
        this.push("sweepstakes_entries", [
          s.id,
          me.email,
          name,
          rng.chance(0.5) ? phone : null,
          this.postal(rng, me),
          rng.chance(0.5) ? id : null,
          this.time(rng, s.start, s.end),
          this.ip(rng),
          rng.chance(0.01),
        ]);
      }
    }
    // Share with a friend: the friend is another data subject, sometimes also a customer.
    if (rng.chance(0.05)) {
      const ref = ++this.ids.referral;
      const sent = this.time(rng, created, now);
      this.push("referrals", [
        ref,
        id,
        me.email,
        name,
        this.product(rng).sku,
        rng.chance(0.5) ? rng.pick(W.REFERRAL_MESSAGES) : null,
        sent,
        rng.chance(0.2) && this.ids.order > 0 ? `AFJ-${100000 + rng.int(1, this.ids.order)}` : null,
      ]);
      const n = rng.chance(0.8) ? 1 : 2;
      for (let k = 0; k < n; k++) {
        const rid = ++this.ids.recipient;
        const friend =
          i > 0 && rng.chance(0.3)
            ? person(seed, "customer", rng.int(0, i - 1))
            : person(seed, "friend", rid);
        this.push("referral_recipients", [
          rid,
          ref,
          rng.chance(0.8) ? `${friend.first} ${friend.last}` : null,
          friend.email,
          rng.chance(0.4) ? this.time(rng, sent, now) : null,
        ]);
      }
    }
    // Calls with consultants, with recording references.
    if (rng.chance(0.12)) {
      const n = rng.int(1, 3);
      for (let k = 0; k < n; k++) this.call(rng, rng.chance(0.8) ? id : null, phone ?? me.phone, created);
    }
    // Chats.
    if (rng.chance(0.1)) {
      const chat = ++this.ids.chat;
      const started = this.time(rng, created, now);
      const signedIn = rng.chance(0.6);
      this.push("chats", [
        chat,
        signedIn ? id : null,
        rng.pick(cookies),
        rng.chance(0.7) ? me.first : null,
        signedIn || rng.chance(0.5) ? me.email : null,
        rng.pick(W.CONSULTANTS),
        started,
        started + rng.int(2, 25) * 60_000,
      ]);
      const n = rng.int(2, 8);
      let at = started;
      for (let k = 0; k < n; k++) {
        const visitor = k % 2 === 1;
        let body: string = visitor ? rng.pick(W.CHAT_VISITOR_LINES) : rng.pick(W.CHAT_AGENT_LINES);
        body = body
          .replace("{order}", orders[0]?.number ?? "AFJ-100001")
          .replace("{phone}", phone ?? me.phone);
        this.push("chat_messages", [++this.ids.message, chat, visitor ? "visitor" : "agent", body, at]);
        at += rng.int(10, 120) * 1000;
      }
    }
    // E-mails to customer service.
    if (rng.chance(0.12)) {
      const n = rng.int(1, 2);
      for (let k = 0; k < n; k++) {
        const order = orders.length > 0 && rng.chance(0.5) ? rng.pick(orders) : null;
        this.push("support_emails", [
          ++this.ids.email,
          rng.chance(0.85) ? id : null,
          me.email,
          rng.chance(0.8) ? name : null,
          rng.pick(W.EMAIL_SUBJECTS),
          rng.pick(W.EMAIL_BODIES).replace("{name}", me.first),
          order ? order.number : null,
          this.time(rng, created, now),
        ]);
      }
    }
    // Social media mentions, matched to a customer when the handle is known.
    if (rng.chance(0.03)) this.mention(rng, me, rng.chance(0.6) ? id : null, i);
  }

  postal(rng: SeededRandom, p: Person): string {
    const [, , stem, country] = this.cityOf(p);
    return country === "US" ? `${stem}${String(rng.int(0, 99)).padStart(2, "0")}` : stem;
  }

  sms(rng: SeededRandom, phone: string, after: number): void {
    const { now } = this.o;
    const at = this.time(rng, after, now);
    const unsub = rng.chance(0.2) ? this.time(rng, at, now) : null;
    this.push("sms_subscriptions", [
      phone,
      unsub === null ? "subscribed" : "stopped",
      rng.pick(["JOIN", "SPARKLE", "VIP"]),
      W.SMS_CONSENT,
      at,
      unsub,
      rng.chance(0.7) ? rng.pick(W.SMS_CARRIERS) : null,
    ]);
  }

  call(rng: SeededRandom, customerId: number | null, phone: string, after: number): void {
    const cid = ++this.ids.call;
    const at = this.time(rng, after, this.o.now);
    const d = new Date(at);
    const path = `${d.getUTCFullYear()}/${String(d.getUTCMonth() + 1).padStart(2, "0")}/${String(d.getUTCDate()).padStart(2, "0")}`;
    this.push("consultant_calls", [
      cid,
      customerId,
      phone,
      rng.chance(0.75) ? "inbound" : "outbound",
      rng.pick(W.CONSULTANTS),
      at,
      rng.int(30, 2400),
      rng.chance(0.7) ? `s3://aurora-call-recordings/${path}/call-${cid}.wav` : null,
      rng.chance(0.6) ? rng.pick(W.CALL_SUMMARIES) : null,
    ]);
  }

  mention(rng: SeededRandom, p: Person, customerId: number | null, n: number): void {
    const platform = rng.pick(W.SOCIAL_PLATFORMS);
    const handle = `@${p.first
      .normalize("NFD")
      .replace(/[^A-Za-z]/g, "")
      .toLowerCase()}_${p.last
      .normalize("NFD")
      .replace(/[^A-Za-z]/g, "")
      .toLowerCase()}${n}`;
    this.push("social_mentions", [
      ++this.ids.mention,
      platform,
      handle,
      customerId,
      `https://${platform}.example/${handle.slice(1)}/posts/${rng.hex(10)}`,
      rng.pick(W.SOCIAL_POSTS),
      this.time(rng, this.o.now - 3 * YEAR, this.o.now),
    ]);
  }

  /** A visitor who never signed in: cookie, session, page views, maybe an anonymous design or a guest cart. */
  anonymousVisitor(i: number): void {
    const rng = new SeededRandom(seedFor(this.o.seed, "visitor", i));
    if (!rng.chance(0.5)) return;
    const { now } = this.o;
    const cookie = rng.uuid();
    const sessionId = rng.hex(32);
    const recent = rng.chance(0.2);
    const started = recent ? now - rng.int(1, 29 * 24 * 60) * 60_000 : now - rng.int(31, 3 * 365) * DAY;
    const [city, region, , country] = W.CITIES[rng.int(0, W.CITIES.length - 1)] as readonly string[];
    const ip = this.ip(rng);
    const ua = rng.pick(W.USER_AGENTS);
    this.push("web_sessions", [
      sessionId,
      cookie,
      null,
      started,
      ip,
      ua,
      city ?? null,
      region ?? null,
      country ?? "US",
    ]);
    const views = this.pageViews(rng, sessionId, cookie, started, rng.int(1, 5));
    if (rng.chance(0.03)) this.design(rng, null, cookie, started);
    if (recent) {
      this.chunk.redis.push({
        key: `session:${sessionId}`,
        type: "hash",
        fields: {
          cookie_id: cookie,
          ip,
          user_agent: ua,
          last_seen: new Date(views[views.length - 1]?.[0] ?? started).toISOString(),
        },
        ttlSeconds: SESSION_TTL,
      });
      const skus = views.filter((v) => v[1]);
      if (skus.length > 0) {
        this.chunk.redis.push({
          key: `viewed-anon:${cookie}`,
          type: "zset",
          members: [...new Map(skus.map(([at, sku]) => [sku, at]))].map(
            ([sku, at]) => [at, sku] as [number, string],
          ),
        });
      }
      if (rng.chance(0.3)) {
        this.chunk.redis.push({
          key: `guest-cart:${sessionId}`,
          type: "hash",
          fields: { [this.product(rng).sku]: "1" },
          ttlSeconds: SESSION_TTL,
        });
      }
    }
  }

  /** People known only by e-mail (guest buyers) or only by phone (SMS subscribers, callers), and other subjects. */
  guest(i: number): void {
    const { seed, now } = this.o;
    const rng = new SeededRandom(seedFor(seed, "guest", i));
    if (rng.chance(0.25)) {
      const g = person(seed, "guest", i);
      const name = `${g.first} ${g.last}`;
      const first = now - rng.int(2, 7 * 365) * DAY;
      const addr = this.address(rng, name, g.city, first);
      const n = rng.chance(0.8) ? 1 : 2;
      const email = this.typed(rng, g.email);
      for (let k = 0; k < n; k++) {
        this.order(rng, {
          customerId: null,
          email,
          phone: rng.chance(0.7) ? g.phone : null,
          name,
          shipTo: { id: addr, name },
          billing: addr,
          at: k === 0 ? first : this.time(rng, first, now),
          cards: [],
        });
      }
      if (rng.chance(0.3)) {
        const at = this.time(rng, first, now);
        this.push("newsletter_subscriptions", [
          ++this.ids.newsletter,
          g.email,
          null,
          null,
          "checkout",
          "subscribed",
          at,
          at + rng.int(60, 86_400) * 1000,
          null,
          this.ip(rng),
        ]);
      }
    }
    if (rng.chance(0.04)) {
      // Known only by a phone number: texted JOIN to the short code, and sometimes called.
      const p = person(seed, "sms", i);
      this.sms(rng, p.phone, now - 3 * YEAR);
      if (rng.chance(0.3)) this.call(rng, null, p.phone, now - 3 * YEAR);
    }
    if (rng.chance(0.05)) {
      // A sweepstakes entrant who is not a customer.
      const p = person(seed, "entrant", i);
      const s = this.sweepstakes[rng.int(0, this.sweepstakes.length - 1)] as {
        id: number;
        start: number;
        end: number;
      };
      this.push("sweepstakes_entries", [
        s.id,
        p.email,
        `${p.first} ${p.last}`,
        rng.chance(0.3) ? p.phone : null,
        this.postal(rng, p),
        null,
        this.time(rng, s.start, s.end),
        this.ip(rng),
        rng.chance(0.01),
      ]);
    }
    if (rng.chance(0.02)) this.mention(rng, person(seed, "social", i), null, i);
  }
}
