/**
 * Deletes cookies by name in every variant a page can reach: host-only and for each parent domain, on `/`
 * and on every prefix of the current path. A name ending in `*` matches every cookie that starts with it
 * (`_ga_*`). Storage entries of the same names are removed too.
 *
 * @example
 * clearCookies(["_ga", "_ga_*"]); // on shop.example.com/rings/gold: _ga for .example.com, /rings, …
 */
export function clearCookies(names: string[]): void {
  const d = document;
  const host = location.hostname;
  const domains = [""];
  const labels = host.split(".");
  for (let i = 0; i < labels.length - 1; i++)
    domains.push(labels.slice(i).join("."), `.${labels.slice(i).join(".")}`);
  const paths = ["/"];
  let p = "";
  for (const seg of location.pathname.split("/").filter(Boolean)) {
    p += `/${seg}`;
    paths.push(p, `${p}/`);
  }
  const present = d.cookie.split(/; */).map((c) => c.split("=")[0] as string);
  for (const name of names) {
    const all = name.endsWith("*") ? present.filter((c) => c.startsWith(name.slice(0, -1))) : [name];
    for (const n of all) {
      for (const dm of domains) {
        for (const pt of paths) {
          // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is not in every browser the SDK supports
          d.cookie = `${n}=;max-age=0;path=${pt}${dm && `;domain=${dm}`}`;
        }
      }
      try {
        localStorage.removeItem(n);
        sessionStorage.removeItem(n);
      } catch {}
    }
  }
}
