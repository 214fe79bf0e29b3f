import type { Core, LoupeGlobal, Op } from "../core.js";
import { activateGated } from "../gate/activate-gated.js";
import { safe } from "../safe.js";

/**
 * Puts the rest of `window.loupe` in place after the head snippet's stub, once per page: `open()`,
 * `accept()` and `withdraw()` load the UI bundle (and the calls queued so far are run by it), the page's
 * persistent controls (`[data-loupe-open]`, `[data-loupe-withdraw]`, `[data-loupe-accept]`) work in one
 * click, and the gated scripts and iframes whose purposes are in force run: those parsed so far now, the
 * rest once the document is parsed. Returns the shared core, or `undefined` without a snippet.
 *
 * @example
 * const core = startApi(); // in api.js and at the start of every UI bundle
 */
export function startApi(): Core | undefined {
  const api = (window as unknown as { loupe?: LoupeGlobal }).loupe;
  const core = api?.core_;
  if (!api || !core || core.api_) return core;
  core.api_ = 1;
  const d = document;
  const ops: Op[0][] = ["open", "withdraw", "accept"];
  for (const op of ops) {
    api[op] = (arg?: unknown) => {
      if (core.run_) core.run_(op, arg);
      else {
        core.q_.push([op, arg]);
        core.ui_();
      }
    };
  }
  if (core.q_.length) core.ui_();
  d.addEventListener(
    "click",
    safe((e: Event) => {
      for (const op of ops) {
        if ((e.target as Element).closest?.(`[data-loupe-${op}]`)) {
          e.preventDefault();
          api[op]();
        }
      }
    }),
  );
  activateGated(core.cur_);
  if (d.readyState === "loading")
    d.addEventListener(
      "DOMContentLoaded",
      safe(() => activateGated()),
    );
  return core;
}
