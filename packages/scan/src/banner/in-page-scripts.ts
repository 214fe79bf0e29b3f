/**
 * Code the scanner runs inside the scanned page. Kept as plain JavaScript source so that nothing a
 * TypeScript build adds (helpers, renamed functions) reaches the page.
 */

/**
 * `(el) => metrics`: size, font and colours of a button, with the WCAG contrast of its text against its
 * fill and of its fill against what surrounds it (1 when it has no fill of its own).
 */
export const MEASURE_BUTTON = `(el) => {
  const parse = (c) => {
    const m = /rgba?\\(([^)]+)\\)/.exec(c || "");
    if (!m) return null;
    const p = m[1].split(/[\\s,/]+/).filter(Boolean).map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  const up = (e) => e.parentElement || (e.getRootNode && e.getRootNode().host) || null;
  const white = { r: 255, g: 255, b: 255, a: 1 };
  const bgOf = (start) => {
    for (let e = start; e; e = up(e)) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0.5) return c;
    }
    return white;
  };
  const lin = (v) => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4); };
  const lum = (c) => 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
  const contrast = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const cs = getComputedStyle(el);
  const own = parse(cs.backgroundColor);
  const image = cs.backgroundImage && cs.backgroundImage !== "none";
  const filled = (own && own.a > 0.5) || image;
  const around = bgOf(up(el));
  const fill = own && own.a > 0.5 ? own : around;
  const text = parse(cs.color) || { r: 0, g: 0, b: 0, a: 1 };
  const r = el.getBoundingClientRect();
  const round = (n) => Math.round(n * 100) / 100;
  return {
    width: round(r.width),
    height: round(r.height),
    fontSizePx: round(parseFloat(cs.fontSize) || 0),
    fontWeight: Number(cs.fontWeight) || 400,
    color: cs.color,
    background: filled ? (image && !(own && own.a > 0.5) ? cs.backgroundImage.slice(0, 60) : cs.backgroundColor) : "transparent",
    textContrast: round(contrast(text, fill)),
    fillContrast: filled ? (own && own.a > 0.5 ? round(contrast(own, around)) : 2) : 1,
  };
}`;

/**
 * `(args) => found[]`: visible banner buttons of this document and its open shadow roots. `args.table`
 * lists `{ kind, role, sel }` CSS rules, `args.texts` `{ role, source, flags }` name patterns tried on
 * `args.clickable` elements that sit in something that looks like a banner. Each result carries the
 * button's metrics ({@link MEASURE_BUTTON}) and the element (`el`), which the caller takes as a handle.
 */
export const DETECT_BUTTONS = `(args) => {
  const measure = (${MEASURE_BUTTON});
  const roots = [document];
  for (let i = 0; i < roots.length; i++) {
    for (const el of roots[i].querySelectorAll("*")) if (el.shadowRoot) roots.push(el.shadowRoot);
  }
  const up = (e) => e.parentElement || (e.getRootNode && e.getRootNode().host) || null;
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) return false;
    if (el.checkVisibility && !el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return false;
    return true;
  };
  const labelOf = (el) =>
    (el.getAttribute("aria-label") || el.innerText || el.value || el.textContent || "").replace(/\\s+/g, " ").trim().slice(0, 80);
  const bannerish = /cookie|consent|gdpr|privacy|banner|cmp|notice|tracking/i;
  const inBanner = (el) => {
    for (let e = up(el), n = 0; e && n < 25; e = up(e), n++) {
      const role = e.getAttribute && e.getAttribute("role");
      if (role === "dialog" || role === "alertdialog") return true;
      const tag = (e.id || "") + " " + (typeof e.className === "string" ? e.className : "") + " " + ((e.getAttribute && e.getAttribute("aria-label")) || "");
      if (bannerish.test(tag)) return true;
      const pos = getComputedStyle(e).position;
      if (pos === "fixed" || pos === "sticky") return true;
    }
    return false;
  };
  const found = [];
  const seen = new Set();
  for (const rule of args.table) {
    for (const root of roots) {
      for (const el of root.querySelectorAll(rule.sel)) {
        if (seen.has(el) || !visible(el)) continue;
        seen.add(el);
        found.push({ role: rule.role, kind: rule.kind, label: labelOf(el), metrics: measure(el), el });
      }
    }
  }
  const res = args.texts.map((t) => ({ role: t.role, re: new RegExp(t.source, t.flags) }));
  for (const root of roots) {
    for (const el of root.querySelectorAll(args.clickable)) {
      if (seen.has(el) || !visible(el)) continue;
      const label = labelOf(el);
      const hit = res.find((t) => t.re.test(label));
      if (!hit || !inBanner(el)) continue;
      seen.add(el);
      found.push({ role: hit.role, kind: "generic", label, metrics: measure(el), el });
    }
  }
  return found;
}`;

/** `() => string[]`: keys of `localStorage` or `sessionStorage` (argument `"local"` or `"session"`). */
export const STORAGE_KEYS = `(area) => {
  try {
    const s = area === "local" ? window.localStorage : window.sessionStorage;
    const keys = [];
    for (let i = 0; i < s.length; i++) keys.push(s.key(i));
    return keys;
  } catch (e) {
    return [];
  }
}`;

/** `(args) => { purposes, src }[]`: gated scripts that were activated (no longer `type="text/plain"`). */
export const ACTIVE_GATED_SCRIPTS = `(args) => {
  const out = [];
  for (const s of document.querySelectorAll(args.selector)) {
    const type = (s.getAttribute("type") || "").trim().toLowerCase();
    if (type === "text/plain") continue;
    const purposes = (s.getAttribute(args.attribute) || "").split(/\\s+/).filter(Boolean);
    const src = s.getAttribute("src");
    let clean;
    if (src) { try { const u = new URL(src, location.href); clean = u.origin + u.pathname; } catch (e) { clean = undefined; } }
    out.push(clean ? { purposes, src: clean } : { purposes });
  }
  return out;
}`;

/** `() => string[]`: absolute URLs of the links of the page (`a[href]`, `area[href]`). */
export const PAGE_LINKS = `() => Array.from(document.querySelectorAll("a[href], area[href]"), (a) => a.href).filter(Boolean)`;

/** Script that makes `navigator.globalPrivacyControl` true before any page script runs. */
export const GPC_INIT_SCRIPT = `Object.defineProperty(Navigator.prototype, "globalPrivacyControl", { get: () => true, configurable: true });`;
