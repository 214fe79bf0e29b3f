import { type DataMap, parseDataMap } from "@loupe/core";
import {
  createScratchStores,
  loadSampleStore,
  SAMPLE_STORE_ANNOTATIONS,
  type ScratchStores,
} from "@loupe/sample-store";

/** The sample shop loaded into throwaway stores, with a data map that points at them. */
export interface SampleShop {
  stores: ScratchStores;
  map: DataMap;
  env: Record<string, string>;
  drop(): Promise<void>;
}

/** A data map with the given `systems:` YAML (the sample shop's by default) and a few touchpoints and recipients. */
export function sampleMap(systemsYaml = SAMPLE_STORE_ANNOTATIONS, prefix = "shop:"): DataMap {
  const text = `organization:
  name: Aurora Fine Jewelry
touchpoints:
  - id: purchase
    title: When you buy from us
    collects: [user.name, user.contact.email, user.contact.phone_number, user.contact.address, user.financial, user.behavior.purchase_history]
    purposes:
      - { text: To confirm and deliver your order, basis: contract }
    shares_with: [payment-processor, carriers]
    sources: [consumer]
  - id: newsletter
    title: When you subscribe to our newsletter
    collects: [user.contact.email, user.name]
    purposes:
      - { text: To send you our newsletter, basis: consent }
    shares_with: [email-platform]
recipients:
  - { id: payment-processor, title: Payment processor, role: service-provider }
  - { id: carriers, title: Shipping carriers, role: service-provider }
  - { id: email-platform, title: E-mail marketing platform, role: service-provider }
retention:
  - { categories: [user.financial], period: 7y, reason: tax }
${systemsYaml.replace(/^#.*\n/gm, "").replace(`prefix: "shop:"`, `prefix: ${JSON.stringify(prefix)}`)}`;
  const r = parseDataMap(text);
  if (!r.ok) throw new Error(r.errors.map((e) => e.toString()).join("\n"));
  return r.value.map;
}

/**
 * Creates throwaway PostgreSQL, MariaDB and Redis stores, loads the sample shop with `customers` customers and
 * returns a data map and environment pointing at them.
 *
 * @example
 * const shop = await loadSampleShop(300);
 * try { … } finally { await shop.drop(); }
 */
export async function loadSampleShop(customers: number, seed = 7): Promise<SampleShop> {
  const stores = await createScratchStores({ postgres: true, mysql: true, redis: true, label: "loupe_dsr" });
  try {
    const prefix = `${stores.prefix}shop:`;
    await loadSampleStore({
      postgres: stores.postgres,
      mysql: stores.mysql,
      redis: stores.redis,
      prefix,
      customers,
      seed,
      largeHistories: 1,
      largeHistoryPageViews: 2000,
    });
    const env = {
      SHOP_COMMERCE_URL: stores.postgres as string,
      SHOP_MARKETING_URL: stores.mysql as string,
      SHOP_CACHE_URL: stores.redis as string,
    };
    return { stores, map: sampleMap(undefined, prefix), env, drop: () => stores.drop() };
  } catch (e) {
    await stores.drop();
    throw e;
  }
}
