/**
 * The head snippet: the first script of the page, inline or `<script src=".../snippet.js">`, before any tag.
 *
 *     <script src="/sdk/snippet.js" data-endpoint="https://shop.example/privacy" data-hash="9b1f0c"
 *             data-policy="/privacy"></script>
 *
 * It reads the stored choice, applies Global Privacy Control, sends the Consent Mode v2 default, runs the
 * gated scripts already granted, and loads the UI bundle only when a choice is needed (first visit, or a new
 * config hash) or asked for: `loupe.open()`, or a click on the page's persistent controls,
 * `[data-loupe-open]` (opens the preferences) and `[data-loupe-withdraw]` (withdraws in one click).
 *
 * Attributes: `data-endpoint` (consent API base, default: same origin), `data-hash` (the current config
 * hash: a stored choice made against another one asks again), `data-lang` (default: `<html lang>`),
 * `data-policy` (notice URL linked from the banner), `data-ui` (folder of the UI bundles, default: the
 * snippet's; required when the snippet is inlined), `data-days` (cookie lifetime, default 180),
 * `data-domain` (cookie domain).
 */
import { F_GPC, F_GRANTED, F_HASH, F_SALE, F_VERSION, purposeList, readFields } from "../consent-cookie.js";
import { consentSignals, gtag } from "../consent-mode.js";
import type { Core, LoupeApi, LoupeState, Op } from "../core.js";
import { activateGated } from "../gate/activate-gated.js";
import { safe } from "../safe.js";
import { configUrl } from "../wire.js";

safe(() => {
  const w = window as unknown as { loupe?: object };
  const d = document;
  if (w.loupe) return;
  const el = d.currentScript as HTMLScriptElement | null;
  const ds = el ? el.dataset : {};
  const wanted = (ds.lang || d.documentElement.lang).slice(0, 2).toLowerCase();
  const lang = __LANGS__.includes(wanted) ? wanted : "en";
  const gpc = !!navigator.globalPrivacyControl;
  const f = readFields(d.cookie);
  const listeners: ((s: LoupeState) => void)[] = [];
  // 0: the stored choice applies; 1: a choice is needed (none, or made against another notice).
  let need =
    f[F_VERSION] === "1" && (!ds.hash || encodeURIComponent(ds.hash) === f.slice(F_HASH).join(".")) ? 0 : 1;
  let granted = need ? [] : purposeList(f[F_GRANTED]).concat(purposeList(f[F_SALE]));
  // 2: sale/share grants made without GPC are turned off (grants made under GPC are explicit opt-ins).
  if (gpc && !need && f[F_GPC] !== "1" && f[F_SALE]) {
    granted = purposeList(f[F_GRANTED]);
    need = 2;
  }
  const core: Core = {
    ds_: ds,
    need_: need,
    cur_: granted,
    q_: [],
    apply_(g) {
      core.cur_ = g;
      gtag("consent", "update", consentSignals(g));
      activateGated(g);
      for (const fn of listeners) safe(fn)(api.get());
    },
  };

  /** Runs an API call in the UI, loading the UI (and prefetching the configuration) first when needed. */
  const run = safe((op?: Op[0], arg?: unknown) => {
    if (core.ui_) return op && core.ui_(op, arg);
    if (op) core.q_.push([op, arg]);
    if (core.cfg_) return;
    core.cfg_ = fetch(configUrl(ds.endpoint || "", lang)).then(
      (r) => r.json(),
      () => {},
    );
    const s = d.createElement("script");
    s.src = `${ds.ui || el?.src.replace(/[^/]*$/, "")}ui${lang === "en" ? "" : `.${lang}`}.js`;
    d.head.append(s);
  });

  const ops: Op[0][] = ["open", "withdraw", "accept"];
  const api = {
    get: () => ({ granted: core.cur_.slice(), decided: core.need_ !== 1, gpc }),
    on: (e: string, fn: (s: LoupeState) => void) => e === "change" && listeners.push(fn),
    core_: core,
  } as unknown as LoupeApi & Record<string, unknown>;
  for (const op of ops) api[op] = (arg?: unknown) => run(op, arg);
  w.loupe = api;

  // Consent Mode default, before any tag: the stored choice, or all but security denied until the choice.
  gtag("consent", "default", { ...consentSignals(granted), wait_for_update: need && 500 });
  if (need) run();
  // The page's persistent controls: `data-loupe-open` and `data-loupe-withdraw` (one click).
  d.addEventListener("click", (e) => {
    for (const op of ops) {
      if ((e.target as Element).closest?.(`[data-loupe-${op}]`)) {
        e.preventDefault();
        run(op);
      }
    }
  });
  // Gated scripts already granted: those parsed so far now, the rest once the document is parsed.
  activateGated(granted);
  d.addEventListener("DOMContentLoaded", () => activateGated());
})();
