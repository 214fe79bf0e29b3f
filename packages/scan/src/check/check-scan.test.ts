import { parseDataMap } from "@loupe/core";
import { describe, expect, it } from "vitest";
import type { ButtonObservation, PageScan, ScenarioResult } from "../report/scan-report.js";
import { bannerImbalance, durationOf, type ScanEvidence } from "./check-scan.js";
import { MapIndex } from "./map-index.js";
import { checkScan } from "./scan-rules.js";

const YAML = `organization: { name: Opal Test Shop }
recipients:
  - { id: google-analytics, title: Google Analytics, role: service-provider }
  - { id: partners, title: Ad partners, role: third-party, sells: true }
cookies:
  purposes:
    - { id: necessary, title: Necessary, required: true, uses: [essential.service] }
    - { id: stats, title: Statistics, uses: [analytics.reporting] }
    - { id: ads, title: Ads, uses: [marketing.advertising.first_party.targeted] }
  items:
    - { name: sid, purpose: necessary }
    - { name: _ga, purpose: stats, provider: Google }
    - { name: _fbp, purpose: ads, provider: Meta }
    - { name: _gcl_au, purpose: ads, provider: Google, recipient: partners }
`;

function load(text = YAML) {
  const r = parseDataMap(text);
  if (!r.ok) throw new Error(r.errors.map(String).join("\n"));
  return r.value;
}

function run(over: Partial<ScenarioResult>): ScenarioResult {
  return {
    scenario: "opt-in",
    label: "Opt-in",
    action: "none",
    gpc: false,
    headers: {},
    regime: { value: "opt-in", source: "page" },
    banner: { found: false, buttons: [], clicks: null, pressed: [] },
    cookies: [],
    storage: [],
    requests: [],
    firstPartyRequests: 1,
    gatedScripts: [],
    durationMs: 1,
    ...over,
  };
}

const cookie = (name: string, over: Partial<ScenarioResult["cookies"][number]> = {}) => ({
  name,
  domain: "shop.example",
  path: "/",
  expires: null,
  thirdParty: false,
  httpOnly: false,
  secure: false,
  phase: "before-choice" as const,
  remains: true,
  ...over,
});

const host = (h: string, phase: "before-choice" | "after-choice" = "before-choice") => ({
  host: h,
  site: h,
  phase,
  count: 1,
  sample: `https://${h}/x`,
  types: ["image"],
});

const evidence = (pages: PageScan[]): ScanEvidence => ({
  url: "https://shop.example/",
  startedAt: "2026-03-01T00:00:00.000Z",
  pages,
});
const page = (path: string, scenarios: ScenarioResult[]): PageScan => ({
  url: `https://shop.example${path}`,
  scenarios,
});

const { map, taxonomy } = load();
/** The findings as `severity rule path`, leaving out the declared cookies not seen (tested on their own). */
const rulesOf = (pages: PageScan[], m = map) =>
  checkScan(evidence(pages), m, taxonomy)
    .filter((f) => f.rule !== "declared-but-unseen")
    .map((f) => `${f.severity} ${f.rule} ${f.location.path ?? "-"}`);

describe("consent checks", () => {
  it("flag non-essential cookies before a choice only in the opt-in regime", () => {
    const cookies = [cookie("sid"), cookie("_ga")];
    expect(rulesOf([page("/", [run({ cookies })])])).toEqual([
      "error cookie-before-consent cookies.items[1]",
    ]);
    expect(rulesOf([page("/", [run({ cookies, regime: { value: "opt-out", source: "page" } })])])).toEqual(
      [],
    );
    expect(rulesOf([page("/", [run({ cookies, regime: { value: "unknown", source: "none" } })])])).toEqual(
      [],
    );
  });

  it("group a purpose seen on several pages into one finding at the first page", () => {
    const f = checkScan(
      evidence([
        page("/", [run({ cookies: [cookie("_ga")] })]),
        page("/b", [run({ requests: [host("www.google-analytics.com")] })]),
        page("/c", [run({ cookies: [cookie("_ga")] })]),
      ]),
      map,
      taxonomy,
    ).filter((x) => x.rule !== "declared-but-unseen");
    expect(f).toHaveLength(1);
    expect(f[0]?.location).toEqual({ file: "https://shop.example/", path: "cookies.items[1]" });
    expect(f[0]?.message).toContain("cookie _ga, requests to www.google-analytics.com");
    expect(f[0]?.message).toContain("also on /b, /c");
  });

  it("judge Reject all only when the rejection was carried out", () => {
    const after = [cookie("_fbp", { phase: "after-choice" }), cookie("_ga", { remains: false })];
    const rejected = run({ scenario: "reject-all", action: "reject-all", cookies: after });
    rejected.banner = { found: true, buttons: [], clicks: 1, pressed: ["Reject all"] };
    expect(rulesOf([page("/", [rejected])])).toEqual([
      "error cookie-before-consent cookies.items[1]",
      "error cookie-after-reject cookies.items[2]",
    ]);
    const stuck = {
      ...rejected,
      banner: { ...rejected.banner, clicks: null },
      cookies: [cookie("_fbp", { phase: "after-choice" })],
    };
    expect(rulesOf([page("/", [stuck])])).toEqual([]);
  });

  it("flag sale or share purposes under GPC, leaving an explicit Accept all alone", () => {
    const gpc = run({
      scenario: "gpc",
      gpc: true,
      regime: { value: "opt-out", source: "page" },
      cookies: [cookie("_ga"), cookie("_gcl_au")],
      requests: [host("connect.facebook.net")],
    });
    expect(rulesOf([page("/", [gpc])])).toEqual([
      "error gpc-ignored cookies.items[3]",
      "warning undeclared-recipient cookies.items[2].recipient",
    ]);
    const accepted = {
      ...gpc,
      action: "accept-all" as const,
      cookies: [cookie("_gcl_au", { phase: "after-choice" })],
      requests: [],
    };
    expect(rulesOf([page("/", [accepted])])).toEqual([]);
  });

  it("count a gated script of a non-required purpose that ran before the choice", () => {
    const r = run({
      gatedScripts: [{ purposes: ["stats"], src: "https://cdn.example/tag.js", phase: "before-choice" }],
    });
    const f = checkScan(evidence([page("/", [r])]), map, taxonomy);
    expect(f[0]?.message).toContain("a script gated on 'stats' (https://cdn.example/tag.js) ran");
    expect(f[0]?.location.path).toBe("cookies.purposes[1]");
  });
});

describe("declaration checks", () => {
  it("suggest an entry for an undeclared cookie, with purpose, provider and duration", () => {
    const seenAt = Date.parse("2026-03-01T00:00:00.000Z") / 1000;
    const r = run({
      regime: { value: "opt-out", source: "page" },
      cookies: [
        cookie("_gid", { expires: seenAt + 86_400 }),
        cookie("xyz", { domain: ".tracker.example", thirdParty: true }),
      ],
    });
    const f = checkScan(evidence([page("/", [r])]), map, taxonomy).filter(
      (x) => x.rule === "undeclared-cookie",
    );
    expect(f.map((x) => x.message.split("; add to cookies.items: ")[1])).toEqual([
      "- { name: _gid, purpose: stats, provider: Google, duration: 1d } (scenarios: opt-in)",
      '- { name: xyz, purpose: <purpose>, duration: session, domain: ".tracker.example" } (scenarios: opt-in)',
    ]);
    expect(f[1]?.message).toContain("Loupe does not know it");
  });

  it("find recipients by title or provider and leave infrastructure alone", () => {
    const r = run({
      regime: { value: "opt-out", source: "page" },
      requests: [host("region1.google-analytics.com"), host("js.stripe.com"), host("pixel.example")],
    });
    const f = checkScan(evidence([page("/", [r])]), map, taxonomy).filter(
      (x) => x.rule === "undeclared-recipient",
    );
    expect(f.map((x) => x.location.path)).toEqual(["recipients"]);
    expect(f[0]?.message).toContain(
      "add to recipients: - { id: pixel-example, title: pixel.example, role: <role>, hosts: [pixel.example] }",
    );
  });

  it("note declared cookies never seen, at the start page", () => {
    const f = checkScan(
      evidence([page("/", [run({ cookies: [cookie("sid"), cookie("_ga"), cookie("_gcl_au")] })])]),
      map,
      taxonomy,
    );
    const unseen = f.filter((x) => x.rule === "declared-but-unseen");
    expect(unseen.map((x) => x.location)).toEqual([
      { file: "https://shop.example/", path: "cookies.items[2]" },
    ]);
  });

  it("apply the map's severity overrides and switch rules off", () => {
    const m = load(
      `${YAML}lint:\n  rules:\n    cookie-before-consent: warning\n    undeclared-cookie: off\n`,
    ).map;
    const f = checkScan(
      evidence([page("/", [run({ cookies: [cookie("_ga"), cookie("_gid")] })])]),
      m,
      taxonomy,
    );
    expect(f.map((x) => `${x.severity} ${x.rule} ${x.location.path}`)).toEqual([
      "warning cookie-before-consent cookies.items[1]",
      "info declared-but-unseen cookies.items[0]",
      "info declared-but-unseen cookies.items[2]",
      "info declared-but-unseen cookies.items[3]",
    ]);
  });
});

describe("MapIndex", () => {
  it("takes sale or share from a purpose's uses or its recipient", () => {
    const index = new MapIndex(map, taxonomy);
    expect(index.cookie("_fbp").purpose?.saleOrShare).toBe(false);
    expect(index.cookie("_gcl_au").purpose?.saleOrShare).toBe(true);
    expect(index.cookie("_gid")).toMatchObject({
      declared: false,
      provider: "Google",
      purpose: { id: "stats" },
    });
    expect(index.host("connect.facebook.net")).toMatchObject({ provider: "Meta", cookieItem: 2 });
    expect(index.host("www.google-analytics.com").recipient).toEqual({ id: "google-analytics", index: 0 });
  });
});

const button = (
  role: ButtonObservation["role"],
  over: Partial<ButtonObservation> = {},
): ButtonObservation => ({
  role,
  layer: 1,
  kind: "generic",
  label: role === "accept" ? "Accept all" : "Reject all",
  width: 120,
  height: 40,
  fontSizePx: 16,
  fontWeight: 400,
  color: "rgb(255, 255, 255)",
  background: "rgb(0, 0, 0)",
  textContrast: 21,
  fillContrast: 19,
  ...over,
});

describe("bannerImbalance", () => {
  const pressed = (
    action: "accept-all" | "reject-all",
    clicks: number | null,
    buttons: ButtonObservation[],
  ) => run({ scenario: action, action, banner: { found: true, buttons, clicks, pressed: [] } });

  it("finds nothing wrong with buttons of equal weight", () => {
    const buttons = [button("accept"), button("reject")];
    expect(
      bannerImbalance(page("/", [pressed("accept-all", 1, buttons), pressed("reject-all", 1, buttons)])),
    ).toEqual([]);
  });

  it("names extra clicks, size, text size, fill and faint text", () => {
    const buttons = [
      button("accept", { width: 240, height: 60, fontSizePx: 20 }),
      button("reject", {
        width: 100,
        height: 30,
        fontSizePx: 12,
        fillContrast: 1,
        textContrast: 2.1,
        label: "More options",
      }),
    ];
    expect(
      bannerImbalance(page("/", [pressed("accept-all", 1, buttons), pressed("reject-all", 3, buttons)])),
    ).toEqual([
      "Reject all takes 3 clicks, Accept all 1 click",
      "'Accept all' is 4.8× the size of 'More options'",
      "its text is larger (20px vs 12px)",
      "it is a filled button, 'More options' is not",
      "'More options' is faint (contrast 2.1:1 vs 21.0:1)",
    ]);
  });

  it("says when there is no way to reject", () => {
    const buttons = [button("accept")];
    expect(
      bannerImbalance(page("/", [pressed("accept-all", 1, buttons), pressed("reject-all", null, buttons)])),
    ).toEqual(["no way to reject was found on the banner or its settings"]);
  });
});

describe("durationOf", () => {
  it("writes an expiry as a map duration", () => {
    expect(durationOf(null, 0)).toBe("session");
    expect(durationOf(1800, 0)).toBe("30m");
    expect(durationOf(86_400 * 30, 0)).toBe("1mo");
    expect(durationOf(86_400 * 400, 0)).toBe("1y");
    expect(durationOf(86_400 * 730, 0)).toBe("2y");
    expect(durationOf(7200, 0)).toBe("2h");
  });
});
