import { type DataMap, formatPath, type MapPath, type RuleHit, type Taxonomy } from "@loupe/core";
import type { ButtonObservation, PageScan, ScanReport, ScenarioResult } from "../report/scan-report.js";
import { MapIndex, type PurposeView } from "./map-index.js";

/** The ids of the scan rules. */
export type ScanRuleId =
  | "cookie-before-consent"
  | "cookie-after-reject"
  | "gpc-ignored"
  | "undeclared-cookie"
  | "undeclared-recipient"
  | "declared-but-unseen"
  | "reject-harder-than-accept";

/** The part of a report the checks read. */
export type ScanEvidence = Pick<ScanReport, "url" | "pages" | "startedAt">;

interface Group {
  key: string;
  pages: string[];
  subjects: string[];
  scenarios: string[];
  path?: MapPath;
  title: string;
  extra: string[];
}

class Groups {
  readonly #groups = new Map<string, Group>();
  add(
    key: string,
    page: string,
    init: () => Omit<Group, "key" | "pages" | "subjects" | "scenarios" | "extra">,
  ): Group {
    let g = this.#groups.get(key);
    if (!g) {
      g = { ...init(), key, pages: [], subjects: [], scenarios: [], extra: [] };
      this.#groups.set(key, g);
    }
    addOnce(g.pages, page);
    return g;
  }
  values(): Group[] {
    return [...this.#groups.values()];
  }
}

const addOnce = (list: string[], v: string) => {
  if (!list.includes(v)) list.push(v);
};

/**
 * Compares what a scan observed with the data map and returns, per scan rule, the problems found (message
 * and location: the page URL as `file`, the YAML path of the map entry as `path` where the map is
 * concerned). Pure: the same report and map always give the same hits. Problems seen on several pages are
 * reported once, at the first page, naming the others.
 *
 * @example
 * const hits = scanRuleHits(report, map, taxonomy);
 * hits.get("undeclared-cookie")?.[0]?.message; // "cookie '_gid' is not in the notice; …"
 */
export function scanRuleHits(
  report: ScanEvidence,
  map: DataMap,
  taxonomy: Taxonomy,
): Map<ScanRuleId, RuleHit[]> {
  const index = new MapIndex(map, taxonomy);
  const out = new Map<ScanRuleId, RuleHit[]>();
  out.set("cookie-before-consent", consentHits(report, index, "before"));
  out.set("cookie-after-reject", consentHits(report, index, "reject"));
  out.set("gpc-ignored", consentHits(report, index, "gpc"));
  out.set("undeclared-cookie", undeclaredCookies(report, index));
  out.set("undeclared-recipient", undeclaredRecipients(report, index, map));
  out.set("declared-but-unseen", declaredButUnseen(report, index, map));
  out.set("reject-harder-than-accept", rejectHarder(report));
  return out;
}

type ConsentCheck = "before" | "reject" | "gpc";

/** What counts in a scenario for each consent check, and whether an active purpose offends it. */
function consentScope(check: ConsentCheck, s: ScenarioResult) {
  if (check === "before") {
    return s.regime.value === "opt-in"
      ? { applies: true, phase: (p: string) => p === "before-choice", bad: (v: PurposeView) => !v.required }
      : undefined;
  }
  if (check === "reject") {
    return s.action === "reject-all" && s.banner.clicks !== null
      ? { applies: true, phase: (p: string) => p === "after-choice", bad: (v: PurposeView) => !v.required }
      : undefined;
  }
  return s.gpc
    ? {
        applies: true,
        phase: (p: string) => s.action !== "accept-all" || p === "before-choice",
        bad: (v: PurposeView) => v.saleOrShare,
      }
    : undefined;
}

function consentHits(report: ScanEvidence, index: MapIndex, check: ConsentCheck): RuleHit[] {
  const groups = new Groups();
  for (const page of report.pages) {
    for (const s of page.scenarios) {
      const scope = consentScope(check, s);
      if (!scope) continue;
      const hit = (purpose: PurposeView, subject: string, path?: MapPath) => {
        const g = groups.add(purpose.id, page.url, () => {
          const init: { title: string; path?: MapPath } = { title: purpose.title };
          if (purpose.path) init.path = purpose.path;
          return init;
        });
        addOnce(g.subjects, subject);
        addOnce(g.scenarios, s.scenario);
        // A declared cookie is the most precise map entry to point at.
        const atItem = g.path?.[0] === "cookies" && g.path[1] === "items";
        if (path && !atItem) g.path = path;
      };
      for (const c of s.cookies) {
        // After a rejection a cookie counts if it is still there, whenever it was set.
        const counts = check === "reject" ? c.remains : scope.phase(c.phase);
        if (!counts) continue;
        const v = index.cookie(c.name, c.domain);
        if (v.purpose && scope.bad(v.purpose)) {
          const setWhen =
            check === "reject" ? (c.phase === "before-choice" ? " (kept)" : " (set after the choice)") : "";
          hit(
            v.purpose,
            `cookie ${c.name}${setWhen}`,
            v.item === undefined ? undefined : ["cookies", "items", v.item],
          );
        }
      }
      for (const r of s.requests) {
        if (!scope.phase(r.phase)) continue;
        const v = index.host(r.host);
        if (v.purpose && scope.bad(v.purpose)) hit(v.purpose, `requests to ${r.host}`);
      }
      for (const g of s.gatedScripts) {
        if (!scope.phase(g.phase)) continue;
        for (const id of g.purposes) {
          const p = index.purpose(id);
          if (p && scope.bad(p)) hit(p, `a script gated on '${id}'${g.src ? ` (${g.src})` : ""} ran`);
        }
      }
    }
  }
  return groups.values().map((g) => {
    const what = `${g.title} ('${g.key}')`;
    const list = g.subjects.join(", ");
    const scen = `scenarios: ${g.scenarios.join(", ")}`;
    let message: string;
    if (check === "before") {
      message = `before any choice in the opt-in regime, ${what} was active: ${list} (${scen}); load it only after consent, e.g. <script type="text/plain" data-loupe-purpose="${g.key}">, or declare it under a required purpose if it is strictly necessary`;
    } else if (check === "reject") {
      message = `after Reject all, ${what} was still active: ${list} (${scen}); stop the tags and clear their cookies when consent is refused`;
    } else {
      message = `with Global Privacy Control on, ${what}, which sells or shares personal information, was active: ${list} (${scen}); do not load it when navigator.globalPrivacyControl is true`;
    }
    return hitAt(g, message);
  });
}

function hitAt(g: Group, message: string): RuleHit {
  const [first, ...rest] = g.pages;
  const also = rest.length ? `; also on ${pageList(rest, first ?? "")}` : "";
  const location: RuleHit["location"] = { file: first ?? "" };
  if (g.path) location.path = formatPath(g.path);
  return { message: `${message}${also}`, location };
}

/** `/b, /c and 3 more pages`: same-origin URLs shortened to their path. */
function pageList(pages: string[], base: string): string {
  const short = (u: string) => {
    try {
      const url = new URL(u);
      return base && url.origin === new URL(base).origin ? url.pathname + url.search : u;
    } catch {
      return u;
    }
  };
  const shown = pages.slice(0, 3).map(short);
  return pages.length > 3 ? `${shown.join(", ")} and ${pages.length - 3} more pages` : shown.join(", ");
}

function undeclaredCookies(report: ScanEvidence, index: MapIndex): RuleHit[] {
  const groups = new Groups();
  const seenAt = Date.parse(report.startedAt) / 1000;
  for (const page of report.pages) {
    for (const s of page.scenarios) {
      for (const c of s.cookies) {
        const v = index.cookie(c.name, c.domain);
        if (v.declared) continue;
        const name = v.pattern?.includes("*") ? v.pattern : c.name;
        const g = groups.add(name, page.url, () => ({ title: name, path: ["cookies", "items"] }));
        addOnce(g.scenarios, s.scenario);
        if (!g.extra.length) {
          const fields = [`name: ${yamlScalar(name)}`, `purpose: ${v.purpose?.id ?? "<purpose>"}`];
          if (v.provider) fields.push(`provider: ${yamlScalar(v.provider)}`);
          fields.push(`duration: ${durationOf(c.expires, seenAt)}`);
          if (c.thirdParty) fields.push(`domain: ${yamlScalar(c.domain)}`);
          g.extra.push(`{ ${fields.join(", ")} }`);
          g.subjects.push(
            v.purpose
              ? `it looks like ${v.purpose.title.toLowerCase()}${v.provider ? ` (${v.provider})` : ""}`
              : "",
          );
        }
      }
    }
  }
  return groups.values().map((g) => {
    const guess = g.subjects[0] ? `; ${g.subjects[0]}` : "; Loupe does not know it: find out what sets it";
    return hitAt(
      g,
      `cookie '${g.title}' is not in the notice${guess}; add to cookies.items: - ${g.extra[0]} (scenarios: ${g.scenarios.join(", ")})`,
    );
  });
}

function undeclaredRecipients(report: ScanEvidence, index: MapIndex, map: DataMap): RuleHit[] {
  const groups = new Groups();
  for (const page of report.pages) {
    for (const s of page.scenarios) {
      for (const r of s.requests) {
        const v = index.host(r.host);
        if (v.recipient || v.infrastructure) continue;
        const name = v.provider ?? r.site;
        const g = groups.add(name, page.url, () => {
          const item = v.cookieItem === undefined ? undefined : map.cookies.items[v.cookieItem];
          return item
            ? { title: name, path: ["cookies", "items", v.cookieItem as number, "recipient"] }
            : { title: name, path: ["recipients"] };
        });
        addOnce(g.subjects, r.site);
        addOnce(g.scenarios, s.scenario);
        if (!g.extra.length) g.extra.push(v.purpose?.id ?? "", v.purpose?.saleOrShare ? "sale" : "");
      }
    }
  }
  return groups.values().map((g) => {
    const [purpose, sale] = g.extra;
    const id = slug(g.title);
    const role = sale ? "third-party, sells: true, shares: true" : purpose ? "service-provider" : "<role>";
    const hosts = g.subjects.join(", ");
    const fix =
      g.path?.[0] === "cookies"
        ? `${g.title} is named on ${formatPath(g.path.slice(0, 3))} but no recipient is linked: add - { id: ${id}, title: ${yamlScalar(g.title)}, role: ${role}, hosts: [${hosts}] } to recipients and set recipient: ${id}`
        : `add to recipients: - { id: ${id}, title: ${yamlScalar(g.title)}, role: ${role}, hosts: [${hosts}] }`;
    const what = purpose ? ` (${purpose})` : "";
    return hitAt(
      g,
      `the site sends requests to ${hosts}${what}, which no recipient of the notice covers; ${fix} (scenarios: ${g.scenarios.join(", ")})`,
    );
  });
}

function declaredButUnseen(report: ScanEvidence, index: MapIndex, map: DataMap): RuleHit[] {
  const seen = new Set<number>();
  let scenarios = 0;
  for (const page of report.pages) {
    for (const s of page.scenarios) {
      scenarios++;
      for (const c of s.cookies) {
        const i = index.cookieItem(c.name, c.domain);
        if (i !== undefined) seen.add(i);
      }
    }
  }
  if (!scenarios) return [];
  return map.cookies.items.flatMap((c, i) =>
    seen.has(i)
      ? []
      : [
          {
            message: `cookie '${c.name}' (${c.purpose}) is declared but was not seen on ${report.pages.length} ${report.pages.length === 1 ? "page" : "pages"} in ${scenarios} scenario runs; remove it from the notice if the site no longer sets it, or scan the pages that use it`,
            location: { file: report.url, path: formatPath(["cookies", "items", i]) },
          },
        ],
  );
}

function rejectHarder(report: ScanEvidence): RuleHit[] {
  const groups = new Groups();
  for (const page of report.pages) {
    const reasons = bannerImbalance(page);
    if (!reasons.length) continue;
    const g = groups.add(reasons.join("; "), page.url, () => ({ title: reasons.join("; ") }));
    addOnce(g.scenarios, "accept-all");
  }
  return groups
    .values()
    .map((g) =>
      hitAt(
        g,
        `refusing is harder than accepting: ${g.title}; give Reject all the same place, size and look as Accept all`,
      ),
    );
}

/**
 * Why rejecting is harder than accepting on a page's banner; empty when it is not (or no banner was found).
 *
 * @example
 * bannerImbalance(page); // ["Reject all takes 2 clicks, Accept all 1 click"]
 */
export function bannerImbalance(page: PageScan): string[] {
  const accept = page.scenarios.filter((s) => s.action === "accept-all" && s.banner.found);
  const reject = page.scenarios.filter((s) => s.action === "reject-all" && s.banner.found);
  if (!accept.length && !reject.length) return [];
  const clicks = (list: ScenarioResult[]) => {
    const n = list.map((s) => s.banner.clicks).filter((c): c is number => c !== null);
    return n.length ? Math.min(...n) : null;
  };
  const a = clicks(accept);
  const r = clicks(reject);
  const reasons: string[] = [];
  if (reject.length && r === null && a !== null)
    reasons.push("no way to reject was found on the banner or its settings");
  else if (a !== null && r !== null && r > a)
    reasons.push(`Reject all takes ${r} clicks, Accept all ${a === 1 ? "1 click" : `${a} clicks`}`);
  const first = (role: ButtonObservation["role"]) =>
    [...reject, ...accept].flatMap((s) => s.banner.buttons).find((b) => b.layer === 1 && b.role === role);
  const acc = first("accept");
  // Without a Reject button on the banner, the way to refuse starts with its settings control.
  const rej = first("reject") ?? first("customise");
  if (acc && rej) reasons.push(...prominence(acc, rej));
  return reasons;
}

function prominence(acc: ButtonObservation, rej: ButtonObservation): string[] {
  const out: string[] = [];
  const name = `'${rej.label}'`;
  const area = (b: ButtonObservation) => Math.max(1, b.width * b.height);
  const ratio = area(acc) / area(rej);
  if (ratio >= 1.5) out.push(`'${acc.label}' is ${ratio.toFixed(1)}× the size of ${name}`);
  if (acc.fontSizePx >= rej.fontSizePx * 1.2)
    out.push(`its text is larger (${acc.fontSizePx}px vs ${rej.fontSizePx}px)`);
  if (acc.fillContrast >= 1.5 && rej.fillContrast < 1.2) out.push(`it is a filled button, ${name} is not`);
  if (rej.textContrast < 3 && acc.textContrast >= 4.5)
    out.push(
      `${name} is faint (contrast ${rej.textContrast.toFixed(1)}:1 vs ${acc.textContrast.toFixed(1)}:1)`,
    );
  return out;
}

/**
 * A map duration (`session`, `30m`, `1d`, `13mo`, `2y`) for an expiry seen at `now` (unix seconds).
 *
 * @example
 * durationOf(now + 30 * 86_400, now); // "1mo"
 * durationOf(null, now); // "session"
 */
export function durationOf(expires: number | null, now: number): string {
  if (expires === null || !Number.isFinite(now)) return "session";
  const s = Math.max(0, expires - now);
  const day = 86_400;
  if (s >= 360 * day) return `${Math.round(s / (365 * day))}y`;
  if (s >= 28 * day) return `${Math.round(s / (30.44 * day))}mo`;
  if (s >= day) return `${Math.round(s / day)}d`;
  if (s >= 3600) return `${Math.round(s / 3600)}h`;
  return `${Math.max(1, Math.round(s / 60))}m`;
}

function slug(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "") || "recipient"
  );
}

function yamlScalar(s: string): string {
  return /^[A-Za-z0-9_][\w .\-/]*$/.test(s) && !/[\s.]$/.test(s) ? s : JSON.stringify(s);
}
