import type { Connection } from "mysql2/promise";
import { OPENCART_SQL_MODE } from "../schema/install-opencart.js";

/** Key of every generated row naming its owner: the index in `people` (not a column; the loader skips it). */
export const OWNER = "_owner";

/** Rows to insert, by unprefixed table name; each row maps column → value (and {@link OWNER}). */
export type OpencartRows = Record<string, Record<string, unknown>[]>;

/** A generated person, for tests to ask about. */
export interface GeneratedPerson {
  kind: "customer" | "guest";
  /** 0 for guests. */
  customerId: number;
  firstname: string;
  lastname: string;
  /** As the customer table stores it (lower case). */
  email: string;
  /** As the person typed it at checkout (mixed case for some). */
  typedEmail: string;
  telephone: string;
  ip: string;
  sessionId: string;
  orderIds: number[];
  returnIds: number[];
  reviewIds: number[];
  uploadCodes: string[];
}

export interface GeneratedOpencartData {
  rows: OpencartRows;
  people: GeneratedPerson[];
}

export interface GenerateOptions {
  seed?: number;
  customers?: number;
  guests?: number;
  /** 3 or 4: 4 also writes `customer_token`, `customer_authorize` and `gdpr` rows. */
  version?: 3 | 4;
}

/** mulberry32: a small seeded generator, enough for varied test data. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = [
  "Anna",
  "Bruno",
  "Chloé",
  "Dmitri",
  "Elif",
  "Farid",
  "Greta",
  "Hugo",
  "Ines",
  "Jonas",
  "Kaia",
  "Luca",
];
const LAST = [
  "Berg",
  "Costa",
  "Dubois",
  "Eriksen",
  "Fischer",
  "García",
  "Horvat",
  "Ivanova",
  "Jansen",
  "Kowalski",
];
const CITIES = ["Lyon", "Porto", "Graz", "Aarhus", "Gent", "Bergen", "Turku", "Brno"];
const PRODUCTS = [
  [40, "Diamond solitaire ring", "DR-100"],
  [41, "Sapphire pendant", "SP-200"],
  [42, "Gold hoop earrings", "GE-300"],
  [43, "Pearl bracelet", "PB-400"],
] as const;

/**
 * Generates a small OpenCart shop's customer data from a seed: registered customers (accounts, addresses,
 * logins, IPs, wishlists, rewards, store credit, searches, who-is-online), guests (orders and returns by
 * e-mail only, their name only inside activity JSON), orders with products, options, uploaded files, totals and
 * history, returns, reviews (guests' with `customer_id` 0), sessions with JSON data and carts, activity, and on
 * 4.x tokens, authorised devices and `gdpr` requests. Same seed, same rows. Every person has distinct e-mail,
 * telephone and IP, so tests can tell whose a row is.
 *
 * @example
 * const { rows, people } = generateOpencartData({ seed: 7, customers: 8, guests: 4, version: 3 });
 * rows.order.length > 0; // true
 * people.filter((p) => p.kind === "guest").every((p) => p.customerId === 0); // true
 */
export function generateOpencartData(options: GenerateOptions = {}): GeneratedOpencartData {
  const rnd = random(options.seed ?? 1);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
  const nCustomers = options.customers ?? 8;
  const nGuests = options.guests ?? 4;
  const version = options.version ?? 3;
  const rows: OpencartRows = {};
  let owner = 0;
  const add = (table: string, row: Record<string, unknown>) => {
    rows[table] ??= [];
    rows[table].push({ ...row, [OWNER]: owner });
  };
  const day = (n: number) =>
    new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString().slice(0, 19).replace("T", " ");
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(rnd() * 16).toString(16)).join("");
  const people: GeneratedPerson[] = [];
  let orderId = 100;
  let returnId = 10;
  let reviewId = 1;
  let addressId = 1;
  let uploadId = 1;
  let orderProductId = 1;

  for (let i = 0; i < nCustomers + nGuests; i++) {
    owner = i;
    const guest = i >= nCustomers;
    const firstname = FIRST[i % FIRST.length] as string;
    const lastname = `${pick(LAST)}${i}`;
    const email = `${firstname
      .normalize("NFD")
      .replace(/[^A-Za-z]/g, "")
      .toLowerCase()}.${lastname
      .normalize("NFD")
      .replace(/[^A-Za-z0-9]/g, "")
      .toLowerCase()}@example.test`;
    const typedEmail =
      i % 2 === 0 ? email.replace(/^./, (c) => c.toUpperCase()).replace("@example", "@Example") : email;
    const person: GeneratedPerson = {
      kind: guest ? "guest" : "customer",
      customerId: guest ? 0 : i + 1,
      firstname,
      lastname,
      email,
      typedEmail,
      telephone: `+33 6 ${String(i).padStart(8, "0")}`,
      ip: `10.${guest ? 2 : 1}.${Math.floor(i / 200)}.${(i % 200) + 1}`,
      sessionId: hex(26),
      orderIds: [],
      returnIds: [],
      reviewIds: [],
      uploadCodes: [],
    };
    people.push(person);
    const name = `${firstname} ${lastname}`;
    const city = pick(CITIES);
    const street = `${1 + Math.floor(rnd() * 90)} Rue ${lastname}`;
    const postcode = String(10_000 + Math.floor(rnd() * 80_000));
    const customField = JSON.stringify({ 1: `${firstname}'s birthday ${1 + (i % 28)}/0${1 + (i % 9)}` });
    const cid = person.customerId;

    if (!guest) {
      add("customer", {
        customer_id: cid,
        customer_group_id: 1,
        store_id: 0,
        language_id: 1,
        firstname,
        lastname,
        email,
        telephone: person.telephone,
        fax: "",
        password: hex(60),
        salt: hex(9),
        cart: "",
        wishlist: "",
        newsletter: i % 3 === 0 ? 1 : 0,
        address_id: addressId,
        custom_field: customField,
        ip: person.ip,
        status: 1,
        safe: 0,
        token: "",
        code: "",
        date_added: day(i),
      });
      add("address", {
        address_id: addressId++,
        customer_id: cid,
        firstname,
        lastname,
        company: i % 4 === 0 ? `${lastname} SARL` : "",
        address_1: street,
        address_2: "",
        city,
        postcode,
        country_id: 74,
        zone_id: 1,
        custom_field: "[]",
      });
      add("customer_ip", { customer_id: cid, ip: person.ip, country: "FR", store_id: 0, date_added: day(i) });
      add("customer_activity", {
        customer_id: cid,
        key: "login",
        data: JSON.stringify({ customer_id: String(cid), name }),
        ip: person.ip,
        date_added: day(i + 1),
      });
      add("customer_wishlist", {
        customer_id: cid,
        store_id: 0,
        product_id: pick(PRODUCTS)[0],
        date_added: day(i + 2),
      });
      add("customer_search", {
        store_id: 0,
        language_id: 1,
        customer_id: cid,
        keyword: `${pick(["ring", "necklace", "engagement", "gift"])} for ${firstname}`,
        category_id: 0,
        sub_category: 0,
        description: 0,
        products: 3,
        ip: person.ip,
        date_added: day(i + 2),
      });
      add("customer_online", {
        ip: person.ip,
        customer_id: cid,
        url: `https://shop.test/index.php?route=account/account&c=${cid}`,
        referer: "",
        date_added: day(i + 3),
      });
      add("customer_reward", {
        customer_id: cid,
        order_id: 0,
        description: `Welcome points for ${firstname}`,
        points: 50,
        date_added: day(i),
      });
      add("customer_transaction", {
        customer_id: cid,
        order_id: 0,
        description: `Goodwill credit for ${name}`,
        amount: 10,
        date_added: day(i),
      });
      add("customer_history", {
        customer_id: cid,
        comment: `Called about ring size, ${name}`,
        date_added: day(i),
      });
      add("customer_approval", { customer_id: cid, type: "customer", date_added: day(i) });
      add("customer_login", {
        email,
        ip: person.ip,
        total: 1 + (i % 3),
        date_added: day(i + 4),
        date_modified: day(i + 4),
      });
      if (version === 4) {
        add("customer_token", { customer_id: cid, code: hex(32), type: "password", date_added: day(i + 5) });
        add("customer_authorize", {
          customer_id: cid,
          token: hex(32),
          ip: person.ip,
          user_agent: `Mozilla/5.0 (${name})`,
          status: 1,
          total: 0,
          date_expire: day(i + 35),
          date_added: day(i + 5),
        });
      }
    } else {
      // A guest can still have failed to log in with the e-mail before checking out as a guest.
      add("customer_login", {
        email: typedEmail,
        ip: person.ip,
        total: 1,
        date_added: day(i + 4),
        date_modified: day(i + 4),
      });
    }

    // Orders: customers 1-2, guests 1.
    const orders = guest ? 1 : 1 + (i % 2);
    for (let o = 0; o < orders; o++) {
      const oid = orderId++;
      person.orderIds.push(oid);
      const [productId, productName, model] = pick(PRODUCTS);
      const price = 100 + Math.floor(rnd() * 900);
      const addressFields = (p: string) => ({
        [`${p}firstname`]: firstname,
        [`${p}lastname`]: lastname,
        [`${p}company`]: "",
        [`${p}address_1`]: street,
        [`${p}address_2`]: "",
        [`${p}city`]: city,
        [`${p}postcode`]: postcode,
        [`${p}country`]: "France",
        [`${p}country_id`]: 74,
        [`${p}zone`]: "Rhône",
        [`${p}zone_id`]: 1,
        [`${p}address_format`]: "",
        [`${p}custom_field`]: "[]",
      });
      add("order", {
        order_id: oid,
        invoice_no: oid - 99,
        invoice_prefix: "INV-2026-",
        store_id: 0,
        store_name: "Test Jewellers",
        store_url: "https://shop.test/",
        customer_id: cid,
        customer_group_id: 1,
        firstname,
        lastname,
        email: typedEmail,
        telephone: person.telephone,
        fax: "",
        custom_field: customField,
        ...addressFields("payment_"),
        payment_method: "Bank transfer",
        payment_code: "bank_transfer",
        ...addressFields("shipping_"),
        shipping_method: "Insured delivery",
        shipping_code: "flat.flat",
        comment: `Please gift-wrap it for ${firstname}`,
        total: price + 10,
        order_status_id: 5,
        affiliate_id: 0,
        commission: 0,
        marketing_id: 0,
        tracking: "",
        language_id: 1,
        language_code: "en-gb",
        currency_id: 1,
        currency_code: "EUR",
        currency_value: 1,
        ip: person.ip,
        forwarded_ip: "",
        user_agent: `Mozilla/5.0 (X11; ${name})`,
        accept_language: "fr-FR,fr;q=0.9",
        date_added: day(10 + i + o),
        date_modified: day(10 + i + o),
      });
      const opid = orderProductId++;
      add("order_product", {
        order_product_id: opid,
        order_id: oid,
        product_id: productId,
        name: productName,
        model,
        quantity: 1,
        price,
        total: price,
        tax: 0,
        reward: 0,
      });
      add("order_total", {
        order_id: oid,
        code: "sub_total",
        extension: "opencart",
        title: "Sub-Total",
        value: price,
        sort_order: 1,
      });
      add("order_total", {
        order_id: oid,
        code: "total",
        extension: "opencart",
        title: "Total",
        value: price + 10,
        sort_order: 9,
      });
      add("order_history", {
        order_id: oid,
        order_status_id: 5,
        notify: 1,
        comment: `Engraving "${firstname}" confirmed`,
        date_added: day(10 + i + o),
      });
      add("order_option", {
        order_id: oid,
        order_product_id: opid,
        product_option_id: 1,
        product_option_value_id: 0,
        name: "Engraving",
        value: `For ${firstname}, love always`,
        type: "text",
      });
      if (o === 0 && i % 3 === 0) {
        const code = hex(40);
        person.uploadCodes.push(code);
        add("upload", {
          upload_id: uploadId++,
          name: `${lastname}-ring-sketch.png`,
          filename: `${lastname}-ring-sketch.png.${hex(32)}`,
          code,
          date_added: day(10 + i),
        });
        add("order_option", {
          order_id: oid,
          order_product_id: opid,
          product_option_id: 2,
          product_option_value_id: 0,
          name: "Sketch",
          value: code,
          type: "file",
        });
      }
      if (guest) {
        add("customer_activity", {
          customer_id: 0,
          key: "order_guest",
          data: JSON.stringify({ name, order_id: oid }),
          ip: person.ip,
          date_added: day(10 + i + o),
        });
      }
      if (o === 0 && i % 2 === 1) {
        const rid = returnId++;
        person.returnIds.push(rid);
        add("return", {
          return_id: rid,
          order_id: oid,
          product_id: productId,
          customer_id: cid,
          firstname,
          lastname,
          email: typedEmail,
          telephone: person.telephone,
          product: productName,
          model,
          quantity: 1,
          opened: 0,
          return_reason_id: 1,
          return_action_id: 0,
          return_status_id: 2,
          comment: `Too small for ${firstname}`,
          date_ordered: day(10 + i).slice(0, 10),
          date_added: day(20 + i),
          date_modified: day(20 + i),
        });
        add("return_history", {
          return_id: rid,
          return_status_id: 2,
          notify: 1,
          comment: `Label sent to ${typedEmail}`,
          date_added: day(21 + i),
        });
      }
    }
    if (i % 2 === 0) {
      const vid = reviewId++;
      person.reviewIds.push(vid);
      add("review", {
        review_id: vid,
        product_id: pick(PRODUCTS)[0],
        customer_id: cid,
        author: name,
        text: `Beautiful piece, ${firstname} from ${city} is delighted with it.`,
        rating: 5,
        status: 1,
        date_added: day(30 + i),
        date_modified: day(30 + i),
      });
    }
    // One storefront session each, with its cart.
    const sessionData = guest
      ? {
          language: "en-gb",
          currency: "EUR",
          guest: {
            customer_group_id: 1,
            firstname,
            lastname,
            email: typedEmail,
            telephone: person.telephone,
          },
        }
      : { language: "en-gb", currency: "EUR", customer_id: String(cid) };
    add("session", { session_id: person.sessionId, data: JSON.stringify(sessionData), expire: day(400) });
    add("cart", {
      api_id: 0,
      customer_id: cid,
      session_id: person.sessionId,
      product_id: pick(PRODUCTS)[0],
      recurring_id: 0,
      subscription_plan_id: 0,
      option: "[]",
      quantity: 1,
      date_added: day(40 + i),
    });
    if (version === 4 && i % 4 === 1) {
      add("gdpr", {
        store_id: 0,
        language_id: 1,
        code: hex(32),
        email: typedEmail,
        action: i % 8 === 1 ? "export" : "remove",
        status: 1,
        date_added: day(50 + i),
      });
    }
  }
  return { rows, people };
}

/**
 * Inserts generated rows into an OpenCart database (multi-row `INSERT`s of 1,000 rows, identifiers quoted, values bound),
 * keeping only the tables and columns the database has, under OpenCart's own SQL mode.
 *
 * @example
 * const found = await recogniseOpencart(conn);
 * if (found.ok) await loadOpencartData(conn, found.value.prefix, generateOpencartData({ seed: 7 }).rows, found.value.tables);
 */
export async function loadOpencartData(
  conn: Connection,
  prefix: string,
  rows: OpencartRows,
  tables: Map<string, { columns: { name: string }[] }>,
): Promise<void> {
  await conn.query(`SET SESSION sql_mode = '${OPENCART_SQL_MODE}'`);
  for (const [table, list] of Object.entries(rows)) {
    const live = tables.get(table);
    if (!live || list.length === 0) continue;
    const have = new Set(live.columns.map((c) => c.name));
    const columns = [...new Set(list.flatMap((r) => Object.keys(r)))].filter((c) => have.has(c));
    for (let i = 0; i < list.length; i += 1000) {
      await conn.query("INSERT INTO ?? (??) VALUES ?", [
        prefix + table,
        columns,
        list.slice(i, i + 1000).map((r) => columns.map((c) => r[c] ?? null)),
      ]);
    }
  }
}
