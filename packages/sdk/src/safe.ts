/**
 * Wraps a function so that nothing it throws reaches the host page: every entry point of the SDK (API
 * methods, event handlers, timers) goes through it. Debug builds log what was swallowed.
 *
 * @example
 * button.addEventListener("click", safe(() => choose("accept-all")));
 */
export function safe<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R | undefined {
  return (...args) => {
    try {
      return fn(...args);
    } catch (e) {
      if (__DEBUG__) console.error("[loupe]", e);
    }
  };
}
