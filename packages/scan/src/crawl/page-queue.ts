/** Extensions of links that are files, not pages. */
const NOT_PAGES =
  /\.(pdf|zip|gz|tgz|rar|7z|jpe?g|png|gif|webp|avif|svg|ico|bmp|tiff?|mp[34]|m4a|mov|avi|webm|ogg|wav|woff2?|ttf|otf|eot|css|js|mjs|json|xml|txt|csv|xlsx?|docx?|pptx?|dmg|exe|apk)$/i;

/**
 * The pages still to scan: same-origin URLs only, without fragments, each once, up to a limit.
 *
 * @example
 * const q = new PageQueue("https://shop.example/", 10);
 * q.add("https://shop.example/rings#top"); // true
 * q.add("https://other.example/"); // false
 * q.next(); // "https://shop.example/"
 */
export class PageQueue {
  readonly origin: string;
  readonly limit: number;
  readonly #seen = new Set<string>();
  readonly #waiting: string[] = [];
  #taken = 0;

  constructor(start: string, limit: number) {
    const url = new URL(start);
    this.origin = url.origin;
    this.limit = limit;
    this.add(url.href);
  }

  /** Adds a URL if it is a page of the site not seen yet and the limit is not reached; says whether it was. */
  add(href: string): boolean {
    const url = normalise(href, this.origin);
    if (!url || this.#seen.has(url) || this.#seen.size >= this.limit) return false;
    this.#seen.add(url);
    this.#waiting.push(url);
    return true;
  }

  /** The next page to scan, or `undefined` when none is waiting. */
  next(): string | undefined {
    const url = this.#waiting.shift();
    if (url) this.#taken++;
    return url;
  }

  /** Whether the limit of pages is reached. */
  get full(): boolean {
    return this.#seen.size >= this.limit;
  }

  /** How many pages were handed out by {@link next}. */
  get taken(): number {
    return this.#taken;
  }

  /** How many pages were accepted so far (scanned, being scanned or waiting). */
  get size(): number {
    return this.#seen.size;
  }
}

function normalise(href: string, origin: string): string | undefined {
  let url: URL;
  try {
    url = new URL(href, origin);
  } catch {
    return undefined;
  }
  if (url.origin !== origin || (url.protocol !== "http:" && url.protocol !== "https:")) return undefined;
  if (NOT_PAGES.test(url.pathname)) return undefined;
  url.hash = "";
  return url.href;
}
