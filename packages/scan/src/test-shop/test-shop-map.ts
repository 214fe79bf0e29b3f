/**
 * The data map of the test shop (`loupe.yaml` text). It declares what the correct pages do: a session
 * cookie and the consent cookie (essential), Google Analytics' `_ga` sent to the metrics service at
 * `metrics.test`, Meta's `_fbp` sent to the advertising partners at `ads.test` (who buy and share it), and
 * one planted defect: `wishlist_id`, which no page sets.
 */
export const TEST_SHOP_MAP = `organization:
  name: Lumen Test Jewellers
  website: https://lumen.example
jurisdictions: [eea, us-ca]
signals:
  gpc: true
recipients:
  - id: metrics
    title: Site analytics service
    role: service-provider
    hosts: [metrics.test]
  - id: ad-partners
    title: Interest based advertising partners
    role: third-party
    sells: true
    shares: true
    hosts: [ads.test]
cookies:
  purposes:
    - { id: essential, title: Essential, required: true, uses: [essential.service] }
    - { id: functional, title: Functionality, uses: [functional.service] }
    - { id: analytics, title: Analytics, uses: [analytics.reporting] }
    - { id: advertising, title: Advertising, uses: [marketing.advertising.third_party.targeted] }
  items:
    - { name: shop_session, purpose: essential, provider: Lumen Test Jewellers, duration: session }
    - { name: loupe_consent, purpose: essential, provider: Lumen Test Jewellers, duration: 1y }
    - { name: wishlist_id, purpose: functional, provider: Lumen Test Jewellers, duration: 30d }
    - { name: _ga, purpose: analytics, provider: Google, duration: 2y, recipient: metrics }
    - { name: _fbp, purpose: advertising, provider: Meta, duration: 3mo, recipient: ad-partners }
`;
