/**
 * Script and iframe gating. A page marks what may run only with consent:
 *
 *     <script type="text/plain" data-loupe-purpose="analytics" src="https://…/tag.js"></script>
 *     <script type="text/plain" data-loupe-purpose="analytics">track()</script>
 *     <iframe data-loupe-purpose="social" data-src="https://…/embed"></iframe>
 *
 * Several purposes may be listed, separated by spaces: all of them must be granted. A gated script keeps
 * its other attributes (a `data-type` becomes its `type`, e.g. `module`); under a nonce-based CSP it carries
 * its own `nonce`. An iframe keeps its URL in `data-src`; a script may use `src` or `data-src`.
 */

let granted: string[] = [];
/** Set while an external gated script loads: the next ones wait for it. */
let waiting: (() => void) | undefined;

/** Whether an element's purposes are all granted. */
const allowed = (el: Element, g: string[]): boolean =>
  (el.getAttribute("data-loupe-purpose") as string).split(" ").every((p) => g.includes(p));

/**
 * Activates, in document order, the gated scripts and iframes whose purposes are granted. Each is replaced
 * by a copy that runs: the copy's `type` is its `data-type` (or none: JavaScript) and its `src` its
 * `data-src`, if it has one. An external script is awaited before the next gated script runs, so
 * scripts keep their document order. Called with no argument, it resumes with the purposes of the last call.
 *
 * @example
 * activateGated(["essential", "analytics"]);
 */
export function activateGated(purposes?: string[]): void {
  granted = purposes || granted;
  if (!waiting) {
    for (const el of document.querySelectorAll<HTMLElement>(
      'script[type="text/plain"][data-loupe-purpose],iframe[data-loupe-purpose][data-src]',
    )) {
      if (allowed(el, granted)) {
        // A copy of a script that never ran runs when inserted (the clone keeps its nonce).
        const s = el.cloneNode(true) as HTMLScriptElement;
        const ds = s.dataset;
        if (ds.src) {
          s.src = ds.src;
          delete ds.src;
        }
        s.type = ds.type || "";
        if (s.src && s.tagName === "SCRIPT") {
          waiting =
            s.onload =
            s.onerror =
              () => {
                waiting = undefined;
                activateGated();
              };
        }
        el.replaceWith(s);
        if (waiting) break;
      }
    }
  }
}

/**
 * Unloads the activated iframes whose purposes are no longer all granted (each is replaced by a gated copy,
 * which comes back when consent does). A script that has run cannot be unloaded: its cookies are cleared.
 *
 * @example
 * deactivateFrames(["essential"]);
 */
export function deactivateFrames(purposes: string[]): void {
  for (const f of Array.from(document.querySelectorAll("iframe[data-loupe-purpose][src]"))) {
    if (!allowed(f, purposes)) {
      const c = f.cloneNode() as Element;
      c.setAttribute("data-src", f.getAttribute("src") as string);
      c.removeAttribute("src");
      f.replaceWith(c);
    }
  }
}
