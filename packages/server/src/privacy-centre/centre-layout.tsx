/** @jsxImportSource hono/jsx */
import type { Child } from "hono/jsx";
import type { Language } from "../requests/denial-templates.js";
import { centreText } from "./centre-text.js";

const STYLE = `:root{color-scheme:light}body{font:16px/1.55 system-ui,sans-serif;margin:0;color:#1b1b1b;background:#fff}
header,main,footer{max-width:48rem;margin:0 auto;padding:1rem 1.5rem}header{display:flex;justify-content:space-between;align-items:center;border-bottom:1px solid #d4d4d4}
h1{font-size:1.6rem;margin:.5rem 0 1rem}h2{font-size:1.25rem;margin:2rem 0 .5rem}a{color:#1d4ed8}
fieldset{border:1px solid #8a8a8a;border-radius:6px;margin:1rem 0;padding:.75rem 1rem}legend{font-weight:600;padding:0 .25rem}
.field{margin:1rem 0}.field label{display:block;font-weight:600;margin-bottom:.25rem}
.choice{display:flex;gap:.5rem;align-items:flex-start;margin:.35rem 0}.choice label{font-weight:400}
input[type=radio],input[type=checkbox]{width:1.15rem;height:1.15rem;margin-top:.2rem;accent-color:#1d4ed8}
input[type=email],input[type=text],input[type=file],select,textarea{font:inherit;padding:.45rem .6rem;border:1px solid #595959;border-radius:4px;width:100%;max-width:28rem;box-sizing:border-box}
textarea{min-height:5rem}button{font:inherit;padding:.55rem 1.1rem;border-radius:6px;border:2px solid #1d4ed8;background:#1d4ed8;color:#fff;cursor:pointer}
:focus-visible{outline:3px solid #b45309;outline-offset:2px}.hint{color:#3f3f3f;font-size:.95rem;margin:.15rem 0 .35rem}
.field-error{color:#b91c1c;font-weight:600;margin:.15rem 0}.status{border-left:4px solid #15803d;background:#f0fdf4;padding:.6rem .9rem;margin:1rem 0}
.error{border-left:4px solid #b91c1c;background:#fef2f2;padding:.6rem .9rem;margin:1rem 0}.warn{border-left:4px solid #b45309;background:#fffbeb;padding:.6rem .9rem;margin:1rem 0}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}
.added{background:#ecfdf5;border-left:4px solid #15803d;padding:.25rem .6rem}.removed{background:#fef2f2;border-left:4px solid #b91c1c;padding:.25rem .6rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:600}dd{margin:0}
ul.rights{padding-left:1.2rem}ul.rights li{margin:.5rem 0}`;

/**
 * The frame of every privacy-centre page: its language, a skip link, a header with the centre's name and a
 * language switch, one `main` landmark, and styles with visible focus and AA contrast. No script at all.
 *
 * @example
 * return c.html(<CentreLayout lang="en" title="Privacy centre" organization="Aurora" path="/privacy-centre">…</CentreLayout>);
 */
export function CentreLayout(props: {
  lang: Language;
  title: string;
  organization: string;
  path: string;
  children?: Child;
}) {
  const t = centreText(props.lang);
  const other = t.languageHref;
  const sep = props.path.includes("?") ? "&" : "?";
  return (
    <html lang={props.lang}>
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
          {t.skip}
        </a>
        <header>
          <a href={`/privacy-centre?lang=${props.lang}`}>
            {props.organization} — {t.centre}
          </a>
          <a
            href={`${props.path.replace(/([?&])lang=\w+&?/, "$1").replace(/[?&]$/, "")}${sep}lang=${other}`}
            lang={other}
            hreflang={other}
          >
            {t.language}
          </a>
        </header>
        <main id="main">{props.children}</main>
      </body>
    </html>
  );
}

/**
 * The list of a form's problems at its top, each linking to its field (focusable, announced).
 *
 * @example
 * <ErrorSummary lang="en" errors={{ email: "email" }} />
 */
export function ErrorSummary(props: { lang: Language; errors: Record<string, string> }) {
  const t = centreText(props.lang);
  const entries = Object.entries(props.errors);
  if (!entries.length) return null;
  return (
    <div class="error" role="alert" tabindex={-1} id="error-summary">
      <h2>{t.errorsTitle}</h2>
      <ul>
        {entries.map(([field, key]) => (
          <li>
            <a href={`#f-${field}`}>{t.errors[key] ?? key}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * A labelled text input with its hint and error, tied together with `aria-describedby`.
 *
 * @example
 * <TextField name="email" type="email" label="Your e-mail address" value="" autocomplete="email" required />
 */
export function TextField(props: {
  name: string;
  label: string;
  value?: string | undefined;
  type?: "text" | "email";
  hint?: string | undefined;
  error?: string | undefined;
  required?: boolean;
  autocomplete?: string;
  multiline?: boolean;
}) {
  const id = `f-${props.name}`;
  const described =
    [props.hint ? `${id}-hint` : "", props.error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p class="field-error" id={`${id}-error`}>
          {props.error}
        </p>
      )}
      {props.multiline ? (
        <textarea
          id={id}
          name={props.name}
          aria-describedby={described}
          aria-invalid={props.error ? "true" : undefined}
          maxlength={2000}
        >
          {props.value ?? ""}
        </textarea>
      ) : (
        <input
          id={id}
          name={props.name}
          type={props.type ?? "text"}
          value={props.value ?? ""}
          required={props.required}
          autocomplete={props.autocomplete}
          aria-describedby={described}
          aria-invalid={props.error ? "true" : undefined}
          maxlength={props.type === "email" ? 254 : 500}
        />
      )}
    </div>
  );
}

/**
 * A group of radio buttons or checkboxes in a fieldset with a legend.
 *
 * @example
 * <Choices name="choice" legend="Which copy?" options={[["copy", "A copy"], ["portable", "Portable"]]} value="copy" />
 */
export function Choices(props: {
  name: string;
  legend: string;
  options: [string, string][];
  value?: string | undefined;
  error?: string | undefined;
  type?: "radio" | "checkbox";
}) {
  const type = props.type ?? "radio";
  return (
    <fieldset aria-describedby={props.error ? `f-${props.name}-error` : undefined}>
      <legend>{props.legend}</legend>
      {props.error && (
        <p class="field-error" id={`f-${props.name}-error`}>
          {props.error}
        </p>
      )}
      {props.options.map(([value, label], i) => {
        const id = i === 0 ? `f-${props.name}` : `f-${props.name}-${value}`;
        const name = type === "checkbox" ? value : props.name;
        return (
          <div class="choice">
            <input
              type={type}
              id={id}
              name={name}
              value={type === "checkbox" ? "yes" : value}
              checked={type === "checkbox" ? props.value?.split(",").includes(value) : props.value === value}
            />
            <label for={id}>{label}</label>
          </div>
        );
      })}
    </fieldset>
  );
}
