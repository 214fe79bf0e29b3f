import { parseDataMap, type System } from "@loupe/core";

/**
 * The annotated `systems:` section of the sample shop (also shipped as `packages/sample-store/annotations.yaml`,
 * which must stay identical): commerce in PostgreSQL, marketing and customer service in MariaDB, the cache in Redis.
 * Connections come from `SHOP_COMMERCE_URL`, `SHOP_MARKETING_URL` and `SHOP_CACHE_URL`.
 *
 * @example
 * const map = parseDataMap(`organization:\n  name: Test\n${SAMPLE_STORE_ANNOTATIONS}`);
 * map.ok; // true
 */
export const SAMPLE_STORE_ANNOTATIONS = `# Where the sample jewellery shop (Aurora Fine Jewelry) keeps personal data, and what a privacy request does there.
# Embed under 'systems:' of a loupe.yaml. References written 'commerce.customers.id' point into another system
# (the first segment is a system id): the marketing database keeps customer ids without a foreign key.
systems:
  - id: commerce
    title: Web shop database (orders, accounts, after-sales, reviews, site activity)
    connector: postgres
    connection: { env: SHOP_COMMERCE_URL }
    schema: public
    tables:
      customers:
        title: Customer accounts; closed accounts are soft-deleted and still hold personal data
        primary_key: [id]
        identity: { customer_id: id, email: email, phone: phone }
        fields:
          email: user.contact.email
          first_name: user.name.first
          last_name: user.name.last
          phone: user.contact.phone_number
          date_of_birth: user.demographic.date_of_birth
          password_hash: user.authorization.credentials
          marketing_opt_in: user.privacy_preferences
          last_login_ip: user.device.ip_address
        soft_delete: deleted_at
        erase: delete
      addresses:
        title: Postal addresses, shared between household members through customer_addresses; orders keep pointing here
        primary_key: [id]
        fields:
          recipient_name: { category: user.name, erase: fixed, value: Erased }
          street: { category: user.contact.address.street, erase: fixed, value: "[erased]" }
          line2: { category: user.contact.address.street, erase: "null" }
          city: { category: user.contact.address.city, erase: keep }
          state: { category: user.contact.address.state, erase: keep }
          postal_code: { category: user.contact.address.postal_code, erase: redact }
          country: { category: user.contact.address.country, erase: keep }
        erase: mask
      customer_addresses:
        title: Which customer uses which address (one address can belong to several customers)
        primary_key: [customer_id, address_id]
        identity: { customer_id: customer_id }
        references: { customer_id: customers.id, address_id: addresses.id }
        erase: delete
      payment_methods:
        title: Saved cards (a processor token and the last four digits; never the card number)
        primary_key: [id]
        identity: { customer_id: customer_id }
        references: { customer_id: customers.id, billing_address_id: addresses.id }
        fields:
          processor_token: user.payment
          brand: user.financial.credit_card
          last_four: user.financial.credit_card
          exp_month: user.financial.credit_card
          exp_year: user.financial.credit_card
        erase: delete
      orders:
        title: Orders, including guest orders known only by the e-mail typed at checkout (compare it case-insensitively)
        primary_key: [id]
        identity: { customer_id: customer_id, email: email, phone: phone, order_number: order_number }
        references:
          { customer_id: customers.id, shipping_address_id: addresses.id, billing_address_id: addresses.id }
        fields:
          email: { category: user.contact.email, erase: hash }
          phone: { category: user.contact.phone_number, erase: "null" }
          billing_name: { category: user.name, erase: fixed, value: Erased customer }
          ip_address: { category: user.device.ip_address, erase: "null" }
          user_agent: { category: user.device, erase: "null" }
          gift_message: { category: user.content.private, erase: redact }
          subtotal: user.behavior.purchase_history
          tax: user.behavior.purchase_history
          shipping_fee: user.behavior.purchase_history
          total: user.behavior.purchase_history
        erase: mask
        holds:
          - fields: [order_number, placed_at, status, subtotal, tax, shipping_fee, total, currency]
            for: 7y
            from: placed_at
            reason: tax and accounting records are kept 7 years after the order
      order_items:
        primary_key: [order_id, line_no]
        references: { order_id: orders.id, product_id: products.id }
        fields:
          product_id: user.behavior.purchase_history
          quantity: user.behavior.purchase_history
          unit_price: user.behavior.purchase_history
          engraving_text: { category: user.content.private, erase: redact }
          ring_size: user.demographic.profile
        erase: mask
        holds:
          - fields: [product_id, quantity, unit_price]
            for: 7y
            reason: tax and accounting records are kept 7 years after the order (orders.placed_at)
      payments:
        primary_key: [id]
        references: { order_id: orders.id, payment_method_id: payment_methods.id }
        fields:
          amount: user.payment
          card_brand: user.financial.credit_card
          card_last_four: { category: user.financial.credit_card, erase: "null" }
          processor_ref: user.payment
        erase: mask
        holds:
          - fields: [amount, status, paid_at, processor_ref]
            for: 7y
            from: paid_at
            reason: tax records and chargeback disputes
      shipments:
        primary_key: [id]
        references: { order_id: orders.id, address_id: addresses.id }
        fields:
          ship_to_name: { category: user.name, erase: fixed, value: Erased }
          signed_by: { category: user.name, erase: "null" }
        erase: mask
      returns:
        title: Returns, also filed by guests with an e-mail address
        primary_key: [id]
        identity: { email: contact_email }
        references: { order_id: orders.id }
        fields:
          contact_email: { category: user.contact.email, erase: hash }
          comment: { category: user.content.private, erase: redact }
          refund_amount: user.behavior.purchase_history
        erase: mask
        holds:
          - fields: [refund_amount, reason, created_at]
            for: 7y
            from: created_at
            reason: tax and accounting records of refunds
      service_tickets:
        title: Warranty, repair, resize and cleaning tickets
        primary_key: [id]
        identity: { customer_id: customer_id, phone: contact_phone }
        references: { customer_id: customers.id, order_id: orders.id }
        fields:
          item_description: user.behavior.purchase_history
          customer_notes: { category: user.content.private, erase: redact }
          contact_phone: { category: user.contact.phone_number, erase: "null" }
        erase: delete
        holds:
          - fields: []
            for: 30d
            from: warranty_expires_on
            reason: a warranty ticket is kept while its warranty runs (and 30 days after, to close claims); tickets without an expiry date are not held
      upgrade_enrolments:
        title: Diamond Upgrade enrolments; the programme ends when the customer's data is erased
        primary_key: [id]
        identity: { customer_id: customer_id }
        references:
          { customer_id: customers.id, order_id: order_items.order_id, line_no: order_items.line_no }
        fields:
          original_value: user.behavior.purchase_history
        erase: delete
      wishlist_items:
        primary_key: [customer_id, product_id]
        identity: { customer_id: customer_id }
        references: { customer_id: customers.id, product_id: products.id }
        fields:
          product_id: user.behavior.wishlist
          note: user.behavior.wishlist
        erase: delete
      designs:
        title: Build-your-own ring designs, also saved anonymously by cookie
        primary_key: [id]
        identity: { customer_id: customer_id, cookie_id: cookie_id }
        references: { customer_id: customers.id, setting_product_id: products.id }
        fields:
          cookie_id: user.device.cookie_id
          ring_size: user.demographic.profile
          engraving_text: user.content.private
        erase: delete
      product_reviews:
        primary_key: [id]
        identity: { customer_id: customer_id, email: reviewer_email }
        references: { product_id: products.id, customer_id: customers.id }
        fields:
          reviewer_name: user.name
          reviewer_email: user.contact.email
          rating: user.content.review
          title: user.content.review
          body: user.content.review
          ip_address: user.device.ip_address
        erase: delete
      review_photos:
        primary_key: [id]
        references: { review_id: product_reviews.id }
        fields:
          photo_url: user.content.review
        erase: delete
      appointments:
        title: Showroom and virtual appointments
        primary_key: [id]
        identity: { customer_id: customer_id, email: email, phone: phone }
        references: { customer_id: customers.id }
        fields:
          full_name: user.name
          email: user.contact.email
          phone: user.contact.phone_number
          notes: user.content.private
        erase: delete
      web_sessions:
        primary_key: [id]
        identity: { session_id: id, cookie_id: cookie_id, customer_id: customer_id }
        references: { customer_id: customers.id }
        fields:
          cookie_id: user.device.cookie_id
          ip_address: user.device.ip_address
          user_agent: user.device
          city: user.location.imprecise
          region: user.location.imprecise
          country: user.location.imprecise
        erase: delete
      page_views:
        title: Page views; the largest table, with no index on cookie_id
        primary_key: [id]
        identity: { session_id: session_id, cookie_id: cookie_id }
        references: { session_id: web_sessions.id, product_id: products.id }
        fields:
          cookie_id: user.device.cookie_id
          url: user.behavior.browsing_history
          referrer: user.behavior.browsing_history
        erase: delete

  - id: marketing
    title: Marketing and customer-service database (subscriptions, sweepstakes, referrals, calls, chats, e-mails, social)
    connector: mysql
    connection: { env: SHOP_MARKETING_URL }
    tables:
      newsletter_subscriptions:
        title: E-mail newsletter; an erased subscriber stays suppressed through the hashed address
        primary_key: [id]
        identity: { email: email, customer_id: customer_id }
        references: { customer_id: commerce.customers.id }
        fields:
          email: { category: user.contact.email, erase: hash }
          first_name: { category: user.name.first, erase: "null" }
          consent_ip: { category: user.device.ip_address, erase: "null" }
        erase: mask
      sms_subscriptions:
        title: SMS marketing, known only by phone number
        primary_key: [phone]
        identity: { phone: phone }
        fields:
          phone: { category: user.contact.phone_number, erase: hash }
        not_personal: [consent_text]
        erase: mask
      sweepstakes_entries:
        primary_key: [sweepstakes_id, email]
        identity: { email: email, phone: phone, customer_id: customer_id }
        references: { sweepstakes_id: sweepstakes.id, customer_id: commerce.customers.id }
        fields:
          email: user.contact.email
          full_name: user.name
          phone: user.contact.phone_number
          postal_code: user.contact.address.postal_code
          ip_address: user.device.ip_address
        erase: delete
      referrals:
        title: Share-with-a-friend messages sent by a customer
        primary_key: [id]
        identity: { customer_id: referrer_customer_id, email: referrer_email }
        references:
          referrer_customer_id: commerce.customers.id
          converted_order_number: commerce.orders.order_number
        fields:
          referrer_email: user.contact.email
          referrer_name: user.name
          message: user.content.private
        erase: delete
      referral_recipients:
        title: Friends a product was shared with; each is a data subject of their own, found by their e-mail
        primary_key: [id]
        identity: { email: friend_email }
        references: { referral_id: referrals.id }
        fields:
          friend_name: user.contact.referral
          friend_email: user.contact.referral
        erase: delete
      consultant_calls:
        title: Calls with diamond and jewellery consultants; recordings are files at the call-recording provider
        primary_key: [id]
        identity: { customer_id: customer_id, phone: phone }
        references: { customer_id: commerce.customers.id }
        fields:
          phone: user.contact.phone_number
          recording_ref: user.content.call_recording
          summary: user.content.private
        not_personal: [consultant]
        erase: delete
      chats:
        primary_key: [id]
        identity: { customer_id: customer_id, cookie_id: cookie_id, email: visitor_email }
        references: { customer_id: commerce.customers.id }
        fields:
          cookie_id: user.device.cookie_id
          visitor_name: user.name
          visitor_email: user.contact.email
        not_personal: [agent]
        erase: delete
      chat_messages:
        title: Chat messages; visitors type order numbers and phone numbers into them
        primary_key: [id]
        references: { chat_id: chats.id }
        fields:
          body: user.content.private
        erase: delete
      support_emails:
        primary_key: [id]
        identity: { customer_id: customer_id, email: from_email, order_number: order_number }
        references: { customer_id: commerce.customers.id, order_number: commerce.orders.order_number }
        fields:
          from_email: user.contact.email
          from_name: user.name
          subject: user.content.private
          body: user.content.private
        erase: delete
      social_mentions:
        title: Public social media posts that mention the shop
        primary_key: [id]
        identity: { social_handle: handle, customer_id: customer_id }
        references: { customer_id: commerce.customers.id }
        fields:
          handle: user.social
          post_url: user.content.social_post
          content: user.content.social_post
        erase: delete

  - id: cache
    title: Storefront cache (sessions, carts, recently viewed products)
    connector: redis
    connection: { env: SHOP_CACHE_URL }
    prefix: "shop:"
    keys:
      - pattern: "session:{session_id}"
        type: hash
        identity: { customer_id: customer_id, cookie_id: cookie_id }
        fields:
          cookie_id: user.device.cookie_id
          ip: user.device.ip_address
          user_agent: user.device
          city: user.location.imprecise
        erase: delete
      - pattern: "customer-sessions:{customer_id}"
        type: set
        fields: { "*": user.unique_id.pseudonymous }
        erase: delete
      - pattern: "cart:{customer_id}"
        type: hash
        fields: { "*": user.behavior.purchase_history }
        erase: delete
      - pattern: "guest-cart:{session_id}"
        type: hash
        fields: { "*": user.behavior.purchase_history }
        erase: delete
      - pattern: "recently-viewed:{customer_id}"
        type: zset
        fields: { "*": user.behavior.browsing_history }
        erase: delete
      - pattern: "viewed-anon:{cookie_id}"
        type: zset
        fields: { "*": user.behavior.browsing_history }
        erase: delete
`;

/**
 * The sample shop's systems, parsed and validated by `parseDataMap` of `@loupe/core`.
 *
 * @example
 * sampleStoreSystems().map((s) => s.id); // ["commerce", "marketing", "cache"]
 */
export function sampleStoreSystems(): System[] {
  const r = parseDataMap(
    `organization:\n  name: Aurora Fine Jewelry\n${SAMPLE_STORE_ANNOTATIONS}`,
    "annotations.yaml",
  );
  if (!r.ok) throw new Error(`the shipped annotations are invalid: ${r.errors.map(String).join("; ")}`);
  return r.value.map.systems;
}
