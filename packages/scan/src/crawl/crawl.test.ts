import { describe, expect, it } from "vitest";
import { PageQueue } from "./page-queue.js";
import { readSitemap } from "./read-sitemap.js";

describe("readSitemap", () => {
  it("reads the pages of a urlset", () => {
    const xml = `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <url><loc> https://shop.example/rings </loc><lastmod>2026-01-01</lastmod></url>
      <url><loc>https://shop.example/search?q=a&amp;b=c</loc></url></urlset>`;
    expect(readSitemap(xml)).toEqual({
      pages: ["https://shop.example/rings", "https://shop.example/search?q=a&b=c"],
      sitemaps: [],
    });
  });

  it("reads the sitemaps of an index, with prefixed tags", () => {
    const xml = `<sm:sitemapindex xmlns:sm="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sm:sitemap><sm:loc>https://shop.example/sitemap-products.xml</sm:loc></sm:sitemap></sm:sitemapindex>`;
    expect(readSitemap(xml)).toEqual({ pages: [], sitemaps: ["https://shop.example/sitemap-products.xml"] });
  });

  it("gives nothing for what is not a sitemap", () => {
    expect(readSitemap("<html><body><loc>x</loc></body></html>")).toEqual({ pages: [], sitemaps: [] });
    expect(readSitemap("not xml at all <<<")).toEqual({ pages: [], sitemaps: [] });
  });
});

describe("PageQueue", () => {
  it("keeps same-origin pages once, without fragments, up to the limit", () => {
    const q = new PageQueue("https://shop.example/", 4);
    expect(q.add("/rings#top")).toBe(true);
    expect(q.add("https://shop.example/rings")).toBe(false);
    expect(q.add("https://other.example/")).toBe(false);
    expect(q.add("http://shop.example/http")).toBe(false);
    expect(q.add("/catalogue.pdf")).toBe(false);
    expect(q.add("mailto:care@shop.example")).toBe(false);
    expect(q.add("/earrings?colour=gold")).toBe(true);
    expect(q.add("/bracelets")).toBe(true);
    expect(q.full).toBe(true);
    expect(q.add("/necklaces")).toBe(false);
    expect([q.next(), q.next(), q.next(), q.next(), q.next()]).toEqual([
      "https://shop.example/",
      "https://shop.example/rings",
      "https://shop.example/earrings?colour=gold",
      "https://shop.example/bracelets",
      undefined,
    ]);
    expect([q.taken, q.size]).toEqual([4, 4]);
  });
});
