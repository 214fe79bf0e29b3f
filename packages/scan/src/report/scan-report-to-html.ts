import type { Finding } from "@loupe/core";
import { globMatcher } from "../known/glob.js";
import { guessCookie } from "../known/known-cookies.js";
import { guessHost } from "../known/known-hosts.js";
import { hostMatches } from "../site/site-of.js";
import type { NoticeSnapshot, ScanReport, ScenarioResult } from "./scan-report.js";

/** Short titles of the scan rules, for people. */
const RULE_TITLES: Record<string, string> = {
  "cookie-before-consent": "Tracking before consent",
  "cookie-after-reject": "Tracking after Reject all",
  "gpc-ignored": "Global Privacy Control ignored",
  "undeclared-cookie": "Cookie missing from the notice",
  "undeclared-recipient": "Recipient missing from the notice",
  "declared-but-unseen": "Declared cookie not seen",
  "reject-harder-than-accept": "Refusing is harder than accepting",
};

const esc = (s: unknown): string =>
  String(s ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");

const STYLE = `
body{font:15px/1.5 system-ui,sans-serif;color:#1d1d1f;max-width:1100px;margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2.2rem;border-bottom:2px solid #ddd;padding-bottom:.2rem}
table{border-collapse:collapse;width:100%;margin:.6rem 0}th,td{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f5f5f7}code{font:13px ui-monospace,monospace;background:#f5f5f7;padding:0 .2rem;border-radius:3px}
.summary span{display:inline-block;margin-right:1rem;font-weight:600}
.error{color:#b00020}.warning{color:#8a5300}.info{color:#245c99}.ok{color:#1b7a35}
article.finding{border-left:4px solid #ccc;padding:.4rem .8rem;margin:.8rem 0;background:#fafafa}
article.f-error{border-color:#b00020}article.f-warning{border-color:#d08a00}article.f-info{border-color:#245c99}
article h3{margin:.1rem 0;font-size:1rem}dl{display:grid;grid-template-columns:6rem 1fr;margin:.3rem 0}dt{font-weight:600}dd{margin:0}
.muted{color:#666}.bad{background:#fdecee}details{margin:.4rem 0}summary{cursor:pointer}`;

/**
 * One self-contained HTML page a privacy lead can read: the differences to fix (each with its page and the
 * map line and path to change), what the notice says (purposes, cookies, recipients, GPC), what the site
 * does (cookies, third-party hosts and banner, per scenario), and every page in detail.
 *
 * @example
 * await writeFile("scan.html", scanReportToHtml(report));
 */
export function scanReportToHtml(report: ScanReport): string {
  const n = report.notice;
  const count = (s: Finding["severity"]) => report.findings.filter((f) => f.severity === s).length;
  const scenarioIds = report.scenarios.map((s) => s.id);
  const runs = report.pages.flatMap((p) => p.scenarios.map((s) => ({ page: p.url, s })));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Site scan of ${esc(report.site)} — ${esc(n.organization)}</title><style>${STYLE}</style></head><body>
<header>
<h1>What ${esc(report.site)} does, held against the notice of ${esc(n.organization)}</h1>
<p class="muted">${report.pages.length} ${report.pages.length === 1 ? "page" : "pages"} from <a href="${esc(report.url)}">${esc(report.url)}</a> in ${report.scenarios.length} scenarios, ${esc(report.startedAt.slice(0, 16).replace("T", " "))} UTC, ${esc(report.browser)}, ${(report.durationMs / 1000).toFixed(1)} s${n.file ? `; data map <code>${esc(n.file)}</code>` : ""}.</p>
<p class="summary"><span class="error">${count("error")} errors</span><span class="warning">${count("warning")} warnings</span><span class="info">${count("info")} info</span></p>
</header>
<section id="differences"><h2>Differences to fix</h2>
${report.findings.length ? report.findings.map((f) => findingHtml(f, n)).join("\n") : `<p class="ok">The site does what the notice says in every scenario scanned.</p>`}
</section>
<section id="notice"><h2>What the notice says</h2>
<p>Global Privacy Control: ${n.gpc ? "honoured as an opt-out of sale and sharing" : "<strong>not promised</strong> (<code>signals.gpc</code>)"}.</p>
<h3>Cookie purposes</h3>
<table><tr><th>Purpose</th><th>Title</th><th>Always on</th><th>Sells or shares</th><th>Map</th></tr>
${n.purposes.map((p) => `<tr><td><code>${esc(p.id)}</code></td><td>${esc(p.title)}</td><td>${p.required ? "yes" : "no"}</td><td>${p.saleOrShare ? "yes" : "no"}</td><td>${mapRef(n, p.path)}</td></tr>`).join("\n")}
</table>
<h3>Cookies</h3>
<table><tr><th>Cookie</th><th>Purpose</th><th>Provider</th><th>Duration</th><th>Recipient</th><th>Seen in</th><th>Map</th></tr>
${n.cookies
  .map((c) => {
    const match = globMatcher(c.name);
    const seen = scenarioIds.filter((id) =>
      runs.some((r) => r.s.scenario === id && r.s.cookies.some((k) => match(k.name))),
    );
    return `<tr${seen.length ? "" : ' class="bad"'}><td><code>${esc(c.name)}</code></td><td>${esc(c.purpose)}</td><td>${esc(c.provider)}</td><td>${esc(c.duration)}</td><td>${esc(c.recipient)}</td><td>${seen.length ? esc(seen.join(", ")) : "never"}</td><td>${mapRef(n, c.path)}</td></tr>`;
  })
  .join("\n")}
</table>
<h3>Recipients</h3>
<table><tr><th>Recipient</th><th>Role</th><th>Sells / shares</th><th>Hosts</th><th>Map</th></tr>
${n.recipients.map((r) => `<tr><td>${esc(r.title)} <code>${esc(r.id)}</code></td><td>${esc(r.role)}</td><td>${r.sells ? "sells" : ""}${r.sells && r.shares ? ", " : ""}${r.shares ? "shares" : ""}</td><td>${esc(r.hosts.join(", "))}</td><td>${mapRef(n, r.path)}</td></tr>`).join("\n")}
</table>
</section>
<section id="site"><h2>What the site does</h2>
${scenarioTable(report)}
<h3>Cookies seen</h3>
${cookieTable(report)}
<h3>Third-party hosts</h3>
${hostTable(report)}
<h3>Banner</h3>
${bannerTable(report)}
</section>
<section id="pages"><h2>Pages</h2>
${report.pages
  .map(
    (
      p,
    ) => `<details><summary><a href="${esc(p.url)}">${esc(p.url)}</a> ${p.status ? `(${p.status})` : ""} ${esc(p.title)} ${p.error ? `<span class="error">${esc(p.error)}</span>` : ""}</summary>
${p.scenarios.map(scenarioDetails).join("\n")}</details>`,
  )
  .join("\n")}
</section>
<footer class="muted"><p>Cookie values, storage values and query strings are not recorded. Regime "page" means the site's consent configuration said so; "scenario" means only the scenario asked for it.</p></footer>
</body></html>
`;
}

function mapRef(n: NoticeSnapshot, path: string | undefined): string {
  if (!path) return "";
  const line =
    n.lines[path] ??
    n.cookies.find((c) => c.path === path)?.line ??
    n.recipients.find((r) => r.path === path)?.line ??
    n.purposes.find((p) => p.path === path)?.line;
  const where = line !== undefined ? `${esc(n.file ?? "loupe.yaml")}:${line} ` : "";
  return `<code>${where}${esc(path)}</code>`;
}

function findingHtml(f: Finding, n: NoticeSnapshot): string {
  return `<article class="finding f-${f.severity}"><h3><span class="${f.severity}">${esc(f.severity)}</span> ${esc(RULE_TITLES[f.rule] ?? f.rule)} <code>${esc(f.rule)}</code></h3>
<p>${esc(f.message)}</p>
<dl><dt>Page</dt><dd><a href="${esc(f.location.file)}">${esc(f.location.file)}</a></dd>${f.location.path ? `<dt>Change</dt><dd>${mapRef(n, f.location.path)}</dd>` : ""}</dl></article>`;
}

function scenarioTable(report: ScanReport): string {
  const rows = report.scenarios.map((sc) => {
    const runs = report.pages.flatMap((p) => p.scenarios.filter((s) => s.scenario === sc.id));
    const regimes = unique(
      runs.map(
        (s) => `${s.regime.value}${s.regime.region ? ` (${s.regime.region})` : ""} · ${s.regime.source}`,
      ),
    );
    const cookies = unique(runs.flatMap((s) => s.cookies.filter((c) => c.remains).map((c) => c.name)));
    const hosts = unique(runs.flatMap((s) => s.requests.map((r) => r.host)));
    const gated = unique(runs.flatMap((s) => s.gatedScripts.flatMap((g) => g.purposes)));
    const banner = runs.filter((s) => s.banner.found).length;
    const headers = Object.entries(sc.headers ?? {}).map(([k, v]) => `${k}: ${v}`);
    if (sc.gpc) headers.push("Sec-GPC: 1");
    return `<tr><td>${esc(sc.label)} <code>${esc(sc.id)}</code></td><td>${esc(headers.join("; "))}</td><td>${esc(regimes.join("; "))}</td><td>${banner}/${runs.length} pages</td><td>${esc(cookies.join(", "))}</td><td>${esc(hosts.join(", "))}</td><td>${esc(gated.join(", "))}</td></tr>`;
  });
  return `<table><tr><th>Scenario</th><th>Headers</th><th>Regime</th><th>Banner shown</th><th>Cookies at the end</th><th>Third-party hosts</th><th>Gated scripts that ran</th></tr>
${rows.join("\n")}</table>`;
}

function cookieTable(report: ScanReport): string {
  const n = report.notice;
  const byKey = new Map<
    string,
    { name: string; domain: string; thirdParty: boolean; expires: number | null; where: Set<string> }
  >();
  for (const p of report.pages) {
    for (const s of p.scenarios) {
      for (const c of s.cookies) {
        const key = `${c.name}|${c.domain}`;
        const e = byKey.get(key) ?? {
          name: c.name,
          domain: c.domain,
          thirdParty: c.thirdParty,
          expires: c.expires,
          where: new Set(),
        };
        e.where.add(`${s.scenario}${c.phase === "after-choice" ? " (after the choice)" : ""}`);
        byKey.set(key, e);
      }
    }
  }
  if (!byKey.size) return "<p>No cookies.</p>";
  const seenAt = Date.parse(report.startedAt) / 1000;
  const rows = [...byKey.values()].map((c) => {
    const declared = n.cookies.find(
      (d) => globMatcher(d.name)(c.name) && (!d.domain || hostMatches(c.domain, d.domain)),
    );
    const guess = declared ? undefined : guessCookie(c.name);
    const what = declared
      ? `${esc(declared.purpose)} · ${mapRef(n, declared.path)}`
      : `<span class="warning">not declared</span>${guess ? ` — looks like ${esc(guess.purpose)} (${esc(guess.provider)})` : ""}`;
    const life =
      c.expires === null ? "session" : `${Math.max(0, Math.round((c.expires - seenAt) / 86_400))} days`;
    return `<tr><td><code>${esc(c.name)}</code></td><td>${esc(c.domain)}</td><td>${c.thirdParty ? "third" : "first"}</td><td>${life}</td><td>${what}</td><td>${esc([...c.where].join(", "))}</td></tr>`;
  });
  return `<table><tr><th>Cookie</th><th>Domain</th><th>Party</th><th>Expires in</th><th>In the notice</th><th>Scenarios</th></tr>
${rows.join("\n")}</table>`;
}

function hostTable(report: ScanReport): string {
  const n = report.notice;
  const byHost = new Map<string, { count: number; where: Set<string>; sample: string }>();
  for (const p of report.pages) {
    for (const s of p.scenarios) {
      for (const r of s.requests) {
        const e = byHost.get(r.host) ?? { count: 0, where: new Set(), sample: r.sample };
        e.count += r.count;
        e.where.add(`${s.scenario}${r.phase === "after-choice" ? " (after the choice)" : ""}`);
        byHost.set(r.host, e);
      }
    }
  }
  if (!byHost.size) return "<p>No requests to other sites.</p>";
  const rows = [...byHost].map(([host, e]) => {
    const r = n.recipients.find((x) => x.hosts.some((h) => hostMatches(host, h)));
    const known = guessHost(host);
    const who = r
      ? `${esc(r.title)} · ${mapRef(n, r.path)}`
      : `<span class="warning">no recipient</span>${known ? ` — ${esc(known.provider)} (${esc(known.purpose)})` : ""}`;
    return `<tr><td><code>${esc(host)}</code><br><span class="muted">${esc(e.sample)}</span></td><td>${who}</td><td>${e.count}</td><td>${esc([...e.where].join(", "))}</td></tr>`;
  });
  return `<table><tr><th>Host</th><th>Recipient in the notice</th><th>Requests</th><th>Scenarios</th></tr>
${rows.join("\n")}</table>`;
}

function bannerTable(report: ScanReport): string {
  const rows = report.pages.flatMap((p) => {
    const runs = p.scenarios.filter((s) => s.action !== "none" && s.banner.found);
    if (!runs.length) return [];
    const clicks = (a: string) => runs.find((s) => s.action === a)?.banner.clicks;
    const buttons = unique(
      runs.flatMap((s) =>
        s.banner.buttons.map(
          (b) =>
            `${b.role} “${b.label}” (layer ${b.layer}, ${Math.round(b.width)}×${Math.round(b.height)} px, ${b.fontSizePx}px text, contrast ${b.textContrast}:1, fill ${b.fillContrast}:1)`,
        ),
      ),
    );
    const fmt = (c: number | null | undefined) =>
      c === undefined ? "—" : c === null ? "not possible" : String(c);
    return [
      `<tr><td><a href="${esc(p.url)}">${esc(p.url)}</a></td><td>${esc(runs[0]?.banner.kind)}</td><td>${fmt(clicks("accept-all"))}</td><td>${fmt(clicks("reject-all"))}</td><td>${buttons.map(esc).join("<br>")}</td></tr>`,
    ];
  });
  if (!rows.length) return "<p>No consent banner was pressed.</p>";
  return `<table><tr><th>Page</th><th>Banner</th><th>Clicks to accept</th><th>Clicks to reject</th><th>Buttons</th></tr>
${rows.join("\n")}</table>`;
}

function scenarioDetails(s: ScenarioResult): string {
  const cookies = s.cookies.map(
    (c) => `${c.name}${c.phase === "after-choice" ? " (after)" : ""}${c.remains ? "" : " (removed)"}`,
  );
  const storage = s.storage.map((k) => `${k.area}:${k.key}`);
  return `<p><strong>${esc(s.label)}</strong> — regime ${esc(s.regime.value)} (${esc(s.regime.source)}), banner ${s.banner.found ? `${esc(s.banner.kind)}${s.banner.pressed.length ? `, pressed ${esc(s.banner.pressed.join(" → "))}` : ""}` : "not found"}${s.error ? ` <span class="error">${esc(s.error)}</span>` : ""}<br>
cookies: ${esc(cookies.join(", ") || "none")}<br>storage: ${esc(storage.join(", ") || "none")}<br>
third-party hosts: ${esc(s.requests.map((r) => `${r.host}×${r.count}${r.phase === "after-choice" ? " (after)" : ""}`).join(", ") || "none")}<br>
gated scripts that ran: ${esc(s.gatedScripts.map((g) => g.purposes.join("+")).join(", ") || "none")}</p>`;
}

function unique<T>(list: T[]): T[] {
  return [...new Set(list)];
}
