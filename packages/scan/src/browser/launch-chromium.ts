import { type Browser, chromium } from "playwright-core";

/** Debian's Chromium: the scanner never downloads a browser of its own. */
export const DEFAULT_CHROMIUM_PATH = "/usr/bin/chromium";

/** Flags every scan launches Chromium with: headless on a server, no background traffic of its own. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
] as const;

/** How to start the browser. */
export interface LaunchOptions {
  /** Path of a Chromium or Chrome binary; default `LOUPE_CHROMIUM` from the environment, then `/usr/bin/chromium`. */
  chromiumPath?: string;
  /** Further command-line flags, e.g. `--host-resolver-rules=MAP *.test 127.0.0.1`. */
  args?: string[];
}

/**
 * Launches headless Chromium through `playwright-core` with Loupe's flags. The caller closes it.
 *
 * @example
 * const browser = await launchChromium({ args: ["--host-resolver-rules=MAP tracker.test 127.0.0.1"] });
 * try { … } finally { await browser.close(); }
 */
export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: options.chromiumPath ?? process.env.LOUPE_CHROMIUM ?? DEFAULT_CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
  });
}
