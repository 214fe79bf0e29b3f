/** @jsxImportSource hono/jsx */

import { PageLayout } from "./page-layout.js";
import type { CookieChoice, PreferenceChoice, PreferenceModel } from "./preference-model.js";
import type { ChoiceState } from "./record-preferences.js";

/** What the preference centre page shows. */
export interface PreferenceCentreView {
  model: PreferenceModel;
  /** The signed link token the forms send back. */
  token: string;
  /** The person's address, partly masked. */
  maskedEmail: string;
  state: Map<string, ChoiceState>;
  /** Cookie choices per purpose, or undefined when this browser and person have no consent ledger identity. */
  cookies: Map<string, "granted" | "denied" | "unset"> | undefined;
  saved?: "saved" | "objected" | "unchanged" | undefined;
  gpc: boolean;
}

const domId = (key: string) => key.replaceAll(/[^a-z0-9-]/g, "-");

function Consequences(props: { id: string; items: string[] }) {
  if (props.items.length === 0) return null;
  return (
    <div class="consequences" id={props.id}>
      If you say no:
      <ul>
        {props.items.map((t) => (
          <li>{t}</li>
        ))}
      </ul>
    </div>
  );
}

/** One yes/no choice as a pair of radio buttons; neither is selected while the person has not decided. */
function YesNo(props: { choice: PreferenceChoice; state: ChoiceState | undefined; yes: string; no: string }) {
  const { choice, state } = props;
  const id = domId(choice.key);
  return (
    <fieldset aria-describedby={`${id}-desc ${id}-cons`}>
      <legend>{choice.title}</legend>
      <p class="hint" id={`${id}-desc`}>
        {choice.description}
      </p>
      <label>
        <input type="radio" name={choice.key} value="yes" checked={state?.allowed === true} /> {props.yes}
      </label>
      <label>
        <input type="radio" name={choice.key} value="no" checked={state?.allowed === false} /> {props.no}
      </label>
      <Consequences id={`${id}-cons`} items={choice.consequences} />
    </fieldset>
  );
}

function CookieRow(props: { purpose: CookieChoice; state: "granted" | "denied" | "unset" }) {
  const { purpose } = props;
  const id = `cookie-${purpose.id}`;
  if (purpose.required)
    return (
      <fieldset aria-describedby={`${id}-desc`}>
        <legend>{purpose.title}</legend>
        <p class="hint" id={`${id}-desc`}>
          {purpose.description} Always on: the site cannot work without them.
        </p>
      </fieldset>
    );
  return (
    <fieldset aria-describedby={`${id}-desc ${id}-cons`}>
      <legend>{purpose.title}</legend>
      <p class="hint" id={`${id}-desc`}>
        {purpose.description}
      </p>
      <label>
        <input type="radio" name={`cookie:${purpose.id}`} value="yes" checked={props.state === "granted"} />{" "}
        Allow
      </label>
      <label>
        <input type="radio" name={`cookie:${purpose.id}`} value="no" checked={props.state === "denied"} />{" "}
        Refuse
      </label>
      <Consequences id={`${id}-cons`} items={purpose.consequences} />
    </fieldset>
  );
}

const SAVED_TEXT = {
  saved:
    "Your choices were saved. They take effect now; marketing already on its way may take up to two days to stop.",
  objected:
    "Your objection to direct marketing was recorded: every marketing channel, topic and marketing profiling is now off.",
  unchanged: "Nothing changed: your choices were already as you saved them.",
};

/**
 * The preference centre: marketing per channel and topic, marketing profiling, Do Not Sell or Share, Limit
 * Use of Sensitive PI and cookie choices, each with the data map's consequences of declining; a separate
 * one-step objection to direct marketing. Plain forms, no script.
 *
 * @example
 * return c.html(preferenceCentrePage({ model, token, maskedEmail: "a••@example.com", state, cookies, gpc: false }));
 */
export function preferenceCentrePage(view: PreferenceCentreView) {
  const { model, state } = view;
  return (
    <PageLayout title="Your privacy choices" organization={model.organization}>
      <h1>Your privacy choices</h1>
      <p>
        Choices of <strong>{view.maskedEmail}</strong> at {model.organization}. Change any of them at any
        time; each change is recorded with a receipt.
      </p>
      {view.saved && (
        <p class="status" role="status">
          {SAVED_TEXT[view.saved]}
        </p>
      )}
      {view.gpc && (
        <p class="status" role="status">
          Opt-Out Request Honored: your browser sends Global Privacy Control, so your personal information is
          not sold or shared.
        </p>
      )}
      <form method="post" action="/preferences/manage">
        <input type="hidden" name="t" value={view.token} />
        <h2>Marketing channels</h2>
        <p class="hint">How {model.organization} may send you marketing.</p>
        {model.channels.map((c) => (
          <YesNo choice={c} state={state.get(c.key)} yes="Send me" no="Don't send" />
        ))}
        {model.topics.length > 0 && (
          <>
            <h2>Marketing topics</h2>
            <p class="hint">What the marketing may be about (from the purposes in our privacy notice).</p>
            {model.topics.map((t) => (
              <YesNo choice={t} state={state.get(t.key)} yes="Yes" no="No" />
            ))}
          </>
        )}
        <h2>Profiling, sale and sensitive information</h2>
        <YesNo choice={model.profiling} state={state.get(model.profiling.key)} yes="Allow" no="Don't allow" />
        <YesNo
          choice={model.saleShare}
          state={state.get(model.saleShare.key)}
          yes="Allow sale and sharing"
          no="Do not sell or share"
        />
        <YesNo
          choice={model.sensitive}
          state={state.get(model.sensitive.key)}
          yes="Don't limit"
          no="Limit the use"
        />
        <h2>Cookies</h2>
        {view.cookies ? (
          model.cookies.map((p) => <CookieRow purpose={p} state={view.cookies?.get(p.id) ?? "unset"} />)
        ) : (
          <p class="hint">
            Cookie choices belong to a browser: open this page from the shop while signed in, or choose in the
            cookie banner of the browser you shop with.
          </p>
        )}
        <p>
          <button type="submit">Save my choices</button>
        </p>
      </form>
      <h2>Object to direct marketing</h2>
      <form method="post" action="/preferences/object">
        <input type="hidden" name="t" value={view.token} />
        <p class="hint" id="object-desc">
          One step that stops all marketing to you: every channel (
          {model.channels.map((c) => c.title).join(", ")}
          ), every topic and profiling for marketing. You can turn single channels back on later.
        </p>
        <button type="submit" class="secondary" aria-describedby="object-desc">
          Object to all direct marketing
        </button>
      </form>
    </PageLayout>
  );
}

/**
 * An address with most of its local part hidden, for pages that confirm whose choices they show.
 *
 * @example
 * maskEmail("ada.lovelace@example.com"); // "ad••••••••••@example.com"
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at <= 0) return "••••";
  const local = email.slice(0, at);
  const keep = local.length > 3 ? 2 : 1;
  return `${local.slice(0, keep)}${"•".repeat(Math.min(local.length - keep, 10))}${email.slice(at)}`;
}
