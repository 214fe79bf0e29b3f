/**
 * The UI bundle, loaded by the head snippet only when a choice is needed or asked for. It starts the API
 * (see {@link startApi}) if `api.js` has not, takes the notice configuration the snippet fetched, then shows the banner (Accept all / Reject all / Customise,
 * of equal weight), the preferences dialog, or the "Opt-Out Request Honored" notice; it stores the choice,
 * clears the cookies of what is not granted, and posts the receipt after the page has been updated.
 *
 * Everything renders in a shadow root on a fixed host, so the shop's styles do not leak in and nothing in
 * the page moves. One bundle is built per language (`ui.js` is English, `ui.es.js`, `ui.fr.js`, …).
 */

import { startApi } from "../api/start-api.js";
import { type Choice, choiceCookie, F_ID, F_VERSION, readFields } from "../consent-cookie.js";
import { consentSignals, gtag } from "../consent-mode.js";
import type { Core, LoupeGlobal, Op } from "../core.js";
import { activateGated, deactivateFrames } from "../gate/activate-gated.js";
import { safe } from "../safe.js";
import {
  type ConsentAction,
  type ConsentConfig,
  type ConsentSource,
  type PurposeInfo,
  postReceipt,
  readConfig,
} from "../wire.js";
import { clearCookies } from "./clear-cookies.js";

type Kid = Node | string | false | undefined | null | 0;

const d = document;
const S = __STRINGS__;

/** Creates an element; `on…` props become listeners wrapped in {@link safe}, `true` makes an empty attribute. */
function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props?: Record<string, unknown> | null,
  ...kids: Kid[]
): HTMLElementTagNameMap[K] {
  const e = d.createElement(tag);
  for (const k in props) {
    const v = props[k];
    if (k.startsWith("on")) e.addEventListener(k.slice(2), safe(v as EventListener));
    else if (v !== false && v != null) e.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of kids) if (c || c === "") e.append(c as Node | string);
  return e;
}

/** A random UUID, also outside secure contexts. */
const uuid = (): string =>
  typeof crypto.randomUUID === "function"
    ? crypto.randomUUID()
    : "10000000-1000-4000-8000-100000000000".replace(/[018]/g, (c) =>
        (+c ^ ((crypto.getRandomValues(new Uint8Array(1))[0] as number) & (15 >> (+c / 4)))).toString(16),
      );

/** Runs `f` after the next paint (and at the latest after 300 ms, for hidden tabs). */
const later = (f: () => void) => {
  let done = false;
  const g = () => {
    if (!done) {
      done = true;
      safe(f)();
    }
  };
  requestAnimationFrame(() => setTimeout(g));
  setTimeout(g, 300);
};

const ready = (f: () => void) => (d.body ? f() : d.addEventListener("DOMContentLoaded", safe(f)));

function start(core: Core, cfg: ConsentConfig): void {
  const ds = core.ds_;
  const P = cfg.purposes;
  const signal = !!navigator.globalPrivacyControl;
  const gpc = signal && cfg.gpcHonoured;
  const ids = (f: (p: PurposeInfo) => boolean) => P.filter(f).map((p) => p.id);
  const required = ids((p) => p.required);
  const sale = ids((p) => p.saleOrShare);
  // "Accept all" never overrides an opt-out signal: sale/share needs an explicit switch in the dialog.
  const acceptable = ids((p) => !(gpc && p.saleOrShare));
  const defaults = ids((p) => p.required || (cfg.regime === "opt-out" && !(gpc && p.saleOrShare)));
  /** Puts purposes in force: Consent Mode update, gated scripts, `change` listeners. */
  const apply = (g: string[]) => {
    core.cur_ = g;
    gtag("consent", "update", consentSignals(g));
    activateGated(g);
    const api = (window as unknown as { loupe: LoupeGlobal }).loupe;
    for (const fn of core.l_) safe(fn)(api.get());
  };
  let root: ShadowRoot | undefined;
  let banner: HTMLElement | undefined;
  let dialog: HTMLElement | undefined;
  let opener: HTMLElement | undefined;

  const mount = (): ShadowRoot => {
    if (!root) {
      const host = h("div", { "data-loupe": "" });
      host.style.cssText = "position:fixed;top:0;left:0;z-index:2147483647";
      root = host.attachShadow({ mode: "open" });
      const css = __CSS__;
      try {
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(css);
        root.adoptedStyleSheets = [sheet];
      } catch {
        root.append(h("style", null, css));
      }
      d.body.prepend(host);
    }
    return root;
  };
  /** A button of the banner or dialog; `data-loupe-action` names its action for the site scanner. */
  const button = (label: string, action: string | undefined, onclick: () => void) =>
    h("button", { type: "button", "data-loupe-action": action, onclick }, label);
  const gpcNote = () =>
    gpc && h("p", { class: "g", role: "status" }, h("strong", null, S.gpcTitle), " ", S.gpcText);

  const closeDialog = (refocus = true) => {
    dialog?.remove();
    dialog = undefined;
    if (refocus && opener?.isConnected) opener.focus();
  };
  const closeBanner = () => {
    banner?.remove();
    banner = undefined;
  };

  const choose = (chosen: string[], action: ConsentAction, source: ConsentSource) => {
    const granted = ids((p) => p.required || chosen.includes(p.id));
    const denied = ids((p) => !granted.includes(p.id));
    if (action === "reject-all" && core.need_ !== 1 && core.cur_.some((p) => !required.includes(p))) {
      action = "withdraw";
    }
    const stored = readFields(d.cookie);
    const ch: Choice = {
      id_: (stored[F_VERSION] === "1" && stored[F_ID]) || uuid(),
      t_: Date.now(),
      p_: signal,
      g_: granted,
      s_: granted.filter((p) => sale.includes(p)),
      h_: encodeURIComponent(cfg.configHash),
    };
    // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is not in every browser the SDK supports
    d.cookie = choiceCookie(ch, Number(ds.days) || 180, ds.domain, location.protocol === "https:");
    core.need_ = 0;
    const back = dialog && opener && !root?.contains(opener) ? opener : undefined;
    closeDialog(false);
    closeBanner();
    back?.focus();
    // The page is updated first; tags, cookie clearing and the receipt come after the next paint.
    later(() => {
      const cookies = (f: (p: PurposeInfo) => boolean) =>
        P.filter(f).flatMap((p) => p.cookies.map((c) => c.name));
      const keep = cookies((p) => granted.includes(p.id));
      clearCookies(cookies((p) => denied.includes(p.id)).filter((n) => !keep.includes(n)));
      deactivateFrames(granted);
      apply(granted);
      postReceipt(
        ds.endpoint || "",
        {
          visitorId: ch.id_,
          granted,
          denied,
          action,
          source,
          gpc: signal,
          dnt: navigator.doNotTrack === "1",
          language: __LANG__,
          config: cfg,
        },
        uuid(),
      ).catch(() => {});
    });
  };

  const openDialog = () => {
    if (dialog) return;
    const r = mount();
    opener = (r.activeElement || d.activeElement) as HTMLElement;
    const on = core.need_ === 1 ? defaults : core.cur_;
    const boxes: [string, HTMLInputElement][] = [];
    const keys = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        e.preventDefault();
        closeDialog();
      } else if (e.key === "Tab") {
        const f = Array.from(
          box.querySelectorAll<HTMLElement>("button,input:not(:disabled),summary,a[href]"),
        );
        const a = r.activeElement;
        if (e.shiftKey ? a === f[0] || a === box : a === f[f.length - 1]) {
          e.preventDefault();
          f[e.shiftKey ? f.length - 1 : 0]?.focus();
        }
      }
    };
    const row = (p: PurposeInfo) => {
      const id = `p-${p.id}`;
      const input = h("input", {
        type: "checkbox",
        role: "switch",
        id,
        checked: p.required || on.includes(p.id),
        disabled: p.required,
        "aria-describedby": `${id}-d`,
      });
      boxes.push([p.id, input]);
      const cell = (tag: "td" | "th", t?: string) => h(tag, null, t);
      return h(
        "li",
        null,
        h(
          "div",
          { class: "r" },
          h("label", { for: id }, p.title),
          p.required && h("span", null, S.alwaysOn),
          input,
        ),
        h("p", { id: `${id}-d` }, p.description),
        p.saleOrShare && h("p", { class: "s" }, S.saleShare),
        p.cookies.length &&
          h(
            "details",
            null,
            h("summary", null, `${S.cookies} (${p.cookies.length})`),
            h(
              "table",
              null,
              h("tr", null, cell("th", S.name), cell("th", S.provider), cell("th", S.duration)),
              ...p.cookies.map((c) =>
                h("tr", null, cell("td", c.name), cell("td", c.provider), cell("td", c.duration)),
              ),
            ),
          ),
      );
    };
    const box = h(
      "div",
      {
        class: "d",
        role: "dialog",
        "aria-modal": "true",
        "aria-labelledby": "dt",
        "aria-describedby": "dd",
        tabindex: "-1",
        onkeydown: keys,
      },
      h("h2", { id: "dt" }, S.prefsTitle),
      h("button", { type: "button", class: "x", "aria-label": S.close, onclick: () => closeDialog() }, "×"),
      h("p", { id: "dd" }, S.prefsText),
      gpcNote(),
      h("ul", null, ...P.map(row)),
      h(
        "div",
        { class: "a" },
        button(S.acceptAll, "accept-all", () => choose(acceptable, "accept-all", "dialog")),
        button(S.rejectAll, "reject-all", () => choose([], "reject-all", "dialog")),
        button(S.save, "save", () =>
          choose(
            boxes.filter(([, b]) => b.checked).map(([id]) => id),
            "save",
            "dialog",
          ),
        ),
      ),
    );
    // A click on the backdrop keeps the focus in the dialog.
    dialog = h(
      "div",
      { class: "o", onmousedown: (e: MouseEvent) => e.target === dialog && e.preventDefault() },
      box,
    );
    r.append(dialog);
    box.focus();
  };

  const showBanner = (notice?: boolean) => {
    const pol = ds.policy;
    banner = h(
      "section",
      { class: "b", "aria-labelledby": "bt" },
      h("h2", { id: "bt" }, notice ? S.gpcTitle : S.bannerTitle),
      h("p", null, notice ? S.gpcText : S.bannerText, pol && " ", pol && h("a", { href: pol }, S.policy)),
      !notice && gpcNote(),
      h(
        "div",
        { class: "a" },
        ...(notice
          ? [button(S.ok, undefined, closeBanner), button(S.customise, "customise", openDialog)]
          : [
              button(S.acceptAll, "accept-all", () => choose(acceptable, "accept-all", "banner")),
              button(S.rejectAll, "reject-all", () => choose([], "reject-all", "banner")),
              button(S.customise, "customise", openDialog),
            ]),
      ),
    );
    mount().append(banner);
  };

  core.run_ = safe((op: Op[0], arg?: unknown) => {
    if (op === "open") ready(openDialog);
    else if (op === "withdraw") choose([], "withdraw", "api");
    else if (Array.isArray(arg)) choose([...core.cur_, ...arg.map(String)], "save", "api");
    else choose(acceptable, "accept-all", "api");
  });

  ready(() => {
    if (core.need_ === 1 && cfg.regime === "opt-out" && gpc) {
      // Opt-out regime: the signal is the visitor's choice; it is recorded and the notice says so.
      choose(defaults, "gpc", "signal");
      showBanner(true);
    } else if (core.need_ === 1) {
      apply(defaults);
      showBanner();
    } else if (core.need_ === 2) {
      // A stored sale/share grant made without the signal: the snippet has already turned it off.
      choose(core.cur_, "gpc", "signal");
      showBanner(true);
    }
    for (const [op, arg] of core.q_.splice(0)) core.run_?.(op, arg);
  });
}

safe(() => {
  const core = startApi();
  if (!core || core.run_) return;
  core.ui_();
  (core.cfg_ as Promise<unknown>)
    .then((json) => {
      const cfg = readConfig(json);
      if (cfg) start(core, cfg);
    })
    .catch((e) => {
      if (__DEBUG__) console.error("[loupe]", e);
    });
})();
