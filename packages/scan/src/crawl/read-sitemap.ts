import { Parser } from "htmlparser2";

/** The page URLs and nested sitemaps a sitemap lists. */
export interface Sitemap {
  pages: string[];
  sitemaps: string[];
}

/**
 * Reads a sitemap (`<urlset>`) or sitemap index (`<sitemapindex>`) and returns the `<loc>` URLs of each,
 * in document order. Tolerant: anything that is not a sitemap gives empty lists.
 *
 * @example
 * readSitemap("<urlset><url><loc>https://shop.example/rings</loc></url></urlset>");
 * // { pages: ["https://shop.example/rings"], sitemaps: [] }
 */
export function readSitemap(xml: string): Sitemap {
  const out: Sitemap = { pages: [], sitemaps: [] };
  const stack: string[] = [];
  let text = "";
  const parser = new Parser(
    {
      onopentag(name) {
        stack.push(localName(name));
        text = "";
      },
      ontext(t) {
        text += t;
      },
      onclosetag(name) {
        const tag = localName(name);
        if (tag === "loc") {
          const loc = text.trim();
          const parent = stack[stack.length - 2];
          if (loc && parent === "url") out.pages.push(loc);
          else if (loc && parent === "sitemap") out.sitemaps.push(loc);
        }
        stack.pop();
        text = "";
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(xml);
  parser.end();
  return out;
}

function localName(name: string): string {
  const i = name.indexOf(":");
  return (i >= 0 ? name.slice(i + 1) : name).toLowerCase();
}
