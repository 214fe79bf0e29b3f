import type { ScanProgress } from "../scan-site.js";

/** Where progress goes: a stream such as `process.stderr`. */
export interface ProgressStream {
  write(s: string): unknown;
  isTTY?: boolean;
}

/**
 * A progress printer for {@link scanSite}'s `onProgress`: on a terminal one line that rewrites itself
 * (`page 3/10 · https://shop.example/rings`), elsewhere one line per page; silent when `quiet` (e.g. when
 * the report goes to standard output as JSON).
 *
 * @example
 * await scanSite({ url, map, taxonomy, onProgress: terminalProgress(process.stderr, { quiet: format === "json" }) });
 */
export function terminalProgress(
  stream: ProgressStream,
  options: { quiet?: boolean } = {},
): (e: ScanProgress) => void {
  if (options.quiet) return () => {};
  const tty = stream.isTTY === true;
  let limit = Number.POSITIVE_INFINITY;
  let shown = false;
  const line = (s: string) => {
    if (tty) {
      stream.write(`\r\x1b[2K${s.length > 118 ? `${s.slice(0, 117)}…` : s}`);
      shown = true;
    } else stream.write(`${s}\n`);
  };
  return (e) => {
    switch (e.type) {
      case "start":
        limit = e.limit;
        line(`scanning ${e.url} (up to ${e.limit} pages × ${e.scenarios} scenarios)`);
        break;
      case "sitemap":
        line(`sitemap: ${e.found} pages`);
        break;
      case "page-done":
        line(
          `page ${e.done}/${Math.min(limit, Math.max(e.known, e.done))} · ${e.url} · ${(e.durationMs / 1000).toFixed(1)} s`,
        );
        break;
      case "done":
        if (tty && shown) stream.write("\r\x1b[2K");
        stream.write(
          `scanned ${e.pages} ${e.pages === 1 ? "page" : "pages"} in ${(e.durationMs / 1000).toFixed(1)} s: ${e.findings} ${e.findings === 1 ? "finding" : "findings"}\n`,
        );
        break;
      default:
        break;
    }
  };
}
