/** @jsxImportSource hono/jsx */
import type { Child } from "hono/jsx";

const STYLE = `:root{color-scheme:light}body{font:16px/1.55 system-ui,sans-serif;margin:0;color:#1b1b1b;background:#fff}
main{max-width:46rem;margin:0 auto;padding:1.5rem}h1{font-size:1.6rem;margin:.5rem 0 1rem}h2{font-size:1.25rem;margin:2rem 0 .5rem}
fieldset{border:1px solid #8a8a8a;border-radius:6px;margin:1rem 0;padding:.75rem 1rem}legend{font-weight:600;padding:0 .25rem}
label{display:inline-flex;gap:.4rem;align-items:center;margin:.25rem 1.25rem .25rem 0;cursor:pointer}
input[type=radio],input[type=checkbox]{width:1.15rem;height:1.15rem;accent-color:#1d4ed8}
input[type=email],input[type=text]{font:inherit;padding:.45rem .6rem;border:1px solid #595959;border-radius:4px;min-width:18rem}
button{font:inherit;padding:.55rem 1.1rem;border-radius:6px;border:2px solid #1d4ed8;background:#1d4ed8;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#1d4ed8}
:focus-visible{outline:3px solid #b45309;outline-offset:2px}.hint{color:#3f3f3f;font-size:.95rem;margin:.25rem 0}
.consequences{font-size:.95rem;color:#3f3f3f;margin:.25rem 0 0}.consequences ul{margin:.25rem 0;padding-left:1.25rem}
.status{border-left:4px solid #15803d;background:#f0fdf4;padding:.6rem .9rem;margin:1rem 0}
.error{border-left:4px solid #b91c1c;background:#fef2f2;padding:.6rem .9rem;margin:1rem 0}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}`;

/**
 * The frame of every preference page: language, title, viewport, a skip link, one `main` landmark, and
 * styles with visible focus and AA contrast. No script: every page works without JavaScript.
 *
 * @example
 * return c.html(<PageLayout title="Your privacy choices" organization="Aurora">…</PageLayout>);
 */
export function PageLayout(props: { title: string; organization: string; children?: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <meta name="robots" content="noindex" />
        <title>
          {props.title} — {props.organization}
        </title>
        <style>{STYLE}</style>
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <main id="main">{props.children}</main>
      </body>
    </html>
  );
}

/**
 * A short page that states an outcome or a problem, e.g. an expired link.
 *
 * @example
 * return c.html(<MessagePage organization="Aurora" title="This link has expired" message="Request a new one." />, 401);
 */
export function MessagePage(props: {
  organization: string;
  title: string;
  message: string;
  kind?: "status" | "error";
  link?: { href: string; text: string };
}) {
  return (
    <PageLayout title={props.title} organization={props.organization}>
      <h1>{props.title}</h1>
      <p class={props.kind ?? "status"} role={props.kind === "error" ? "alert" : "status"}>
        {props.message}
      </p>
      {props.link && (
        <p>
          <a href={props.link.href}>{props.link.text}</a>
        </p>
      )}
    </PageLayout>
  );
}
