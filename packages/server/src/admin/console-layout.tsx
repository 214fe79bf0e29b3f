/** @jsxImportSource hono/jsx */
import type { Child } from "hono/jsx";
import { can, type Permission, type Role } from "./permissions.js";

const STYLE = `:root{color-scheme:light}*{box-sizing:border-box}body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1b1b1b;background:#fafafa}
header{background:#1e293b;color:#fff;padding:.5rem 1.25rem;display:flex;flex-wrap:wrap;gap:1rem;align-items:center;justify-content:space-between}
header a{color:#fff}.brand{font-weight:700;font-size:1.05rem}nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem}
nav a{display:inline-block;padding:.35rem .7rem;border-radius:4px;text-decoration:none}nav a[aria-current=page]{background:#fff;color:#1e293b;font-weight:600}
nav a:hover{text-decoration:underline}.who{display:flex;gap:.75rem;align-items:center;font-size:.9rem}
main{max-width:72rem;margin:0 auto;padding:1.25rem}h1{font-size:1.5rem;margin:.25rem 0 1rem}h2{font-size:1.15rem;margin:1.75rem 0 .5rem}
table{border-collapse:collapse;width:100%;background:#fff;font-size:.92rem}th,td{border:1px solid #d4d4d4;padding:.35rem .5rem;text-align:left;vertical-align:top}
thead th{background:#f1f5f9}code,.mono{font-family:ui-monospace,monospace;font-size:.85rem;word-break:break-all}
button{font:inherit;padding:.4rem .9rem;border-radius:5px;border:2px solid #1d4ed8;background:#1d4ed8;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#1d4ed8}header button{border-color:#fff;background:transparent;color:#fff;padding:.2rem .6rem}
input,select{font:inherit;padding:.35rem .5rem;border:1px solid #595959;border-radius:4px}label{font-weight:600}
.field{display:flex;flex-direction:column;gap:.2rem;margin:.5rem 0}.row{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-end}
:focus-visible{outline:3px solid #b45309;outline-offset:2px}.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(20rem,1fr));gap:1rem}
.card,.chart{background:#fff;border:1px solid #d4d4d4;border-radius:6px;padding:.75rem 1rem;margin:0 0 1rem}figcaption{font-weight:600;margin-bottom:.25rem}
.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:1rem;margin:.25rem 0}.swatch{display:inline-block;width:.9rem;height:.9rem;margin-right:.35rem;vertical-align:-2px;border:1px solid #1b1b1b}
.status{border-left:4px solid #15803d;background:#f0fdf4;padding:.6rem .9rem;margin:1rem 0}.error{border-left:4px solid #b91c1c;background:#fef2f2;padding:.6rem .9rem;margin:1rem 0}
.sev-error{color:#b91c1c;font-weight:600}.sev-warning{color:#92400e;font-weight:600}.sev-info{color:#1e40af}
.inline{display:inline-flex;gap:.4rem;align-items:center;margin:0}.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:.5rem;background:#fff;color:#1b1b1b;padding:.5rem;z-index:2}`;

/** The console's sections, in navigation order, with the permission each needs. */
export const SECTIONS: { href: string; label: string; permission: Permission }[] = [
  { href: "/admin", label: "Dashboard", permission: "dashboard.view" },
  { href: "/admin/data-map", label: "Data map", permission: "datamap.view" },
  { href: "/admin/outbox", label: "Outbox", permission: "outbox.view" },
  { href: "/admin/audit", label: "Audit log", permission: "audit.view" },
  { href: "/admin/users", label: "Users", permission: "users.manage" },
];

/** Who is signed in, for the page frame. */
export interface Viewer {
  email: string;
  role: Role;
  csrf: string;
}

/**
 * A bare HTML page of the console: language, title, viewport, skip link, styles with visible focus and AA
 * contrast. No script.
 *
 * @example
 * return c.html(<ConsolePage title="Sign in">…</ConsolePage>);
 */
export function ConsolePage(props: { title: string; header?: Child; children?: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <meta name="robots" content="noindex" />
        <title>{props.title} — Loupe console</title>
        <style>{STYLE}</style>
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        {props.header}
        <main id="main" tabindex={-1}>
          {props.children}
        </main>
      </body>
    </html>
  );
}

/**
 * The frame of every signed-in page: the navigation the role may use (the current section marked), the
 * account and a sign-out form carrying the session's CSRF token.
 *
 * @example
 * return c.html(<ConsoleLayout title="Dashboard" active="/admin" viewer={viewer}>…</ConsoleLayout>);
 */
export function ConsoleLayout(props: { title: string; active: string; viewer: Viewer; children?: Child }) {
  const { viewer } = props;
  const header = (
    <header>
      <span class="brand">Loupe console</span>
      <nav aria-label="Console">
        <ul>
          {SECTIONS.filter((s) => can(viewer.role, s.permission)).map((s) => (
            <li>
              <a href={s.href} aria-current={s.href === props.active ? "page" : undefined}>
                {s.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div class="who">
        <a href="/admin/account" aria-current={props.active === "/admin/account" ? "page" : undefined}>
          {viewer.email} ({viewer.role})
        </a>
        <form method="post" action="/admin/logout" class="inline">
          <CsrfField token={viewer.csrf} />
          <button type="submit">Sign out</button>
        </form>
      </div>
    </header>
  );
  return (
    <ConsolePage title={props.title} header={header}>
      <h1>{props.title}</h1>
      {props.children}
    </ConsolePage>
  );
}

/**
 * The hidden field that carries the per-session CSRF token in every console form.
 *
 * @example
 * <form method="post" action="/admin/audit/verify"><CsrfField token={viewer.csrf} />…</form>
 */
export function CsrfField(props: { token: string }) {
  return <input type="hidden" name="_csrf" value={props.token} />;
}

/**
 * A notice at the top of a page: `status` for an outcome, `error` for a problem (announced as an alert).
 *
 * @example
 * <Notice kind="error">The password is too short.</Notice>
 */
export function Notice(props: { kind: "status" | "error"; children?: Child }) {
  return (
    <p class={props.kind} role={props.kind === "error" ? "alert" : "status"}>
      {props.children}
    </p>
  );
}
