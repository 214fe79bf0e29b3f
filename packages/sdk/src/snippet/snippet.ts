/**
 * The head snippet: the first script of the page, inline or `<script src=".../snippet.js">`, before any tag.
 *
 *     <script src="/sdk/snippet.js" data-endpoint="https://shop.example/privacy" data-hash="9b1f0c"
 *             data-policy="/privacy"></script>
 *
 * It holds only what must happen before any tag and the first paint: it reads the stored choice, applies
 * Global Privacy Control and sends the Consent Mode v2 default. `window.loupe` is a stub at first: `get()`
 * and `on()` work at once, `open()`, `accept()` and `withdraw()` are queued. Then it loads, under
 * content-hashed URLs (cached for good), either the UI bundle of the page's language, when a choice is
 * needed (first visit, or a new config hash), or else the small API bundle (`api.js`: gated scripts,
 * persistent controls, the rest of the API), which loads the UI only when asked.
 *
 * Attributes: `data-endpoint` (consent API base, default: same origin), `data-hash` (the current config
 * hash: a stored choice made against another one asks again), `data-lang` (default: `<html lang>`),
 * `data-policy` (notice URL linked from the banner), `data-ui` (folder of the SDK's bundles, default: the
 * snippet's; required when the snippet is inlined), `data-days` (cookie lifetime, default 180),
 * `data-domain` (cookie domain).
 */
import { F_GPC, F_GRANTED, F_HASH, F_SALE, F_VERSION, purposeList, readFields } from "../consent-cookie.js";
import { consentSignals, gtag } from "../consent-mode.js";
import type { Core, LoupeGlobal, Op } from "../core.js";
import { configUrl } from "../wire.js";

try {
  const w = window as unknown as { loupe?: LoupeGlobal };
  const d = document;
  if (!w.loupe) {
    const el = d.currentScript as HTMLScriptElement | null;
    const ds = el ? el.dataset : {};
    const wanted = (ds.lang || d.documentElement.lang).slice(0, 2).toLowerCase();
    const lang = __LANGS__.includes(wanted) ? wanted : "en";
    const f = readFields(d.cookie);
    // 0: the stored choice applies; 1: a choice is needed (none, or made against another notice).
    let need =
      f[F_VERSION] === "1" && (!ds.hash || encodeURIComponent(ds.hash) === f.slice(F_HASH).join(".")) ? 0 : 1;
    let granted = need ? [] : purposeList(f[F_GRANTED]);
    // 2: sale/share grants made without GPC are turned off (grants made under GPC are explicit opt-ins).
    if (!need && f[F_SALE]) {
      if (navigator.globalPrivacyControl && f[F_GPC] !== "1") need = 2;
      else granted = granted.concat(purposeList(f[F_SALE]));
    }
    /** Loads one of the SDK's bundles by name, from its content-hashed URL. */
    const load = (name: string) => {
      const s = d.createElement("script");
      s.src = `${ds.ui || el?.src.replace(/[^/]*$/, "")}${name}.${__BUNDLE_HASH__}.js`;
      d.head.append(s);
    };
    const core: Core = {
      ds_: ds,
      need_: need,
      cur_: granted,
      q_: [],
      l_: [],
      ui_() {
        if (!core.cfg_) {
          core.cfg_ = fetch(configUrl(ds.endpoint || "", lang)).then(
            (r) => r.json(),
            () => {},
          );
          load(`ui.${lang}`);
        }
      },
    };
    const api = {
      get: () => ({
        granted: core.cur_.slice(),
        decided: core.need_ !== 1,
        gpc: !!navigator.globalPrivacyControl,
      }),
      on: (e: string, fn: Core["l_"][0]) => e === "change" && core.l_.push(fn),
      core_: core,
    } as unknown as LoupeGlobal;
    for (const op of ["open", "withdraw", "accept"] as Op[0][])
      api[op] = (arg?: unknown) => core.q_.push([op, arg]);
    w.loupe = api;
    // Consent Mode default, before any tag: the stored choice, or all but security denied until the choice.
    gtag("consent", "default", { ...consentSignals(granted), wait_for_update: need && 500 });
    if (need) core.ui_();
    else load("api");
  }
} catch (e) {
  if (__DEBUG__) console.error("[loupe]", e);
}
